"""A task appendix keyed in minutes: rows pasted from Word or Excel, the XLSX template, or a table in a DOCX, read
into tasks with the document import's appendix reader (`body.task_columns`, `body.appendix_items`,
`task_rows.task_from_item`), shown as a preview with errors by row and column, and added all or nothing.

Whatever came in, the preview keeps the rows as tab-separated text in the page's text box: the officer can correct a
cell there and read again, and the save reads that same text, so nothing travels between requests but what the page
shows.
"""

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.utils.translation import gettext as _

from loa.core.errors import DomainError
from loa.core.text import normalize
from loa.core.xlsx import read_rows
from loa.plans.models import Plan
from loa.plans.naming import UnitNames, nameable_units
from loa.plans.tasks_input import TaskInput, task_problems

from .body import appendix_items, task_columns
from .errors import DocumentError
from .readers import read_docx, sniff
from .task_rows import COLUMN_LABELS, Problem, task_from_item

MAX_ROWS = 300
MAX_TEXT = 400_000  # characters of pasted text: 300 rows of long titles

# Columns in the order of the XLSX template and of the plan's own export (`plans.document.XLSX_HEADERS`): rows
# pasted without a header row are read in this order.
TEMPLATE_COLUMNS = (
    "stt",
    "title",
    "area",
    "channel",
    "audience",
    "lead",
    "coordinating",
    "deadline",
    "frequency",
    "product",
    "quantity",
    "measure",
    "note",
)
# A Word appendix without its header row: STT, task, lead, coordinating, deadline, product, note.
WORD_COLUMNS = ("stt", "title", "lead", "coordinating", "deadline", "product", "note")
_GROUP_LABEL = re.compile(r"^(?:[IVX]{1,5}|[A-Z])[.)]\s")


@dataclass
class AppendixRow:
    number: int  # the row as the officer sees it: the line of the pasted table, the row of the sheet
    task: TaskInput
    problems: list[Problem] = field(default_factory=list)


@dataclass
class AppendixPreview:
    rows: list[AppendixRow]
    columns: list[str]  # the meanings of the columns read, in their order
    header: bool  # whether the first row named the columns
    text: str  # the rows as tab-separated text (what the page's text box holds)

    names: dict[str, str] = field(default_factory=dict)  # unit code → name, to show the units each row names

    @property
    def errors(self) -> list[str]:
        return [problem_text(row.number, p) for row in self.rows for p in row.problems]

    @property
    def tasks(self) -> list[TaskInput]:
        return [row.task for row in self.rows]


def problem_text(number: int, problem: Problem) -> str:
    if problem.column in COLUMN_LABELS:
        return _("Dòng %(n)s, cột «%(col)s»: %(msg)s.") % {
            "n": number,
            "col": COLUMN_LABELS[problem.column],
            "msg": problem.message,
        }
    return _("Dòng %(n)s: %(msg)s.") % {"n": number, "msg": problem.message}


def table_from_text(text: str) -> list[list[str]]:
    """Rows copied from Excel (tab-separated, a cell with line breaks in quotes) or from a Word table (tab-separated,
    a cell's line breaks unquoted: such a row is joined back with the lines that complete it)."""
    if len(text) > MAX_TEXT:
        raise DomainError(
            _("Đoạn văn bản dán vào dài %(n)s ký tự, vượt giới hạn %(max)s.") % {"n": len(text), "max": MAX_TEXT}
        )
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip("\n")
    if not text.strip():
        return []
    if text.startswith('"') or '\t"' in text:
        rows = [list(r) for r in csv.reader(io.StringIO(text), delimiter="\t")]
    else:
        rows = _joined([line.split("\t") for line in text.split("\n")])
    return [[normalize(c) for c in row] for row in rows if any(c.strip() for c in row)]


def _joined(lines: list[list[str]]) -> list[list[str]]:
    width = max(len(cells) for cells in lines)
    rows: list[list[str]] = []
    for cells in lines:
        last = rows[-1] if rows else None
        if (
            last is not None
            and len(last) < width
            and len(last) + len(cells) - 1 <= width
            and not _GROUP_LABEL.match(last[0].strip())
            and not (len(last) == 1 and last[0].strip().isupper())
        ):
            last[-1] = f"{last[-1]}\n{cells[0]}"
            last += cells[1:]
        else:
            rows.append(list(cells))
    return rows


def table_from_file(name: str, data: bytes) -> list[list[str]]:
    """The appendix table of an XLSX (first sheet) or DOCX file (the first table that names a task column, else the
    largest)."""
    # Both are zip files; the part names (stored in the clear) tell a workbook from a Word document.
    if data.startswith(b"PK\x03\x04") and b"xl/workbook.xml" in data and b"word/document.xml" not in data:
        headers, rows = read_rows(data, max_rows=MAX_ROWS)
        return [headers, *([_cell(v) for v in values] for _number, values in rows)]
    if sniff(name, data) == "docx":
        tables = read_docx(name, data).tables
        if not tables:
            raise DocumentError(_("Tệp «%(name)s» không có bảng nào.") % {"name": name})
        named = [t for t in tables if t and task_columns(t[0]) is not None]
        return named[0] if named else max(tables, key=len)
    raise DocumentError(
        _("Tệp «%(name)s» không phải bảng tính Excel (.xlsx) hay văn bản Word (.docx).") % {"name": name}
    )


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return normalize(str(value))


def table_text(table: list[list[str]]) -> str:
    """The table as the page's text box holds it: tab-separated, a cell with a line break, tab or quote quoted."""
    out = io.StringIO()
    csv.writer(out, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_MINIMAL).writerows(table)
    return out.getvalue()


def read_appendix(plan: Plan, table: list[list[str]]) -> AppendixPreview:
    """The tasks of `table` for `plan`, each row checked as the plan will check it when saved."""
    if not table:
        raise DomainError(_("Chưa có dòng nào: hãy dán các dòng của phụ lục hoặc chọn tệp."))
    # A first row numbered like a task ("1", "1.") is a task whose title happens to start like a header.
    numbered = bool(table[0]) and re.fullmatch(r"\d{1,3}\.?", table[0][0].strip()) is not None
    columns_by_key = None if numbered else task_columns(table[0])
    header = columns_by_key is not None
    if columns_by_key is None:
        columns_by_key = _guessed_columns(table)
    body = table[1:] if header else table
    if len(body) > MAX_ROWS:
        raise DomainError(_("Phụ lục có %(n)s dòng, vượt giới hạn %(max)s dòng.") % {"n": len(body), "max": MAX_ROWS})
    first = 2 if header else 1
    items = appendix_items(body, columns_by_key, table[0] if header else None)
    if not items:
        raise DomainError(_("Không tìm thấy dòng nhiệm vụ nào: cột «Nhiệm vụ» trống."))
    units = nameable_units(plan.issuer)
    names = UnitNames(units, plan.issuer)
    rows = [_row(plan, names, first + index, item) for index, item in items]
    # What the plan itself refuses (lengths, a deadline outside its year…), for rows read without a problem.
    for row, refused in zip(rows, task_problems(plan, [r.task for r in rows]), strict=True):
        if not row.problems:
            row.problems += [Problem("", message) for message in refused]
    columns = [key for key, _i in sorted(columns_by_key.items(), key=lambda kv: kv[1])]
    return AppendixPreview(rows, columns, header, table_text(table), {u.code: u.name for u in units})


def _guessed_columns(table: list[list[str]]) -> dict[str, int]:
    width = max(len(r) for r in table)
    numbered = sum(1 for r in table if r and re.fullmatch(r"\d{1,3}\.?", r[0].strip())) * 2 >= len(table)
    order: tuple[str, ...] = WORD_COLUMNS if width <= len(WORD_COLUMNS) else TEMPLATE_COLUMNS
    if not numbered:
        order = order[1:]
    return {key: i for i, key in enumerate(order[:width])}


def _row(plan: Plan, names: UnitNames, number: int, item: dict[str, Any]) -> AppendixRow:
    task, problems = task_from_item(item, plan.issuer, names, plan.year)
    return AppendixRow(number, task, problems)
