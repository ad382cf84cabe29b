"""Audit trail: django-simple-history tables, plus a registry saying how to scope each one.

Services stamp who and why on the instance before saving, inside their own transaction, so the
history row is written atomically with the change (commands have no request to take the user from).
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class AuditedModel:
    model: type[models.Model]
    unit_path_lookup: str  # lookup from a history row to its unit's materialised path
    label: str | Promise
    repr_fields: tuple[str, ...]  # fields of the history row that name the object, first non-empty wins
    describe: Callable[[Any], str] | None = None  # names the object from its history row instead of repr_fields
    formats: dict[str, Callable[[Any], str]] | None = None  # field → how its stored value reads (bit masks, codes)


_REGISTRY: dict[str, AuditedModel] = {}


def register_audited(
    model: type[models.Model],
    *,
    unit_path_lookup: str,
    label: str | Promise,
    repr_fields: tuple[str, ...],
    describe: Callable[[Any], str] | None = None,
    formats: dict[str, Callable[[Any], str]] | None = None,
) -> None:
    _REGISTRY[model._meta.label_lower] = AuditedModel(model, unit_path_lookup, label, repr_fields, describe, formats)


def audited_models() -> list[AuditedModel]:
    return list(_REGISTRY.values())


def stamp(instance: models.Model, *, actor: Any, reason: str = "") -> None:
    """Tell simple-history who made the change (None for the system) and why."""
    user = actor if getattr(actor, "pk", None) else None
    instance._history_user = user  # type: ignore[attr-defined]
    instance._change_reason = reason  # type: ignore[attr-defined]


# What each service writes as the history row's reason (`stamp(..., reason="activity.created")`), as people read
# it. Every reason a service writes must be here: a test reads the code for `reason="…"` and fails on a missing one.
ACTION_LABELS: dict[str, Promise] = {
    "activity.created": _("Ghi nhận hoạt động"),
    "activity.updated": _("Sửa hoạt động"),
    "activity.deleted": _("Xóa hoạt động"),
    "activity.imported": _("Nhập hoạt động từ tệp Excel"),
    "evidence.added": _("Thêm minh chứng"),
    "evidence.deleted": _("Xóa minh chứng"),
    "plan.created": _("Tạo dự thảo kế hoạch"),
    "plan.saved": _("Sửa kế hoạch"),
    "plan.task.created": _("Thêm nhiệm vụ kế hoạch"),
    "plan.task.saved": _("Sửa nhiệm vụ kế hoạch"),
    "plan.task.removed": _("Bỏ nhiệm vụ khỏi kế hoạch"),
    "plan.issued": _("Ban hành kế hoạch"),
    "plan.amended": _("Ban hành kế hoạch sửa đổi"),
    "plan.amendment.started": _("Bắt đầu sửa đổi kế hoạch"),
    "plan.amendment.discarded": _("Hủy bản sửa đổi kế hoạch"),
    "plan.closed": _("Kết thúc kế hoạch"),
    "plan.deleted": _("Xóa kế hoạch"),
    "plan.cascaded": _("Tạo dự thảo kế hoạch thực hiện cho đơn vị"),
    "register.number_taken": _("Lấy số văn bản"),
    "unit.created": _("Tạo đơn vị"),
    "unit.updated": _("Sửa thông tin đơn vị"),
    "user.created": _("Tạo tài khoản"),
    "load-vn": _("Nạp danh mục đơn vị hành chính"),
    "load-vn: successor": _("Nạp danh mục đơn vị hành chính: đơn vị kế thừa"),
    "report.saved": _("Lưu báo cáo"),
    "report.submitted": _("Gửi báo cáo"),
    "report.accepted": _("Tiếp nhận báo cáo"),
    "report.returned": _("Trả lại báo cáo"),
    "index.saved": _("Nhập giá trị chỉ số"),
    "index.imported": _("Nhập giá trị chỉ số từ tệp Excel"),
    "import.read": _("Đọc văn bản nhập"),
    "import.saved": _("Tạo dự thảo kế hoạch từ văn bản nhập"),
    "ruleset.default": _("Tạo bộ tiêu chí mặc định"),
    "ruleset.copied": _("Sao chép bộ tiêu chí"),
    "assessment.self": _("Tự chấm điểm"),
    "assessment.appraised": _("Thẩm định điểm"),
    "commendation.created": _("Đề xuất biểu dương, phê bình"),
    "commendation.deleted": _("Xóa đề xuất biểu dương, phê bình"),
}
HISTORY_TYPES: dict[str, Promise] = {"+": _("Tạo mới"), "~": _("Sửa"), "-": _("Xóa")}
# Reasons that carry a detail after the code: "report.submitted.v2" (the version), "report.returned: <why>".
_VERSIONED = re.compile(r"^(?P<code>[a-z_.-]+)\.v(?P<n>\d+)$")


def action_label(reason: str | None, history_type: str = "") -> str:
    """What a history row's reason means to a person: "activity.created" → "Ghi nhận hoạt động",
    "report.submitted.v2" → "Gửi báo cáo (lần 2)", "report.returned: <why>" → "Trả lại báo cáo: <why>".
    A reason written by hand (an administrator's note) is shown as it is; no reason gives the kind of change."""
    text = (reason or "").strip()
    if not text:
        return str(HISTORY_TYPES.get(history_type, ""))
    if text in ACTION_LABELS:
        return str(ACTION_LABELS[text])
    versioned = _VERSIONED.match(text)
    if versioned and versioned["code"] in ACTION_LABELS:
        return gettext("%(action)s (lần %(n)s)") % {"action": ACTION_LABELS[versioned["code"]], "n": versioned["n"]}
    code, colon, detail = text.partition(": ")
    if colon and code in ACTION_LABELS:
        return f"{ACTION_LABELS[code]}: {detail}"
    return text
