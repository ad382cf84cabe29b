"""Forms of the import pages: the upload, and the fields an officer checks before saving the draft."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from loa.org.models import OrgUnit
from loa.plans.catalog import SignMode

ACCEPT = ".docx,.doc,.pdf,.txt,.htm,.html"


class UploadForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Lập dự thảo cho đơn vị"), queryset=OrgUnit.objects.none(), empty_label=None)
    file = forms.FileField(
        label=_("Tệp văn bản (DOCX, PDF, TXT, HTML hoặc DOC)"),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
    )

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]


class ReviewForm(forms.Form):
    year = forms.IntegerField(label=_("Năm thực hiện"), min_value=2000, max_value=2100)
    title = forms.CharField(label=_("Trích yếu"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))
    place = forms.CharField(label=_("Địa danh"), max_length=120, required=False)
    symbol = forms.CharField(label=_("Ký hiệu"), max_length=40, required=False, help_text=_("Ví dụ: KH-UBND."))
    bases = forms.CharField(
        label=_("Căn cứ, văn bản thực hiện"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Mỗi dòng một căn cứ: «Căn cứ …;» hoặc «Thực hiện …;»."),
    )
    recipients = forms.CharField(
        label=_("Nơi nhận"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Mỗi dòng một nơi nhận."),
    )
    authority = forms.CharField(label=_("Thẩm quyền ký (TM.)"), max_length=120, required=False)
    for_title = forms.CharField(label=_("Ký thay (KT., TL., TUQ., Q.)"), max_length=120, required=False)
    signer_title = forms.CharField(label=_("Chức danh người ký"), max_length=120, required=False)
    signer_name = forms.CharField(label=_("Họ tên người ký"), max_length=120, required=False)

    def __init__(self, *args: Any, draft_units: list[OrgUnit] | None = None, **kwargs: Any) -> None:
        """`draft_units`: when the document names another issuer than the unit chosen at upload, the units the draft
        may be for; the officer must pick one (nothing is preselected)."""
        super().__init__(*args, **kwargs)
        if draft_units:
            self.fields["unit"] = forms.TypedChoiceField(
                label=_("Lập dự thảo cho đơn vị"),
                choices=[(u.pk, u.name) for u in draft_units],
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": _("Hãy chọn đơn vị nhận dự thảo.")},
            )
            self.order_fields(["unit"])

    def clean_for_title(self) -> str:
        value: str = self.cleaned_data["for_title"].strip()
        mode = value.split(".", 1)[0] + "." if "." in value else ""
        if value and mode not in SignMode.values:
            raise forms.ValidationError(_("Hãy ghi bắt đầu bằng KT., TL., TUQ. hoặc Q. (ví dụ «KT. CHỦ TỊCH»)."))
        return value
