"""Navigation per role, computed once per request from the scoping layer."""

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from loa.org.scope import Perm, scope_prefix


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = request.user
    if not user.is_authenticated:
        return {"nav": []}
    items = [("web:home", _("Tổng quan")), ("plans:list", _("Kế hoạch")), ("web:unit_list", _("Đơn vị"))]
    if scope_prefix(user, Perm.MANAGE_USERS) is not None:
        items.append(("web:user_list", _("Người dùng")))
    if scope_prefix(user, Perm.VIEW_AUDIT) is not None:
        items.append(("web:audit", _("Nhật ký thay đổi")))
    items.append(("api-1.0.0:openapi-view", _("API")))
    current = request.resolver_match.view_name if request.resolver_match else ""
    section = current.split(":", 1)[0]
    nav = [
        {"url": reverse(name), "label": label, "active": current == name or (section == "plans" == name.split(":")[0])}
        for name, label in items
    ]
    return {"nav": nav}
