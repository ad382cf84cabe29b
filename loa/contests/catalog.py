"""The codes of a contest: its kind, its visibility, an attempt's state, the prediction question, the ranking keys."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from loa.core.labels import register_catalog


class ContestKind(models.TextChoices):
    QUIZ = "ct_quiz", _("Thi trắc nghiệm trực tuyến")
    ENTRIES = "ct_entries", _("Thi viết, sáng kiến, giải pháp, tiểu phẩm")


class ContestStatus(models.TextChoices):
    """Whether the public sees the contest: a draft is the organiser's alone; a closed contest stays readable."""

    DRAFT = "ct_draft", pgettext_lazy("contest", "Đang chuẩn bị")
    PUBLISHED = "ct_published", pgettext_lazy("contest", "Đã công bố")
    CLOSED = "ct_closed", pgettext_lazy("contest", "Đã kết thúc")


class AttemptStatus(models.TextChoices):
    OPEN = "att_open", _("Đang làm bài")
    DONE = "att_done", _("Đã nộp bài")
    LATE = "att_late", _("Quá thời gian, không tính")


class Prediction(models.TextChoices):
    """The optional prediction question and what its actual figure counts once the round closes."""

    PEOPLE = "pred_people", _("Dự đoán số người tham gia vòng thi")
    FULL_MARKS = "pred_full", _("Dự đoán số người đạt điểm tối đa")


class RankKey(models.TextChoices):
    """The links of a ranking chain, applied in the order the organiser sets (default: all four, in this order)."""

    SCORE = "rk_score", _("Điểm cao hơn")
    PREDICTION = "rk_prediction", _("Dự đoán gần đúng hơn")
    DURATION = "rk_duration", _("Thời gian làm bài ít hơn")
    SUBMITTED = "rk_submitted", _("Nộp bài sớm hơn")


DEFAULT_RANKING = [RankKey.SCORE.value, RankKey.PREDICTION.value, RankKey.DURATION.value, RankKey.SUBMITTED.value]


class Entrant(models.TextChoices):
    """Who submits an entry of a contest of entries."""

    PERSON = "by_person", _("Cá nhân")
    UNIT = "by_unit", _("Tập thể, đơn vị")


class ParticipantFlag(models.TextChoices):
    """Why a participant's identity looks like another one's in the same round (shown to the organiser)."""

    SAME_DEVICE = "dup_device", _("Cùng thiết bị với người dự thi khác trong vòng")
    SAME_NAME = "dup_name", _("Trùng họ tên và đơn vị với người dự thi khác trong vòng")


for _kind, _choices in (
    ("contest_kind", ContestKind),
    ("contest_status", ContestStatus),
    ("attempt_status", AttemptStatus),
    ("contest_prediction", Prediction),
    ("rank_key", RankKey),
    ("entrant", Entrant),
    ("participant_flag", ParticipantFlag),
):
    register_catalog(_kind, _choices)
