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
from django.utils.translation import pgettext, pgettext_lazy


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
# The context "history" keeps these apart from buttons with the same Vietnamese words: English says "Plan issued"
# in the log and "Issue plan" on the button.
ACTION_LABELS: dict[str, Promise] = {
    "index.own_measure": pgettext_lazy("history", "Ghi chỉ số hài lòng theo khảo sát của đơn vị"),
    "feedback.received": pgettext_lazy("history", "Tiếp nhận phản ánh, kiến nghị của người dân"),
    "feedback.accepted": pgettext_lazy("history", "Nhận xử lý phản ánh, kiến nghị"),
    "feedback.forwarded": pgettext_lazy("history", "Chuyển phản ánh, kiến nghị đến đơn vị có thẩm quyền"),
    "feedback.answered": pgettext_lazy("history", "Trả lời phản ánh, kiến nghị"),
    "feedback.contact_erased": pgettext_lazy("history", "Xóa thông tin liên hệ hết thời hạn lưu"),
    "feedback.rules.saved": pgettext_lazy("history", "Sửa thời hạn xử lý phản ánh, kiến nghị của tỉnh"),
    "oversight.recommended": pgettext_lazy("history", "Gửi kiến nghị giám sát"),
    "oversight.answered": pgettext_lazy("history", "Trả lời kiến nghị giám sát"),
    "news.created": pgettext_lazy("history", "Tạo tin chuyên mục CCHC từ hoạt động"),
    "news.saved": pgettext_lazy("history", "Sửa tin chuyên mục CCHC"),
    "news.submitted": pgettext_lazy("history", "Gửi lãnh đạo duyệt tin"),
    "news.published": pgettext_lazy("history", "Duyệt đăng tin lên chuyên mục CCHC"),
    "news.returned": pgettext_lazy("history", "Trả lại tin để sửa"),
    "news.withdrawn": pgettext_lazy("history", "Gỡ tin khỏi chuyên mục CCHC"),
    "column.settings.saved": pgettext_lazy("history", "Sửa cài đặt chuyên mục CCHC"),
    "survey.template.created": pgettext_lazy("history", "Tạo mẫu phiếu khảo sát"),
    "survey.template.saved": pgettext_lazy("history", "Sửa mẫu phiếu khảo sát"),
    "survey.created": pgettext_lazy("history", "Tạo cuộc khảo sát"),
    "survey.updated": pgettext_lazy("history", "Sửa cuộc khảo sát"),
    "survey.opened": pgettext_lazy("history", "Mở khảo sát"),
    "survey.closed": pgettext_lazy("history", "Kết thúc khảo sát"),
    "survey.point.created": pgettext_lazy("history", "Thêm điểm khảo sát"),
    "survey.point.updated": pgettext_lazy("history", "Sửa điểm khảo sát"),
    "survey.answered": pgettext_lazy("history", "Người dân gửi phiếu khảo sát"),
    "survey.answer.entered": pgettext_lazy("history", "Nhập phiếu khảo sát giấy hoặc qua điện thoại"),
    "survey.answer.reviewed": pgettext_lazy("history", "Xem xét phiếu khảo sát bị gắn cờ"),
    "survey.answers.imported": pgettext_lazy("history", "Nhập phiếu khảo sát thu ngoài thực địa"),
    "activity.created": pgettext_lazy("history", "Ghi nhận hoạt động"),
    "activity.updated": pgettext_lazy("history", "Sửa hoạt động"),
    "activity.deleted": pgettext_lazy("history", "Xóa hoạt động"),
    "activity.imported": pgettext_lazy("history", "Nhập hoạt động từ tệp Excel"),
    "activity.file_imported": pgettext_lazy("history", "Ghi nhận tệp Excel đã nhập"),
    "evidence.added": pgettext_lazy("history", "Thêm minh chứng"),
    "evidence.deleted": pgettext_lazy("history", "Xóa minh chứng"),
    "signing.root_added": pgettext_lazy("history", "Thêm chứng thư gốc tin cậy"),
    "signing.root_removed": pgettext_lazy("history", "Bỏ chứng thư gốc tin cậy"),
    "sync.created": pgettext_lazy("history", "Nhận bản ghi từ thiết bị: tạo hoạt động"),
    "sync.updated": pgettext_lazy("history", "Nhận bản ghi từ thiết bị: cập nhật hoạt động"),
    "sync.conflict": pgettext_lazy("history", "Nhận bản ghi từ thiết bị: xung đột với bản trên máy chủ"),
    "sync.review": pgettext_lazy("history", "Nhận bản ghi từ thiết bị: cần xem lại"),
    "sync.superseded": pgettext_lazy("history", "Bản ghi từ thiết bị được thay bằng bản gửi sau"),
    "sync.kept_server": pgettext_lazy("history", "Giữ bản trên máy chủ (xung đột với bản từ thiết bị)"),
    "sync.kept_device": pgettext_lazy("history", "Dùng bản từ thiết bị (xung đột với bản trên máy chủ)"),
    "sync.recorded": pgettext_lazy("history", "Ghi nhận hoạt động từ bản ghi cần xem lại"),
    "sync.discarded": pgettext_lazy("history", "Bỏ bản ghi từ thiết bị"),
    "plan.created": pgettext_lazy("history", "Tạo dự thảo kế hoạch"),
    "plan.saved": pgettext_lazy("history", "Sửa kế hoạch"),
    "plan.task.created": pgettext_lazy("history", "Thêm nhiệm vụ kế hoạch"),
    "plan.task.saved": pgettext_lazy("history", "Sửa nhiệm vụ kế hoạch"),
    "plan.task.removed": pgettext_lazy("history", "Bỏ nhiệm vụ khỏi kế hoạch"),
    "plan.issued": pgettext_lazy("history", "Ban hành kế hoạch"),
    "plan.amended": pgettext_lazy("history", "Ban hành kế hoạch sửa đổi"),
    "plan.amendment.started": pgettext_lazy("history", "Bắt đầu sửa đổi kế hoạch"),
    "plan.amendment.discarded": pgettext_lazy("history", "Hủy bản sửa đổi kế hoạch"),
    "plan.closed": pgettext_lazy("history", "Kết thúc kế hoạch"),
    "plan.deleted": pgettext_lazy("history", "Xóa kế hoạch"),
    "plan.cascaded": pgettext_lazy("history", "Tạo dự thảo kế hoạch thực hiện cho đơn vị"),
    "register.number_taken": pgettext_lazy("history", "Lấy số văn bản"),
    "unit.created": pgettext_lazy("history", "Tạo đơn vị"),
    "unit.updated": pgettext_lazy("history", "Sửa thông tin đơn vị"),
    "user.created": pgettext_lazy("history", "Tạo tài khoản"),
    "user.updated": pgettext_lazy("history", "Sửa thông tin tài khoản"),
    "user.moved": pgettext_lazy("history", "Chuyển tài khoản sang đơn vị khác"),
    "user.role_changed": pgettext_lazy("history", "Đổi vai trò tài khoản"),
    "user.deactivated": pgettext_lazy("history", "Khóa tài khoản"),
    "user.reactivated": pgettext_lazy("history", "Mở lại tài khoản"),
    "user.password_reset": pgettext_lazy("history", "Cấp lại mật khẩu một lần"),
    "user.password_changed": pgettext_lazy("history", "Đổi mật khẩu"),
    "notify.preference": pgettext_lazy("history", "Chọn cách nhận thông báo"),
    "load-vn": pgettext_lazy("history", "Nạp danh mục đơn vị hành chính"),
    "load-vn: successor": pgettext_lazy("history", "Nạp danh mục đơn vị hành chính: đơn vị kế thừa"),
    "report.saved": pgettext_lazy("history", "Lưu báo cáo"),
    "report.submitted": pgettext_lazy("history", "Gửi báo cáo"),
    "report.accepted": pgettext_lazy("history", "Tiếp nhận báo cáo"),
    "report.returned": pgettext_lazy("history", "Trả lại báo cáo"),
    "report.signature_requested": pgettext_lazy("history", "Trình lãnh đạo ký báo cáo"),
    "index.saved": pgettext_lazy("history", "Nhập giá trị chỉ số"),
    "channel.created": pgettext_lazy("history", "Thêm kênh vào sổ kênh"),
    "channel.updated": pgettext_lazy("history", "Sửa kênh trong sổ kênh"),
    "channel.deleted": pgettext_lazy("history", "Xóa kênh khỏi sổ kênh"),
    "channel.imported": pgettext_lazy("history", "Nhập sổ kênh từ tệp Excel"),
    "index.imported": pgettext_lazy("history", "Nhập giá trị chỉ số từ tệp Excel"),
    "import.read": pgettext_lazy("history", "Đọc văn bản nhập"),
    "import.saved": pgettext_lazy("history", "Tạo dự thảo kế hoạch từ văn bản nhập"),
    "ruleset.default": pgettext_lazy("history", "Tạo bộ tiêu chí mặc định"),
    "holiday.proposed": pgettext_lazy("history", "Đề xuất ngày nghỉ lễ"),
    "ruleset.copied": pgettext_lazy("history", "Sao chép bộ tiêu chí"),
    "assessment.self": pgettext_lazy("history", "Tự chấm điểm"),
    "assessment.appraised": pgettext_lazy("history", "Thẩm định điểm"),
    "commendation.created": pgettext_lazy("history", "Đề xuất biểu dương, phê bình"),
    "commendation.deleted": pgettext_lazy("history", "Xóa đề xuất biểu dương, phê bình"),
}
HISTORY_TYPES: dict[str, Promise] = {
    "+": pgettext_lazy("history", "Tạo mới"),
    "~": pgettext_lazy("history", "Sửa"),
    "-": pgettext_lazy("history", "Xóa"),
}
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
        return pgettext("history", "%(action)s (lần %(n)s)") % {
            "action": ACTION_LABELS[versioned["code"]],
            "n": versioned["n"],
        }
    code, colon, detail = text.partition(": ")
    if colon and code in ACTION_LABELS:
        return f"{ACTION_LABELS[code]}: {detail}"
    return text
