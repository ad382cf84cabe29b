"""Taking part in a quiz (issue 21 items 3 and 6): a person names themselves (name, unit, phone) for the open
round, draws an attempt by the contest's blueprint and sends the answers before the server's deadline.

The phone is the person's identity in a round: a second name on the same phone is refused, and the same browser or
the same name and unit under another phone is flagged for the organiser (not refused: families share phones and
offices share computers). The deadline is the server's clock: an answer sent after it closes the attempt without a
score, whatever the page showed.
"""

import random
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from loa.core.errors import Conflict, DomainError
from loa.core.text import fold, normalize
from loa.org.models import OrgUnit

from .bank import drawable
from .catalog import AttemptStatus, ContestKind, ContestStatus, ParticipantFlag
from .models import Attempt, Contest, Participant, Question, Round
from .phones import digits as digits  # re-exported: entries and the pages read phones through play
from .services import organiser_phones, selectable_unit

GRACE = timedelta(seconds=3)  # the network's time between pressing "Nộp bài" and the server reading it
PREDICTION_MAX = 10**9
_rng = random.SystemRandom()


def open_round(contest: Contest, now: datetime) -> Round | None:
    return contest.rounds.filter(opens_at__lte=now, closes_at__gt=now).first()


@dataclass
class JoinInput:
    name: str
    unit: OrgUnit | None
    phone: str
    device: str = ""  # keyed hash of the browser's cookie
    signed_in_organiser: bool = False


def _refuse_join(contest: Contest, data: JoinInput, phone: str) -> None:
    if contest.status != ContestStatus.PUBLISHED or contest.kind != ContestKind.QUIZ:
        raise DomainError(_("Cuộc thi này không nhận người dự thi."))
    problems = []
    name = normalize(data.name)
    if not name or len(name) > 120:
        problems.append(_("Họ và tên cần từ 1 đến 120 ký tự."))
    if data.unit is None or not selectable_unit(contest, data.unit):
        problems.append(_("Hãy chọn đơn vị công tác trong danh sách."))
    if not phone:
        problems.append(_("Số điện thoại phải gồm 10 chữ số, bắt đầu bằng 0."))
    if problems:
        raise DomainError(" ".join(problems))
    if data.signed_in_organiser or phone in organiser_phones(contest):
        raise DomainError(_("Ban tổ chức và giám khảo không được tham gia cuộc thi."))


def _flag_for(round_: Round, data: JoinInput, name_key: str) -> str:
    if data.device and round_.participants.filter(device=data.device).exists():
        return ParticipantFlag.SAME_DEVICE
    if round_.participants.filter(name_key=name_key, unit=data.unit).exists():
        return ParticipantFlag.SAME_NAME
    return ""


def _participant(round_: Round, data: JoinInput, phone: str) -> Participant:
    name = normalize(data.name)
    found = round_.participants.filter(phone=phone).first()
    if found is not None:
        if fold(found.name) != fold(name) or found.unit_id != data.unit.pk:  # type: ignore[union-attr]
            raise DomainError(
                _("Số điện thoại này đã đăng ký dự thi vòng này với họ tên hoặc đơn vị khác. Mỗi người một số.")
            )
        return found
    assert data.unit is not None
    name_key = fold(name)
    flag = _flag_for(round_, data, name_key)
    try:
        with transaction.atomic():
            return Participant.objects.create(
                round=round_,
                name=name,
                unit=data.unit,
                unit_path=data.unit.path,
                phone=phone,
                name_key=name_key,
                device=data.device,
                flag=flag,
            )
    except IntegrityError:  # the same phone joined at the same moment from another tab
        return round_.participants.get(phone=phone)


def draw(contest: Contest) -> list[dict[str, object]]:
    """Questions by the blueprint, none twice, each with its options in a new order: [{"q": id, "order": […]}]."""
    pool = list(drawable(contest.unit).values_list("pk", "area", "search_text"))
    chosen: list[int] = []
    taken: set[int] = set()
    for line in contest.blueprint:
        topic = fold(line.get("topic", ""))
        fits = [
            pk
            for pk, area, text in pool
            if pk not in taken and (not line["area"] or area == line["area"]) and (not topic or topic in text)
        ]
        if len(fits) < line["count"]:
            raise DomainError(_("Ngân hàng câu hỏi không đủ câu để ra đề. Xin báo Ban tổ chức."))
        picked = _rng.sample(fits, line["count"])
        taken.update(picked)
        chosen += picked
    _rng.shuffle(chosen)
    return [{"q": pk, "order": _rng.sample(range(4), 4)} for pk in chosen]


@transaction.atomic
def join(*, contest: Contest, data: JoinInput, now: datetime | None = None) -> Attempt:
    """Name oneself for the open round and start an attempt (or go back to one still running)."""
    now = now or timezone.now()
    phone = digits(data.phone)
    _refuse_join(contest, data, phone)
    round_ = open_round(contest, now)
    if round_ is None:
        raise DomainError(_("Hiện không có vòng thi nào đang mở."))
    person = _participant(round_, data, phone)
    attempts = list(Participant.objects.select_for_update().get(pk=person.pk).attempts.all())
    running = next((a for a in attempts if a.status == AttemptStatus.OPEN and a.deadline + GRACE >= now), None)
    if running is not None:
        return running
    if len(attempts) >= contest.attempts_per_round:
        raise DomainError(
            _("Bạn đã thi đủ %(n)s lượt của vòng này. Hẹn gặp lại ở vòng sau.") % {"n": contest.attempts_per_round}
        )
    drawn = draw(contest)
    return Attempt.objects.create(
        participant=person,
        number=len(attempts) + 1,
        token=secrets.token_urlsafe(16),
        drawn=drawn,
        max_score=len(drawn),
        started_at=now,
        deadline=min(now + timedelta(seconds=contest.time_limit), round_.closes_at),
    )


def questions_of(attempt: Attempt) -> list[tuple[Question, list[int]]]:
    """The attempt's questions as drawn, each with its option order."""
    by_pk = Question.objects.in_bulk([d["q"] for d in attempt.drawn])
    return [(by_pk[d["q"]], d["order"]) for d in attempt.drawn if d["q"] in by_pk]


class TooLate(DomainError):
    """The answers came after the attempt's deadline: the attempt is closed without a score."""


def _prediction(contest: Contest, raw: str) -> int | None:
    if not contest.prediction:
        return None
    text = (raw or "").strip().replace(".", "").replace(",", "")
    if not text.isdigit() or int(text) > PREDICTION_MAX:
        raise DomainError(_("Câu dự đoán cần một số nguyên từ 0 đến 1.000.000.000."))
    return int(text)


def submit(*, attempt: Attempt, answers: dict[str, str], prediction: str, now: datetime | None = None) -> Attempt:
    """Score the answers (shown positions "0".."3" per question id) unless the deadline has passed. A late
    submission is recorded (the attempt closes as late) and then refused with TooLate."""
    now = now or timezone.now()
    contest = attempt.participant.round.contest
    with transaction.atomic():
        current = Attempt.objects.select_for_update().get(pk=attempt.pk)
        if current.status != AttemptStatus.OPEN:
            raise Conflict(_("Bài thi này đã nộp hoặc đã hết giờ; không nộp lại được."))
        late = now > current.deadline + GRACE
        if late:
            current.status = AttemptStatus.LATE
            current.submitted_at = now
            current.save(update_fields=["status", "submitted_at"])
        else:
            guess = _prediction(contest, prediction)
            chosen: dict[str, int] = {}
            score = 0
            for question, order in questions_of(current):
                shown = answers.get(str(question.pk), "")
                if shown == "":
                    continue
                if shown not in {"0", "1", "2", "3"}:
                    raise DomainError(_("Có câu trả lời không hợp lệ. Hãy tải lại trang bài thi."))
                chosen[str(question.pk)] = order[int(shown)]
                score += int(order[int(shown)] == question.answer)
            current.answers = chosen
            current.prediction = guess
            current.score = score
            current.status = AttemptStatus.DONE
            current.submitted_at = now
            current.duration_ms = int((now - current.started_at).total_seconds() * 1000)
            current.save()
    if late:
        raise TooLate(
            _("Đã quá thời gian làm bài (%(m)s phút) hoặc vòng thi đã đóng: bài làm không được tính.")
            % {"m": max(1, contest.time_limit // 60)}
        )
    return current


def expire_if_due(attempt: Attempt, now: datetime | None = None) -> bool:
    """Close a running attempt whose deadline has passed (the person came back to its page too late)."""
    now = now or timezone.now()
    if attempt.status != AttemptStatus.OPEN or now <= attempt.deadline + GRACE:
        return False
    with transaction.atomic():
        current = Attempt.objects.select_for_update().get(pk=attempt.pk)
        if current.status != AttemptStatus.OPEN:
            return False
        current.status, current.submitted_at = AttemptStatus.LATE, now
        current.save(update_fields=["status", "submitted_at"])  # saved, not updated: the history records it
    attempt.status = AttemptStatus.LATE
    return True


def attempt_by_token(contest: Contest, token: str) -> Attempt | None:
    if not re.fullmatch(r"[A-Za-z0-9_\-]{10,40}", token or ""):
        return None
    return (
        Attempt.objects.select_related("participant__round__contest", "participant__unit")
        .filter(token=token, participant__round__contest=contest)
        .first()
    )
