"""Builders for the contest tests: a bank, a published quiz with one open round, participants' answers."""

from datetime import timedelta
from typing import Any

from django.utils import timezone

from loa.contests import bank, services
from loa.contests.catalog import ContestKind, ContestStatus
from loa.contests.models import Contest, Question


def fill_bank(owner: Any, actor: Any, *, per_area: dict[str, int]) -> list[Question]:
    made = []
    for area, count in per_area.items():
        for i in range(count):
            data = bank.QuestionInput(
                area=area,
                topic="Thủ tục hành chính" if i % 2 else "",
                text=f"Câu hỏi {area} số {i}: cơ quan nào tiếp nhận hồ sơ?",
                options=[f"Phương án {letter} của câu {area}-{i}" for letter in "ABCD"],
                answer=i % 4,
                source="Nghị định 118/2025/NĐ-CP",
                explanation="Giải thích ngắn.",
            )
            made.append(bank.question_create(actor=actor, owner=owner, data=data))
    return made


def quiz(
    world: Any,
    *,
    blueprint: list[dict[str, Any]] | None = None,
    prediction: str = "",
    attempts: int = 2,
    minutes: int = 10,
    publish: bool = True,
    opens: Any = None,
    closes: Any = None,
) -> Contest:
    actor = world.users["coordinator"]
    data = services.ContestInput(
        kind=ContestKind.QUIZ,
        title="Tìm hiểu cải cách hành chính năm nay",
        rules="Thể lệ thử.",
        attempts_per_round=attempts,
        time_limit=minutes * 60,
        blueprint=blueprint
        or [{"area": "tthc", "topic": "", "count": 4}, {"area": "the_che", "topic": "", "count": 2}],
        prediction=prediction,
        prizes=[{"label": "Giải Nhất", "count": 1}, {"label": "Giải Nhì", "count": 2}],
        overall_prizes=[{"label": "Giải Nhất chung cuộc", "count": 1}],
    )
    contest = services.contest_create(actor=actor, unit=world.snv, data=data)
    now = timezone.now()
    services.round_save(
        actor=actor,
        contest=contest,
        data=services.RoundInput(
            opens_at=opens or now - timedelta(hours=1), closes_at=closes or now + timedelta(days=7)
        ),
    )
    if publish:
        contest = services.contest_set_status(
            actor=actor, contest=contest, status=ContestStatus.PUBLISHED, revision=contest.revision
        )
    return contest


def right_answers(attempt: Any, wrong: int = 0) -> dict[str, str]:
    """The shown positions of the right options (the first `wrong` questions answered wrongly)."""
    from loa.contests.play import questions_of

    found = {}
    for n, (q, order) in enumerate(questions_of(attempt)):
        shown = order.index(q.answer)
        found[str(q.pk)] = str((shown + 1) % 4 if n < wrong else shown)
    return found
