"""Administrators keep the criteria tables here: a new year's table is the previous one copied (the action
below) and adjusted, without code. Assessments change only through self-assessment and appraisal."""

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from loa.core.errors import DomainError

from .models import Criterion, RuleSet
from .services import rule_set_copy


class CriterionInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Criterion
    fk_name = "rule_set"
    extra = 1
    fields = ["code", "title", "parent", "max_points", "rule", "params", "evidence_required", "position"]

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        # A parent is picked among the criteria of the same table.
        if db_field.name == "parent" and request.resolver_match and request.resolver_match.kwargs.get("object_id"):
            kwargs["queryset"] = Criterion.objects.filter(rule_set_id=request.resolver_match.kwargs["object_id"])
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.action(description=_("Sao chép sang năm sau"))
def copy_to_next_year(modeladmin: Any, request: HttpRequest, queryset: QuerySet[RuleSet]) -> None:
    for rule_set in queryset:
        try:
            copy = rule_set_copy(actor=request.user, rule_set=rule_set, year=rule_set.year + 1)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Đã tạo %(r)s.") % {"r": copy})


@admin.register(RuleSet)
class RuleSetAdmin(SimpleHistoryAdmin):  # type: ignore[misc]
    list_display = ["name", "year", "unit_type", "issuer", "active"]
    list_filter = ["year", "unit_type", "active"]
    autocomplete_fields = ["issuer"]
    inlines = [CriterionInline]
    actions = [copy_to_next_year]
