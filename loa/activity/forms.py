"""The quick activity form. Numbers are taken as typed ("1,5", "1.200") and checked by the service,
so the form, the API and the import give the same Vietnamese reasons."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from loa.core.catalogs import Audience, Channel, Index, ReformArea
from loa.core.uploads import XlsxImportForm
from loa.org.models import OrgUnit

from .measures import MEASURES
from .models import ActivityStatus
from .validation import ActivityInput


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data: Any, initial: Any = None) -> Any:
        if isinstance(data, (list, tuple)):
            return [super(MultipleFileField, self).clean(d, initial) for d in data]
        return [super().clean(data, initial)] if data else []


class ActivityForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Đơn vị thực hiện"), queryset=OrgUnit.objects.none(), empty_label=None)
    date = forms.DateField(
        label=_("Ngày"), widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"})
    )
    end_date = forms.DateField(
        label=_("Đến ngày (nếu kéo dài nhiều ngày)"),
        required=False,
        widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"}),
    )
    channel = forms.ChoiceField(label=_("Hình thức"), choices=Channel.choices)
    title = forms.CharField(
        label=_("Tiêu đề"), max_length=500, widget=forms.TextInput(attrs={"autofocus": True, "maxlength": 500})
    )
    reform_areas = forms.MultipleChoiceField(
        label=_("Lĩnh vực CCHC"), choices=ReformArea.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    quantity = forms.CharField(label=_("Số lượng"), initial="1", widget=forms.TextInput(attrs={"inputmode": "decimal"}))
    measure = forms.CharField(
        label=_("Đơn vị tính"), max_length=40, required=False, widget=forms.TextInput(attrs={"list": "measures"})
    )
    reached = forms.CharField(
        label=_("Số người được tiếp cận"), required=False, widget=forms.TextInput(attrs={"inputmode": "numeric"})
    )
    participants = forms.CharField(
        label=_("Số người tham dự"), required=False, widget=forms.TextInput(attrs={"inputmode": "numeric"})
    )
    audience = forms.ChoiceField(label=_("Đối tượng"), choices=[("", "—"), *Audience.choices], required=False)
    url = forms.CharField(
        label=_("Đường dẫn"), max_length=500, required=False, widget=forms.URLInput(attrs={"placeholder": "https://"})
    )
    outlet = forms.ChoiceField(
        label=_("Kênh đã dùng (trong sổ kênh của đơn vị)"),
        required=False,
        choices=[],
        help_text=_("Trang, tài khoản hoặc hệ thống của đơn vị mà hoạt động được đăng, phát."),
    )
    tasks = forms.MultipleChoiceField(
        label=_("Thực hiện nhiệm vụ"), choices=[], required=False, widget=forms.CheckboxSelectMultiple
    )
    description = forms.CharField(label=_("Mô tả"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    indices = forms.MultipleChoiceField(
        label=_("Chỉ số liên quan"), choices=Index.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    cost = forms.CharField(
        label=_("Kinh phí (đồng)"), required=False, widget=forms.TextInput(attrs={"inputmode": "numeric"})
    )
    # The revision the edit form was opened on (empty in the new-activity form): a save over a newer one is refused.
    revision = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    draft = forms.BooleanField(label=_("Lưu nháp (chưa tính vào tiến độ và báo cáo)"), required=False)
    evidence = MultipleFileField(
        label=_("Tệp minh chứng (PDF, ảnh, Word, Excel)"),
        required=False,
        widget=MultipleFileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg,.gif,.webp,.docx,.xlsx,.pptx"}),
    )

    def __init__(
        self,
        *args: Any,
        units: Any,
        tasks: list[tuple[int, str]],
        outlets: list[tuple[int, str]] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]
        self.fields["tasks"].choices = [(str(pk), label) for pk, label in tasks]  # type: ignore[attr-defined]
        if outlets:
            choices = [("", "—"), *((str(pk), label) for pk, label in outlets)]
            self.fields["outlet"].choices = choices  # type: ignore[attr-defined]
        else:
            del self.fields["outlet"]  # nothing in the unit's registry: no field to leave empty
        # The form's script fills the unit of measure when the channel changes.
        self.fields["channel"].widget.attrs.update(
            {"data-measures": "|".join(f"{c}={','.join(ms)}" for c, ms in MEASURES.items())}
        )

    def to_input(self) -> ActivityInput:
        data = self.cleaned_data
        return ActivityInput(
            date=data.get("date"),
            end_date=data.get("end_date"),
            channel=data.get("channel", ""),
            title=data.get("title", ""),
            reform_areas=data.get("reform_areas", []),
            indices=data.get("indices", []),
            description=data.get("description", ""),
            quantity=data.get("quantity") or 1,
            measure=data.get("measure", ""),
            audience=data.get("audience", ""),
            reached=data.get("reached") or None,
            participants=data.get("participants") or None,
            url=data.get("url", ""),
            cost=data.get("cost") or None,
            status=ActivityStatus.DRAFT if data.get("draft") else ActivityStatus.CONFIRMED,
            tasks=[int(t) for t in data.get("tasks", [])],
            outlet=int(data["outlet"]) if data.get("outlet") else None,
        )

    def add_service_errors(self, errors: list[tuple[str, str]]) -> None:
        for name, message in errors:
            self.add_error(name if name in self.fields else None, message)


class ActivityImportForm(XlsxImportForm):
    unit = forms.ModelChoiceField(label=_("Đơn vị thực hiện"), queryset=OrgUnit.objects.none(), empty_label=None)
    allow_duplicates = forms.BooleanField(
        label=_("Vẫn nhập các dòng trùng với hoạt động đã có"),
        required=False,
        help_text=_("Để trống thì các dòng trùng được bỏ qua; phần kiểm tra cho biết đó là những dòng nào."),
    )
    field_order = ["file", "unit", "dry_run", "allow_duplicates"]

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]
