"""The codes of citizens' feedback (phản ánh, kiến nghị) about administrative procedures and CCHC."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from loa.core.labels import register_catalog


class FeedbackKind(models.TextChoices):
    ISSUE = "fb_issue", _("Phản ánh")
    PROPOSAL = "fb_proposal", _("Kiến nghị")


class FeedbackStatus(models.TextChoices):
    RECEIVED = "fb_received", pgettext_lazy("feedback", "Chờ xử lý")
    PROCESSING = "fb_processing", pgettext_lazy("feedback", "Đang xử lý")
    ANSWERED = "fb_answered", pgettext_lazy("feedback", "Đã trả lời")
    # A hidden field meant for robots was filled: kept, not routed, until a handler looks.
    SCREENED = "fb_screened", pgettext_lazy("feedback", "Nghi là thư rác")


OPEN = (FeedbackStatus.RECEIVED, FeedbackStatus.PROCESSING)


class EventKind(models.TextChoices):
    RECEIVED = "ev_received", _("Tiếp nhận")
    ACCEPTED = "ev_accepted", _("Nhận xử lý")
    FORWARDED = "ev_forwarded", _("Chuyển đơn vị có thẩm quyền")
    ANSWERED = "ev_answered", _("Trả lời")
    NOTE = "ev_note", _("Ghi chú nội bộ")
    RESTORED = "ev_restored", _("Khôi phục từ thư rác")
    ERASED = "ev_erased", _("Xóa thông tin liên hệ hết hạn lưu")


# What the citizen's tracking page shows of the history (internal notes are the handlers' own).
PUBLIC_EVENTS = (EventKind.RECEIVED, EventKind.ACCEPTED, EventKind.FORWARDED, EventKind.ANSWERED)

for _kind, _choices in (
    ("feedback_kind", FeedbackKind),
    ("feedback_status", FeedbackStatus),
    ("feedback_event", EventKind),
):
    register_catalog(_kind, _choices)
