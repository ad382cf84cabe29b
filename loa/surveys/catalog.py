"""The codes of a survey: where an answer came from, the kinds of question, the respondent's choices, the scales."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from loa.core.labels import register_catalog

# "Không trả lời": a question the respondent skipped or declined. Stored as 0, never counted as a valid answer.
NO_ANSWER = 0
SCALE = (1, 2, 3, 4, 5)


class Source(models.TextChoices):
    """How an answer reached Loa (issue 20: giấy / QR / web / điện thoại); paper and telephone are typed by staff."""

    QR = "via_qr", _("Quét mã QR tại nơi giải quyết")
    WEB = "via_web", _("Đường dẫn trên trang thông tin")
    PAPER = "via_paper", _("Phiếu giấy (cán bộ nhập)")
    PHONE = "via_phone", _("Hỏi qua điện thoại (cán bộ nhập)")
    FIELD = "via_field", _("Phiếu điện tử thu ngoài thực địa (KoboToolbox, ODK)")


STAFF_SOURCES = (Source.PAPER, Source.PHONE)
ONLINE_SOURCES = (Source.QR, Source.WEB)  # citizens answering themselves, through the public pages


class ItemKind(models.TextChoices):
    PERCEPTION = "nhan_dinh", _("Nhận định")
    SATISFACTION = "hai_long", _("Hài lòng")
    EXPECTATION = "mong_doi", _("Mong đợi")
    OVERALL = "danh_gia_chung", _("Đánh giá chung")


class SurveyStatus(models.TextChoices):
    DRAFT = "survey_draft", pgettext_lazy("survey", "Đang chuẩn bị")
    OPEN = "survey_open", pgettext_lazy("survey", "Đang thu phiếu")
    CLOSED = "survey_closed", pgettext_lazy("survey", "Đã kết thúc")


class ResponseStatus(models.TextChoices):
    """An answer counts unless something about it looked wrong; then it waits for a person, and is never dropped."""

    COUNTED = "in_tally", _("Được tính")
    FLAGGED = "flagged", _("Cần xem xét")
    REJECTED = "rejected", _("Không tính")


class AgeBand(models.TextChoices):
    UNDER_25 = "age_under_25", _("Dưới 25 tuổi")
    FROM_25 = "age_25_34", _("Từ 25 đến 34 tuổi")
    FROM_35 = "age_35_49", _("Từ 35 đến 49 tuổi")
    FROM_50 = "age_50_64", _("Từ 50 đến 64 tuổi")
    FROM_65 = "age_65_up", _("Từ 65 tuổi trở lên")


class Gender(models.TextChoices):
    MALE = "male", _("Nam")
    FEMALE = "female", _("Nữ")
    OTHER = "other_gender", _("Khác")


class Flag(models.TextChoices):
    """Why an answer waits for review (shown to the coordinator beside it)."""

    HONEYPOT = "honeypot", _("Ô ẩn dành cho máy tự động đã bị điền")
    DEVICE = "device", _("Cùng một thiết bị đã trả lời khảo sát này trong 24 giờ qua")
    BURST = "burst", _("Quá nhiều phiếu tại cùng một điểm trong thời gian ngắn")
    TOO_FAST = "too_fast", _("Phiếu được gửi quá nhanh sau khi mở trang")
    NO_FORM = "no_form", _("Phiếu không được gửi từ trang khảo sát (thiếu hoặc sai mã của trang)")


RESPONDENT_LABELS = {
    "age_band": _("Nhóm tuổi"),
    "gender": _("Giới tính"),
    "service": _("Thủ tục hành chính đã thực hiện"),
    "dossier_code": _("Mã hồ sơ"),
}

for _kind, _choices in (
    ("survey_source", Source),
    ("survey_item_kind", ItemKind),
    ("survey_status", SurveyStatus),
    ("survey_response_status", ResponseStatus),
    ("survey_flag", Flag),
    ("age_band", AgeBand),
    ("gender", Gender),
):
    register_catalog(_kind, _choices)
