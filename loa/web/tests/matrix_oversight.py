"""Matrix rows for oversight by the Fatherland Front (issue 20 item 6). None of the matrix's personas holds the
oversight role, so writing a recommendation is refused to all (403 in reach, 404 beyond); reading one follows the
addressed unit's reach; answering it belongs to the unit's own people and its Sở Nội vụ. What an oversight account
itself may read and that it writes nothing else is tested in loa/oversight/tests."""

from datetime import timedelta

from django.utils import timezone

from .matrix import API_SIGNED_IN, READ_FOREIGN, READ_OWN, Case, statuses, unit_of
from .matrix_reports import api

RECOMMEND_OWN = statuses(403, anon=302, neighbour=404, foreign=404)
RECOMMEND_FOREIGN = statuses(404, anon=302, admin=403, foreign=403)
ANSWER_OWN = statuses(404, anon=302, admin=302, coordinator=302, leader=302, editor=302, viewer=403)
ANSWER_FOREIGN = statuses(404, anon=302, admin=302, foreign=302)


def _front(world, target):
    """The Ủy ban MTTQ of the target's province and its oversight account (made on first use)."""
    from loa.org.models import OrgUnit, User
    from loa.org.scope import SYSTEM
    from loa.org.services import unit_create, user_create

    province = unit_of(world, target).parent
    code = f"{province.code}.MTTQ"
    unit = OrgUnit.objects.filter(code=code).first() or unit_create(
        actor=SYSTEM, code=code, name="Ủy ban MTTQ Việt Nam tỉnh", unit_type="mttq_doan_the", parent=province
    )
    return User.objects.filter(unit=unit, role="oversight").first() or user_create(
        actor=SYSTEM, username=f"mttq.{province.code}", password="Loa-demo-2026", role="oversight", unit=unit
    )


def _recommendation(world, target, fresh=False):
    from loa.oversight import services
    from loa.oversight.models import Recommendation

    unit = unit_of(world, target)
    found = None if fresh else Recommendation.objects.filter(to_unit=unit).first()
    if found is None:
        data = services.RecommendationInput(
            to_unit=unit,
            subject="Giám sát niêm yết TTHC",
            text="Đề nghị cập nhật bảng niêm yết.",
            due_on=timezone.localdate() + timedelta(days=30),
        )
        found = services.recommend(actor=_front(world, target), data=data)
    return found


def _recommend_body(world, target, persona):
    return {
        "to_unit": unit_of(world, target).code,
        "subject": f"Kiến nghị của {persona}",
        "text": "Đề nghị công khai.",
        "due_on": (timezone.localdate() + timedelta(days=10)).strftime("%d/%m/%Y"),
    }


OVERSIGHT_CASES = [
    Case(
        "oversight:list",
        "GET",
        lambda w, t: (_recommendation(w, t), f"/oversight/?unit={unit_of(w, t).code}")[1],  # exists before the read
        {"own": READ_OWN, "foreign": READ_FOREIGN},
        leak_marker=lambda w, t: _recommendation(w, t).subject,
    ),
    Case(
        "oversight:list",
        "POST",
        lambda w, t: f"/oversight/?unit={unit_of(w, t).code}",
        {"own": RECOMMEND_OWN, "foreign": RECOMMEND_FOREIGN},
        body=_recommend_body,
    ),
    Case(
        "oversight:detail",
        "GET",
        lambda w, t: f"/oversight/{_recommendation(w, t).pk}/",
        {"own": READ_OWN, "foreign": READ_FOREIGN},
    ),
    Case(
        "oversight:detail",
        "POST",
        lambda w, t: f"/oversight/{_recommendation(w, t).pk}/",
        {"own": ANSWER_OWN, "foreign": ANSWER_FOREIGN},
        body=lambda w, t, p: {"revision": str(_recommendation(w, t).revision), "answer": "Đã cập nhật bảng niêm yết."},
    ),
    Case("API GET /api/oversight", "GET", lambda w, t: "/api/oversight", {"own": API_SIGNED_IN}, targets=("own",)),
    Case(
        "API POST /api/oversight",
        "POST",
        lambda w, t: "/api/oversight",
        {"own": api(RECOMMEND_OWN), "foreign": api(RECOMMEND_FOREIGN)},
        body=lambda w, t, p: {
            "to_unit": unit_of(w, t).code,
            "subject": "Kiến nghị",
            "text": "Đề nghị công khai.",
            "due_on": (timezone.localdate() + timedelta(days=10)).isoformat(),
        },
        fmt="json",
    ),
    Case(
        "API POST /api/oversight/{pk}/answer",
        "POST",
        lambda w, t: f"/api/oversight/{_recommendation(w, t, fresh=True).pk}/answer",
        {"own": api(ANSWER_OWN), "foreign": api(ANSWER_FOREIGN)},
        body={"revision": 0, "text": "Đơn vị đã tiếp thu và khắc phục."},
        fmt="json",
    ),
]
