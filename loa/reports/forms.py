from django import forms
from django.utils.translation import gettext_lazy as _

from .catalog import SECTION_KEYS

MAX_SECTION = 20_000  # characters of one narrative section


class ReportForm(forms.Form):
    """The narrative sections (labels come from the outline in the template), signer and register data."""

    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    signer_name = forms.CharField(label=_("Họ tên người ký"), max_length=120, required=False)
    number = forms.IntegerField(label=_("Số văn bản (do văn thư cấp)"), min_value=1, max_value=99999, required=False)
    issued_on = forms.DateField(label=_("Ngày ký"), required=False)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        for key in SECTION_KEYS:
            # The report is a Vietnamese document whatever the interface language (lang: spelling, screen readers).
            self.fields[key] = forms.CharField(
                required=False, max_length=MAX_SECTION, widget=forms.Textarea(attrs={"rows": 6, "lang": "vi"})
            )


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("Lý do trả lại"), min_length=5, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
