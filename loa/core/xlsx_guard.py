"""A spreadsheet measured before python-calamine reads it.

calamine sizes its table from the furthest cell: a 1.5 KB workbook with cells at A1 and XFD1048576 asks for
512 GiB and aborts the process (no Python handler can catch that), and a shared-strings table that declares four
billion entries asks for 96 GB the same way. So every part of the package is streamed through a small XML scanner
first, bounded by the package's declared sizes: the declared sheet size (`<dimension ref=…>`), the real furthest
cell (cells without a reference count on from the previous one, as calamine counts them), the number of cells and
of shared strings. Anything beyond the limits is refused with a message naming the limit; calamine only ever sees a
file whose table fits.
"""

import re
import xml.parsers.expat
import zipfile
from dataclasses import dataclass

from django.utils.translation import gettext as _

from .archive import ArchiveRefused, ZipLimits, inflate, open_checked
from .errors import DomainError

# A spreadsheet of 200,000 activities inflates to about 150 MB; the ratio of real workbooks stays far below 200.
XLSX_ZIP_LIMITS = ZipLimits(max_total=400 * 2**20, max_ratio=200, max_entries=2000)
_CELL_REF = re.compile(r"([A-Za-z]{1,3})([0-9]{1,7})")
_XML_PARTS = (".xml", ".rels", ".vml")


@dataclass(frozen=True)
class SheetLimits:
    rows: int  # furthest row, header included
    columns: int
    cells: int  # rows × columns of the table calamine builds, and cells written in one part


def column_number(letters: str) -> int:
    number = 0
    for letter in letters.upper():
        number = number * 26 + ord(letter) - 64
    return number


def broken() -> DomainError:
    return DomainError(_("Không đọc được tệp Excel: tệp bị hỏng hoặc được bảo vệ bằng mật khẩu."))


def check_workbook(content: bytes, limits: SheetLimits) -> None:
    """Raise DomainError unless every part of the workbook fits the limits; reads nothing into memory at once."""
    try:
        archive = open_checked(content, XLSX_ZIP_LIMITS)
    except ArchiveRefused as refused:
        if refused.reason == "broken":
            raise broken() from None
        raise DomainError(
            _(
                "Tệp Excel giải nén ra quá lớn (quá %(mb)s MB hoặc nén quá %(ratio)s lần, nghi là tệp độc hại "
                "«zip bomb»), Loa không mở. Hãy lưu lại tệp bằng Excel hoặc chia nhỏ tệp."
            )
            % {"mb": XLSX_ZIP_LIMITS.max_total // 2**20, "ratio": XLSX_ZIP_LIMITS.max_ratio}
        ) from None
    required = _sheet_parts(content, archive)
    for info in archive.infolist():
        if not info.filename or info.filename.endswith("/"):  # a directory (is_dir() fails on an empty name)
            continue
        must_parse = info.filename in required or info.filename.lower().endswith(_XML_PARTS)
        _scan_part(content, info, limits, must_parse=must_parse)


def _sheet_parts(content: bytes, archive: zipfile.ZipFile) -> set[str]:
    """The worksheets and shared strings the workbook points to, whatever their names (they must be XML)."""
    rels = "xl/_rels/workbook.xml.rels"
    if rels not in archive.namelist():
        return set()
    targets: set[str] = set()

    def start(name: str, attrs: dict[str, str]) -> None:
        kind = attrs.get("Type", "")
        if name.rpartition(" ")[2] == "Relationship" and kind.endswith(("/worksheet", "/sharedStrings")):
            target = attrs.get("Target", "").lstrip("/")
            targets.update({target, f"xl/{target}"})

    parser = _parser()
    parser.StartElementHandler = start
    try:
        for chunk in inflate(content, archive.getinfo(rels)):
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except (ArchiveRefused, xml.parsers.expat.ExpatError):
        raise broken() from None
    return targets


def _parser() -> xml.parsers.expat.XMLParserType:
    parser = xml.parsers.expat.ParserCreate(namespace_separator=" ")

    def no_doctype(*_args: object) -> None:
        raise xml.parsers.expat.ExpatError("DOCTYPE")  # spreadsheets have none; entities could only inflate

    parser.StartDoctypeDeclHandler = no_doctype
    parser.EntityDeclHandler = no_doctype
    return parser


class _Scan:
    """What calamine would build from one part: furthest row and column, cells written, shared strings."""

    def __init__(self, limits: SheetLimits) -> None:
        self.limits = limits
        self.seen_root = False
        self.row = self.column = 0  # calamine's running position (0-based) for cells without a reference
        self.rows = self.columns = self.cells = self.strings = 0

    def start(self, name: str, attrs: dict[str, str]) -> None:
        self.seen_root = True
        local = name.rpartition(" ")[2]
        if local == "c":
            ref = attrs.get("r")
            if ref is not None:
                self.row, self.column = _position(ref)
            self.cells += 1
            self._reach(self.row + 1, self.column + 1)
            self.column += 1
        elif local == "row":
            ref = attrs.get("r")
            if ref is not None:
                if not ref.isascii() or not ref.isdigit() or len(ref) > 7 or int(ref) < 1:
                    raise broken()
                self.row = int(ref) - 1
            self.column = 0
        elif local == "dimension":
            declared = attrs.get("ref", "").rpartition(":")[2]
            if declared:
                row, column = _position(declared)
                self._refuse_beyond(row + 1, column + 1, declared=True)
        elif local == "si":
            self.strings += 1
            if self.strings > self.limits.cells:
                raise self._too_big()
        elif local == "sst":
            for key in ("count", "uniqueCount"):
                value = attrs.get(key, "")
                if value.isascii() and value.isdigit() and int(value) > self.limits.cells:
                    raise self._too_big()

    def end(self, name: str) -> None:
        if name.rpartition(" ")[2] == "row":
            self.row += 1
            self.column = 0

    def _reach(self, row: int, column: int) -> None:
        self.rows, self.columns = max(self.rows, row), max(self.columns, column)
        if self.cells > self.limits.cells:
            raise self._too_big()
        self._refuse_beyond(self.rows, self.columns, declared=False)

    def _refuse_beyond(self, rows: int, columns: int, *, declared: bool) -> None:
        limits = self.limits
        if rows <= limits.rows and columns <= limits.columns and rows * columns <= limits.cells:
            return
        numbers = {
            "rows": f"{rows:,}".replace(",", "."),
            "columns": f"{columns:,}".replace(",", "."),
            "max_rows": f"{limits.rows:,}".replace(",", "."),
            "max_columns": f"{limits.columns:,}".replace(",", "."),
            "max_cells": f"{limits.cells:,}".replace(",", "."),
        }
        if declared:
            message = _(
                "Trang tính khai báo vùng dữ liệu %(rows)s dòng × %(columns)s cột, vượt giới hạn %(max_rows)s dòng, "
                "%(max_columns)s cột và %(max_cells)s ô. Hãy xóa các dòng, cột thừa (kể cả ô chỉ có định dạng) "
                "hoặc chia nhỏ tệp."
            )
        else:
            message = _(
                "Trang tính có ô ở dòng %(rows)s, cột %(columns)s, vượt giới hạn %(max_rows)s dòng, %(max_columns)s "
                "cột và %(max_cells)s ô. Hãy xóa các dòng, cột thừa (kể cả ô chỉ có định dạng) hoặc chia nhỏ tệp."
            )
        raise DomainError(message % numbers)

    def _too_big(self) -> DomainError:
        return DomainError(
            _("Tệp Excel có (hoặc khai báo) quá %(max_cells)s ô hay chuỗi văn bản, vượt giới hạn. Hãy chia nhỏ tệp.")
            % {"max_cells": f"{self.limits.cells:,}".replace(",", ".")}
        )


def _position(ref: str) -> tuple[int, int]:
    """0-based (row, column) of a reference such as "XFD1048576"."""
    match = _CELL_REF.fullmatch(ref.replace("$", ""))
    if match is None or int(match.group(2)) < 1:
        raise broken()
    return int(match.group(2)) - 1, column_number(match.group(1)) - 1


# Fast path, in C: every cell tag, and every cell tag whose first attribute is its reference. When the two counts
# agree (as in every file Excel, LibreOffice or openpyxl writes), the references are exactly calamine's positions:
# a matched reference can sit nowhere but right after the tag's name. No pattern holds a "<" after its first
# character, so cutting the stream before a "<" never splits a match. Parts whose tags carry a namespace prefix
# ("<x:c …>") take the same patterns with the prefix allowed, which are slower.
_PREFIXED = re.compile(rb":(?:c|row|si|dimension)[\s/>]")


def _patterns(prefix: bytes) -> dict[str, re.Pattern[bytes]]:
    return {
        "c": re.compile(rb"<" + prefix + rb"c[\s/>]"),
        "c_ref": re.compile(rb"<" + prefix + rb"c\s+r\s*=\s*[\"']([A-Za-z]{1,3})([0-9]{1,7})[\"']"),
        "row": re.compile(rb"<" + prefix + rb"row[\s/>]"),
        "si": re.compile(rb"<" + prefix + rb"si[\s/>]"),
        "dimension": re.compile(rb"<" + prefix + rb"dimension\s[^>]*?ref\s*=\s*[\"'][^\"':]*:?([^\"']*)[\"']"),
    }


_PLAIN = _patterns(b"")
_ANY_PREFIX = _patterns(rb"(?:[^\s<>/:=\"']+:)?")
# "count" and "uniqueCount" (and any "…ount"): a declared count is what calamine may reserve room for.
_COUNT = re.compile(rb"ount\s*=\s*[\"']([0-9]+)")
_ROW_REF = re.compile(rb"[\s\"':]r\s*=\s*[\"']\$?[A-Za-z]{0,3}\$?([0-9]+)[\"']")
_HEAD = 64 * 1024  # calamine reads the dimension before the sheet's data, at the start of the part


class _Tally:
    def __init__(self) -> None:
        self.cells = self.referenced = self.rows = self.strings = 0
        self.max_row = self.max_declared_count = 0
        self.letters: set[bytes] = set()
        self.dimension = ""
        self.seen = 0

    def add(self, data: bytes) -> None:
        patterns = _ANY_PREFIX if _PREFIXED.search(data) else _PLAIN
        self.cells += len(patterns["c"].findall(data))
        refs = patterns["c_ref"].findall(data)
        self.referenced += len(refs)
        if refs:
            self.letters.update({letters for letters, _digits in refs})
            self.max_row = max(self.max_row, max(map(int, (digits for _letters, digits in refs))))
        self.rows += len(patterns["row"].findall(data))
        self.strings += len(patterns["si"].findall(data))
        counts = _COUNT.findall(data)
        if counts:
            self.max_declared_count = max(self.max_declared_count, *map(int, counts))
        if not self.dimension and self.seen < _HEAD:
            found = patterns["dimension"].search(data, 0, _HEAD)
            self.dimension = found.group(1).decode("ascii", "replace") if found else ""
        self.seen += len(data)

    def max_column(self) -> int:
        return max((column_number(letters.decode()) for letters in self.letters), default=0)


def _scan_part(content: bytes, info: zipfile.ZipInfo, limits: SheetLimits, *, must_parse: bool) -> None:
    tally = _Tally()
    carry = b""
    try:
        for chunk in inflate(content, info):
            data = carry + chunk
            cut = data.rfind(b"<")
            if cut <= 0:
                carry = data
                continue
            tally.add(data[:cut])
            carry = data[cut:]
        tally.add(carry)
    except ArchiveRefused as refused:
        if refused.reason == "too_big":
            raise DomainError(
                _("Tệp Excel giải nén ra nhiều hơn kích thước tệp khai báo (nghi là tệp độc hại), Loa không mở.")
            ) from None
        raise broken() from None
    scan = _Scan(limits)
    if tally.dimension and tally.dimension != tally.dimension.strip("0123456789"):
        row, column = _position(tally.dimension)
        scan._refuse_beyond(row + 1, column + 1, declared=True)
    if tally.strings > limits.cells or tally.max_declared_count > limits.cells or tally.cells > limits.cells:
        raise scan._too_big()
    if tally.cells == tally.referenced:
        scan.cells = tally.cells
        scan._reach(tally.max_row, tally.max_column())
        return
    _scan_exactly(content, info, limits, must_parse=must_parse, tally=tally)


def _scan_exactly(
    content: bytes, info: zipfile.ZipInfo, limits: SheetLimits, *, must_parse: bool, tally: _Tally
) -> None:
    """Some cells carry no reference: follow calamine's running position through the XML (slower, exact)."""
    scan = _Scan(limits)
    parser = _parser()
    parser.StartElementHandler = scan.start
    parser.EndElementHandler = scan.end
    try:
        for chunk in inflate(content, info):
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except xml.parsers.expat.ExpatError:
        if must_parse or scan.seen_root:
            raise broken() from None
        # Not XML to a strict parser (a picture, say), yet holding cell tags a lenient one might read: bound what
        # they could reach by counting, every cell without a reference taking the next column.
        rows = _max_row_reference(content, info) + tally.rows
        scan.cells = tally.cells
        scan._reach(max(rows, tally.max_row), tally.max_column() + tally.cells - tally.referenced)


def _max_row_reference(content: bytes, info: zipfile.ZipInfo) -> int:
    highest, carry = 0, b""
    for chunk in inflate(content, info):
        data = carry + chunk
        cut = max(data.rfind(b"<"), 0)
        highest = max([highest, *map(int, _ROW_REF.findall(data, 0, cut))])
        carry = data[cut:]
    return max([highest, *map(int, _ROW_REF.findall(carry))])
