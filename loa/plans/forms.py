"""Forms of the plan editor: the general part, and one row form per table-like section.

Row sections (contents, forms, objectives, responsibilities, tasks) are Django formsets. Row actions
(add, move, duplicate, remove) work on the submitted values without saving, so the editor keeps what
the officer typed; only "Lưu" writes, through the services.
"""

from typing import Any

from django import forms
from django.http import QueryDict
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from loa.channels.catalog import MEASURES
from loa.core.catalogs import Audience, Channel, Index, ReformArea
from loa.core.form_fields import DATE_INPUT_FORMATS, DMY_DATE
from loa.org.catalog import DEPARTMENT_TYPES, UnitType
from loa.org.models import OrgUnit

from .assignment import group_contains, group_label
from .catalog import Frequency, LeadGroup, SignMode
from .models import Plan

TEXTAREA = {"rows": 2}
# A unit or several values per cell: a plain select, which `loa/picker.js` turns into a searchable list of radio
# buttons or checkboxes (diacritics optional); without the script the select works as it is.
PICKER_ONE = {"class": "picker", "data-search": _("Tìm (gõ không dấu cũng được)"), "data-empty": "—"}
PICKER = {**PICKER_ONE, "size": 4}


def _blank(label: Any) -> list[tuple[str, Any]]:
    return [("", label)]


def plan_choice_label(plan: Plan) -> str:
    return f"{plan.number_symbol} — {plan.issuer.name} — {plan.title}"


class PlanCreateForm(forms.Form):
    issuer = forms.ModelChoiceField(label=_("Đơn vị ban hành"), queryset=OrgUnit.objects.none())
    year = forms.IntegerField(label=_("Năm thực hiện"), min_value=2000, max_value=2100)
    parent = forms.ModelChoiceField(
        label=_("Thực hiện kế hoạch cấp trên"), queryset=Plan.objects.none(), required=False
    )

    def __init__(self, *args: Any, issuers: Any, parents: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["issuer"].queryset = issuers  # type: ignore[attr-defined]
        self.fields["parent"].queryset = parents  # type: ignore[attr-defined]
        self.fields["parent"].label_from_instance = plan_choice_label  # type: ignore[attr-defined]


class PlanGeneralForm(forms.Form):
    # The plan's revision when the editor was opened, sent back with every save (a stale one is a conflict).
    revision = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)
    title = forms.CharField(label=_("Trích yếu"), max_length=500, widget=forms.TextInput(attrs={"size": 80}))
    symbol = forms.CharField(label=_("Ký hiệu"), max_length=40)
    place = forms.CharField(label=_("Địa danh"), max_length=120)
    parent = forms.ModelChoiceField(
        label=_("Thực hiện kế hoạch cấp trên"), queryset=Plan.objects.none(), required=False
    )
    opening = forms.CharField(label=_("Lời mở đầu"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    bases_text = forms.CharField(
        label=_("Căn cứ, văn bản thực hiện (mỗi dòng một văn bản)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Ví dụ: Căn cứ Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ ban hành Chương trình…"),
    )
    purposes = forms.CharField(
        label=_("Mục đích (mỗi dòng một ý)"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    requirements = forms.CharField(
        label=_("Yêu cầu (mỗi dòng một ý)"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    audiences = forms.MultipleChoiceField(
        label=_("Đối tượng tuyên truyền"), choices=Audience.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    recipients = forms.CharField(
        label=_("Nơi nhận (mỗi dòng một nơi)"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    closing = forms.CharField(label=_("Lời kết"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    sign_on_behalf = forms.CharField(label=_("Thay mặt (TM.)"), max_length=120, required=False)
    sign_mode = forms.ChoiceField(label=_("Hình thức ký"), choices=SignMode.choices, required=False)
    sign_for_title = forms.CharField(label=_("Chức danh người đứng đầu"), max_length=120, required=False)
    signer_title = forms.CharField(label=_("Chức danh người ký"), max_length=120, required=False)
    signer_name = forms.CharField(label=_("Họ tên người ký"), max_length=120, required=False)

    def __init__(self, *args: Any, parents: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = parents  # type: ignore[attr-defined]
        self.fields["parent"].label_from_instance = plan_choice_label  # type: ignore[attr-defined]


class ContentRowForm(forms.Form):
    text = forms.CharField(label=_("Nội dung"), required=False, widget=forms.Textarea(attrs=TEXTAREA))
    reform_area = forms.ChoiceField(label=_("Lĩnh vực"), choices=_blank("—") + ReformArea.choices, required=False)
    index = forms.MultipleChoiceField(
        label=_("Chỉ số"), choices=Index.choices, required=False, widget=forms.SelectMultiple(attrs={"size": 3})
    )


class FormRowForm(forms.Form):
    channel = forms.ChoiceField(label=_("Hình thức"), choices=_blank("—") + Channel.choices, required=False)
    text = forms.CharField(label=_("Mô tả"), required=False, widget=forms.Textarea(attrs=TEXTAREA))


class ObjectiveRowForm(forms.Form):
    metric = forms.CharField(label=_("Chỉ tiêu"), required=False, max_length=300)
    target = forms.CharField(label=_("Giá trị"), required=False, max_length=20)
    unit = forms.CharField(label=_("Đơn vị tính"), required=False, max_length=40)
    scope = forms.CharField(label=_("Phạm vi"), required=False, max_length=200)
    index = forms.ChoiceField(label=_("Đo bằng chỉ số"), required=False, choices=[("", "—"), *Index.choices])
    measure = forms.ChoiceField(
        label=_("Tính từ sổ kênh"),
        required=False,
        choices=[("", "—"), *((code, m.label) for code, m in MEASURES.items())],
    )


class ResponsibilityRowForm(forms.Form):
    unit = forms.ChoiceField(label=_("Đơn vị"), choices=[], required=False, widget=forms.Select(attrs=PICKER_ONE))
    label = forms.CharField(label=_("Tên đơn vị, nhóm đơn vị"), required=False, max_length=200)
    duties = forms.CharField(
        label=_("Nhiệm vụ (mỗi dòng một ý)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    request = forms.BooleanField(label=_("Đề nghị"), required=False)

    def __init__(self, *args: Any, unit_choices: list[Any] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = _blank("—") + (unit_choices or [])  # type: ignore[attr-defined]


class TaskRowForm(forms.Form):
    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    title = forms.CharField(label=_("Nhiệm vụ"), required=False, widget=forms.Textarea(attrs=TEXTAREA))
    reform_area = forms.ChoiceField(label=_("Lĩnh vực"), choices=_blank("—") + ReformArea.choices, required=False)
    channels = forms.MultipleChoiceField(
        label=_("Hình thức"), choices=Channel.choices, required=False, widget=forms.SelectMultiple(attrs=PICKER)
    )
    audiences = forms.MultipleChoiceField(
        label=pgettext_lazy("plan section", "Đối tượng"),
        choices=Audience.choices,
        required=False,
        widget=forms.SelectMultiple(attrs=PICKER),
    )
    leads = forms.MultipleChoiceField(
        label=_("Cơ quan chủ trì"), choices=[], required=False, widget=forms.SelectMultiple(attrs=PICKER)
    )
    coordinating = forms.MultipleChoiceField(
        label=_("Cơ quan phối hợp"), choices=[], required=False, widget=forms.SelectMultiple(attrs=PICKER)
    )
    coordinating_note = forms.CharField(label=_("Phối hợp (ghi thêm)"), required=False, max_length=255)
    deadline = forms.DateField(
        label=_("Thời hạn"),
        required=False,
        input_formats=DATE_INPUT_FORMATS,
        widget=DMY_DATE,
        help_text=_("Để trống với nhiệm vụ thường xuyên, hằng tháng, hằng quý."),
    )
    frequency = forms.ChoiceField(label=_("Tần suất"), choices=Frequency.choices, required=False)
    product = forms.CharField(label=_("Sản phẩm"), required=False, max_length=255)
    quantity = forms.CharField(label=_("Chỉ tiêu"), required=False, max_length=20)
    measure = forms.CharField(label=_("Đơn vị tính"), required=False, max_length=40)
    note = forms.CharField(label=_("Ghi chú"), required=False, max_length=255)

    def __init__(self, *args: Any, lead_choices: list[Any] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = lead_choices or []
        self.fields["leads"].choices = choices  # type: ignore[attr-defined]
        # Coordinating units are units: the groups are for leading, not for coordinating.
        self.fields["coordinating"].choices = [  # type: ignore[attr-defined]
            (group, [(value[2:], label) for value, label in options if value.startswith("u:")])
            for group, options in choices
            if any(value.startswith("u:") for value, _label in options)
        ]


ROW_SECTIONS: dict[str, type[forms.Form]] = {
    "contents": ContentRowForm,
    "forms": FormRowForm,
    "objectives": ObjectiveRowForm,
    "responsibilities": ResponsibilityRowForm,
    "tasks": TaskRowForm,
}


def formset_class(prefix: str) -> Any:
    return forms.formset_factory(ROW_SECTIONS[prefix], extra=0, max_num=500, absolute_max=500)


def lead_choices(issuer: OrgUnit, units: list[OrgUnit]) -> list[Any]:
    """Lead groups, then the units grouped as officers look for them: sở/ban/ngành, xã/phường, the press, others."""
    # Only the groups the issuer has units in, named as its plan writes them ("UBND các xã, phường").
    in_vietnamese = (get_language() or "vi").startswith("vi")
    groups = [
        (f"g:{g.value}", group_label(issuer, g.value) if in_vietnamese else g.label)
        for g in LeadGroup
        if any(group_contains(issuer, g.value, unit) for unit in units)
    ]
    by_kind: dict[str, list[tuple[str, str]]] = {kind: [] for kind in UNIT_KINDS}
    for unit in units:
        by_kind["own" if unit.pk == issuer.pk else unit_kind(unit)].append((f"u:{unit.code}", unit.name))
    kinds = [(UNIT_KINDS[k], options) for k, options in by_kind.items() if options]
    return [(_("Nhóm đơn vị"), groups), *kinds] if groups else kinds


UNIT_KINDS = {
    "own": _("Đơn vị ban hành"),
    "departments": _("Sở, ban, ngành"),
    "communes": _("Xã, phường, đặc khu"),
    "press": _("Báo chí, phát thanh, truyền hình, cổng thông tin"),
    "sections": _("Phòng, ban, bộ phận"),
    "others": _("Cơ quan, đơn vị khác"),
}
_PRESS = frozenset({UnitType.BAO, UnitType.DAI_PT_TH, UnitType.CONG_TTDT})


def unit_kind(unit: OrgUnit) -> str:
    if unit.unit_type in DEPARTMENT_TYPES:
        return "departments"
    if unit.unit_type == UnitType.UBND_XA:
        return "communes"
    if unit.unit_type in _PRESS:
        return "press"
    if unit.unit_type in {UnitType.PHONG_XA, UnitType.TRUNG_TAM_PVHCC}:
        return "sections"
    return "others"


def raw_rows(data: QueryDict, prefix: str) -> list[dict[str, Any]]:
    """Rows of a formset exactly as submitted, in order; multi-valued fields stay lists."""
    try:
        total = min(int(data.get(f"{prefix}-TOTAL_FORMS", "0")), 500)
    except ValueError:
        total = 0
    fields = ROW_SECTIONS[prefix].base_fields
    rows = []
    for i in range(total):
        row: dict[str, Any] = {}
        for name, field in fields.items():
            key = f"{prefix}-{i}-{name}"
            if isinstance(field, forms.MultipleChoiceField):
                row[name] = data.getlist(key)
            elif isinstance(field, forms.BooleanField):
                row[name] = data.get(key) in {"on", "true", "1"}
            else:
                row[name] = data.get(key, "")
        rows.append(row)
    return rows


def apply_row_action(rows: list[dict[str, Any]], op: str, index: int) -> list[dict[str, Any]]:
    """add / up / down / dup / del on a list of rows (an out-of-range index changes nothing)."""
    rows = list(rows)
    if op == "add":
        rows.append({})
    elif 0 <= index < len(rows):
        if op == "del":
            rows.pop(index)
        elif op == "dup":
            copy = dict(rows[index])
            copy.pop("id", None)  # the copy is a new task
            rows.insert(index + 1, copy)
        elif op == "up" and index > 0:
            rows[index - 1], rows[index] = rows[index], rows[index - 1]
        elif op == "down" and index < len(rows) - 1:
            rows[index + 1], rows[index] = rows[index], rows[index + 1]
    return rows


class IssueForm(forms.Form):
    number = forms.IntegerField(label=_("Số văn bản"), min_value=1, max_value=99999, required=False)
    issued_on = forms.DateField(
        label=_("Ngày ban hành"), required=False, input_formats=DATE_INPUT_FORMATS, widget=DMY_DATE
    )
    signer_title = forms.CharField(label=_("Chức danh người ký"), max_length=120, required=False)
    signer_name = forms.CharField(label=_("Họ tên người ký"), max_length=120, required=False)


class CascadeForm(forms.Form):
    target = forms.CharField(required=False)
    all_units = forms.BooleanField(required=False)
