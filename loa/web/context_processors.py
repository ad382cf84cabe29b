"""Navigation per role, computed once per request from the scoping layer."""

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from loa.notify.selectors import unread_count
from loa.org.scope import Perm, scope_prefix


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = request.user
    if not user.is_authenticated:
        return {"nav": []}
    items = [
        ("web:home", _("Việc cần làm")),
        ("dashboards:index", _("Thống kê")),
        ("scoring:ranking", _("Chấm điểm")),
        ("plans:list", _("Kế hoạch")),
        ("activity:list", _("Hoạt động")),
        ("activity:tasks", pgettext("menu", "Nhiệm vụ")),  # "Task" in table headings, "Tasks" here
        ("reports:index", _("Báo cáo")),
        ("channels:list", _("Kênh thông tin")),
        ("surveys:list", _("Khảo sát")),
        ("feedback:list", _("Phản ánh")),
        ("contests:list", _("Cuộc thi")),
        ("column:list", _("Chuyên mục CCHC")),
        ("oversight:list", _("Giám sát")),
        ("web:unit_list", _("Đơn vị")),
    ]
    if scope_prefix(user, Perm.MANAGE_USERS) is not None:
        items.append(("web:user_list", _("Người dùng")))
    if scope_prefix(user, Perm.VIEW_AUDIT) is not None:
        items.append(("web:audit", _("Nhật ký thay đổi")))
    items.append(("signing:verify", _("Chữ ký số")))
    items.append(("api-1.0.0:openapi-view", _("API")))
    current = request.resolver_match.view_name if request.resolver_match else ""
    section = current.split(":", 1)[0]
    nav = [
        {"url": reverse(name), "label": label, "active": current == name or _same_section(section, name, current)}
        for name, label in items
    ]
    # The to-do count is fetched after the page (htmx), so that no page pays for computing it.
    if not getattr(user, "must_change_password", False):
        nav[0]["count_url"] = reverse("web:todo_badge")
    return {"nav": nav, "unread_notices": unread_count(user)}


# Apps whose every page lights up the app's menu entry.
SECTIONS = frozenset({"plans", "activity", "reports", "channels", "surveys", "feedback", "oversight", "column"})


def _same_section(section: str, name: str, current: str) -> bool:
    """Pages of the plans and activity sections light up their menu entry (the task page its own)."""
    if current == "activity:tasks" or name == "activity:tasks":
        return False
    return section in SECTIONS and section == name.split(":")[0]
