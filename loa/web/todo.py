"""The to-do home ("Việc cần làm"): what each person must act on, each item linking to where it is done.

Read-only and composed from the selectors that own each figure (the reporting calendar, task progress,
completeness, plans, accounts), so the to-do never counts differently from the page it links to.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from loa.activity.progress import ProgressStatus, unit_open_tasks
from loa.column.catalog import NewsStatus
from loa.column.models import NewsItem
from loa.column.selectors import waiting as news_waiting
from loa.core.labels import period_label
from loa.core.periods import Period, standard_periods
from loa.dashboards.cache import SOURCES, data_mark
from loa.dashboards.cache import TIMEOUT as CACHE_TIMEOUT
from loa.feedback.catalog import FeedbackStatus
from loa.feedback.rules import rules_for
from loa.feedback.selectors import due_soon as feedback_due_soon
from loa.feedback.selectors import feedback_list
from loa.offline.models import SyncRecord
from loa.offline.selectors import open_records
from loa.org.catalog import Role
from loa.org.models import OrgUnit, User
from loa.org.scope import Actor, Perm, can, restrict, scope_prefix
from loa.org.selectors import units_without_staff
from loa.oversight.selectors import of_overseer as recommendations_of_overseer
from loa.oversight.selectors import to_answer as recommendations_to_answer
from loa.plans.catalog import PlanStatus
from loa.plans.models import Plan
from loa.reports.catalog import EDITABLE, ReportStatus
from loa.reports.completeness import board_period, completeness
from loa.reports.models import Report
from loa.reports.selectors import receivable_units, reports_awaiting_signature, unit_calendar

# How far ahead a deadline puts a report or a task on the list.
HORIZON_DAYS = 30


@dataclass
class TodoItem:
    text: str
    url: str
    tone: str = "info"  # "danger" (overdue, returned), "warn" (due soon), "info"
    due: date | None = None
    note: str = ""


# A section shows this many items; the rest are one link away (the page that lists them all).
SHOWN = 8


@dataclass
class TodoSection:
    key: str
    title: str
    more_url: str = ""  # where every item of the section is listed
    items: list[TodoItem] = field(default_factory=list)

    @property
    def shown(self) -> list[TodoItem]:
        return self.items[:SHOWN]

    @property
    def hidden(self) -> int:
        return max(0, len(self.items) - SHOWN)


@dataclass
class Todo:
    sections: list[TodoSection]

    @property
    def count(self) -> int:
        return sum(len(s.items) for s in self.sections)


def todo_for(actor: Any, *, today: date | None = None) -> Todo:
    """The actor's to-do list; sections that hold nothing are left out."""
    today = today or timezone.localdate()
    unit: OrgUnit | None = getattr(actor, "unit", None)
    sections: list[TodoSection] = []
    if unit is not None and can(actor, Perm.EDIT, unit):
        sections.append(_own_reports(actor, unit, today))
        sections.append(_own_tasks(unit, today))
        sections.append(_own_plan_drafts(actor, unit))
        sections.append(_own_feedback(unit, today))
        sections.append(_recommendations_to_answer(unit, today))
        sections.extend(_column_news(actor, unit))
        sections.append(_device_records(unit))
    if getattr(actor, "role", None) == Role.LEADER:
        sections.insert(0, _awaiting_signature(actor))
    if getattr(actor, "role", None) == Role.OVERSIGHT and unit is not None:
        sections.append(_own_recommendations(unit, today))
    if scope_prefix(actor, Perm.REVIEW) is not None:
        sections.extend(_coordination(actor, today))
        sections.append(_overdue_feedback(actor, unit, today))
    return Todo([s for s in sections if s.items])


# What a to-do reads: the dashboard's sources, the accounts (units without staff), the column's news items and the
# records devices sent that wait for a choice.
TODO_SOURCES = (*SOURCES, User, NewsItem, SyncRecord)


def todo_count(actor: Actor) -> int:
    """The menu's count, asked for on every page: kept in the cache under the day and the data's marks (any write
    makes a new key, as for the dashboard), so most pages cost one query of index-only lookups for it."""
    key = f"loa:todo:{getattr(actor, 'pk', '')}:{timezone.localdate().isoformat()}:{data_mark(TODO_SOURCES)}"
    count = cache.get(key)
    if count is None:
        count = todo_for(actor).count
        cache.set(key, count, CACHE_TIMEOUT)
    return int(count)


def _report_url(unit: OrgUnit, period: Period) -> str:
    return reverse("reports:detail", args=[unit.code, period.id])


def _own_reports(actor: Actor, unit: OrgUnit, today: date) -> TodoSection:
    section = TodoSection("reports", _("Báo cáo cần gửi"), reverse("reports:index"))
    # Last year's unsent reports stay on the list until this year's first report falls due (Quý I, in March): an
    # annual report overdue since December must not drop off the list on 1 February while it is still unsent.
    years = [today.year - 1, today.year] if today.month <= 3 else [today.year]
    for year in years:
        for row in unit_calendar(actor=actor, unit=unit, year=year):
            report = row.report
            if report is not None and report.status not in EDITABLE:
                continue
            url = _report_url(unit, row.period)
            deadline = row.terms.deadline
            if report is not None and report.status == ReportStatus.RETURNED:
                text = _("%(period)s: bị trả lại, cần sửa và gửi lại") % {"period": row.period.label}
                section.items.append(TodoItem(text, url, "danger", deadline, report.return_reason))
            elif row.overdue:
                text = _("%(period)s: quá hạn gửi") % {"period": row.period.label}
                section.items.append(TodoItem(text, url, "danger", deadline))
            elif row.due and today <= deadline <= today + timedelta(days=HORIZON_DAYS):
                text = _("%(period)s: đến hạn gửi") % {"period": row.period.label}
                section.items.append(TodoItem(text, url, "warn", deadline))
    section.items.sort(key=lambda i: (i.tone != "danger", i.due or date.max))
    return section


def _own_tasks(unit: OrgUnit, today: date) -> TodoSection:
    section = TodoSection("tasks", _("Nhiệm vụ đến hạn hoặc quá hạn"), reverse("activity:tasks"))
    horizon = today + timedelta(days=HORIZON_DAYS)
    for row in unit_open_tasks(unit, today=today):
        deadline = row.task.deadline
        overdue = row.status == ProgressStatus.OVERDUE
        if not overdue and (deadline is None or deadline > horizon):
            continue
        url = reverse("activity:tasks")
        note = _("Đạt %(percent)s%%") % {"percent": row.percent}
        section.items.append(TodoItem(row.task.title, url, "danger" if overdue else "warn", deadline, note))
    return section


def _own_feedback(unit: OrgUnit, today: date) -> TodoSection:
    """Citizens' feedback the unit must answer: overdue, due within the province's reminder days, or waiting past
    the deadline to be taken on or passed on."""
    more = f"{reverse('feedback:list')}?unit={unit.code}"
    section = TodoSection("feedback", _("Phản ánh, kiến nghị cần trả lời"), more)
    days = rules_for(unit).remind_days
    for item in feedback_due_soon(units=[unit], today=today, days=days)[:50]:
        overdue = item.answer_by < today
        if overdue:
            note = _("Quá hạn")
        elif item.status == FeedbackStatus.RECEIVED and item.forward_by < today:
            note = _("Quá hạn nhận xử lý hoặc chuyển đơn vị có thẩm quyền")
        else:
            note = _("Sắp đến hạn")
        url = reverse("feedback:detail", args=[item.pk])
        tone = "danger" if overdue or (item.forward_by < today and item.status == FeedbackStatus.RECEIVED) else "warn"
        section.items.append(TodoItem(f"{item.code} · {item.subject}", url, tone, item.answer_by, note))
    return section


def _overdue_feedback(actor: Actor, unit: OrgUnit | None, today: date) -> TodoSection:
    """For the Sở Nội vụ: the province's feedback past its deadline waiting at other units (its own is above)."""
    section = TodoSection(
        "feedback_overdue", _("Phản ánh, kiến nghị quá hạn trong tỉnh"), reverse("feedback:list") + "?overdue=1"
    )
    found = feedback_list(actor=actor, unit=None, overdue=True, today=today)
    if unit is not None:
        found = found.exclude(unit=unit)
    for item in found.order_by("answer_by", "pk")[:50]:
        url = reverse("feedback:detail", args=[item.pk])
        section.items.append(TodoItem(f"{item.code} · {item.subject}", url, "danger", item.answer_by, item.unit.name))
    return section


def _recommendations_to_answer(unit: OrgUnit, today: date) -> TodoSection:
    """The Fatherland Front's recommendations the unit must answer, most urgent first."""
    section = TodoSection("oversight", _("Kiến nghị giám sát cần trả lời"), reverse("oversight:list"))
    for item in recommendations_to_answer(unit)[:50]:
        overdue = item.due_on < today
        url = reverse("oversight:detail", args=[item.pk])
        tone = "danger" if overdue else "warn" if item.due_on <= today + timedelta(days=7) else "info"
        section.items.append(TodoItem(item.subject, url, tone, item.due_on, item.by_unit.name))
    return section


def _own_recommendations(unit: OrgUnit, today: date) -> TodoSection:
    """An oversight body's recommendations waiting past their deadline, and those answered lately (to read)."""
    section = TodoSection("oversight_sent", _("Kiến nghị giám sát đã gửi"), reverse("oversight:list"))
    for item in recommendations_of_overseer(unit, today)[:50]:
        url = reverse("oversight:detail", args=[item.pk])
        if item.answered_on:
            note = _("Đã trả lời ngày %(d)s") % {"d": item.answered_on.strftime("%d/%m/%Y")}
            section.items.append(TodoItem(item.subject, url, "info", None, f"{item.to_unit.name} · {note}"))
        else:
            section.items.append(TodoItem(item.subject, url, "danger", item.due_on, item.to_unit.name))
    return section


def _column_news(actor: Actor, unit: OrgUnit) -> list[TodoSection]:
    """The column's news items of the unit: waiting for its leader (on the leader's list), returned with the
    leader's note (on its editors' list); one query."""
    more = f"{reverse('column:list')}?unit={unit.code}"
    pending = TodoSection("news_pending", _("Tin chờ duyệt"), more + f"&status={NewsStatus.PENDING}")
    returned = TodoSection("news_returned", _("Tin bị trả lại cần sửa"), more + f"&status={NewsStatus.RETURNED}")
    approves = can(actor, Perm.APPROVE, unit)
    for item in news_waiting([unit]):
        url = reverse("column:detail", args=[item.pk])
        if item.status == NewsStatus.PENDING and approves:
            who = item.submitted_by
            note = _("Gửi duyệt: %(who)s") % {"who": who.full_name or who.username} if who else ""
            pending.items.append(TodoItem(item.title, url, "warn", None, note))
        elif item.status == NewsStatus.RETURNED:
            returned.items.append(TodoItem(item.title, url, "danger", None, item.note))
    return [pending, returned]


def _device_records(unit: OrgUnit) -> TodoSection:
    section = TodoSection("device_records", _("Bản ghi từ thiết bị cần xem lại"), reverse("offline:review_list"))
    for row in open_records(unit):
        url = reverse("offline:review_detail", args=[row.pk])
        section.items.append(
            TodoItem(row.title or _("Bản ghi từ thiết bị"), url, "warn", None, row.get_outcome_display())
        )
    return section


def _own_plan_drafts(actor: Actor, unit: OrgUnit) -> TodoSection:
    leader = getattr(actor, "role", None) == Role.LEADER
    title = _("Kế hoạch chờ ban hành") if leader else _("Kế hoạch dự thảo cần hoàn thiện")
    section = TodoSection("plans", title, reverse("plans:list") + "?status=draft")
    drafts = Plan.objects.filter(issuer=unit, status=PlanStatus.DRAFT).order_by("-year", "pk")[:20]
    for plan in drafts:
        text = plan.title or _("Kế hoạch dự thảo")
        note = _("Kế hoạch thực hiện kế hoạch cấp trên") if plan.parent_id else ""
        section.items.append(TodoItem(text, reverse("plans:detail", args=[plan.pk]), "info", None, note))
    return section


def _awaiting_signature(actor: Actor) -> TodoSection:
    section = TodoSection("signature", _("Báo cáo chờ lãnh đạo ký gửi"), reverse("reports:index"))
    for report in reports_awaiting_signature(actor)[:50]:
        asked = report.signature_requested_by
        note = _("Trình ký: %(who)s") % {"who": asked.full_name or asked.username} if asked else ""
        url = reverse("reports:detail", args=[report.unit.code, report.period])
        text = _("%(unit)s — %(period)s") % {"unit": report.unit.name, "period": period_label(report.period)}
        section.items.append(TodoItem(text, url, "warn", report.deadline, note))
    return section


def _coordination(actor: Actor, today: date) -> list[TodoSection]:
    recipients = receivable_units(actor)
    review = TodoSection("review", _("Báo cáo cần xem xét"), reverse("reports:board") + "?show=submitted")
    waiting = (
        Report.objects.filter(recipient__in=recipients, status=ReportStatus.SUBMITTED)
        .select_related("unit")
        .order_by("submitted_at")
    )
    for report in waiting[:50]:
        text = _("%(unit)s — %(period)s") % {"unit": report.unit.name, "period": period_label(report.period)}
        url = reverse("reports:detail", args=[report.unit.code, report.period])
        review.items.append(TodoItem(text, url, "warn", report.deadline))
    missing = TodoSection("missing", _("Đơn vị chưa gửi báo cáo"), reverse("reports:board"))
    accounts = TodoSection("accounts", _("Đơn vị chưa có người dùng"), reverse("web:user_list"))
    # A system administrator follows every Sở Nội vụ: chasing units is the coordinators' to-do, not theirs.
    chasing = [] if getattr(actor, "role", None) == Role.ADMIN else recipients
    for recipient in chasing:
        prefix = f"{recipient.name} — " if len(chasing) > 1 else ""
        latest = board_period(recipient, today)
        statuses = {period.id: completeness(recipient, period) for period in _chased_periods(latest, today)}
        for status in statuses.values():
            period = status.period
            if not status.missing or (period != latest and status.deadline > today + timedelta(days=10)):
                continue
            text = _("%(period)s: %(n)s/%(total)s đơn vị chưa gửi") % {
                "period": period.label,
                "n": status.missing,
                "total": status.expected,
            }
            url = reverse("reports:board") + f"?recipient={recipient.code}&period={period.id}&show=missing"
            tone = "danger" if status.deadline < today else "warn"
            missing.items.append(TodoItem(prefix + text, url, tone, status.deadline))
        reporters = statuses[latest.id].rows  # the board's period, already read above
        lacking = units_without_staff(r.unit.pk for r in reporters)
        if lacking:
            names = [r.unit.name for r in reporters if r.unit.pk in lacking]
            text = _("%(n)s đơn vị báo cáo chưa có tài khoản nhập liệu hoặc lãnh đạo") % {"n": len(names)}
            note = ", ".join(names[:5]) + (" …" if len(names) > 5 else "")
            accounts.items.append(TodoItem(prefix + text, reverse("web:user_import"), "warn", None, note))
    plans = TodoSection("subplans", _("Kế hoạch cấp dưới chưa ban hành"), reverse("plans:list") + "?status=draft")
    drafts = restrict(
        Plan.objects.filter(status=PlanStatus.DRAFT, parent__status=PlanStatus.ISSUED, year__gte=today.year),
        actor,
        Perm.VIEW,
        unit_path="issuer__path",
    ).exclude(issuer=getattr(actor, "unit", None))
    for plan in drafts.select_related("issuer").order_by("issuer__path")[:50]:
        plans.items.append(TodoItem(plan.issuer.name, reverse("plans:detail", args=[plan.pk]), "info"))
    return [review, missing, accounts, plans]


def _chased_periods(latest: Period, today: date) -> list[Period]:
    """The latest closed period with expected reporters (what the board opens on), and any period whose
    cut-off is near: its deadline may come within days."""
    periods = standard_periods(today.year - 1) + standard_periods(today.year)
    near = [p for p in periods if p != latest and today - timedelta(days=10) <= p.end <= today + timedelta(days=10)]
    return [latest, *near]
