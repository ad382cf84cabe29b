"""Proposals to commend (biểu dương điển hình) or criticise units and people, as the plans ask, with evidence
from the activity log. Those who draft for a unit propose for it: its leader and editors, the province's Sở Nội vụ."""

from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from loa.activity.selectors import visible_activities
from loa.core.audit import stamp
from loa.core.errors import DomainError
from loa.core.xlsx import write_table
from loa.org.models import OrgUnit, User
from loa.org.scope import Actor, Perm, can, out_of_reach, require, restrict
from loa.org.tree import subtree_q

from .models import Commendation, CommendationKind


@transaction.atomic
def commendation_create(
    *,
    actor: Actor,
    year: int,
    kind: str,
    unit: OrgUnit,
    reason: str,
    person: str = "",
    activity_ids: Sequence[int] = (),
) -> Commendation:
    if not can(actor, Perm.VIEW, unit):
        raise out_of_reach()  # another unit's business looks missing, as everywhere
    require(actor, Perm.DRAFT, unit)
    this_year = timezone.localdate().year
    problems = []
    if kind not in CommendationKind.values:
        problems.append(_("loại đề xuất «%(v)s» không hợp lệ") % {"v": kind})
    if not 2000 <= year <= this_year:
        problems.append(_("năm %(y)s không hợp lệ") % {"y": year})
    reason = (reason or "").strip()
    if not reason:
        problems.append(_("chưa ghi thành tích hoặc hạn chế"))
    ids = sorted(set(activity_ids))
    found = list(visible_activities(actor).filter(subtree_q(unit, field="unit_path"), pk__in=ids, date__year=year))
    missing = sorted(set(ids) - {a.pk for a in found})
    if missing:
        problems.append(
            _("không có hoạt động mã %(ids)s của %(u)s trong năm %(y)s")
            % {"ids": ", ".join(map(str, missing)), "u": unit.name, "y": year}
        )
    if kind == CommendationKind.COMMEND and not ids:
        problems.append(_("đề xuất biểu dương cần ít nhất một hoạt động làm minh chứng"))
    if problems:
        raise DomainError(_("Chưa lưu đề xuất: %(p)s.") % {"p": "; ".join(problems)})
    item = Commendation(
        year=year,
        kind=kind,
        unit=unit,
        person=(person or "").strip()[:200],
        reason=reason[:4000],
        proposed_by=actor if isinstance(actor, User) else None,
        proposer_unit=getattr(actor, "unit", None),
    )
    stamp(item, actor=actor, reason="commendation.created")
    item.save()
    item.activities.set(found)
    return item


@transaction.atomic
def commendation_delete(*, actor: Actor, item: Commendation) -> None:
    require(actor, Perm.DRAFT, item.unit)
    stamp(item, actor=actor, reason="commendation.deleted")
    item.delete()


def commendation_list(*, actor: Actor, year: int) -> QuerySet[Commendation]:
    return (
        restrict(Commendation.objects.filter(year=year), actor, Perm.VIEW)
        .select_related("unit", "proposer_unit")
        .prefetch_related("activities")
    )


def commendations_xlsx(items: Sequence[Commendation], year: int) -> bytes:
    headers = [
        "Hình thức",
        "Đơn vị",
        "Cá nhân",
        "Thành tích, hạn chế",
        "Minh chứng (mã hoạt động: tiêu đề)",
        "Đơn vị đề xuất",
    ]
    rows: list[list[Any]] = [
        [
            item.get_kind_display(),
            item.unit.name,
            item.person,
            item.reason,
            "; ".join(f"{a.pk}: {a.title} ({a.date:%d/%m/%Y})" for a in item.activities.all()),
            item.proposer_unit.name if item.proposer_unit else "",
        ]
        for item in items
    ]
    return write_table(f"Biểu dương {year}", headers, rows)
