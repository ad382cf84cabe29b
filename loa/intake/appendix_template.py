"""The XLSX template of a task appendix: the plan export's columns, drop-down lists from the catalogs and the units
the plan may name (a hidden sheet), and a sheet of instructions. Filled in and uploaded, it is read by `appendix`."""

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from loa.core.catalogs import Audience, Channel, ReformArea, vi_label
from loa.core.xlsx import append_row
from loa.plans.assignment import group_label, group_units
from loa.plans.catalog import Frequency, LeadGroup
from loa.plans.document import XLSX_HEADERS
from loa.plans.models import Plan
from loa.plans.naming import nameable_units

from .appendix import MAX_ROWS, TEMPLATE_COLUMNS

_WIDTHS = {"stt": 6, "title": 60, "lead": 34, "coordinating": 30, "product": 28, "note": 24}
_HEADER_FILL = PatternFill("solid", fgColor="DDE7F0")


def template_xlsx(plan: Plan) -> bytes:
    """The template for `plan`: its lists name the units of the plan's issuer as the plan writes them."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Phụ lục"
    append_row(sheet, XLSX_HEADERS)
    for index, key in enumerate(TEMPLATE_COLUMNS, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font, cell.fill = Font(bold=True), _HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        sheet.column_dimensions[get_column_letter(index)].width = _WIDTHS.get(key, 16)
    sheet.freeze_panes = "C2"
    lists = _lists(plan)
    catalog = book.create_sheet("Danh mục")
    columns = list(lists.values())
    append_row(catalog, list(lists))
    for row in range(max(len(values) for values in columns)):
        append_row(catalog, [values[row] if row < len(values) else None for values in columns])
    for column in range(1, len(columns) + 1):
        catalog.cell(row=1, column=column).font = Font(bold=True)
        catalog.column_dimensions[get_column_letter(column)].width = 40
    catalog.sheet_state = "hidden"
    keys = ("area", "channel", "audience", "lead", "frequency")  # the columns of the lists, in their order
    for column, (key, values) in enumerate(zip(keys, lists.values(), strict=True), start=1):
        letter = get_column_letter(column)
        # Several channels, audiences or leads are written "A; B": the list suggests, it does not refuse.
        strict = key in {"area", "frequency"}
        rule = DataValidation(
            type="list",
            formula1=f"='Danh mục'!${letter}$2:${letter}${len(values) + 1}",
            allow_blank=True,
            showErrorMessage=True,
            errorStyle="stop" if strict else "information",
            error=_("Hãy chọn một giá trị trong danh sách.") if strict else _("Giá trị không có trong danh sách."),
        )
        target = get_column_letter(TEMPLATE_COLUMNS.index(key) + 1)
        rule.add(f"{target}2:{target}{MAX_ROWS + 1}")
        sheet.add_data_validation(rule)
    quantity = get_column_letter(TEMPLATE_COLUMNS.index("quantity") + 1)
    number = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True)
    number.error = _("Chỉ tiêu số lượng là một số không âm.")
    number.showErrorMessage = True
    number.add(f"{quantity}2:{quantity}{MAX_ROWS + 1}")
    sheet.add_data_validation(number)
    _help(book.create_sheet("Hướng dẫn"))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _lists(plan: Plan) -> dict[str, list[str]]:
    units = [u.name for u in nameable_units(plan.issuer)]
    groups = [group_label(plan.issuer, g) for g in LeadGroup.values if group_units(plan.issuer, g).exists()]
    return {
        "Lĩnh vực CCHC": [vi_label(ReformArea, v) for v in ReformArea.values],
        "Hình thức": [vi_label(Channel, v) for v in Channel.values],
        "Đối tượng": [vi_label(Audience, v) for v in Audience.values],
        "Cơ quan chủ trì": [*groups, *units],
        "Tần suất": [vi_label(Frequency, v) for v in Frequency.values],
    }


def _help(sheet: Worksheet) -> None:
    lines = [
        _("Cách điền phụ lục nhiệm vụ"),
        _("Mỗi dòng của trang «Phụ lục» là một nhiệm vụ; chỉ cột «Nhiệm vụ» và «Cơ quan chủ trì» là bắt buộc."),
        _("Chọn lĩnh vực, hình thức, đối tượng, cơ quan chủ trì và tần suất trong danh sách thả xuống."),
        _("Nhiều hình thức, đối tượng hoặc cơ quan chủ trì: ghi cách nhau bằng dấu chấm phẩy (;)."),
        _("Cơ quan phối hợp: ghi tên đơn vị; tên Loa không nhận ra được giữ nguyên làm ghi chú."),
        _(
            "Thời hạn: ngày dd/mm/yyyy, «Quý II/2026», «Tháng 6/2026»; nhiệm vụ thường xuyên, hằng tháng, hằng quý "
            "chọn ở cột «Tần suất» và để trống thời hạn."
        ),
        _("Chỉ tiêu số lượng là một số; đơn vị tính ghi ở cột bên cạnh (tin, bài, hội nghị, lượt…)."),
        _("Không đổi tên, thứ tự các cột của dòng tiêu đề."),
    ]
    for line in lines:
        append_row(sheet, [line])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.column_dimensions["A"].width = 120
