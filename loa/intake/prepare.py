"""Stage 1 of the extractor: clean lines and join the ones a page, a PDF or a web copy broke apart.

What comes out is a list of paragraphs in reading order. Page furniture (page numbers, running
heads, a portal's breadcrumbs, view counters, share buttons, copyright lines) is set aside, so
`unrecognized` can still show it; the national name and motto are dropped (every document has them).
"""

import re
from dataclasses import dataclass

from loa.core.text import fold, normalize

from .source import Line, Source

# A line that opens a new paragraph: numbering, bullets, the keywords of a plan's parts.
MARKER = re.compile(
    r"^(?:[IVX]{1,5}\s*[.:-]\s|[IVX]{1,5}\.?$|\d{1,2}(?:\.\d{1,2})*\s*[.)]?\s|[a-zđ]\)\s|[-+•*–—]\s?|\(\*?\)|"
    r"(?i:căn cứ|thực hiện|nơi nhận|kính gửi|trên đây|để |phần |phụ lục|điều \d)|"
    r"(?:TM|KT|TL|TUQ|Q)\.\s)"
)
_PAGE_NUMBER = re.compile(r"^(?:-\s*\d{1,3}\s*-|(?i:trang)\s*\d{1,3}(?:\s*/\s*\d{1,3})?|\d{1,3})$")
_TERMINAL = (".", ";", ":", "!", "?", "./.")
# The national name, also as a flattened PDF header breaks it ("CỘNG HÒA XÃ HỘI" / "CHỦ NGHĨA VIỆT NAM").
_NATIONAL = re.compile(
    r"^(?:CỘNG HÒA|CỘNG HOÀ) XÃ HỘI(?: CHỦ NGHĨA VIỆT NAM)?$|^CHỦ NGHĨA VIỆT NAM$|"
    r"^Độc lập\s*[-–]\s*Tự do\s*[-–]\s*Hạnh phúc$",
    re.I,
)
_NOISE_FOLDED = re.compile(
    r"^(?:-\s*\d{1,3}\s*-|trang \d{1,3}(?:\s*/\s*\d{1,3})?|\d{1,3}\s*/\s*\d{1,3}|\d{1,3}|"
    r"trang chu\b.*|luot xem\s*:?\s*[\d.]+.*|.{0,40}\|\s*luot xem\b.*|chia se\b.*|in trang\b.*|in bai\b.*|"
    r"gui email\b.*|ban quyen\b.*|copyright\b.*|"
    r"©.*|cap nhat luc\b.{0,30}|tin lien quan\b.*|cac tin khac\b.*|binh luan\b.*|dang nhap\b.*|tim kiem\b.*|"
    r"(?:[\w ]{1,30} (?:/|>|»|›) ){1,6}[\w ]{1,40}|font size\b.*|co chu\b.*|lien ket website\b.*|"
    r"ho tro ky thuat\b.*|dia chi: .*|dien thoai: .*|email: .*|"
    # A portal's posting time and widgets: "Ngày cập nhật 11/12/2021", "(21:01 | 17/03/2021)",
    # "Thứ tư - 11/02/2026 10:22", "Print Thứ Năm, 26/12/2019 15:01 Gốc", "Xem với cỡ chữ", attachments.
    r"ngay (?:cap nhat|dang|dang tai|xuat ban)\b.{0,40}|\(?\d{1,2}:\d{2}\s*\|\s*\d{1,2}/\d{1,2}/\d{4}\)?|"
    r"(?:print\s+|in\s+)?(?:thu (?:hai|ba|tu|nam|sau|bay)|chu nhat)\s*[-,]?\s*\d{1,2}/\d{1,2}/\d{4}"
    r"(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?(?:\s+\w{1,6})?|xem voi co chu\b.*|tep dinh kem\b.*|"
    r"chi tiet bai viet\b.*|xuat ban thong tin\b.*|tin\s*:\s*.{1,60}|"
    r"[-_=*.~|]{1,}|\(da ky\)|\(ky,? (?:ghi ro ho ten,? )?dong dau\)|\(ky,? ghi ro ho ten\)|\(ky\))$"
)


@dataclass
class Para:
    text: str
    bold: bool = False
    italic: bool = False
    zone: str = "body"
    noise: bool = False


def is_marker(text: str) -> bool:
    return bool(MARKER.match(text))


def is_caps(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return len(letters) >= 2 and all(ch.isupper() for ch in letters)


def _clean(text: str) -> str:
    # Web copies carry Markdown emphasis (**TM. ỦY BAN NHÂN DÂN**) and non-breaking spaces.
    return normalize(text.replace("**", "").replace("__", "").replace("\u00a0", " ").strip("*_ "))


# A heading run into the line before it, as copies from web pages do: "… thủ trưởng cơ quan.II. Những thuận lợi,
# khó khăn: 1. Thuận lợi:" is three lines.
_RUN_IN_HEADING = re.compile(
    r"(?<=[.;:])\s*(?=[IVX]{1,4}\.\s+[A-ZĐÀ-Ỹ])|(?<=:)\s+(?=\d{1,2}(?:\.\d{1,2})*\.\s+[A-ZĐÀ-Ỹ][^.;:]{2,80}:)"
)


def prepare(source: Source) -> list[Para]:
    lines: list[Line] = []
    for line in source.lines:
        for piece in _RUN_IN_HEADING.split(line.text) if line.zone == "body" else [line.text]:
            text = _clean(piece)
            if text and not _NATIONAL.match(text):
                lines.append(Line(text, line.bold, line.italic, line.zone))
    running = _running_heads(lines)
    paras: list[Para] = []
    pieces: dict[int, list[str]] = {}  # a joined paragraph's lines, joined once at the end (not line by line)
    wide = _wrap_width(lines) if source.kind in {"pdf", "txt"} else 0
    previous: Para | None = None
    for line in lines:
        noise = line.text in running or bool(_NOISE_FOLDED.match(fold(line.text[:300])))
        if noise:
            paras.append(Para(line.text, line.bold, line.italic, line.zone, noise=True))
            continue
        # Word and web paragraphs are whole; plain text and PDF lines may be pieces of one. Page furniture
        # between two halves of a paragraph does not part them.
        if previous is not None and source.kind in {"pdf", "txt"}:
            parts = pieces.setdefault(id(previous), [previous.text])
            glue = _glue(previous, parts, line, wide)
            if glue is not None:
                parts += [glue, line.text]
                previous.bold = previous.bold and line.bold
                continue
        previous = Para(line.text, line.bold, line.italic, line.zone)
        paras.append(previous)
    for para in paras:
        if id(para) in pieces:
            para.text = "".join(pieces[id(para)])
    return paras


def _running_heads(lines: list[Line]) -> set[str]:
    """A short line repeated on several pages (a running head) is furniture, not content: seen three times,
    or twice right beside a page number."""
    counts: dict[str, int] = {}
    beside_page_number: set[str] = set()
    for index, line in enumerate(lines):
        if len(line.text) < 100 and not line.text.startswith(("-", "+")):
            counts[line.text] = counts.get(line.text, 0) + 1
            neighbours = lines[max(0, index - 1) : index] + lines[index + 1 : index + 2]
            if any(_PAGE_NUMBER.match(n.text) for n in neighbours):
                beside_page_number.add(line.text)
    return {
        text
        for text, n in counts.items()
        if (n >= 3 or (n >= 2 and text in beside_page_number))
        and not is_marker(text)
        and not text.endswith((";", ".", ":"))
    }


def _wrap_width(lines: list[Line]) -> int:
    """The width at which this text wraps its paragraphs (0 when its lines are whole paragraphs)."""
    widths = sorted(len(line.text) for line in lines if line.zone == "body")
    if len(widths) < 8:
        return 0
    high = widths[int(len(widths) * 0.9)]
    full = sum(1 for w in widths if w >= high * 0.8)
    # Wrapped text has many lines of nearly the same length; paragraph-per-line text does not.
    return high if 40 <= high <= 140 and full >= len(widths) * 0.25 else 0


def _glue(previous: Para, parts: list[str], line: Line, wide: int) -> str | None:
    """How to join `line` to the paragraph before it: "" (a word or symbol cut), " ", or None (new paragraph).

    Only the paragraph's start and its last line are looked at, so a long paragraph costs no more per line."""
    before, text, start = parts[-1][-300:], line.text, parts[0][:40]
    if previous.zone != line.zone or previous.zone == "table":
        return None
    if previous.zone == "header":  # header lines stand alone, but a summary ("V/v …") may run on in lower case
        return " " if text[0].islower() and not is_caps(before) else None
    if re.search(r"(?:\d/|\d/[A-ZĐ][A-Za-zĐđ]{0,5}-)$", before) and re.match(r"^[\dA-ZĐ]", text):
        return ""  # "4347/KH-" + "UBND", "25/11/" + "2021"
    if before.endswith(_TERMINAL) or is_marker(text):
        return None
    if is_caps(before) or is_caps(text):
        return None
    if text[0].islower() or text[0] in ",)":
        return " "
    if re.search(r"(?i:\bsố|\bngày|\btháng|\bnăm)$", before) and text[0].isdigit():
        return " "  # "Kế hoạch số" / "18/KH-UBND", "ngày 15 tháng" / "7 năm 2021"
    if re.search(r"(?i:\bcủa|\bvà|\bvề)$", before):
        return " "
    if wide and len(parts[-1]) >= wide * 0.75 and not (len(parts) == 1 and is_marker(start) and text[0].isupper()):
        return " "  # a wrapped line (a numbered heading followed by a new sentence is not one)
    return None
