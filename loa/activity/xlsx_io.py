"""Activities from and to Excel: the template, an all-or-nothing import, an export of any list."""

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from loa.core.catalogs import Audience, Channel, ReformArea
from loa.core.errors import ImportRejected, RowError
from loa.core.text import fold
from loa.core.xlsx import (
    MAX_CELL_TEXT,
    cell_date,
    cell_int,
    cell_number,
    cell_str,
    column_index,
    read_rows,
    write_table,
)
from loa.org.models import OrgUnit
from loa.org.scope import Actor, Perm, require
from loa.plans.models import PlanTask
from loa.plans.selectors import PUBLISHED, plans_visible

from .locks import locked_reason
from .models import Activity, ActivityStatus
from .services import FIELD_LABELS, ActivityInput, activities_bulk_create, build_activity, bulk_link_tasks

REQUIRED = [
    "Ngày",
    "Hình thức",
    "Lĩnh vực",
    "Tiêu đề",
    "Số lượng",
    "Đơn vị tính",
    "Số người được tiếp cận",
    "Đường dẫn",
]
OPTIONAL = ["Đến ngày", "Mô tả", "Đối tượng", "Số người tham dự", "Kinh phí (đồng)", "Mã nhiệm vụ", "Trạng thái"]


def _lookup(catalog: Any) -> dict[str, str]:
    """Folded code and folded Vietnamese label → code, so "Mạng xã hội" and "mang_xa_hoi" both work."""
    table: dict[str, str] = {}
    with translation.override("vi"):
        for code, label in catalog.choices:
            text = str(label)
            # The full label, and its short form before "(" or ":" ("Mạng xã hội", "Trực quan").
            for form in (text, text.split(" (")[0], text.split(":")[0]):
                table.setdefault(fold(form), code)
    table.update({fold(code): code for code in catalog.values})
    return table


def template() -> bytes:
    example = [
        "15/03/2026",
        "Cổng/Trang thông tin điện tử",
        "tthc, chinh_phu_so",
        "Tin: hướng dẫn nộp hồ sơ trực tuyến trên Cổng Dịch vụ công",
        2,
        "tin/bài",
        1200,
        "https://example.gov.vn/tin-cchc",
        "",
        "",
        "nguoi_dan",
        "",
        "",
        "",
        "",
    ]
    notes = [
        _("Mỗi dòng là một hoạt động. Ngày ghi dd/mm/yyyy, không được sau hôm nay."),
        _("Hình thức: mã hoặc tên trong danh mục: %(list)s.") % {"list": ", ".join(Channel.values)},
        _("Lĩnh vực: một hoặc nhiều mã hoặc tên, cách nhau bởi dấu phẩy: %(list)s.")
        % {"list": ", ".join(ReformArea.values)},
        _("Đối tượng: %(list)s.") % {"list": ", ".join(Audience.values)},
        _("Mã nhiệm vụ: số ở cột «Mã» của phụ lục nhiệm vụ trong Loa (không bắt buộc)."),
        _("Trạng thái: để trống là «Đã xác nhận»; ghi «nháp» để nhập bản nháp."),
        _("Tệp chỉ được nhập khi mọi dòng đều hợp lệ; có lỗi thì không dòng nào được ghi."),
    ]
    return write_table("Hoạt động", REQUIRED + OPTIONAL, [example], notes=notes)


def import_activities(*, actor: Actor, unit: OrgUnit, content: bytes, dry_run: bool = False) -> int:
    """Validate the whole file, then insert every row in one transaction, or nothing at all."""
    require(actor, Perm.EDIT, unit)
    headers, rows = read_rows(content, max_rows=settings.LOA_ACTIVITY_IMPORT_MAX_ROWS)
    col = column_index(headers, REQUIRED, OPTIONAL)
    channels, areas, audiences = _lookup(Channel), _lookup(ReformArea), _lookup(Audience)
    task_ids = {t for r, v in rows if (t := _task_id(v, col, r, [])) is not None}
    tasks = set(
        PlanTask.objects.filter(pk__in=task_ids, plan__in=plans_visible(actor).filter(PUBLISHED)).values_list(
            "pk", flat=True
        )
    )
    errors: list[RowError] = []
    built: list[tuple[Activity, int | None]] = []
    locks: dict[date, str | None] = {}  # one question per day, not per row
    for row, values in rows:
        row_errors: list[RowError] = []
        data = _row_input(values, col, row, channels, areas, audiences, row_errors)
        task_id = _task_id(values, col, row, row_errors)
        if task_id is not None and task_id not in tasks:
            row_errors.append(
                RowError(
                    row,
                    "Mã nhiệm vụ",
                    _("không có nhiệm vụ «%(v)s» trong các kế hoạch bạn được xem") % {"v": task_id},
                )
            )
        activity, problems = build_activity(unit, data)
        if data.date is not None and not problems:
            if data.date not in locks:
                locks[data.date] = locked_reason(unit, data.date)
            if locks[data.date]:
                problems.append(("date", str(locks[data.date])))
        row_errors += [
            RowError(row, FIELD_LABELS.get(name, name), message)
            for name, message in problems
            if not _already(row_errors, name)
        ]
        errors += row_errors
        built.append((activity, task_id))
    if errors:
        raise ImportRejected(
            _("Tệp có %(n)s lỗi; chưa nhập dòng nào. Sửa các dòng dưới đây rồi nhập lại.") % {"n": len(errors)}, errors
        )
    if dry_run:
        return len(built)
    with transaction.atomic():
        created = activities_bulk_create(actor=actor, activities=[a for a, _t in built])
        bulk_link_tasks([(a.pk, t) for a, (_b, t) in zip(created, built, strict=True) if t])
    return len(created)


def _already(errors: list[RowError], name: str) -> bool:
    header = FIELD_LABELS.get(name, name)
    return any(e.column == header for e in errors)


def _codes(text: str, table: dict[str, str], row: int, column: str, errors: list[RowError]) -> list[str]:
    codes = []
    for part in filter(None, (p.strip() for p in text.replace(";", ",").split(","))):
        code = table.get(fold(part))
        if code is None:
            errors.append(RowError(row, column, _("«%(v)s» không có trong danh mục") % {"v": part}))
        else:
            codes.append(code)
    return codes


# Largest primary key both databases hold; a bigger "Mã nhiệm vụ" names no task (and would overflow the query).
_MAX_ID = 2**63 - 1
# Quantities are stored with two decimals, below one billion (activity services' MAX_QUANTITY).
_MAX_QUANTITY = Decimal("999999999.99")


def _task_id(values: list[Any], col: dict[str, int], row: int, errors: list[RowError]) -> int | None:
    return cell_int(values, col.get("Mã nhiệm vụ"), row, "Mã nhiệm vụ", errors, minimum=1, maximum=_MAX_ID)


def _row_input(
    values: list[Any],
    col: dict[str, int],
    row: int,
    channels: dict[str, str],
    areas: dict[str, str],
    audiences: dict[str, str],
    errors: list[RowError],
) -> ActivityInput:

    def text(header: str, max_length: int = 500) -> str:
        return cell_str(values, col.get(header), row, header, errors, max_length=max_length)

    def count(header: str, maximum: int = 2_147_483_647) -> int | None:
        return cell_int(values, col.get(header), row, header, errors, maximum=maximum)

    channel_text = text("Hình thức")
    channel = channels.get(fold(channel_text), "")
    if channel_text and not channel:
        errors.append(RowError(row, "Hình thức", _("«%(v)s» không có trong danh mục") % {"v": channel_text}))
    elif not channel_text and not any(e.column == "Hình thức" for e in errors):
        errors.append(RowError(row, "Hình thức", _("chưa có hình thức")))
    audience_text = text("Đối tượng")
    audience = audiences.get(fold(audience_text), "") if audience_text else ""
    if audience_text and not audience:
        errors.append(RowError(row, "Đối tượng", _("«%(v)s» không có trong danh mục") % {"v": audience_text}))
    status_text = fold(text("Trạng thái"))
    status = ActivityStatus.DRAFT if status_text in {"nhap", "draft", "du thao"} else ActivityStatus.CONFIRMED
    if status_text and status_text not in {"nhap", "draft", "du thao", "da xac nhan", "confirmed", "xac nhan"}:
        errors.append(RowError(row, "Trạng thái", _("ghi «nháp» hoặc để trống")))
    quantity = cell_number(values, col["Số lượng"], row, "Số lượng", errors, minimum=0, maximum=_MAX_QUANTITY, places=2)
    return ActivityInput(
        date=cell_date(values, col["Ngày"], row, "Ngày", errors),
        end_date=cell_date(values, col.get("Đến ngày"), row, "Đến ngày", errors),
        channel=channel or channel_text,
        reform_areas=_codes(text("Lĩnh vực", MAX_CELL_TEXT), areas, row, "Lĩnh vực", errors),
        title=text("Tiêu đề", 500),
        quantity=quantity if quantity is not None else 1,
        measure=text("Đơn vị tính", 40),
        reached=count("Số người được tiếp cận"),
        url=text("Đường dẫn", 500),
        description=text("Mô tả", MAX_CELL_TEXT),
        audience=audience,
        participants=count("Số người tham dự"),
        cost=count("Kinh phí (đồng)", 10**12 - 1),
        status=status,
    )


def export(activities: Iterable[Activity]) -> bytes:
    with translation.override("vi"):
        rows = [
            [
                a.date,
                str(Channel(a.channel).label),
                ", ".join(a.reform_areas),
                a.title,
                float(a.quantity),
                a.measure,
                a.reached,
                a.url,
                a.end_date,
                a.description,
                a.audience,
                a.participants,
                a.cost,
                ", ".join(str(t.pk) for t in a.tasks.all()),
                str(ActivityStatus(a.status).label),
            ]
            for a in activities
        ]
    return write_table("Hoạt động", REQUIRED + OPTIONAL, rows)
