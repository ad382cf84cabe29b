"""Finishing a round (issue 21 item 6): its prediction figure is frozen, and each unit's participation becomes an
activity of the contest channel with its number of participants (the organiser's own activity counts everyone), so
that taking part is evidence in scoring like any other communication. Finishing again (late exclusions) updates the
same activities; a unit whose period is already reported keeps its activity as it was and is named in the result."""

import io
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from loa.activity.evidence import evidence_add, evidence_delete
from loa.activity.models import Activity
from loa.activity.services import ActivityInput, activity_create, activity_input, activity_update
from loa.core.catalogs import Audience, Channel, ReformArea
from loa.core.errors import DomainError
from loa.org.models import OrgUnit
from loa.org.scope import SYSTEM, Actor

from .bank import require_keeper
from .catalog import ContestKind
from .models import Round, RoundActivity
from .standings import actual_figure, people_by_unit


@dataclass
class Finished:
    recorded: int = 0  # activities created or updated
    kept: list[str] = field(default_factory=list)  # units whose reported period keeps the activity unchanged


# What the activities say is stored data in the language of the records (Vietnamese), not of the reader's screen.
def _round_text(round_: Round) -> str:
    return "đợt nhận bài" if round_.contest.kind == ContestKind.ENTRIES else f"vòng {round_.number}"


def _input(round_: Round, title: str, people: int) -> ActivityInput:
    areas = sorted({b["area"] for b in round_.contest.blueprint if b.get("area")} & set(ReformArea.values))
    return ActivityInput(
        date=timezone.localtime(round_.closes_at).date(),
        channel=Channel.CUOC_THI,
        title=title[:500],
        reform_areas=areas,
        online=round_.contest.kind == ContestKind.QUIZ,
        quantity=1,
        measure="cuộc thi",
        audience=Audience.CBCCVC,
        participants=people,
    )


def _list_file(round_: Round, unit: OrgUnit, organiser: bool) -> tuple[str, bytes]:
    """The evidence of a unit's participation: the list of its people in the round (everyone for the organiser),
    as the scoring's criteria ask for a file behind each activity."""
    from loa.core.xlsx import write_table

    people = round_.participants.filter(excluded=False).select_related("unit").order_by("unit__path", "name_key")
    entries = round_.entries.filter(excluded=False).select_related("unit").order_by("unit__path", "pk")
    if not organiser:
        people, entries = people.filter(unit=unit), entries.filter(unit=unit)
    rows = [[p.name, p.unit.name, p.created_at.strftime("%d/%m/%Y %H:%M")] for p in people]
    rows += [[e.author, e.unit.name, e.submitted_at.strftime("%d/%m/%Y %H:%M")] for e in entries]
    content = write_table(
        "Người tham gia", ["Họ và tên", "Đơn vị", "Thời điểm tham gia"], rows, notes=[round_.contest.title]
    )
    return f"danh-sach-tham-gia-vong-{round_.number}.xlsx", content


def _attach(activity: Activity, round_: Round, unit: OrgUnit, organiser: bool) -> None:
    for old in activity.evidence.filter(name__startswith="danh-sach-tham-gia-"):
        evidence_delete(actor=SYSTEM, evidence=old)
    name, content = _list_file(round_, unit, organiser)
    evidence_add(actor=SYSTEM, activity=activity, name=name, size=len(content), content=io.BytesIO(content))


def _record(round_: Round, unit: OrgUnit, organiser: bool, data: ActivityInput) -> bool:
    """Create or update the unit's activity for the round, with its list of participants as evidence; False when
    its period is closed to edits."""
    link = RoundActivity.objects.filter(round=round_, unit=unit, organiser=organiser).select_related("activity").first()
    try:
        with transaction.atomic():
            if link is None:
                activity = activity_create(actor=SYSTEM, unit=unit, data=data)
                RoundActivity.objects.create(round=round_, unit=unit, organiser=organiser, activity=activity)
            else:
                activity = link.activity
                held = activity_input(activity)
                if held.participants == data.participants and held.title == data.title:
                    return True
                held.participants, held.title = data.participants, data.title
                activity = activity_update(actor=SYSTEM, activity=activity, data=held)
            _attach(activity, round_, unit, organiser)
    except DomainError:
        return False
    return True


def finish_round(*, actor: Actor, round_: Round) -> Finished:
    contest = round_.contest
    require_keeper(actor, contest.unit)
    if round_.closes_at > timezone.now():
        raise DomainError(_("Vòng thi chưa đóng; chỉ tổng kết được sau giờ đóng."))
    with transaction.atomic():
        current = Round.objects.select_for_update().get(pk=round_.pk)
        current.finished_at = None  # count again (exclusions since the last finish), then freeze
        current.actual = actual_figure(current)
        current.finished_at = timezone.now()
        current.save(update_fields=["actual", "finished_at"])
    result = Finished()
    people = people_by_unit(current)
    units = OrgUnit.objects.in_bulk(list(people))
    label_ = _round_text(current)
    for unit_id, count in sorted(people.items(), key=lambda kv: units[kv[0]].path):
        unit = units[unit_id]
        title = f"Tham gia cuộc thi “{contest.title}”, {label_}"
        if _record(current, unit, False, _input(current, title, count)):
            result.recorded += 1
        else:
            result.kept.append(unit.name)
    total = sum(people.values())
    title = f"Tổ chức cuộc thi “{contest.title}”, {label_}"
    if _record(current, contest.unit, True, _input(current, title, total)):
        result.recorded += 1
    else:
        result.kept.append(contest.unit.name)
    return result


def round_activities(round_: Round) -> list[Activity]:
    ids = RoundActivity.objects.filter(round=round_).values("activity_id")
    return list(Activity.objects.filter(pk__in=ids).select_related("unit").order_by("unit__path"))
