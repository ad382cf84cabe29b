"""Knowledge contests on administrative reform (issue 21 items 2–6): the question bank, contests and their rounds,
participants and their attempts, entries and judges' scores, and the activities a round's participation became."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from loa.core.catalogs import ReformArea
from loa.org.models import OrgUnit

from .catalog import AttemptStatus, ContestKind, ContestStatus, Entrant, ParticipantFlag, Prediction

OPTION_COUNT = 4


class Question(models.Model):
    """A question of a unit's bank: four options and one right answer, with its legal source and an explanation.
    A province's banks serve all its units (as survey questionnaires do). Retired questions are never drawn again but
    stay, because attempts name the questions they drew."""

    owner = models.ForeignKey(OrgUnit, verbose_name=_("đơn vị quản lý"), on_delete=models.PROTECT, related_name="+")
    code = models.CharField(_("mã câu hỏi"), max_length=30)
    area = models.CharField(_("lĩnh vực CCHC"), max_length=20, choices=ReformArea.choices)
    topic = models.CharField(_("chủ đề"), max_length=120, blank=True)
    text = models.TextField(_("nội dung câu hỏi"))
    options = models.JSONField(_("các phương án"))  # four strings, in the order written
    answer = models.PositiveSmallIntegerField(_("đáp án đúng"))  # 0..3: the index of the right option
    source = models.CharField(_("căn cứ pháp lý"), max_length=500, blank=True)
    explanation = models.TextField(_("giải thích"), blank=True)
    active = models.BooleanField(_("đang dùng"), default=True)
    revision = models.PositiveIntegerField(_("lần sửa"), default=0)
    search_text = models.TextField(editable=False, default="")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["search_text", "updated_at"])

    class Meta:
        verbose_name = _("câu hỏi")
        verbose_name_plural = _("ngân hàng câu hỏi")
        ordering = ["owner", "code"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "code"], name="question_owner_code"),
            models.CheckConstraint(condition=Q(answer__lt=OPTION_COUNT), name="question_answer_index"),
        ]
        indexes = [models.Index(fields=["owner", "active", "area"], name="question_draw")]

    def __str__(self) -> str:
        return self.code


class Contest(models.Model):
    """A contest run by a unit: a quiz in rounds, or a call for entries judged on a criteria sheet."""

    unit = models.ForeignKey(OrgUnit, verbose_name=_("đơn vị tổ chức"), on_delete=models.PROTECT, related_name="+")
    # The public address's part (/cuoc-thi/<code>/): random, so drafts cannot be found by guessing numbers.
    code = models.CharField(_("mã đường dẫn"), max_length=16, unique=True)
    kind = models.CharField(_("loại cuộc thi"), max_length=12, choices=ContestKind.choices)
    title = models.CharField(_("tên cuộc thi"), max_length=255)
    rules = models.TextField(_("thể lệ"), blank=True)
    status = models.CharField(
        _("tình trạng"), max_length=14, choices=ContestStatus.choices, default=ContestStatus.DRAFT
    )
    # Quiz settings.
    attempts_per_round = models.PositiveSmallIntegerField(_("số lượt thi tối đa mỗi vòng"), default=1)
    time_limit = models.PositiveIntegerField(_("thời gian làm bài (giây)"), default=600)
    blueprint = models.JSONField(_("cơ cấu đề thi"), default=list, blank=True)  # [{"area", "topic", "count"}]
    prediction = models.CharField(_("câu hỏi dự đoán"), max_length=12, choices=Prediction.choices, blank=True)
    ranking = models.JSONField(_("thứ tự xếp hạng"), default=list, blank=True)  # RankKey codes
    prizes = models.JSONField(_("cơ cấu giải mỗi vòng"), default=list, blank=True)  # [{"label", "count"}]
    overall_prizes = models.JSONField(_("cơ cấu giải chung cuộc"), default=list, blank=True)
    # Contest of entries settings.
    criteria = models.JSONField(_("phiếu chấm"), default=list, blank=True)  # [{"name", "max"}]
    judges = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name=_("giám khảo"), blank=True, related_name="+")
    revision = models.PositiveIntegerField(_("lần sửa"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    history = HistoricalRecords(m2m_fields=[judges])

    class Meta:
        verbose_name = _("cuộc thi")
        verbose_name_plural = _("cuộc thi")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title


class Round(models.Model):
    """A round of a contest with its opening and closing times (a contest of entries has one: the call). Finishing
    it freezes the prediction's actual figure and records each unit's participation as an activity."""

    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="rounds")
    number = models.PositiveSmallIntegerField(_("vòng số"))
    opens_at = models.DateTimeField(_("mở lúc"))
    closes_at = models.DateTimeField(_("đóng lúc"))
    actual = models.PositiveIntegerField(_("con số thực tế của câu dự đoán"), null=True, blank=True)
    finished_at = models.DateTimeField(_("tổng kết lúc"), null=True, blank=True)
    revision = models.PositiveIntegerField(_("lần sửa"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("vòng thi")
        verbose_name_plural = _("vòng thi")
        ordering = ["contest", "number"]
        constraints = [
            models.UniqueConstraint(fields=["contest", "number"], name="round_contest_number"),
            models.CheckConstraint(condition=Q(closes_at__gt=models.F("opens_at")), name="round_times_order"),
        ]

    def __str__(self) -> str:
        return f"{self.contest_id} #{self.number}"


class Participant(models.Model):
    """One person's identity in one round: name, unit and phone (the phone is who they are: one per round)."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="participants")
    name = models.CharField(_("họ và tên"), max_length=120)
    unit = models.ForeignKey(OrgUnit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="+")
    unit_path = models.CharField(max_length=700, editable=False)
    phone = models.CharField(_("điện thoại"), max_length=15)  # digits only, 0xxxxxxxxx
    name_key = models.CharField(max_length=120, editable=False)  # folded name: duplicates by name and unit
    device = models.CharField(max_length=64, blank=True)  # keyed hash of the browser's cookie
    flag = models.CharField(_("nghi trùng"), max_length=12, choices=ParticipantFlag.choices, blank=True)
    excluded = models.BooleanField(_("loại khỏi xếp hạng"), default=False)
    created_at = models.DateTimeField(_("đăng ký lúc"), auto_now_add=True)

    history = HistoricalRecords(excluded_fields=["phone", "device"])

    class Meta:
        verbose_name = _("người dự thi")
        verbose_name_plural = _("người dự thi")
        ordering = ["round", "pk"]
        constraints = [models.UniqueConstraint(fields=["round", "phone"], name="participant_round_phone")]
        indexes = [
            models.Index(fields=["round", "unit_path"], name="participant_round_path"),
            models.Index(fields=["round", "name_key", "unit"], name="participant_round_name"),
        ]

    def __str__(self) -> str:
        return self.name


class Attempt(models.Model):
    """One attempt: the questions drawn (with each one's option order), the answers, the score and the times.
    `deadline` is the server's: answers sent after it are refused and the attempt closes without a score."""

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="attempts")
    number = models.PositiveSmallIntegerField(_("lượt thi"))
    token = models.CharField(max_length=32, unique=True)  # the attempt's address: a secret of the person taking it
    drawn = models.JSONField()  # [{"q": question id, "order": [original option indices as shown]}]
    answers = models.JSONField(default=dict, blank=True)  # {question id: chosen original option index}
    prediction = models.PositiveIntegerField(_("con số dự đoán"), null=True, blank=True)
    score = models.PositiveSmallIntegerField(_("số câu đúng"), default=0)
    max_score = models.PositiveSmallIntegerField(_("số câu"))
    status = models.CharField(_("tình trạng"), max_length=10, choices=AttemptStatus.choices, default=AttemptStatus.OPEN)
    started_at = models.DateTimeField(_("bắt đầu lúc"))
    deadline = models.DateTimeField(_("hạn nộp bài"))
    submitted_at = models.DateTimeField(_("nộp bài lúc"), null=True, blank=True)
    duration_ms = models.PositiveIntegerField(_("thời gian làm bài (ms)"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("lượt thi")
        verbose_name_plural = _("lượt thi")
        ordering = ["participant", "number"]
        constraints = [models.UniqueConstraint(fields=["participant", "number"], name="attempt_participant_number")]
        indexes = [models.Index(fields=["status", "score"], name="attempt_status_score")]

    def __str__(self) -> str:
        return f"{self.participant_id}/{self.number}"


class Entry(models.Model):
    """An entry of a contest of entries, by a person or a unit, with its files."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="entries")
    code = models.CharField(_("mã bài dự thi"), max_length=16, unique=True)
    entrant = models.CharField(_("người dự thi là"), max_length=10, choices=Entrant.choices)
    author = models.CharField(_("tác giả hoặc tập thể"), max_length=255)
    unit = models.ForeignKey(OrgUnit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="+")
    unit_path = models.CharField(max_length=700, editable=False)
    phone = models.CharField(_("điện thoại"), max_length=15)
    title = models.CharField(_("tên bài dự thi"), max_length=255)
    summary = models.TextField(_("tóm tắt"), blank=True)
    excluded = models.BooleanField(_("loại khỏi xếp hạng"), default=False)
    submitted_at = models.DateTimeField(_("nộp lúc"), auto_now_add=True)

    history = HistoricalRecords(excluded_fields=["phone"])

    class Meta:
        verbose_name = _("bài dự thi")
        verbose_name_plural = _("bài dự thi")
        ordering = ["round", "pk"]
        indexes = [models.Index(fields=["round", "unit_path"], name="entry_round_path")]

    def __str__(self) -> str:
        return self.code


def entry_file_path(instance: "EntryFile", filename: str) -> str:
    """Stored name chosen by Loa, never by the sender: contests/2026/<random>.pdf."""
    import uuid

    from django.utils import timezone

    return f"contests/{timezone.localdate():%Y}/{uuid.uuid4().hex}.{instance.kind}"


class EntryFile(models.Model):
    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(upload_to=entry_file_path, max_length=200)
    name = models.CharField(_("tên tệp"), max_length=255)
    kind = models.CharField(_("loại tệp"), max_length=5)
    size = models.PositiveBigIntegerField(_("dung lượng (byte)"))
    sha256 = models.CharField(max_length=64)

    class Meta:
        ordering = ["entry", "pk"]

    def __str__(self) -> str:
        return self.name


class Score(models.Model):
    """One judge's sheet for one entry: points per criterion. A judge sees only their own sheets."""

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="scores")
    judge = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    points = models.JSONField(_("điểm theo tiêu chí"))  # [points of criterion 0, 1, …]
    total = models.DecimalField(_("tổng điểm"), max_digits=7, decimal_places=2)
    comment = models.TextField(_("nhận xét"), blank=True)
    revision = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("phiếu chấm")
        verbose_name_plural = _("phiếu chấm")
        constraints = [models.UniqueConstraint(fields=["entry", "judge"], name="score_entry_judge")]

    def __str__(self) -> str:
        return f"{self.entry_id}/{self.judge_id}"


class RoundActivity(models.Model):
    """The activity a unit's participation in a finished round became (or the organiser's for running it): recorded
    once, so finishing a round again changes the figure in place instead of adding a second activity."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+")
    organiser = models.BooleanField(default=False)
    activity = models.ForeignKey("activity.Activity", on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["round", "unit", "organiser"], name="round_activity_unit"),
        ]

    def __str__(self) -> str:
        return f"{self.round_id}/{self.unit_id}"
