"""Stage 3, the body: numbered sections, what each one holds, the task table, the catalog codes.

A plan's body is numbered I. / 1. / a) with bullets "-" and "+"; which part is which is read from
the headings' words ("mục đích", "đối tượng", "tổ chức thực hiện"…), never from their numbers,
because real documents number unevenly ("I." then "2." with no "1.").
"""

import re
from dataclasses import dataclass, field

from loa.core.text import fold, normalize

from .keywords import detect
from .prepare import Para, is_caps

_ROMAN = re.compile(r"^(?:PHẦN\s+(?:THỨ\s+)?\w+\s*[.:-]?\s*)?(?P<num>[IVX]{1,5})\s*[.:-]\s*(?P<title>.+)$")
_NUMBERED = re.compile(r"^(?P<num>\d{1,2}(?:\.\d{1,2})*)\s*[.)]?\s+(?P<title>.+)$")
_LETTERED = re.compile(r"^(?P<num>[a-zđ])\)\s*(?P<title>.+)$")
_BULLET = re.compile(r"^[-+•*–—]\s*")
_ITEM_MARK = re.compile(r"^(?:\d{1,2}[.)]|[a-zđ]\))\s+")
_APPENDIX_NOTE = re.compile(r"^\((?i:có|kèm theo|xem|chi tiết)\b[^()]{0,200}(?i:phụ lục)[^()]{0,200}\)\.?$")
_REQUEST = re.compile(r"^(?i:đề nghị|kính đề nghị)\s+")

# Folded heading words → the part of a plan or report they open.
_PARTS: tuple[tuple[str, str], ...] = (
    ("muc dich", "purposes"),
    ("muc tieu", "purposes"),
    ("yeu cau", "requirements"),
    ("doi tuong", "audiences"),
    ("noi dung", "contents"),
    ("hinh thuc", "forms"),
    ("chi tieu", "objectives"),
    ("to chuc thuc hien", "responsibilities"),
    ("trach nhiem", "responsibilities"),
    ("kinh phi", "funding"),
    ("giai phap", "solutions"),
    ("ket qua", "results"),
    ("thuan loi", "advantages"),
    ("kho khan", "difficulties"),
    ("ton tai", "difficulties"),
    ("han che", "difficulties"),
    ("phuong huong", "next_tasks"),
    ("nhiem vu", "next_tasks"),
    ("de xuat", "proposals"),
    ("kien nghi", "proposals"),
)


@dataclass
class Body:
    parts: dict[str, list[str]] = field(default_factory=dict)
    responsibilities: list[dict[str, object]] = field(default_factory=list)
    unplaced: list[str] = field(default_factory=list)


def _part_of(title: str) -> str | None:
    folded = fold(title)
    hits = [(folded.find(words), part) for words, part in _PARTS if words in folded]
    return min(hits)[1] if hits else None


def _heading(para: Para) -> tuple[str, str, str] | None:
    """(level, number, title) of a heading line; body text that happens to start with "1." is not one."""
    text = para.text
    for level, pattern in (("roman", _ROMAN), ("number", _NUMBERED), ("letter", _LETTERED)):
        match = pattern.match(text)
        if match is None:
            continue
        title = match["title"].strip()
        short = len(title) <= 120 and not title.endswith((";", "."))
        if level == "roman" or (short and (para.bold or is_caps(title) or not re.search(r"[.;]\s", title))):
            return level, match["num"], title
    return None


def split_body(paras: list[Para]) -> Body:
    body = Body()
    top: str | None = None
    sub: str | None = None
    unit: dict[str, object] | None = None
    for para in paras:
        if para.noise or para.zone == "table":
            continue
        if re.match(r"^(?i:phụ lục)\b", para.text):
            top, sub, unit = "appendix", None, None
            continue
        if top == "responsibilities" and _NUMBERED.match(para.text):
            unit = _responsibility(_NUMBERED.match(para.text)["title"])  # type: ignore[index]
            body.responsibilities.append(unit)
            sub = None
            continue
        heading = _heading(para)
        if heading is not None:
            level, _number, title = heading
            head, _, inline = title.partition(":")
            part = _part_of(head)
            if level == "roman":
                top, sub, unit = part, None, None
            elif top == "responsibilities" and level == "number":
                label = _REQUEST.sub("", head.strip().rstrip(":"))
                unit = {"unit": normalize(label), "duties": [], "request": bool(_REQUEST.match(head))}
                body.responsibilities.append(unit)
                if inline.strip():
                    unit["duties"].append(inline.strip())  # type: ignore[attr-defined]
                continue
            else:
                sub = part
            if inline.strip() and (sub or top):
                body.parts.setdefault(sub or top or "", []).append(inline.strip())
            if part is None and level != "roman" and (sub or top) is None:
                body.unplaced.append(para.text)
            continue
        if _APPENDIX_NOTE.match(para.text):
            continue  # "(Có phụ lục … kèm theo)": the plan's document writes it again when it has tasks
        # An item keeps its words, not its "-", "+", "1." or "a)": the plan numbers and bullets it itself.
        text = _ITEM_MARK.sub("", _BULLET.sub("", para.text)).strip()
        if unit is not None and top == "responsibilities":
            items: list[str] = unit["duties"]  # type: ignore[assignment]
        elif sub or top:
            items = body.parts.setdefault(sub or top or "", [])
        else:
            body.unplaced.append(para.text)
            continue
        if para.text.startswith("+") and items:
            items[-1] += f"\n+ {text}"  # a "+" point belongs to the item above it, on a line of its own
        else:
            items.append(text)
    return body


_DUTY_VERBS = re.compile(
    r"\s(?=(?:chủ trì|phối hợp|xây dựng|mở|thực hiện|có trách nhiệm|chịu trách nhiệm|tham mưu|hướng dẫn|"
    r"triển khai|bảo đảm|đảm bảo|cung cấp|duy trì|theo dõi|chỉ đạo|đăng tải|tăng cường|căn cứ|báo cáo|giao|"
    r"phát huy|tiếp tục|quán triệt|lồng ghép)\b)"
)


def _responsibility(text: str) -> dict[str, object]:
    """ "Phòng Nội vụ", "Phòng Nội vụ: chủ trì …" or "Sở Nội vụ chủ trì, theo dõi …": the unit, and its duties."""
    request = bool(_REQUEST.match(text))
    text = _REQUEST.sub("", text).strip()
    head, colon, rest = text.partition(":")
    if colon and len(head) <= 150:
        unit, duties = head, [rest.strip()] if rest.strip() else []
    elif len(text) <= 120 and not re.search(r"[.;]\s|[.]$", text) and not _DUTY_VERBS.search(text):
        unit, duties = text, []
    else:
        verb = _DUTY_VERBS.search(text)
        unit, duties = (text[: verb.start()], [text[verb.start() :].strip()]) if verb else (text, [])
    return {"unit": normalize(unit.strip(" ,;")), "duties": duties, "request": request}


def tasks_of(tables: list[list[list[str]]]) -> list[dict[str, str]]:
    """Rows of the appendix table ("Nhiệm vụ" column), group rows (I, II… or a single cell) left out."""
    tasks: list[dict[str, str]] = []
    for rows in tables:
        columns = task_columns(rows[0]) if rows else None
        if columns is not None:
            tasks += [item for _index, item in appendix_items(rows[1:], columns, rows[0])]
    return tasks


def appendix_items(
    rows: list[list[str]], columns: dict[str, int], header: list[str] | None = None
) -> list[tuple[int, dict[str, str]]]:
    """(index in `rows`, the row's cells by meaning) of every task row: repeated headers, the "(1) (2) (3)" row of
    column numbers and group rows (I, II…, A., or a row with one or two cells and no number) are left out."""
    items: list[tuple[int, dict[str, str]]] = []
    header_title = fold(header[columns["title"]]) if header and columns.get("title", -1) < len(header) else ""
    for index, row in enumerate(rows):
        cells = {key: normalize(row[i]) if i < len(row) else "" for key, i in columns.items()}
        title = cells.get("title", "")
        number = cells.get("stt", "")
        filled = sum(1 for cell in row if cell.strip())
        if not title or (header_title and fold(title) == header_title) or re.fullmatch(r"\(?\d+\)?", title):
            continue
        # A group row: numbered I, II… or A., or fewer cells filled than a task has (two with a number column).
        few = filled <= (2 if "stt" in columns else 1)
        if re.fullmatch(r"[IVX]{1,5}\.?|[A-Z]\.?", number) or (few and not number.rstrip(".").isdigit()):
            continue
        items.append((index, {"title": title, **{k: v for k, v in cells.items() if k not in {"title", "stt"} and v}}))
    return items


_COLUMN_WORDS = (
    ("stt", ("stt", "tt", "so tt")),
    ("title", ("nhiem vu", "noi dung cong viec", "noi dung nhiem vu", "ten nhiem vu", "noi dung")),
    ("area", ("linh vuc",)),
    ("channel", ("hinh thuc",)),
    ("audience", ("doi tuong",)),
    ("lead", ("chu tri", "don vi thuc hien", "co quan thuc hien", "don vi chu tri")),
    ("coordinating", ("phoi hop",)),
    ("deadline", ("thoi gian", "thoi han", "hoan thanh")),
    ("frequency", ("tan suat",)),
    ("product", ("san pham", "ket qua")),
    ("quantity", ("chi tieu", "so luong")),
    ("measure", ("don vi tinh", "dvt")),
    ("note", ("ghi chu",)),
)


def task_columns(header: list[str]) -> dict[str, int] | None:
    """Which column of an appendix table holds what, by its header ("Cơ quan chủ trì" → lead); None when the row is
    no appendix header."""
    columns: dict[str, int] = {}
    for index, cell in enumerate(header):
        folded = fold(cell)
        for key, words in _COLUMN_WORDS:
            if key not in columns and any(
                folded == w or folded.startswith(w) or f" {w}" in f" {folded}" for w in words
            ):
                columns[key] = index
                break
    if "title" not in columns or ("nhiem vu" not in fold(" ".join(header)) and "lead" not in columns):
        return None
    return columns


# A newspaper named by its title ("Báo Thừa Thiên Huế", "Báo Kiên Giang"): the press, whatever the paper is called.
_UPPER = "".join(sorted({c for c in map(chr, range(0x41, 0x1EFA)) if c.isupper() and c.isalpha()}))
# An index named after a reform ("chỉ số chuyển đổi số (DTI)") is an index, not that reform area.
_INDEX_NAMES = re.compile(r"(?i:chỉ số\s+)?(?i:chuyển đổi số)\s*\(DTI\)")
_QUOTED = re.compile(r"“[^”]{1,80}”|\"[^\"]{1,80}\"")
_NEWSPAPER = re.compile(rf"(?<!\w)Báo\s+(?!Cáo)[{_UPPER}]")


def channels_named(text: str) -> list[str]:
    """The channels a text speaks of, in the catalog's order: a newspaper named by its title ("Báo Hà Tĩnh") is the
    press; a name in quotation marks (a programme "Gặp gỡ và đối thoại", a column, an article) names no channel."""
    named = _QUOTED.sub(" ", text)
    channels = detect("channels", named)
    if "bao_chi" not in channels and _NEWSPAPER.search(named):
        channels = detect("channels", named + " . báo chí")
    return channels


def catalog_codes(body: Body, text: str) -> dict[str, list[str]]:
    """Catalog codes the text speaks of: audiences from the "Đối tượng" part when there is one, channels
    from "Hình thức", everything else from the whole body."""
    audiences_text = " ".join(body.parts.get("audiences", [])) or text
    return {
        "reform_areas": detect("reform_areas", _INDEX_NAMES.sub(" ", text)),
        "indices": detect("indices", text),
        "channels": channels_named(text),
        "audiences": detect("audiences", audiences_text),
    }
