"""The question bank in XLSX (issue 21 item 2): the export (which reads back as the same bank), the template, and
the import, all or nothing.

Import semantics, said in the workbook's guide: a row whose code is in the bank updates that question (its revision
goes up only when something changed); a row with a new code, or none, adds a question (blank codes get the bank's
next free codes). Questions of the bank that the file does not name are left as they are.
"""

import io
import re
import unicodedata
import xml.parsers.expat
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet
from simple_history.utils import bulk_create_with_history

from loa.core.archive import ArchiveRefused, inflate, open_checked
from loa.core.audit import stamp
from loa.core.catalogs import ReformArea, label, vi_label
from loa.core.errors import Conflict, DomainError, ImportRejected, RowError
from loa.core.http import too_large
from loa.core.text import fold
from loa.core.xlsx import CONTROL, MAX_CELL_TEXT, append_row, cell_str, read_rows
from loa.core.xlsx_guard import XLSX_ZIP_LIMITS, broken, column_number
from loa.org.models import OrgUnit
from loa.org.scope import Actor, account_of

from .bank import QuestionInput, _apply, problems_of, require_keeper
from .models import OPTION_COUNT, Question

SHEET = "Câu hỏi"
LISTS_SHEET = "Danh mục"
GUIDE_SHEET = "Hướng dẫn"

CODE = "Mã câu hỏi"
AREA = "Lĩnh vực CCHC"
TOPIC = "Chủ đề"
TEXT = "Nội dung câu hỏi"
OPTIONS = ("Phương án A", "Phương án B", "Phương án C", "Phương án D")
ANSWER = "Đáp án đúng"
SOURCE = "Căn cứ pháp lý"
EXPLANATION = "Giải thích"
ACTIVE = "Đang dùng"
HEADERS = [CODE, AREA, TOPIC, TEXT, *OPTIONS, ANSWER, SOURCE, EXPLANATION, ACTIVE]
REQUIRED = [AREA, TEXT, *OPTIONS, ANSWER]
_WIDTHS = [12, 34, 24, 60, 30, 30, 30, 30, 12, 36, 50, 11]

LETTERS = "ABCD"
YES, NO = "Có", "Không"
_HEADER_FONT = Font(bold=True, name="Times New Roman")
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
# The fields an import compares to tell an updated question from an unchanged one (`bank._apply` writes them all).
_COMPARED = ("area", "topic", "text", "options", "answer", "source", "explanation", "active")
_SAVED = [*_COMPARED, "search_text", "revision", "updated_at"]
FORMULAS_NAMED = 100  # formula cells listed one by one; the file is refused whatever their number
_IN_BATCH = 900  # codes per IN (…) query: under SQLite's historical limit of 999 variables


def max_rows() -> int:
    return int(settings.LOA_IMPORT_MAX_ROWS)


# --- export ----------------------------------------------------------------------------------------------------------


# Text Excel itself would read as an escaped character ("_x0041_" is "A"): its underscore is escaped the way Excel
# writes it, so the text reads back as written.
_ESCAPE_LIKE = re.compile(r"_(?=x[0-9A-Fa-f]{4}_)")


def _writable(text: str) -> str:
    """Text as a cell can hold it: without the characters no workbook can (control characters and lone
    surrogates, U+FFFE and U+FFFF), Excel's escapes escaped."""
    text = CONTROL.sub("", text).replace("\ufffe", "").replace("\uffff", "")
    return _ESCAPE_LIKE.sub("_x005F_", text)


def _row(q: Question) -> list[Any]:
    options = [str(o) for o in (q.options or [])][:OPTION_COUNT]
    options += [""] * (OPTION_COUNT - len(options))
    answer = LETTERS[q.answer] if q.answer in range(OPTION_COUNT) else ""
    texts = [q.code, vi_label(ReformArea, q.area), q.topic, q.text, *options, answer, q.source, q.explanation]
    return [*(_writable(t) for t in texts), YES if q.active else NO]


def _example() -> list[Any]:
    """The template's example row: a question written for Loa (no code, so importing it as is adds a question)."""
    return [
        "",
        vi_label(ReformArea, ReformArea.TTHC),
        "Dịch vụ công trực tuyến",
        "Người dân đã nộp hồ sơ thủ tục hành chính trực tuyến có thể theo dõi tình trạng giải quyết hồ sơ "
        "của mình bằng cách nào?",
        "Tra cứu bằng mã hồ sơ trên Cổng Dịch vụ công quốc gia hoặc Cổng dịch vụ công của tỉnh",
        "Chỉ có thể hỏi trực tiếp công chức tại Bộ phận Một cửa",
        "Chỉ có thể chờ thư báo gửi qua đường bưu chính",
        "Không theo dõi được cho đến khi có kết quả giải quyết",
        "A",
        "Nghị định số 118/2025/NĐ-CP của Chính phủ",
        "Mỗi hồ sơ nộp trực tuyến được cấp một mã hồ sơ; người nộp dùng mã này để tra cứu tiến độ giải quyết "
        "trên Cổng Dịch vụ công hoặc theo dõi trong tài khoản dịch vụ công của mình.",
        YES,
    ]


def export_bank(questions: Iterable[Question]) -> bytes:
    """The questions as the bank's workbook: importing it again into the same bank changes nothing."""
    return _workbook([_row(q) for q in questions])


def template() -> bytes:
    """The bank's workbook with one example question, to fill."""
    return _workbook([_example()])


def _workbook(rows: Sequence[Sequence[Any]]) -> bytes:
    with translation.override("vi"):
        book = Workbook()
        sheet = book.active
        assert sheet is not None
        sheet.title = SHEET
        _header(sheet, HEADERS)
        for index, width in enumerate(_WIDTHS, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = width
        wrap = Alignment(wrap_text=True, vertical="top")
        for values in rows:
            append_row(sheet, values)
        for line in sheet.iter_rows(min_row=2):
            for cell in line:
                cell.alignment = wrap
        sheet.freeze_panes = "B2"
        lists = book.create_sheet(LISTS_SHEET)
        _header(lists, ["Mã", AREA])
        for code in ReformArea.values:
            append_row(lists, [code, vi_label(ReformArea, code)])
        lists.column_dimensions["A"].width = 18
        lists.column_dimensions["B"].width = 70
        lists.freeze_panes = "A2"
        _validations(sheet, areas=len(ReformArea.values))
        guide = book.create_sheet(GUIDE_SHEET)
        for line in _guide():
            append_row(guide, [line])
        guide.column_dimensions["A"].width = 120
        out = io.BytesIO()
        book.save(out)
        return out.getvalue()


def _header(ws: Worksheet, headers: Sequence[str]) -> None:
    append_row(ws, headers)
    for cell in ws[1]:
        cell.font, cell.fill = _HEADER_FONT, _HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")


def _validations(sheet: Worksheet, *, areas: int) -> None:
    """Drop-downs for the area, answer and active columns. A warning, not a stop: the import also takes area codes,
    a–d and 1–4, and says what is wrong by row and column."""
    last = max_rows() + 1
    for header, formula, message in (
        (AREA, f"'{LISTS_SHEET}'!$B$2:$B${areas + 1}", _("Hãy chọn một lĩnh vực CCHC trong danh sách.")),
        (ANSWER, f'"{",".join(LETTERS)}"', _("Đáp án đúng là A, B, C hoặc D.")),
        (ACTIVE, f'"{YES},{NO}"', _("Ghi «Có» hoặc «Không»; để trống là «Có».")),
    ):
        rule = DataValidation(
            type="list",
            formula1=formula,
            allow_blank=True,
            showErrorMessage=True,
            errorStyle="warning",
            errorTitle=header,
            error=message,
        )
        letter = get_column_letter(HEADERS.index(header) + 1)
        rule.add(f"{letter}2:{letter}{last}")
        sheet.add_data_validation(rule)


def _guide() -> list[str]:
    return [
        _("Cách điền ngân hàng câu hỏi"),
        _("Mỗi dòng là một câu hỏi trắc nghiệm: bốn phương án A, B, C, D và một đáp án đúng."),
        _("Cột bắt buộc: %(cols)s.") % {"cols": ", ".join(REQUIRED)},
        _(
            "Mã câu hỏi: để trống thì Loa cấp mã mới (CH0001, CH0002…); ghi mã đã có trong ngân hàng thì câu hỏi đó "
            "được cập nhật theo dòng này. Hai dòng không được cùng một mã."
        ),
        _("Lĩnh vực CCHC: chọn trong danh sách (tên hoặc mã ở trang «%(sheet)s»).") % {"sheet": LISTS_SHEET},
        _("Đáp án đúng: A, B, C hoặc D (cũng nhận a, b, c, d hoặc 1, 2, 3, 4)."),
        _("Đang dùng: «Có» hoặc «Không» (để trống là «Có»); câu hỏi «Không» không còn được rút vào đề thi."),
        _("Ô chỉ chứa giá trị, không dùng công thức. Mỗi tệp tối đa %(n)s câu hỏi.") % {"n": max_rows()},
        _(
            "Tệp được kiểm tra toàn bộ; có lỗi thì không câu hỏi nào được ghi. Xuất ngân hàng, sửa rồi nhập lại là "
            "cách an toàn nhất."
        ),
    ]


# --- reading ---------------------------------------------------------------------------------------------------------

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # encrypted OOXML and legacy .xls are compound files


def _key(header: str) -> str:
    """A header as matched: folded, without a trailing note in brackets, letters and digits only."""
    return re.sub(r"[^0-9a-z]", "", fold(re.sub(r"\([^)]*\)", "", header)))


_ALIASES = {
    "ma": CODE,
    "linhvuc": AREA,
    "noidung": TEXT,
    "cauhoi": TEXT,
    "dapan": ANSWER,
    "a": OPTIONS[0],
    "b": OPTIONS[1],
    "c": OPTIONS[2],
    "d": OPTIONS[3],
    "cancu": SOURCE,
    "trangthai": ACTIVE,
}
_HEADER_KEYS = {**_ALIASES, **{_key(h): h for h in HEADERS}}


def _columns(headers: list[str]) -> dict[str, int]:
    """Each known column's index, by name whatever its diacritics, case and spacing; DomainError for a missing
    required column or a column given twice."""
    found: dict[str, int] = {}
    for index, header in enumerate(headers):
        name = _HEADER_KEYS.get(_key(header)) if header else None
        if name is None:
            continue
        if name in found:
            raise DomainError(
                _("Cột «%(name)s» có hai lần trong tệp (cột %(a)s và %(b)s). Hãy xóa một cột rồi nhập lại.")
                % {"name": name, "a": get_column_letter(found[name] + 1), "b": get_column_letter(index + 1)}
            )
        found[name] = index
    missing = [h for h in REQUIRED if h not in found]
    if missing:
        raise DomainError(
            _("Tệp thiếu cột bắt buộc: %(cols)s. Hãy dùng tệp mẫu.") % {"cols": ", ".join(f"«{m}»" for m in missing)}
        )
    return found


def _areas() -> dict[str, str]:
    """Folded code and label (Vietnamese, and the interface language's) → code."""
    table = {fold(code): code for code in ReformArea.values}
    for code in ReformArea.values:
        table.setdefault(fold(vi_label(ReformArea, code)), code)
        table.setdefault(fold(label(ReformArea, code)), code)
    return table


def _present(values: list[Any], index: int | None) -> Any:
    if index is None or index >= len(values):
        return None
    value = values[index]
    return None if value is None or (isinstance(value, str) and not value.strip()) else value


def _long_text(values: list[Any], index: int | None, row: int, column: str, errors: list[RowError]) -> str:
    """A text cell of several lines (question, explanation): NFC and trimmed, its line breaks and spacing kept as
    typed (the bank keeps them so); numbers and dates as `cell_str` writes them."""
    value = _present(values, index)
    if not isinstance(value, str):
        return cell_str(values, index, row, column, errors, max_length=MAX_CELL_TEXT)
    if CONTROL.search(value):
        errors.append(RowError(row, column, _("có ký tự điều khiển không hợp lệ (ký tự ẩn); hãy gõ lại ô này")))
        return ""
    text = unicodedata.normalize("NFC", value).strip()
    if len(text) > MAX_CELL_TEXT:  # only a crafted file holds more than Excel's cell
        errors.append(
            RowError(
                row, column, _("dài %(n)s ký tự, quá giới hạn %(max)s ký tự") % {"n": len(text), "max": MAX_CELL_TEXT}
            )
        )
        return ""
    return text


def _answer(values: list[Any], index: int | None, row: int, errors: list[RowError]) -> int:
    """The right option's index (0..3) from A–D, a–d or 1–4; -1 with a RowError otherwise."""
    value = _present(values, index)
    if value is None:
        errors.append(RowError(row, ANSWER, _("chưa ghi đáp án đúng (A, B, C hoặc D)")))
        return -1
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if value in (1, 2, 3, 4):
            return int(value) - 1
    elif isinstance(value, str):
        text = fold(value)
        for prefix in ("phuong an ", "dap an "):
            text = text.removeprefix(prefix)
        if len(text) == 1 and text in "abcd":
            return "abcd".index(text)
        if text in ("1", "2", "3", "4"):
            return int(text) - 1
    shown = CONTROL.sub("?", str(value))[:40]
    errors.append(RowError(row, ANSWER, _("«%(v)s» không phải là A, B, C hoặc D") % {"v": shown}))
    return -1


_TRUE = {"co", "x", "dang dung", "dung", "1", "true", "yes", "y", "c"}
_FALSE = {"khong", "k", "0", "false", "no", "n", "ngung", "ngung dung", "da ngung", "khong dung", "ko"}


def _active(values: list[Any], index: int | None, row: int, errors: list[RowError]) -> bool:
    value = _present(values, index)
    if value is None:
        return True
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)) and value in (0, 1):
        return bool(value)
    text = fold(str(value))
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    shown = CONTROL.sub("?", str(value))[:40]
    errors.append(RowError(row, ACTIVE, _("«%(v)s»: ghi «Có» hoặc «Không» (để trống là «Có»)") % {"v": shown}))
    return True


# A question right in every field, whose fields stand in for all but one of a row's when `problems_of` is asked
# which column a problem is in. Its options hold a control character, which no cell read from a file can.
_PROBE = QuestionInput(area=ReformArea.values[0], text="\x01", options=[f"\x01{c}" for c in LETTERS], answer=0)


def _located(data: QuestionInput) -> list[tuple[str, str]]:
    """`problems_of(data)` as (column, message): each field is checked alone in an otherwise right question, so
    every message lands on the column it is about (a duplicate option on the second of the two)."""
    found = problems_of(data)
    if not found:
        return []
    located: list[tuple[str, str]] = []
    probes: list[tuple[str, QuestionInput]] = [
        (CODE, replace(_PROBE, code=data.code)),
        (AREA, replace(_PROBE, area=data.area)),
        (TOPIC, replace(_PROBE, topic=data.topic)),
        (TEXT, replace(_PROBE, text=data.text)),
        (ANSWER, replace(_PROBE, answer=data.answer)),
        (SOURCE, replace(_PROBE, source=data.source)),
        (EXPLANATION, replace(_PROBE, explanation=data.explanation)),
    ]
    for i, header in enumerate(OPTIONS):
        options = list(_PROBE.options)
        options[i] = data.options[i]
        probes.append((header, replace(_PROBE, options=options)))
    for column, probe in probes:
        located += [(column, m) for m in problems_of(probe) if m in found]
    placed = {m for _c, m in located}
    left = [m for m in found if m not in placed]
    if left:  # the options together (two the same), else a rule on the whole question
        column = _second_of_pair(data.options) or TEXT
        located += [(column, m) for m in left]
    return located


def _second_of_pair(options: list[str]) -> str | None:
    seen: set[str] = set()
    for header, option in zip(OPTIONS, options, strict=False):
        key = fold(option)
        if key in seen:
            return header
        seen.add(key)
    return None


def read_bank(data: bytes) -> tuple[list[QuestionInput], list[RowError]]:
    """The file's questions (its rows without errors, in order) and every error, by row and column as Excel shows
    them. A file that cannot be read at all (not a workbook, too large, protected, broken, with formulas, without
    a required column) raises DomainError (ImportRejected for formulas, naming their cells)."""
    limit = int(settings.LOA_IMPORT_MAX_BYTES)
    if len(data) > limit:
        raise DomainError(too_large(limit))
    if data.startswith(_OLE_MAGIC):
        raise DomainError(
            _(
                "Tệp được đặt mật khẩu hoặc là tệp Excel cũ (.xls), Loa không mở được. Hãy bỏ mật khẩu và lưu lại "
                "dạng .xlsx (Excel Workbook) rồi nhập lại."
            )
        )
    headers, rows = read_rows(data, max_rows=max_rows())
    col = _columns(headers)
    _refuse_formulas(data, headers, col)
    areas = _areas()
    inputs: list[QuestionInput] = []
    errors: list[RowError] = []
    seen: dict[str, int] = {}
    order = {h: i for i, h in enumerate(HEADERS)}
    known = sorted(col.values())
    for row, values in rows:
        if all(_present(values, i) is None for i in known):
            continue  # text only in columns Loa does not read (notes beside the table)
        row_errors: list[RowError] = []

        def text(
            header: str, values: list[Any] = values, row: int = row, row_errors: list[RowError] = row_errors
        ) -> str:
            return cell_str(values, col.get(header), row, header, row_errors, max_length=MAX_CELL_TEXT)

        area_text = text(AREA)
        area = areas.get(fold(area_text), "")
        if area_text and not area:
            row_errors.append(
                RowError(
                    row,
                    AREA,
                    _("«%(v)s» không có trong danh mục lĩnh vực CCHC (xem trang «%(sheet)s»)")
                    % {"v": area_text[:80], "sheet": LISTS_SHEET},
                )
            )
        elif not area_text and not any(e.column == AREA for e in row_errors):
            row_errors.append(RowError(row, AREA, _("chưa chọn lĩnh vực CCHC")))
        question = QuestionInput(
            code=text(CODE),
            area=area,
            topic=text(TOPIC),
            text=_long_text(values, col.get(TEXT), row, TEXT, row_errors),
            options=[text(h) for h in OPTIONS],
            answer=_answer(values, col.get(ANSWER), row, row_errors),
            source=text(SOURCE),
            explanation=_long_text(values, col.get(EXPLANATION), row, EXPLANATION, row_errors),
            active=_active(values, col.get(ACTIVE), row, row_errors),
        )
        marked = {e.column for e in row_errors}
        row_errors += [RowError(row, c, m) for c, m in _located(question) if c not in marked]
        if question.code and not any(e.column == CODE for e in row_errors):
            if question.code in seen:
                row_errors.append(
                    RowError(
                        row,
                        CODE,
                        _("mã «%(code)s» trùng với dòng %(r)s; mỗi câu hỏi một mã")
                        % {"code": question.code, "r": seen[question.code]},
                    )
                )
            else:
                seen[question.code] = row
        errors += sorted(row_errors, key=lambda e: order.get(e.column, len(order)))
        if not row_errors:
            inputs.append(question)
    return inputs, errors


# --- formulas --------------------------------------------------------------------------------------------------------

# calamine reads a formula cell as its cached result, which a file need not hold (openpyxl writes none) nor match
# what the formula would give: a formula is refused, never read as a value the user did not see.
_FORMULA_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?f[\s/>]")
_CELL_REF = re.compile(r"\$?([A-Za-z]{1,3})\$?([0-9]{1,7})")
_Handler = Callable[..., None]


class _Enough(Exception):
    pass


def _parser() -> xml.parsers.expat.XMLParserType:
    parser = xml.parsers.expat.ParserCreate(namespace_separator=" ")

    def no_doctype(*_args: object) -> None:
        raise xml.parsers.expat.ExpatError("DOCTYPE")

    parser.StartDoctypeDeclHandler = no_doctype
    parser.EntityDeclHandler = no_doctype
    return parser


def _parse(content: bytes, info: zipfile.ZipInfo, start: _Handler, end: _Handler | None = None) -> None:
    parser = _parser()
    parser.StartElementHandler = start
    if end is not None:
        parser.EndElementHandler = end
    try:
        for chunk in inflate(content, info):
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except _Enough:
        return
    except (ArchiveRefused, xml.parsers.expat.ExpatError):
        raise broken() from None


def _first_sheet(content: bytes, archive: zipfile.ZipFile) -> str | None:
    """The part of the workbook's first sheet (the one calamine reads), or None when the package does not say."""
    names = set(archive.namelist())
    if "xl/workbook.xml" not in names or "xl/_rels/workbook.xml.rels" not in names:
        return None
    first: list[str] = []

    def sheet(name: str, attrs: dict[str, str]) -> None:
        if name.rpartition(" ")[2] == "sheet":
            # r:id, whatever the namespace (transitional or strict) its prefix stands for
            first.append(next((v for k, v in attrs.items() if k.endswith(" id")), ""))
            raise _Enough

    _parse(content, archive.getinfo("xl/workbook.xml"), sheet)
    if not first:
        return None
    target: list[str] = []

    def relationship(name: str, attrs: dict[str, str]) -> None:
        if name.rpartition(" ")[2] == "Relationship" and attrs.get("Id") == first[0]:
            target.append(attrs.get("Target", ""))
            raise _Enough

    _parse(content, archive.getinfo("xl/_rels/workbook.xml.rels"), relationship)
    if not target:
        return None
    return target[0].lstrip("/") if target[0].startswith("/") else f"xl/{target[0]}"


def _has_formula(content: bytes, info: zipfile.ZipInfo) -> bool:
    carry = b""
    try:
        for chunk in inflate(content, info):
            data = carry + chunk
            if _FORMULA_TAG.search(data):
                return True
            carry = data[-64:]
    except ArchiveRefused:
        raise broken() from None
    return False


def _formula_cells(content: bytes, info: zipfile.ZipInfo) -> list[tuple[int, int]]:
    """(row as Excel numbers it, 0-based column) of the part's first formula cells, counting cells without a
    reference on from the previous one as calamine does."""
    position = [0, 0]  # 0-based row and column of the next cell
    current: list[tuple[int, int] | None] = [None]
    found: list[tuple[int, int]] = []

    def start(name: str, attrs: dict[str, str]) -> None:
        local = name.rpartition(" ")[2]
        if local == "row":
            ref = attrs.get("r", "")
            if ref.isascii() and ref.isdigit():
                position[0] = int(ref) - 1
            position[1] = 0
        elif local == "c":
            match = _CELL_REF.fullmatch(attrs.get("r", ""))
            if match:
                position[0], position[1] = int(match.group(2)) - 1, column_number(match.group(1)) - 1
            current[0] = (position[0] + 1, position[1])
            position[1] += 1
        elif local == "f" and current[0] is not None:
            found.append(current[0])
            current[0] = None
            if len(found) >= FORMULAS_NAMED:
                raise _Enough

    def end(name: str) -> None:
        local = name.rpartition(" ")[2]
        if local == "row":
            position[0] += 1
            position[1] = 0
        elif local == "c":
            current[0] = None

    _parse(content, info, start, end)
    return found


def _refuse_formulas(content: bytes, headers: list[str], col: dict[str, int]) -> None:
    try:
        archive = open_checked(content, XLSX_ZIP_LIMITS)
    except ArchiveRefused:
        raise broken() from None
    part = _first_sheet(content, archive)
    names = set(archive.namelist())
    parts = (
        [part]
        if part in names
        else [n for n in names if n.startswith("xl/worksheets/") and n.endswith(".xml") and "/_rels/" not in n]
    )
    cells: list[tuple[int, int]] = []
    for name in parts:
        info = archive.getinfo(name)
        if _has_formula(content, info):  # perhaps only a drop-down's list (<xm:f> in the sheet's extensions)
            cells += _formula_cells(content, info)
    if not cells:
        return
    by_index = {i: h for h, i in col.items()}

    def column(index: int) -> str:
        if index in by_index:
            return by_index[index]
        return headers[index] if index < len(headers) and headers[index] else get_column_letter(index + 1)

    errors = [
        RowError(row, column(index), _("ô có công thức; hãy thay bằng giá trị"))
        for row, index in cells[:FORMULAS_NAMED]
    ]
    raise ImportRejected(
        _(
            "Tệp có công thức trong bảng câu hỏi; Loa chỉ nhận giá trị. Hãy chép các ô có công thức rồi dán lại "
            "dạng giá trị (Dán đặc biệt → Giá trị), lưu tệp và nhập lại."
        ),
        errors,
    )


# --- import ----------------------------------------------------------------------------------------------------------


@dataclass
class BankImport:
    """What an import did (or, checked only, would do) to the bank."""

    created: int
    updated: int
    unchanged: int
    dry_run: bool

    @property
    def rows(self) -> int:
        return self.created + self.updated + self.unchanged


def import_bank(*, actor: Actor, owner: OrgUnit, data: bytes, dry_run: bool = False) -> BankImport:
    """Check the whole file, then write every question of it into `owner`'s bank in one transaction, or nothing.
    Raises ImportRejected naming every bad cell (nothing written), DomainError for a file that cannot be read,
    PermissionDenied for someone who does not keep the bank, Conflict when a question was added at the same time."""
    require_keeper(actor, owner)
    inputs, errors = read_bank(data)
    if errors:
        raise ImportRejected(
            _("Tệp có %(n)s lỗi; chưa nhập câu hỏi nào. Sửa các ô dưới đây rồi nhập lại.") % {"n": len(errors)}, errors
        )
    if dry_run:
        created, updated, unchanged = _plan(actor, owner, inputs, lock=False)
        return BankImport(len(created), len(updated), unchanged, dry_run=True)
    try:
        with transaction.atomic():
            # Imports into one bank queue here; each question the file names is locked against a save from its form.
            OrgUnit.objects.select_for_update(no_key=True).filter(pk=owner.pk).first()
            created, updated, unchanged = _plan(actor, owner, inputs, lock=True)
            user = account_of(actor)
            if created:
                bulk_create_with_history(created, Question, batch_size=500, default_user=user)
            for q in updated:  # one by one: Django's bulk_update takes longer for its CASE expressions
                stamp(q, actor=actor)
                q.save(update_fields=_SAVED)
    except IntegrityError:
        raise Conflict(
            _("Ngân hàng câu hỏi vừa có câu hỏi được thêm cùng mã. Chưa nhập câu hỏi nào; hãy nhập lại tệp.")
        ) from None
    return BankImport(len(created), len(updated), unchanged, dry_run=False)


def _plan(
    actor: Actor, owner: OrgUnit, inputs: list[QuestionInput], *, lock: bool
) -> tuple[list[Question], list[Question], int]:
    """The questions to add, the questions to save (revision + 1) and how many stay as they are."""
    named = sorted({d.code for d in inputs if d.code})
    found = Question.objects.filter(owner=owner)
    if lock:
        found = found.select_for_update()
    existing: dict[str, Question] = {}
    for start in range(0, len(named), _IN_BATCH):
        existing.update({q.code: q for q in found.filter(code__in=named[start : start + _IN_BATCH])})
    fresh = _free_codes(owner, set(named), sum(1 for d in inputs if not d.code))
    user = account_of(actor)
    created: list[Question] = []
    updated: list[Question] = []
    unchanged = 0
    for data in inputs:
        q = existing.get(data.code) if data.code else None
        if q is None:
            q = Question(owner=owner, code=data.code or next(fresh), created_by=user)
            _apply(q, data)
            created.append(q)
            continue
        before = _compared(q)
        _apply(q, data)
        if _compared(q) == before:
            unchanged += 1
            continue
        q.revision += 1
        updated.append(q)
    return created, updated, unchanged


def _compared(q: Question) -> tuple[Any, ...]:
    return tuple(getattr(q, name) for name in _COMPARED)


def _free_codes(owner: OrgUnit, taken: set[str], count: int) -> Iterator[str]:
    """`count` codes by the rule of `bank.next_code` (CH0001, CH0002…, counting on from the size of the bank and
    skipping every code in use), with the bank's codes read once and the file's own codes kept free."""
    bank = set(Question.objects.filter(owner=owner).values_list("code", flat=True))
    used = bank | taken
    n = len(bank) + 1
    for _i in range(count):
        while f"CH{n:04d}" in used:
            n += 1
        used.add(f"CH{n:04d}")
        yield f"CH{n:04d}"


def import_summary(result: BankImport) -> str:
    """What an import did (or, checked only, would do): one sentence for the page, the API and the command line."""
    values = {"created": result.created, "updated": result.updated, "unchanged": result.unchanged}
    if result.dry_run:
        return _("Tệp hợp lệ: sẽ thêm %(created)s câu hỏi, sửa %(updated)s, giữ nguyên %(unchanged)s.") % values
    return _("Đã nhập ngân hàng câu hỏi: thêm %(created)s câu hỏi, sửa %(updated)s, giữ nguyên %(unchanged)s.") % values
