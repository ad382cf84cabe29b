"""Forms of the contest back office: a contest's settings, a round's times, a question of the bank."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from loa.core.catalogs import ReformArea

from .catalog import ContestKind, Prediction, RankKey
from .models import Question

BLUEPRINT_ROWS = 6
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%d/%m/%Y %H:%M", "%Y-%m-%d %H:%M"]
LETTERS = "ABCD"


def parse_tiers(text: str) -> list[dict[str, Any]]:
    """Lines "Giải Nhất: 1" → [{"label": "Giải Nhất", "count": 1}]; a line that is not one raises ValueError."""
    found = []
    for line in (text or "").splitlines():
        if not line.strip():
            continue
        label, sep, count = line.rpartition(":")
        if not sep or not label.strip() or not count.strip().isdigit():
            raise ValueError(line.strip())
        found.append({"label": label.strip(), "count": int(count.strip())})
    return found


def tiers_text(tiers: list[dict[str, Any]]) -> str:
    return "\n".join(f"{t['label']}: {t['count']}" for t in tiers)


def criteria_text(criteria: list[dict[str, Any]]) -> str:
    return "\n".join(f"{c['name']}: {c['max']}" for c in criteria)


class ContestForm(forms.Form):
    kind = forms.ChoiceField(label=_("Loại cuộc thi"), choices=ContestKind.choices)
    title = forms.CharField(label=_("Tên cuộc thi"), max_length=255)
    rules = forms.CharField(label=_("Thể lệ"), required=False, widget=forms.Textarea(attrs={"rows": 6}))
    attempts_per_round = forms.IntegerField(
        label=_("Số lượt thi tối đa mỗi vòng"), min_value=1, max_value=20, initial=1
    )
    time_limit = forms.IntegerField(label=_("Thời gian làm bài (phút)"), min_value=1, max_value=240, initial=10)
    prediction = forms.ChoiceField(
        label=_("Câu hỏi dự đoán"), required=False, choices=[("", _("Không có")), *Prediction.choices]
    )
    prizes = forms.CharField(
        label=_("Cơ cấu giải mỗi vòng (mỗi dòng: tên giải: số giải)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        initial="Giải Nhất: 1\nGiải Nhì: 2\nGiải Ba: 3\nGiải Khuyến khích: 5",
    )
    overall_prizes = forms.CharField(
        label=_("Cơ cấu giải chung cuộc (mỗi dòng: tên giải: số giải)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    criteria = forms.CharField(
        label=_("Phiếu chấm bài dự thi (mỗi dòng: tiêu chí: điểm tối đa)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        rank_choices = [("", _("(không dùng)")), *RankKey.choices]
        for i in range(1, len(RankKey.values) + 1):
            self.fields[f"rank_{i}"] = forms.ChoiceField(
                label=_("Tiêu chí xếp hạng thứ %(n)s") % {"n": i}, required=False, choices=rank_choices
            )
        area_choices = [("", _("Mọi lĩnh vực")), *ReformArea.choices]
        for i in range(BLUEPRINT_ROWS):
            self.fields[f"bp_area_{i}"] = forms.ChoiceField(label=_("Lĩnh vực"), required=False, choices=area_choices)
            self.fields[f"bp_topic_{i}"] = forms.CharField(label=_("Chủ đề"), required=False, max_length=120)
            self.fields[f"bp_count_{i}"] = forms.IntegerField(
                label=_("Số câu"), required=False, min_value=0, max_value=100
            )

    def blueprint_rows(self) -> list[tuple[Any, Any, Any]]:
        return [(self[f"bp_area_{i}"], self[f"bp_topic_{i}"], self[f"bp_count_{i}"]) for i in range(BLUEPRINT_ROWS)]

    def rank_fields(self) -> list[Any]:
        return [self[f"rank_{i}"] for i in range(1, len(RankKey.values) + 1)]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name in ("prizes", "overall_prizes"):
            try:
                data[name] = parse_tiers(data.get(name, ""))
            except ValueError as exc:
                self.add_error(name, _("Dòng “%(line)s” cần dạng “Tên giải: số giải”.") % {"line": exc})
        try:
            data["criteria"] = [{"name": c["label"], "max": c["count"]} for c in parse_tiers(data.get("criteria", ""))]
        except ValueError as exc:
            self.add_error("criteria", _("Dòng “%(line)s” cần dạng “Tiêu chí: điểm tối đa”.") % {"line": exc})
        data["blueprint"] = [
            {"area": data.get(f"bp_area_{i}") or "", "topic": data.get(f"bp_topic_{i}") or "", "count": count}
            for i in range(BLUEPRINT_ROWS)
            if (count := data.get(f"bp_count_{i}"))
        ]
        data["ranking"] = [v for i in range(1, len(RankKey.values) + 1) if (v := data.get(f"rank_{i}"))]
        return data


def contest_initial(contest: Any) -> dict[str, Any]:
    initial: dict[str, Any] = {
        "kind": contest.kind,
        "title": contest.title,
        "rules": contest.rules,
        "attempts_per_round": contest.attempts_per_round,
        "time_limit": max(1, contest.time_limit // 60),
        "prediction": contest.prediction,
        "prizes": tiers_text(contest.prizes),
        "overall_prizes": tiers_text(contest.overall_prizes),
        "criteria": criteria_text(contest.criteria),
    }
    for i, key in enumerate(contest.ranking, 1):
        initial[f"rank_{i}"] = key
    for i, line in enumerate(contest.blueprint[:BLUEPRINT_ROWS]):
        initial.update({f"bp_area_{i}": line["area"], f"bp_topic_{i}": line["topic"], f"bp_count_{i}": line["count"]})
    return initial


class RoundForm(forms.Form):
    opens_at = forms.DateTimeField(
        label=_("Mở lúc"), input_formats=DATETIME_FORMATS, widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    closes_at = forms.DateTimeField(
        label=_("Đóng lúc"),
        input_formats=DATETIME_FORMATS,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )


class QuestionForm(forms.Form):
    code = forms.CharField(label=_("Mã câu hỏi (để trống: Loa tự đánh số)"), required=False, max_length=30)
    area = forms.ChoiceField(label=_("Lĩnh vực CCHC"), choices=ReformArea.choices)
    topic = forms.CharField(label=_("Chủ đề"), required=False, max_length=120)
    text = forms.CharField(label=_("Nội dung câu hỏi"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)
    option_0 = forms.CharField(label=_("Phương án A"), max_length=500)
    option_1 = forms.CharField(label=_("Phương án B"), max_length=500)
    option_2 = forms.CharField(label=_("Phương án C"), max_length=500)
    option_3 = forms.CharField(label=_("Phương án D"), max_length=500)
    answer = forms.TypedChoiceField(
        label=_("Đáp án đúng"), coerce=int, choices=[(i, letter) for i, letter in enumerate(LETTERS)]
    )
    source = forms.CharField(label=_("Căn cứ pháp lý"), required=False, max_length=500)
    explanation = forms.CharField(label=_("Giải thích"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    active = forms.BooleanField(label=_("Đang dùng"), required=False, initial=True)


def question_initial(q: Question) -> dict[str, Any]:
    initial: dict[str, Any] = {
        "code": q.code,
        "area": q.area,
        "topic": q.topic,
        "text": q.text,
        "answer": q.answer,
        "source": q.source,
        "explanation": q.explanation,
        "active": q.active,
    }
    initial.update({f"option_{i}": o for i, o in enumerate(q.options)})
    return initial
