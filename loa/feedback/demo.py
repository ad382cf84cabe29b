"""The demo's citizens' feedback: items of the first communes in each state (new, overdue, passed to the Sở Nội vụ
and being handled, answered and published, answered late and privately, one kept as suspected spam). Sent and
handled through the services; the older ones then carry their real dates (received weeks ago), as a demo must."""

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from loa.core.workdays import add_working_days
from loa.org.catalog import UnitType
from loa.org.models import OrgUnit
from loa.org.scope import SYSTEM

from . import services
from .catalog import EventKind
from .models import Feedback, FeedbackEvent
from .rules import DEFAULTS

ITEMS = [
    # (commune index, days ago, subject, content, what then happens)
    (
        0,
        1,
        "Niêm yết thủ tục chưa cập nhật",
        "Bảng niêm yết tại Bộ phận Một cửa vẫn ghi lệ phí cũ của thủ tục đăng ký kết hôn.",
        "new",
    ),
    (
        0,
        30,
        "Chậm trả kết quả chứng thực",
        "Hồ sơ chứng thực nộp từ đầu tháng đến nay chưa có kết quả, không được báo lý do.",
        "overdue",
    ),
    (
        0,
        6,
        "Đề nghị thêm quầy thu phí không dùng tiền mặt",
        "Đề nghị bố trí máy quét mã thanh toán tại quầy thu phí để người dân không phải mang tiền mặt.",
        "forwarded",
    ),
    (
        1,
        12,
        "Cán bộ hướng dẫn tận tình",
        "Tôi đề nghị biểu dương công chức tư pháp đã hướng dẫn tôi làm hồ sơ khai sinh nhanh, đúng quy định.",
        "answered",
    ),
    (
        0,
        40,
        "Khó nộp hồ sơ trực tuyến",
        "Trang dịch vụ công báo lỗi khi tải tệp đính kèm, tôi phải lên xã nộp trực tiếp.",
        "late",
    ),
    (1, 2, "Quảng cáo", "Mua bán hàng giá rẻ liên hệ ngay số điện thoại trên trang.", "spam"),
]


def build_feedback_demo(province: OrgUnit, *, today: date | None = None) -> int:
    """The items (none when the province already has some); how many were made."""
    today = today or timezone.localdate()
    communes = list(OrgUnit.objects.filter(parent=province, unit_type=UnitType.UBND_XA).order_by("code")[:2])
    snv = OrgUnit.objects.filter(parent=province, unit_type=UnitType.SO_NOI_VU).first()
    if len(communes) < 2 or snv is None or Feedback.objects.filter(addressed_to__in=communes).exists():
        return 0
    for index, days_ago, subject, content, fate in ITEMS:
        data = services.FeedbackInput(
            unit=communes[index],
            kind="fb_proposal" if "Đề nghị" in subject else "fb_issue",
            subject=subject,
            content=content,
            name="Người dân (demo)",
            phone="0900000000",
            consent_publish=fate == "answered",
        )
        item = services.submit_public(data=data, address=None, honeypot="spam" if fate == "spam" else "")
        received = today - timedelta(days=days_ago)
        Feedback.objects.filter(pk=item.pk).update(
            received_on=received,
            arrived_on=received,
            forward_by=add_working_days(received, DEFAULTS.forward_days),
            answer_by=add_working_days(received, DEFAULTS.answer_days),
        )
        item.refresh_from_db()
        if fate == "forwarded":
            item = services.forward(
                actor=SYSTEM,
                item=item,
                to_unit=snv,
                note="Việc bố trí thiết bị thanh toán thuộc thẩm quyền cấp tỉnh.",
                revision=item.revision,
            )
            item = services.accept(actor=SYSTEM, item=item, revision=item.revision)
        elif fate in ("answered", "late"):
            item = services.accept(actor=SYSTEM, item=item, revision=item.revision)
            text = (
                "UBND phường cảm ơn ý kiến của Ông/Bà và đã biểu dương công chức trong buổi giao ban."
                if fate == "answered"
                else "Cổng dịch vụ công đã khắc phục lỗi tải tệp; xin lỗi Ông/Bà vì sự bất tiện."
            )
            item = services.answer(
                actor=SYSTEM, item=item, text=text, publish=fate == "answered", revision=item.revision
            )
            answered = today - timedelta(days=days_ago // 2) if fate == "answered" else today - timedelta(days=2)
            Feedback.objects.filter(pk=item.pk).update(answered_on=answered)
            _dated(item, EventKind.ACCEPTED, received + timedelta(days=1))
            _dated(item, EventKind.ANSWERED, answered)
        _dated(item, EventKind.RECEIVED, received)
    return len(ITEMS)


def _dated(item: Feedback, kind: str, day: date) -> None:
    """A step of the demo's history at its day (the services stamp the time they ran)."""
    moment = timezone.make_aware(datetime.combine(day, time(9, 30)))
    FeedbackEvent.objects.filter(feedback=item, kind=kind).update(at=moment)
