"""Writes to contests by their organisers: the contest and its settings, its rounds, its judges, publishing and
closing it, excluding a participant or an entry. The public side (taking part) is in `play` and `entries`."""

import secrets
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from loa.core.catalogs import ReformArea
from loa.core.errors import Conflict, DomainError
from loa.core.text import fold, normalize
from loa.org.models import OrgUnit, User
from loa.org.scope import Actor, account_of
from loa.org.tree import in_subtree, province_path, subtree_q

from .bank import drawable, require_keeper
from .catalog import ContestKind, ContestStatus, Prediction
from .models import Contest, Entry, Participant, Round
from .phones import digits
from .ranking import chain_of, prize_tiers

CODE_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i: read off a poster
MAX_QUESTIONS = 100
MAX_TIME_LIMIT = 4 * 3600
MAX_ATTEMPTS = 20


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))


@dataclass
class ContestInput:
    kind: str
    title: str
    rules: str = ""
    attempts_per_round: int = 1
    time_limit: int = 600  # seconds
    blueprint: list[dict[str, Any]] = field(default_factory=list)  # [{"area": code or "", "topic": "", "count": n}]
    prediction: str = ""
    ranking: list[str] = field(default_factory=list)
    prizes: list[dict[str, Any]] = field(default_factory=list)
    overall_prizes: list[dict[str, Any]] = field(default_factory=list)
    criteria: list[dict[str, Any]] = field(default_factory=list)  # [{"name": …, "max": n}]


def blueprint_problems(blueprint: Any) -> list[str]:
    found = []
    if not isinstance(blueprint, list) or not blueprint:
        return [_("Cơ cấu đề thi cần ít nhất một dòng: lĩnh vực, chủ đề và số câu.")]
    total = 0
    for n, line in enumerate(blueprint, 1):
        if not isinstance(line, dict):
            found.append(_("Dòng %(n)s của cơ cấu đề thi không đọc được.") % {"n": n})
            continue
        if line.get("area", "") not in ["", *ReformArea.values]:
            found.append(_("Dòng %(n)s của cơ cấu đề thi: lĩnh vực không có trong danh mục.") % {"n": n})
        count = line.get("count")
        if not isinstance(count, int) or count < 1:
            found.append(_("Dòng %(n)s của cơ cấu đề thi: số câu phải là số nguyên dương.") % {"n": n})
        else:
            total += count
    if total > MAX_QUESTIONS:
        found.append(_("Một lượt thi có nhiều nhất %(n)s câu hỏi.") % {"n": MAX_QUESTIONS})
    return found


def criteria_problems(criteria: Any) -> list[str]:
    if not isinstance(criteria, list) or not criteria:
        return [_("Phiếu chấm cần ít nhất một tiêu chí với điểm tối đa.")]
    found = []
    for n, line in enumerate(criteria, 1):
        if not isinstance(line, dict) or not normalize(str(line.get("name", ""))):
            found.append(_("Tiêu chí %(n)s chưa có tên.") % {"n": n})
        elif not isinstance(line.get("max"), int) or not 0 < line["max"] <= 1000:
            found.append(_("Tiêu chí %(n)s: điểm tối đa phải từ 1 đến 1000.") % {"n": n})
    return found


def problems_of(data: ContestInput) -> list[str]:
    found = []
    if data.kind not in ContestKind.values:
        found.append(_("Loại cuộc thi không có trong danh mục."))
    if not normalize(data.title):
        found.append(_("Chưa nhập tên cuộc thi."))
    elif len(data.title) > 255:
        found.append(_("Tên cuộc thi dài quá 255 ký tự."))
    if data.prediction and data.prediction not in Prediction.values:
        found.append(_("Câu hỏi dự đoán không có trong danh mục."))
    try:
        chain_of(data.ranking)
    except ValueError:
        found.append(_("Thứ tự xếp hạng có tiêu chí không hợp lệ hoặc lặp lại."))
    for tiers in (data.prizes, data.overall_prizes):
        try:
            prize_tiers(tiers)
        except (ValueError, TypeError):
            found.append(_("Cơ cấu giải cần tên giải và số giải không âm."))
    if data.kind == ContestKind.QUIZ:
        if not 1 <= data.attempts_per_round <= MAX_ATTEMPTS:
            found.append(_("Số lượt thi mỗi vòng phải từ 1 đến %(n)s.") % {"n": MAX_ATTEMPTS})
        if not 60 <= data.time_limit <= MAX_TIME_LIMIT:
            found.append(_("Thời gian làm bài phải từ 1 phút đến 4 giờ."))
        found += blueprint_problems(data.blueprint)
    elif data.kind == ContestKind.ENTRIES:
        found += criteria_problems(data.criteria)
    return found


def _apply(contest: Contest, data: ContestInput) -> None:
    contest.title = normalize(data.title)
    contest.rules = data.rules.strip()
    contest.attempts_per_round = data.attempts_per_round
    contest.time_limit = data.time_limit
    contest.blueprint = [
        {"area": b.get("area", ""), "topic": normalize(str(b.get("topic", ""))), "count": b["count"]}
        for b in data.blueprint
    ]
    contest.prediction = data.prediction
    contest.ranking = chain_of(data.ranking)
    contest.prizes = [{"label": lb, "count": n} for lb, n in prize_tiers(data.prizes)]
    contest.overall_prizes = [{"label": lb, "count": n} for lb, n in prize_tiers(data.overall_prizes)]
    contest.criteria = [{"name": normalize(str(c["name"])), "max": c["max"]} for c in data.criteria]


def _check(data: ContestInput) -> None:
    found = problems_of(data)
    if found:
        raise DomainError(" ".join(found))


def contest_create(*, actor: Actor, unit: OrgUnit, data: ContestInput) -> Contest:
    require_keeper(actor, unit)
    _check(data)
    contest = Contest(unit=unit, code=new_code(), kind=data.kind, created_by=account_of(actor))
    _apply(contest, data)
    contest.save()
    return contest


def _locked(contest: Contest, revision: int) -> Contest:
    current = Contest.objects.select_for_update().select_related("unit").get(pk=contest.pk)
    if current.revision != revision:
        raise Conflict(_("Cuộc thi vừa được người khác thay đổi. Hãy tải lại trang và làm lại."))
    return current


@transaction.atomic
def contest_update(*, actor: Actor, contest: Contest, data: ContestInput, revision: int) -> Contest:
    require_keeper(actor, contest.unit)
    data.kind = contest.kind  # the kind is chosen once
    _check(data)
    current = _locked(contest, revision)
    # Attempts keep the questions they drew; a changed blueprint serves the attempts drawn after it.
    _apply(current, data)
    current.revision += 1
    current.save()
    return current


def draw_problems(contest: Contest) -> list[str]:
    """Blueprint lines the bank cannot fill (too few active questions of that area and topic)."""
    found = []
    pool = drawable(contest.unit)
    for n, line in enumerate(contest.blueprint, 1):
        matching = pool.filter(area=line["area"]) if line["area"] else pool
        if line["topic"]:
            matching = matching.filter(search_text__contains=fold(line["topic"]))
        have = matching.count()
        if have < line["count"]:
            found.append(
                _("Dòng %(n)s của cơ cấu đề thi cần %(need)s câu nhưng ngân hàng chỉ có %(have)s câu phù hợp.")
                % {"n": n, "need": line["count"], "have": have}
            )
    return found


@transaction.atomic
def contest_set_status(*, actor: Actor, contest: Contest, status: str, revision: int) -> Contest:
    require_keeper(actor, contest.unit)
    if status not in ContestStatus.values:
        raise DomainError(_("Tình trạng cuộc thi không hợp lệ."))
    current = _locked(contest, revision)
    if status == ContestStatus.PUBLISHED:
        if not current.rounds.exists():
            raise DomainError(_("Cuộc thi cần ít nhất một vòng thi trước khi công bố."))
        if current.kind == ContestKind.QUIZ:
            found = draw_problems(current)
            if found:
                raise DomainError(" ".join(found))
        if current.kind == ContestKind.ENTRIES and not current.judges.exists():
            raise DomainError(_("Cuộc thi cần ít nhất một giám khảo trước khi công bố."))
    current.status = status
    current.revision += 1
    current.save()
    return current


@dataclass
class RoundInput:
    opens_at: datetime
    closes_at: datetime


@transaction.atomic
def round_save(
    *, actor: Actor, contest: Contest, data: RoundInput, number: int | None = None, revision: int = 0
) -> Round:
    """Add a round (number None) or change one. A finished round is not changed; a round that has begun keeps its
    opening time (only its closing time can move, and not before now)."""
    require_keeper(actor, contest.unit)
    if data.closes_at <= data.opens_at:
        raise DomainError(_("Giờ đóng vòng thi phải sau giờ mở."))
    if contest.kind == ContestKind.ENTRIES and number is None and contest.rounds.exists():
        raise DomainError(_("Cuộc thi bài dự thi có một đợt nhận bài; hãy sửa hạn của đợt đó."))
    if number is None:
        last = contest.rounds.order_by("-number").first()
        found = Round(contest=contest, number=(last.number + 1) if last else 1)
    else:
        held = Round.objects.select_for_update().filter(contest=contest, number=number).first()
        if held is None:
            raise DomainError(_("Không có vòng thi này."))
        found = held
        if found.revision != revision:
            raise Conflict(_("Vòng thi vừa được người khác thay đổi. Hãy tải lại trang và làm lại."))
        if found.finished_at is not None:
            raise DomainError(_("Vòng thi đã tổng kết, không sửa được nữa."))
        now = timezone.now()
        # The form gives minutes: a round opened at 08:00:27 is unchanged when sent back as 08:00.
        if found.opens_at <= now and _minute(data.opens_at) != _minute(found.opens_at):
            raise DomainError(_("Vòng thi đã mở, không đổi được giờ mở."))
        if found.closes_at <= now < data.closes_at or (found.opens_at <= now and data.closes_at < now):
            raise DomainError(_("Vòng thi đã đóng hoặc giờ đóng mới đã qua."))
        found.revision += 1
        if _minute(data.opens_at) == _minute(found.opens_at):
            data.opens_at = found.opens_at
    found.opens_at, found.closes_at = data.opens_at, data.closes_at
    found.save()
    return found


def _minute(moment: datetime) -> datetime:
    return moment.replace(second=0, microsecond=0)


def judge_candidates(contest: Contest) -> list[User]:
    """Accounts of the organiser's province who may judge: active, not the system's administrators."""
    return list(
        User.objects.filter(subtree_q(province_path(contest.unit), field="unit__path"), is_active=True)
        .select_related("unit")
        .order_by("unit__path", "full_name", "username")
    )


@transaction.atomic
def judges_set(*, actor: Actor, contest: Contest, user_ids: list[int], revision: int) -> Contest:
    require_keeper(actor, contest.unit)
    current = _locked(contest, revision)
    allowed = {u.pk: u for u in judge_candidates(current)}
    unknown = [i for i in user_ids if i not in allowed]
    if unknown:
        raise DomainError(_("Giám khảo phải là tài khoản trong tỉnh của đơn vị tổ chức."))
    current.judges.set([allowed[i] for i in user_ids])
    current.revision += 1
    current.save()
    return current


def participant_exclude(*, actor: Actor, participant: Participant, excluded: bool) -> Participant:
    require_keeper(actor, participant.round.contest.unit)
    participant.excluded = excluded
    participant.save(update_fields=["excluded"])
    return participant


def entry_exclude(*, actor: Actor, entry: Entry, excluded: bool) -> Entry:
    require_keeper(actor, entry.round.contest.unit)
    entry.excluded = excluded
    entry.save(update_fields=["excluded"])
    return entry


def organiser_phones(contest: Contest) -> set[str]:
    """Phones of the organisers (the organising unit's accounts and the judges): they cannot take part."""
    found = User.objects.filter(Q(unit=contest.unit) | Q(pk__in=contest.judges.values("pk"))).values_list(
        "phone", flat=True
    )
    return {d for d in (digits(p) for p in found) if d}


def selectable_unit(contest: Contest, unit: OrgUnit) -> bool:
    """Participants belong to a current unit of the organiser's province."""
    return in_subtree(unit, province_path(contest.unit)) and unit.valid_to is None
