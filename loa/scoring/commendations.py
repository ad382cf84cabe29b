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
from loa.org.scope import Actor, Perm, can, out_of_reach, require, restrict, scope_prefix
from loa.org.selectors import current_q, reach_root
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


def proposable_units(actor: Actor) -> list[OrgUnit]:
    """Units the actor may propose for, as the form offers them: the top of its drafting reach and the current units
    right under it (a commune's editor: the commune and its sections; the Sở Nội vụ: the province, its bodies and
    communes; the administrator: the provinces)."""
    root = reach_root(actor, Perm.DRAFT)
    if root is None:
        everything = scope_prefix(actor, Perm.DRAFT) == ""
        return list(OrgUnit.objects.filter(current_q(), depth=0).order_by("name")) if everything else []
    return [root, *OrgUnit.objects.filter(current_q(), parent=root).order_by("unit_type", "name")]


def evidence_choices(*, actor: Actor, unit: OrgUnit, year: int, limit: int = 300) -> list[Any]:
    """The unit's activities of the year (its subtree's, newest first) that a proposal may cite as evidence."""
    return list(
        visible_activities(actor)
        .filter(subtree_q(unit, field="unit_path"), date__year=year)
        .order_by("-date", "-pk")
        .only("pk", "date", "title")[:limit]
    )


def suggestions(rows: list[Any]) -> list[Any]:
    """Whom the ranking suggests (rows best first): the three best and, in a ranking of more than six, the three
    weakest, among units that scored at all (a unit with no point has nothing to commend and is not judged by it)."""
    scored = [r for r in rows if r.score.final > 0]
    best = scored[:3]
    chosen = {id(r) for r in best}  # by identity: two rows with the same score are still two units
    weakest = [r for r in scored[-3:] if id(r) not in chosen] if len(rows) > 6 else []
    return best + weakest


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
