"""Administrators configure reporting regimes and the holiday calendar here (reports themselves are
only ever changed through the workflow, so they are read-only in the admin)."""

from typing import Any

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from loa.org.catalog import UnitType
from loa.org.models import OrgUnit

from .catalog import PeriodKind
from .models import Holiday, Regime


class RegimeForm(forms.ModelForm):  # type: ignore[type-arg]
    kinds = forms.MultipleChoiceField(
        label=_("Các kỳ báo cáo"), choices=PeriodKind.choices, widget=forms.CheckboxSelectMultiple
    )
    reporter_types = forms.MultipleChoiceField(
        label=_("Đơn vị báo cáo: các loại đơn vị"),
        choices=UnitType.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    reporter_codes = forms.CharField(
        label=_("Đơn vị báo cáo (theo danh sách mã)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Mã đơn vị, cách nhau bởi dấu phẩy hoặc xuống dòng."),
    )

    class Meta:
        model = Regime
        fields = [
            "name",
            "recipient",
            "kinds",
            "deadline_rule",
            "deadline_day",
            "working_days",
            "weekend_to_next_workday",
            "grace_days",
            "reporter_codes",
            "reporter_parent",
            "reporter_types",
            "active",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["reporter_codes"] = ", ".join(self.instance.reporter_codes)

    def clean_reporter_codes(self) -> list[str]:
        text = self.cleaned_data.get("reporter_codes") or ""
        codes = [c.strip() for c in text.replace("\n", ",").split(",") if c.strip()]
        known = set(OrgUnit.objects.filter(code__in=codes).values_list("code", flat=True))
        unknown = [c for c in codes if c not in known]
        if unknown:
            raise forms.ValidationError(_("Không có đơn vị mã: %(codes)s.") % {"codes": ", ".join(unknown)})
        return codes

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("reporter_types") and not data.get("reporter_parent"):
            self.add_error("reporter_parent", _("Hãy chọn đơn vị cấp trên của các loại đơn vị báo cáo."))
        return data


@admin.register(Regime)
class RegimeAdmin(SimpleHistoryAdmin):  # type: ignore[misc]
    form = RegimeForm
    list_display = ["name", "recipient", "deadline_rule", "deadline_day", "working_days", "active"]
    list_filter = ["active", "deadline_rule"]
    raw_id_fields = ["recipient", "reporter_parent"]
    search_fields = ["name", "recipient__name"]


@admin.register(Holiday)
class HolidayAdmin(SimpleHistoryAdmin):  # type: ignore[misc]
    list_display = ["day", "name"]
    date_hierarchy = "day"
