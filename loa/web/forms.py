"""Forms of the web shell. Labels and messages are Vietnamese through gettext."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from loa.core.uploads import XlsxImportForm
from loa.org.catalog import UnitType
from loa.org.models import OrgUnit


class UnitSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Tìm đơn vị"),
        required=False,
        max_length=200,
        widget=forms.TextInput(
            attrs={
                "placeholder": _("Tên hoặc mã, có dấu hay không dấu"),
                "type": "search",
                "autocomplete": "off",
            }
        ),
    )
    unit_type = forms.ChoiceField(
        label=_("Loại đơn vị"), required=False, choices=[("", _("Tất cả loại")), *list(UnitType.choices)]
    )
    legacy = forms.BooleanField(label=_("Gồm đơn vị trước 01/7/2025"), required=False)


class UnitForm(forms.ModelForm[OrgUnit]):
    class Meta:
        model = OrgUnit
        fields = [
            "code",
            "name",
            "short_name",
            "unit_type",
            "email",
            "phone",
            "address",
            "staff_count",
            "valid_from",
            "valid_to",
        ]
        widgets = {
            "valid_from": forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}),
            "valid_to": forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["code"].disabled = True  # codes are immutable: paths are built from them

    def _post_clean(self) -> None:
        # Model validation runs in the service, with the parent and derived fields set.
        pass


class UnitImportForm(XlsxImportForm):
    pass
