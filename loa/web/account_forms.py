"""Forms of the account pages: choices are limited to the units and roles the signed-in manager may give."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from loa.org.accounts import grantable_roles
from loa.org.catalog import Role
from loa.org.models import OrgUnit, User
from loa.org.scope import Actor, Perm, units
from loa.org.selectors import current_q, user_list
from loa.org.tree import subtree_q
from loa.org.user_import import unit_label


class UnitChoiceField(forms.ModelChoiceField[OrgUnit]):
    def label_from_instance(self, obj: OrgUnit) -> str:
        return unit_label(obj)


def _reach(actor: Actor) -> Any:
    return units(actor, Perm.MANAGE_USERS).filter(current_q()).order_by("path")


class UserFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Tìm"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Tên đăng nhập, họ tên, thư điện tử")}),
    )
    unit = UnitChoiceField(
        label=_("Đơn vị"), queryset=OrgUnit.objects.none(), required=False, empty_label=_("Mọi đơn vị")
    )
    role = forms.ChoiceField(label=_("Vai trò"), required=False, choices=[("", _("Mọi vai trò")), *Role.choices])
    active = forms.ChoiceField(
        label=_("Trạng thái"),
        required=False,
        choices=[("", _("Mọi trạng thái")), ("1", _("Đang hoạt động")), ("0", _("Đã khóa"))],
    )

    def __init__(self, *args: Any, actor: Actor, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = _reach(actor)  # type: ignore[attr-defined]


class UserForm(forms.Form):
    username = forms.CharField(
        label=_("Tên đăng nhập"),
        max_length=150,
        help_text=_("Chữ không dấu, chữ số và . @ + - _ ; để trống để Loa tự đặt."),
        required=False,
    )
    full_name = forms.CharField(label=_("Họ và tên"), max_length=150)
    unit = UnitChoiceField(label=_("Đơn vị"), queryset=OrgUnit.objects.none())
    role = forms.ChoiceField(label=_("Vai trò"))
    position = forms.CharField(label=_("Chức vụ"), max_length=150, required=False)
    email = forms.EmailField(label=_("Thư điện tử"), required=False)
    phone = forms.CharField(label=_("Điện thoại"), max_length=40, required=False)

    def __init__(self, *args: Any, actor: Actor, user: User | None = None, **kwargs: Any) -> None:
        if user is not None:
            kwargs.setdefault(
                "initial",
                {
                    "username": user.username,
                    "full_name": user.full_name,
                    "unit": user.unit,
                    "role": user.role,
                    "position": user.position,
                    "email": user.email,
                    "phone": user.phone,
                },
            )
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = _reach(actor)  # type: ignore[attr-defined]
        roles = [r for r in grantable_roles(actor) if r != Role.ADMIN]
        if user is not None and user.role not in roles:
            roles.append(user.role)
        self.fields["role"].choices = [(r, Role(r).label) for r in roles]  # type: ignore[attr-defined]
        if user is not None:
            self.fields["username"].disabled = True  # the login name does not change; history keys on it


class DeactivateForm(forms.Form):
    successor = forms.ModelChoiceField(
        label=_("Người thay thế"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("Chưa có người thay thế"),
        help_text=_("Người tiếp nhận công việc; dữ liệu người cũ đã nhập vẫn giữ nguyên, ghi tên người cũ."),
    )

    def __init__(self, *args: Any, actor: Actor, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        same_unit_first = user_list(actor=actor, active=True).exclude(pk=user.pk)
        if user.unit is not None:
            same_unit_first = same_unit_first.filter(subtree_q(user.unit, field="unit__path"))
        self.fields["successor"].queryset = same_unit_first  # type: ignore[attr-defined]
        self.fields["successor"].label_from_instance = lambda u: f"{u.full_name or u.username} ({u.username})"  # type: ignore[attr-defined]
