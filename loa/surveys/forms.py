from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from loa.core.form_fields import DATE_INPUT_FORMATS, DMY_DATE

from .catalog import STAFF_SOURCES, AgeBand, Gender, Source


class SurveyForm(forms.Form):
    title = forms.CharField(label=_("Tên cuộc khảo sát"), max_length=255)
    starts_on = forms.DateField(label=_("Ngày bắt đầu"), input_formats=DATE_INPUT_FORMATS, widget=DMY_DATE)
    ends_on = forms.DateField(label=_("Ngày kết thúc"), input_formats=DATE_INPUT_FORMATS, widget=DMY_DATE)
    population = forms.IntegerField(
        label=_("Số lượt giải quyết TTHC dự kiến trong kỳ (N)"),
        required=False,
        min_value=1,
        max_value=10_000_000,
        help_text=_("Để tính cỡ mẫu cần khảo sát: n = N / (1 + N·e²)."),
    )
    margin = forms.DecimalField(
        label=_("Sai số cho phép (%)"), min_value=Decimal(1), max_value=Decimal(20), decimal_places=1, initial=5
    )


class NewSurveyForm(SurveyForm):
    template = forms.ChoiceField(label=_("Mẫu phiếu"))


class EntryForm(forms.Form):
    """The fields of a paper or telephone questionnaire besides its answers (which the page lays out per item)."""

    source = forms.ChoiceField(
        label=_("Nguồn phiếu"), choices=[(s.value, s.label) for s in STAFF_SOURCES], initial=Source.PAPER
    )
    answered_on = forms.DateField(label=_("Ngày trả lời"), input_formats=DATE_INPUT_FORMATS, widget=DMY_DATE)
    unit = forms.ChoiceField(label=_("Đơn vị giải quyết"), required=False)
    point = forms.ChoiceField(label=_("Điểm khảo sát"), required=False)
    age_band = forms.ChoiceField(label=_("Nhóm tuổi"), required=False, choices=[("", "—"), *AgeBand.choices])
    gender = forms.ChoiceField(label=_("Giới tính"), required=False, choices=[("", "—"), *Gender.choices])
    service = forms.CharField(label=_("Thủ tục hành chính đã thực hiện"), required=False, max_length=255)
    dossier_code = forms.CharField(label=_("Mã hồ sơ"), required=False, max_length=50)


class PointForm(forms.Form):
    name = forms.CharField(
        label=_("Tên điểm khảo sát"), max_length=255, help_text=_("Ví dụ: Bộ phận Một cửa, quầy số 1")
    )
