"""Matrix rows for citizens' feedback (issue 20 item 5). Back office: read by whoever may VIEW the handling unit
(contact details only for handlers, checked in loa/feedback/tests); handled (noted, taken on, passed on, answered) by
the unit's own people and the Sở Nội vụ that coordinates it; the province's rules set by its Sở Nội vụ. The public
pages answer everyone, signed in or not."""

from .matrix import READ_FOREIGN, READ_OWN, Case, statuses, unit_of
from .matrix_reports import api

HANDLE_OWN = statuses(404, anon=302, admin=302, coordinator=302, leader=302, editor=302, viewer=403)
HANDLE_FOREIGN = statuses(404, anon=302, admin=302, foreign=302)
RULES_OWN = statuses(403, anon=302, admin=302, coordinator=302, neighbour=404, foreign=404)
RULES_FOREIGN = statuses(404, anon=302, admin=302, foreign=302)
PUBLIC = statuses(200)


def _item(world, target, fresh=False):
    """An item addressed to the target commune (a new one when `fresh`: acts that change its state once)."""
    from loa.feedback import services
    from loa.feedback.models import Feedback

    unit = unit_of(world, target)
    found = None if fresh else Feedback.objects.filter(unit=unit).first()
    if found is None:
        data = services.FeedbackInput(
            unit=unit,
            kind="fb_issue",
            subject="Phản ánh ma trận",
            content="Nội dung phản ánh để kiểm tra quyền.",
            phone="0912345678",
            consent_publish=True,
        )
        found = services.submit_public(data=data, address=None)
    return found


def _snv(world, target):
    from loa.org.models import OrgUnit

    return world.snv if target == "own" else OrgUnit.objects.get(code="48.SNV")


def _rules_body(world, target, persona):
    from loa.feedback.models import FeedbackRules
    from loa.org.tree import province_of

    row = FeedbackRules.objects.filter(province=province_of(unit_of(world, target))).first()
    return {
        "revision": str(row.revision if row else 0),
        "forward_days": "4",
        "answer_days": "12",
        "remind_days": "2",
        "retention_days": "400",
    }


def _public_form(world, target, persona):
    return {
        "unit": unit_of(world, target).code,
        "kind": "fb_proposal",
        "subject": f"Kiến nghị của {persona}",
        "content": "Đề nghị niêm yết thêm số điện thoại đường dây nóng.",
    }


FEEDBACK_CASES = [
    Case(
        "feedback:list",
        "GET",
        lambda w, t: (_item(w, t), f"/feedback/?unit={unit_of(w, t).code}")[1],  # the item exists before the read
        {"own": READ_OWN, "foreign": READ_FOREIGN},
        leak_marker=lambda w, t: _item(w, t).code,
    ),
    Case(
        "feedback:detail",
        "GET",
        lambda w, t: f"/feedback/{_item(w, t).pk}/",
        {"own": READ_OWN, "foreign": READ_FOREIGN},
    ),
    Case(
        "feedback:act",
        "POST",
        lambda w, t: f"/feedback/{_item(w, t).pk}/act/",
        {"own": HANDLE_OWN, "foreign": HANDLE_FOREIGN},
        body=lambda w, t, p: {"action": "note", "note": f"Ghi chú {p}"},
    ),
    Case(
        "feedback:stats",
        "GET",
        lambda w, t: f"/feedback/stats/?unit={unit_of(w, t).code}",
        {"own": READ_OWN, "foreign": READ_FOREIGN},
    ),
    Case(
        "feedback:rules",
        "GET",
        lambda w, t: f"/feedback/rules/?unit={unit_of(w, t).code}",
        {"own": READ_OWN, "foreign": READ_FOREIGN},
    ),
    Case(
        "feedback:rules",
        "POST",
        lambda w, t: f"/feedback/rules/?unit={unit_of(w, t).code}",
        {"own": RULES_OWN, "foreign": RULES_FOREIGN},
        body=_rules_body,
    ),
    Case("feedback_public:form", "GET", lambda w, t: "/phan-anh/", {"own": PUBLIC}, targets=("own",)),
    Case(
        "feedback_public:form",
        "POST",
        lambda w, t: "/phan-anh/",
        {"own": statuses(302)},
        targets=("own",),
        body=_public_form,
    ),
    Case(
        "feedback_public:track",
        "GET",
        lambda w, t: f"/phan-anh/tra-cuu/?ma={_item(w, t).code}",
        {"own": PUBLIC},
        targets=("own",),
    ),
    Case("feedback_public:published", "GET", lambda w, t: "/phan-anh/cong-khai/", {"own": PUBLIC}, targets=("own",)),
    Case(
        "API GET /api/feedback",
        "GET",
        lambda w, t: f"/api/feedback?unit={unit_of(w, t).code}",
        {"own": api(READ_OWN), "foreign": api(READ_FOREIGN)},
    ),
    Case(
        "API GET /api/feedback-stats",
        "GET",
        lambda w, t: f"/api/feedback-stats?unit={unit_of(w, t).code}",
        {"own": api(READ_OWN), "foreign": api(READ_FOREIGN)},
    ),
    Case(
        "API GET /api/feedback/{pk}",
        "GET",
        lambda w, t: f"/api/feedback/{_item(w, t).pk}",
        {"own": api(READ_OWN), "foreign": api(READ_FOREIGN)},
    ),
    Case(
        "API POST /api/feedback/{pk}/accept",
        "POST",
        lambda w, t: f"/api/feedback/{_item(w, t, fresh=True).pk}/accept",
        {"own": api(HANDLE_OWN), "foreign": api(HANDLE_FOREIGN)},
        body={"revision": 0},
        fmt="json",
    ),
    Case(
        "API POST /api/feedback/{pk}/forward",
        "POST",
        lambda w, t: f"/api/feedback/{_item(w, t, fresh=True).pk}/forward",
        {"own": api(HANDLE_OWN), "foreign": api(HANDLE_FOREIGN)},
        body=lambda w, t, p: {"revision": 0, "to_unit": _snv(w, t).code, "note": "Thuộc thẩm quyền của Sở"},
        fmt="json",
    ),
    Case(
        "API POST /api/feedback/{pk}/answer",
        "POST",
        lambda w, t: f"/api/feedback/{_item(w, t, fresh=True).pk}/answer",
        {"own": api(HANDLE_OWN), "foreign": api(HANDLE_FOREIGN)},
        body={"revision": 0, "text": "Đơn vị đã tiếp thu và khắc phục."},
        fmt="json",
    ),
]
