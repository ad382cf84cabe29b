"""Notices about plans: a plan issued (to the units it gives tasks or duties), an implementing draft made.

Called by the services inside their transaction; the notices go out after it commits
(`notify_on_commit`). Recipients are chosen by `loa.notify.recipients` through the scoping layer.
"""

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from loa.notify.recipients import officers
from loa.notify.services import notify_on_commit
from loa.org.models import OrgUnit, User
from loa.org.selectors import current_q
from loa.org.tree import subtree_q

from .assignment import group_units
from .models import Plan


def units_given_work(plan: Plan) -> list[OrgUnit]:
    """Units the plan gives a task (lead unit or lead group), a coordinating role or a duty to; issuer excluded."""
    tasks = list(plan.tasks.all())
    ids = {t.lead_unit_id for t in tasks if t.lead_unit_id}
    codes = {str(code) for t in tasks for code in (*t.coordinating, *t.co_leads)}
    codes |= {str(r.get("unit")) for r in plan.responsibilities if isinstance(r, dict) and r.get("unit")}
    for group in {t.lead_group for t in tasks if t.lead_group}:
        ids |= set(group_units(plan.issuer, group).values_list("pk", flat=True))
    units = OrgUnit.objects.filter(current_q(), subtree_q(plan.issuer)).exclude(pk=plan.issuer_id)
    found = units.filter(pk__in=ids) | units.filter(code__in=codes)
    return list(found.select_related("parent").order_by("path"))


def _officers_of(units: list[OrgUnit]) -> list[User]:
    return [user for unit in units for user in officers(unit)]


def plan_issued(plan: Plan) -> None:
    """Tell the editors and leaders of every unit given work by the plan (or its amendment)."""
    units = units_given_work(plan)
    if not units:
        return
    amended = plan.version > 1
    with translation.override("vi"):  # notices are stored in Vietnamese, whatever the actor's language
        title = (_("Kế hoạch được điều chỉnh: %(plan)s") if amended else _("Kế hoạch mới ban hành: %(plan)s")) % {
            "plan": plan.number_symbol
        }
        body = _("%(issuer)s ban hành %(ref)s «%(title)s», có nhiệm vụ giao cho đơn vị của bạn.") % {
            "issuer": plan.issuer.name,
            "ref": plan.reference,
            "title": plan.title,
        }
    notify_on_commit(
        lambda: _officers_of(units),
        key=f"plan:{plan.pk}:v{plan.version}:issued",
        title=title,
        body=body,
        url=reverse("plans:detail", args=[plan.pk]),
    )


def drafts_made(parent: Plan, drafts: list[Plan]) -> None:
    """Tell each unit that an implementing draft waits for it to finish and issue."""
    for draft in drafts:
        unit = draft.issuer
        with translation.override("vi"):
            title = _("Dự thảo kế hoạch triển khai cho %(unit)s") % {"unit": unit.name}
            body = _("Đã tạo dự thảo kế hoạch triển khai %(ref)s của %(issuer)s: hãy hoàn thiện và trình ban hành.") % {
                "ref": parent.reference,
                "issuer": parent.issuer.name,
            }
        notify_on_commit(
            lambda unit=unit: officers(unit),  # type: ignore[misc]
            key=f"plan:{draft.pk}:drafted",
            title=title,
            body=body,
            url=reverse("plans:edit", args=[draft.pk]),
        )
