from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .models import ApiToken, OrgUnit, User
from .services import unit_create, unit_update


@admin.register(OrgUnit)
class OrgUnitAdmin(SimpleHistoryAdmin):  # type: ignore[misc]
    list_display = ["code", "name", "unit_type", "parent", "valid_from", "valid_to"]
    list_filter = ["unit_type", "division_type"]
    search_fields = ["code", "name", "search_text"]
    raw_id_fields = ["parent", "successor"]
    readonly_fields = ["path", "depth"]

    def get_readonly_fields(self, request, obj=None):  # type: ignore[no-untyped-def]
        # Code and parent build the materialised path of the whole subtree: fixed once created.
        return [*self.readonly_fields, "code", "parent"] if obj else self.readonly_fields

    def save_model(self, request, obj, form, change):  # type: ignore[no-untyped-def]
        # Through the services, so scope, audit and what follows a change (org.events) apply here too.
        values = {field: form.cleaned_data[field] for field in form.changed_data if field not in {"code", "parent"}}
        if change:
            saved = unit_update(actor=request.user, unit=obj, **values)
        else:
            successor = values.pop("successor", None)
            saved = unit_create(
                actor=request.user, code=form.cleaned_data["code"], parent=form.cleaned_data["parent"], **values
            )
            if successor is not None:
                saved = unit_update(actor=request.user, unit=saved, successor=successor)
        obj.pk, obj.path, obj.depth = saved.pk, saved.path, saved.depth
        obj._state.adding = False


@admin.register(User)
class LoaUserAdmin(UserAdmin[User], SimpleHistoryAdmin):  # type: ignore[misc]
    list_display = ["username", "full_name", "role", "unit", "is_active", "last_login"]
    list_filter = ["role", "is_active"]
    search_fields = ["username", "full_name", "email"]
    raw_id_fields = ["unit"]
    fieldsets = [
        *UserAdmin.fieldsets,  # type: ignore[misc]
        (_("Loa"), {"fields": ["full_name", "position", "phone", "unit", "role"]}),
    ]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin[ApiToken]):
    list_display = ["name", "user", "prefix", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["prefix", "key_hash", "created_at", "last_used_at"]
