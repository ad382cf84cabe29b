"""Hostile spreadsheets written byte by byte with zipfile (no library would write them): shared by the tests and
`loa bench` (peak memory of reading them)."""

import io
import zipfile
from xml.sax.saxutils import escape

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>'
)
_ROOT_RELS = (
    f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{_PKG}"><Relationship Id="rId1" '
    f'Type="{_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
_WORKBOOK = (
    f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><sheets>'
    '<sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{_PKG}">'
    f'<Relationship Id="rId1" Type="{_REL}/worksheet" Target="worksheets/sheet1.xml"/>'
    f'<Relationship Id="rId2" Type="{_REL}/sharedStrings" Target="sharedStrings.xml"/></Relationships>'
)


def package(
    sheet_data: str,
    *,
    dimension: str | None = None,
    shared: str = "",
    stored: bool = False,
    extra: dict[str, bytes] | None = None,
) -> bytes:
    """A one-sheet workbook whose <sheetData> holds `sheet_data` verbatim."""
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    head = f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{_MAIN}">{dim}'
    sheet = f"{head}<sheetData>{sheet_data}</sheetData></worksheet>"
    strings = shared or f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{_MAIN}" count="0" uniqueCount="0"/>'
    buffer = io.BytesIO()
    method = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    with zipfile.ZipFile(buffer, "w", method) as archive:
        for name, text in (
            ("[Content_Types].xml", _TYPES),
            ("_rels/.rels", _ROOT_RELS),
            ("xl/workbook.xml", _WORKBOOK),
            ("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS),
            ("xl/worksheets/sheet1.xml", sheet),
            ("xl/sharedStrings.xml", strings),
        ):
            archive.writestr(name, text)
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return buffer.getvalue()


def text_cell(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{escape(text)}</t></is></c>'


def corner() -> bytes:
    """Cells at A1 and XFD1048576: python-calamine asks for 512 GiB and aborts the process."""
    cells = f'<row r="1">{text_cell("A1", "x")}</row><row r="1048576">{text_cell("XFD1048576", "y")}</row>'
    return package(cells, dimension="A1:XFD1048576")


def corner_undeclared() -> bytes:
    """The same cells with no <dimension>: only the cells themselves tell the size."""
    return package(f'<row r="1">{text_cell("A1", "x")}</row><row r="1048576">{text_cell("XFD1048576", "y")}</row>')


def wide_without_references() -> bytes:
    """Cells with no reference count on from the previous one: 3,000 rows, then one of 16,000 cells (the table
    calamine builds is 3,001 × 16,000, 1.8 GB); stored, not deflated, so no compression ratio gives it away."""
    cell = '<c t="inlineStr"><is><t>x</t></is></c>'
    return package(f"<row>{cell}</row>" * 3000 + "<row>" + cell * 16000 + "</row>", stored=True)


def shared_strings_claim() -> bytes:
    """A shared-strings table declaring four billion entries: calamine reserves 96 GB for them and aborts."""
    claim = 'count="4000000000" uniqueCount="4000000000"'
    sst = f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{_MAIN}" {claim}><si><t>a</t></si></sst>'
    return package('<row r="1"><c r="A1" t="s"><v>0</v></c></row>', dimension="A1", shared=sst)


HOSTILE = {
    "A1+XFD1048576": corner,
    "A1+XFD1048576, no dimension": corner_undeclared,
    "cells without references": wide_without_references,
    "shared strings claim": shared_strings_claim,
}


def _escape_controls(text: str) -> str:
    """Characters XML cannot hold, written the way Excel writes them (_xHHHH_), which readers decode."""
    return "".join(f"_x{ord(ch):04X}_" if ord(ch) < 32 and ch not in "\t\n\r" else ch for ch in escape(text))


def typed_cell(ref: str, value: object) -> str:
    """A cell holding `value` with the type a crafted file would give it: booleans, numbers (NaN and infinities
    included), dates, errors, text with control characters."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return f'<c r="{ref}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, (int, float)):
        return f'<c r="{ref}"><v>{value!r}</v></c>'
    if isinstance(value, tuple):  # ("e", "#DIV/0!") an error cell, ("d", "2026-03-01") an ISO date cell
        kind, text = value
        return f'<c r="{ref}" t="{kind}"><v>{escape(str(text))}</v></c>'
    return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{_escape_controls(str(value))}</t></is></c>'


def table(headers: list[str], rows: list[list[object]]) -> bytes:
    """A workbook of a header row and data rows, every cell typed as `typed_cell` writes it."""

    def letters(n: int) -> str:
        out = ""
        while n:
            n, rest = divmod(n - 1, 26)
            out = chr(65 + rest) + out
        return out

    body = []
    lines: list[list[object]] = [list(headers), *rows]
    for r, values in enumerate(lines, start=1):
        cells = "".join(typed_cell(f"{letters(c)}{r}", v) for c, v in enumerate(values, start=1))
        body.append(f'<row r="{r}">{cells}</row>')
    return package("".join(body))


def largest_within_caps() -> bytes:
    """Two cells spanning the largest table an activities import accepts (201,001 rows × 24 columns, under
    5,000,000 cells): the most memory a tiny file can still make the reader spend."""
    cells = f'<row r="1">{text_cell("A1", "x")}</row><row r="201001">{text_cell("X201001", "y")}</row>'
    return package(cells, dimension="A1:X201001")
