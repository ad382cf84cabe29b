from dataclasses import asdict
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from loa.core.form_fields import DATE_INPUT_FORMATS, DMY_DATE

from .catalog import ChannelKind
from .models import UnitChannel
from .services import as_input


class ChannelForm(forms.Form):
    kind = forms.ChoiceField(label=_("Loại kênh"), choices=ChannelKind.choices)
    name = forms.CharField(label=_("Tên kênh"), required=False, max_length=255)
    address = forms.CharField(label=_("Địa chỉ"), required=False, max_length=255)
    cchc = forms.CharField(label=_("Chuyên mục, nội dung CCHC"), required=False, max_length=255)
    quantity = forms.IntegerField(label=_("Số lượng"), required=False, min_value=0, max_value=100_000)
    checked_on = forms.DateField(
        label=_("Ngày kiểm tra"), required=False, input_formats=DATE_INPUT_FORMATS, widget=DMY_DATE
    )
    note = forms.CharField(label=_("Ghi chú"), required=False, max_length=255)


def initial_of(channel: UnitChannel) -> dict[str, Any]:
    return asdict(as_input(channel))
