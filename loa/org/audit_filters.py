"""The change log's filters as a coordinator sets them (the page, its XLSX and the API read them alike): a unit of
the reach, a person by username or name ("hệ thống" for Loa's own changes), a kind of object, an action, dates."""

from datetime import date
from typing import Any

from django import forms
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from loa.core.text import fold

from .audit_log import ACTIONS, MAX_OFFSET, AuditFilter, audit_kinds
from .models import OrgUnit, User
from .scope import Perm, restrict
from .selectors import current_q, reach_root

PAGE = 100
DMY = ["%d/%m/%Y", "%Y-%m-%d"]
_SYSTEM_WORDS = {"he thong", "system", "loa"}


class AuditFilterForm(forms.Form):
    unit = forms.ChoiceField(label=gettext_lazy("Đơn vị"), required=False)
    who = forms.CharField(
        label=gettext_lazy("Người thực hiện"),
        required=False,
        max_length=100,
        help_text=gettext_lazy("Tên đăng nhập hoặc họ tên; «hệ thống» cho thay đổi Loa tự làm."),
    )
    kind = forms.ChoiceField(label=gettext_lazy("Loại đối tượng"), required=False)
    action = forms.ChoiceField(label=gettext_lazy("Thao tác"), required=False, choices=[("", "—"), *ACTIONS.items()])
    since = forms.DateField(label=gettext_lazy("Từ ngày"), required=False, input_formats=DMY)
    until = forms.DateField(label=gettext_lazy("Đến ngày"), required=False, input_formats=DMY)
    page = forms.IntegerField(required=False, min_value=1, max_value=MAX_OFFSET // PAGE + 1, widget=forms.HiddenInput)

    def __init__(self, *args: Any, units: list[OrgUnit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [("", "—"), *((u.code, u.name) for u in units)]  # type: ignore[attr-defined]
        self.fields["kind"].choices = [("", "—"), *audit_kinds()]  # type: ignore[attr-defined]
        self.fields["who"].widget.attrs.update(placeholder=str(self.fields["who"].help_text), size=28)
        for name in ("since", "until"):
            self.fields[name].widget.attrs.update(placeholder="dd/mm/yyyy", inputmode="numeric", size=10)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        since, until = data.get("since"), data.get("until")
        if isinstance(since, date) and isinstance(until, date) and since > until:
            self.add_error("until", _("«Đến ngày» phải sau «Từ ngày»."))
        return data


def audit_units(actor: Any) -> list[OrgUnit]:
    """The units a filter offers: the top of the reach and the units right under it (provinces for an admin)."""
    root = reach_root(actor, Perm.VIEW_AUDIT)
    if root is None:
        return list(OrgUnit.objects.filter(current_q(), depth=0).order_by("name"))
    return [root, *OrgUnit.objects.filter(current_q(), parent=root).order_by("unit_type", "name")]


def audit_filter(actor: Any, data: dict[str, Any], units: list[OrgUnit]) -> AuditFilter:
    """The form's values as the selector takes them; a person is found among the accounts the actor may audit."""
    unit = next((u for u in units if u.code == data.get("unit")), None)
    who = (data.get("who") or "").strip()
    users: tuple[int, ...] | None = None
    if who and fold(who) not in _SYSTEM_WORDS:
        accounts = restrict(User.objects.all(), actor, Perm.VIEW_AUDIT, unit_path="unit__path")
        for word in who.split()[:5]:
            accounts = accounts.filter(Q(username__icontains=word) | Q(full_name__icontains=word))
        users = tuple(accounts.values_list("pk", flat=True)[:200])
    return AuditFilter(
        unit=unit,
        users=users,
        system=bool(who) and fold(who) in _SYSTEM_WORDS,
        kind=data.get("kind") or "",
        action=data.get("action") or "",
        since=data.get("since"),
        until=data.get("until"),
    )
