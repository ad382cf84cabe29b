"""Activities from and to Excel: the template, an all-or-nothing import, an export of any list."""

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
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

from .duplicates import Candidate, duplicate_rows, latest_activity_id, previous_import
from .locks import locked_reason
from .models import Activity, ActivityImport, ActivityStatus
from .services import activities_bulk_create, bulk_link_tasks, import_record
from .validation import FIELD_LABELS, ActivityInput, build_activity

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


ROWS_NAMED = 30  # duplicate rows named one by one; a longer list ends with "…"


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


@dataclass
class ImportResult:
    """What an import (or its check-only pass) found and did; `previous` is an earlier import of the same file."""

    rows: int  # valid rows in the file
    imported: int  # activities written (0 on a check-only pass)
    duplicate_rows: list[int]  # rows identical to activities the unit already has, as numbered in the file
    skipped: int  # duplicate rows left out
    previous: ActivityImport | None
    dry_run: bool
    writable: int  # activities the import writes (or, on a check-only pass, would write)


def activities_import(
    *,
    actor: Actor,
    unit: OrgUnit,
    content: bytes,
    dry_run: bool = False,
    allow_duplicates: bool = False,
    name: str = "",
) -> ImportResult:
    """The one import of an activities file (web form, API, `loa activities import`). The whole file is read and
    checked outside any transaction, so nothing is locked meanwhile; then every row is written in one short
    transaction, or nothing at all. A file already imported into the unit, and rows identical to its activities
    (`duplicates`), are reported; duplicate rows are skipped unless `allow_duplicates`."""
    require(actor, Perm.EDIT, unit)
    candidates, locked, errors = _checked_rows(actor=actor, unit=unit, content=content)
    digest = hashlib.sha256(content).hexdigest()
    seen_up_to = latest_activity_id(unit)
    faulty = {e.row for e in errors}
    duplicates = duplicate_rows(unit, [c for c in candidates if c.row not in faulty])
    skip = set() if allow_duplicates else set(duplicates)
    _refuse(errors, locked, skip=skip)
    previous = previous_import(unit, digest)
    imported = skipped = 0
    if not dry_run:
        with transaction.atomic():
            # Imports into one unit queue here (PostgreSQL; on SQLite every write queues at its BEGIN IMMEDIATE).
            # A no-key lock leaves other users' single saves into the unit free (their foreign key check shares it).
            OrgUnit.objects.select_for_update(no_key=True).filter(pk=unit.pk).first()
            if latest_activity_id(unit) != seen_up_to:  # another write landed after the check: check again
                duplicates = duplicate_rows(unit, candidates)
                previous = previous_import(unit, digest)
            skip = set() if allow_duplicates else set(duplicates)
            _refuse([], locked, skip=skip)
            kept = [c for c in candidates if c.row not in skip]
            created = activities_bulk_create(actor=actor, activities=[c.activity for c in kept])
            bulk_link_tasks([(a.pk, c.task_id) for a, c in zip(created, kept, strict=True) if c.task_id])
            imported, skipped = len(created), len(candidates) - len(kept)
            if imported:
                import_record(
                    actor=actor,
                    unit=unit,
                    sha256=digest,
                    name=name,
                    rows=len(candidates),
                    imported=imported,
                    skipped=skipped,
                )
    writable = imported if not dry_run else len(candidates) - len(skip)
    return ImportResult(len(candidates), imported, duplicates, skipped, previous, dry_run, writable)


def import_activities(*, actor: Actor, unit: OrgUnit, content: bytes, dry_run: bool = False) -> int:
    """How many activities `activities_import` wrote (or would write): for scripts and the benchmark."""
    return activities_import(actor=actor, unit=unit, content=content, dry_run=dry_run).writable


def result_notes(result: ImportResult) -> list[str]:
    """The result in sentences, for the web page and the command line (the API returns the fields)."""
    notes = []
    if result.previous is not None:
        who = result.previous.imported_by
        notes.append(
            _("Tệp này đã được nhập ngày %(when)s bởi %(who)s.")
            % {
                "when": timezone.localtime(result.previous.imported_at).strftime("%d/%m/%Y %H:%M"),
                "who": (who.full_name or who.username) if who is not None else _("hệ thống"),
            }
        )
    if result.duplicate_rows:
        shown = ", ".join(str(r) for r in result.duplicate_rows[:ROWS_NAMED])
        others = len(result.duplicate_rows) - ROWS_NAMED
        if others > 0:
            notes.append(
                _("%(n)s dòng trùng với hoạt động đã có: dòng %(rows)s và %(others)s dòng khác.")
                % {"n": len(result.duplicate_rows), "rows": shown, "others": others}
            )
        else:
            notes.append(
                _("%(n)s dòng trùng với hoạt động đã có: dòng %(rows)s.")
                % {"n": len(result.duplicate_rows), "rows": shown}
            )
    if result.skipped:
        notes.append(_("Đã bỏ qua %(n)s dòng trùng.") % {"n": result.skipped})
    return notes


def check_summary(result: ImportResult) -> str:
    """What a check-only pass found, in one sentence for the web page and the command line."""
    if result.writable == result.rows:
        return _("Tệp hợp lệ: %(n)s hoạt động.") % {"n": result.rows}
    return _("Tệp hợp lệ: %(n)s dòng; sẽ nhập %(new)s hoạt động mới và bỏ qua %(dup)s dòng trùng.") % {
        "n": result.rows,
        "new": result.writable,
        "dup": result.rows - result.writable,
    }


def _refuse(errors: list[RowError], locked: dict[int, str], *, skip: set[int]) -> None:
    """ImportRejected naming every bad row, and every row dated in a closed period unless it is skipped anyway
    (a duplicate: re-importing an export with new rows added below must not trip over the old quarters)."""
    errors = sorted(
        [*errors, *(RowError(row, FIELD_LABELS["date"], reason) for row, reason in locked.items() if row not in skip)],
        key=lambda e: e.row,
    )
    if errors:
        raise ImportRejected(
            _("Tệp có %(n)s lỗi; chưa nhập dòng nào. Sửa các dòng dưới đây rồi nhập lại.") % {"n": len(errors)}, errors
        )


def _checked_rows(
    *, actor: Actor, unit: OrgUnit, content: bytes
) -> tuple[list[Candidate], dict[int, str], list[RowError]]:
    """Every row of the file as an unsaved activity; the rows dated in a closed period (with the reason); the
    errors of the other rows."""
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
    built: list[Candidate] = []
    locks: dict[date, str | None] = {}  # one question per day, not per row
    locked: dict[int, str] = {}
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
                locked[row] = str(locks[data.date])
        row_errors += [
            RowError(row, FIELD_LABELS.get(name, name), message)
            for name, message in problems
            if not _already(row_errors, name)
        ]
        errors += row_errors
        built.append(Candidate(row, activity, task_id))
    return built, locked, errors


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
# Quantities are stored with two decimals, below one billion (validation.MAX_QUANTITY).
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
