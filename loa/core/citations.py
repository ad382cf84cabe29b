"""Vietnamese legal-document citations: the "Căn cứ …; thực hiện …" legal bases of a plan (domain.md §2, §2.1, §8).

`parse_citations` reads one citation, one per line (Nghị định 30/2020 style, each line ending ";" and the last ".")
or a whole pasted paragraph; `format_citation` writes one back. Parsing never rejects: what does not fit the
patterns stays in `summary`, and inconsistencies (type word vs symbol, impossible dates) become `warnings`.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Literal

from loa.core.text import normalize

Kind = Literal["basis", "implements"]

# §2.1 TYPE, as written in a document (normalised capitalisation); the longer alternatives come first in the regex.
DOC_TYPES: tuple[str, ...] = (
    "Luật",
    "Bộ luật",
    "Nghị quyết",
    "Nghị định",
    "Quyết định",
    "Chỉ thị",
    "Thông tư liên tịch",
    "Thông tư",
    "Kế hoạch",
    "Chương trình",
    "Báo cáo",
    "Hướng dẫn",
    "Thông báo",
    "Công văn",
    "Văn bản",
    "Công điện",
    "Tờ trình",
    "Đề án",
    "Kết luận",
    "Quy định",
    "Quy chế",
)
_TYPE_BY_LOWER = {name.lower(): name for name in DOC_TYPES}

# Phụ lục III of Nghị định 30/2020 (§8) plus the VBQPPL forms (NĐ, TT, TTLT). Luật/Bộ luật (QH13, QH15…), Công văn
# and Văn bản have no type abbreviation in their symbol.
_ABBREVIATIONS: dict[str, str] = {
    "Nghị quyết": "NQ",
    "Nghị định": "NĐ",
    "Quyết định": "QĐ",
    "Chỉ thị": "CT",
    "Thông tư liên tịch": "TTLT",
    "Thông tư": "TT",
    "Kế hoạch": "KH",
    "Chương trình": "CTr",
    "Báo cáo": "BC",
    "Hướng dẫn": "HD",
    "Thông báo": "TB",
    "Công điện": "CĐ",
    "Tờ trình": "TTr",
    "Đề án": "ĐA",
    "Kết luận": "KL",
    "Quy định": "QyĐ",
    "Quy chế": "QC",
}
# Party documents (60-NQ/TW) use their own forms for a few types.
_PARTY_ALTERNATIVES: dict[str, frozenset[str]] = {"Quy định": frozenset({"QĐi", "QĐ"})}

_DASH = "[-\u2010\u2011\u2012\u2013\u2014\u2212]"
_TYPE = "|".join(re.escape(name) for name in sorted(DOC_TYPES, key=len, reverse=True))
# A symbol group ends at a non-letter (so "KH-UBND-Văn" stops before "Văn"); an ordinary capitalised word such as
# "Lao" is never taken as a group.
_END = r"(?![\w&])"
_NOT_WORD = r"(?![A-ZĐ][a-zđ]{2,}(?![\w&]))"
_GROUP1 = rf"[A-ZĐ][A-Za-zĐđ0-9]*{_END}"
_GROUP_N = rf"{_NOT_WORD}[A-ZĐ][A-Za-zĐđ0-9&]*{_END}"

# Tolerant forms, used only to rewrite number-symbols into their canonical spelling ("18/KH -UBND" → "18/KH-UBND").
_LOOSE_NUMSYM = re.compile(rf"(?<![\d/])(\d{{1,5}})\s*/\s*(?:(\d{{4}})\s*/\s*)?({_GROUP1}(?:\s*{_DASH}\s*{_GROUP_N})*)")
_LOOSE_PARTY = re.compile(rf"(?<![\d/])(\d{{1,5}})\s*{_DASH}\s*([A-ZĐ][A-Za-zĐđ]*)\s*/\s*([A-ZĐ]+){_END}")
_LOOSE_DASH = re.compile(rf"\s*{_DASH}\s*")

# Canonical forms (§2.1 NUMSYM and PARTY).
_NUMSYM = rf"(?P<num>\d{{1,5}}[a-zđ]?)(?:/(?P<year>\d{{4}}))?/(?P<sym>{_GROUP1}(?:-{_GROUP_N})*)"
_PARTY = rf"(?P<pnum>\d{{1,5}})-(?P<psym>[A-ZĐ][A-Za-zĐđ]*/[A-ZĐ]+){_END}"
_NUMBER_PREFIX = r"(?:(?i:số)\s*:?\s*)?"
_NUMBER_SYMBOL = re.compile(rf"{_NUMBER_PREFIX}(?:{_PARTY}|{_NUMSYM})")
_HEAD = re.compile(rf"(?<!\w)(?P<type>(?i:{_TYPE}))\s+{_NUMBER_PREFIX}(?:{_PARTY}|{_NUMSYM})")
_DATE = re.compile(
    r"\s*,?\s*(?i:ngày)\s*"
    r"(?:(?P<d1>\d{1,2})\s+(?i:tháng)\s+(?P<m1>\d{1,2})\s+(?i:năm)\s+(?P<y1>\d{4})"
    rf"|(?P<d2>\d{{1,2}})\s*(?:[/.]|{_DASH})\s*(?P<m2>\d{{1,2}})\s*(?:[/.]|{_DASH})\s*(?P<y2>\d{{4}}))(?!\d)"
)
# ISSUER: lazy text up to " về" | " ban hành" | " phê duyệt" | " quy định" (and " hướng dẫn", as in "của Bộ Nội vụ
# hướng dẫn …") | ";" | end. "." is handled by sentence splitting, so "UBND TP. Hồ Chí Minh" survives.
_ISSUER = re.compile(
    r"\s*,?\s*(?i:của)\s+(?P<issuer>.+?)(?=\s+(?:về|ban hành|phê duyệt|quy định|hướng dẫn|sửa đổi|bổ sung|"
    r"triển khai|thực hiện|tổ chức|giao|tại|trong|nhằm|cho|được|đã|đối với)(?!\w)"
    r"|\s*;|\s*,\s+(?=[a-zđà-ỹ0-9])|\s+[-–(]|\s+(?=\d)|$)"
)
# "Căn cứ …", "Thực hiện …", also "Tiếp tục thực hiện …" / "Triển khai thực hiện …" as real documents open.
_LEAD = re.compile(r"^(?:(?i:tiếp tục|triển khai)\s+)?(?P<kw>(?i:căn cứ|thực hiện))(?!\w)\s*:?\s*(?:(?i:vào)\s+)?")
_BULLET = re.compile(r"^(?:[-+•*\u2013\u2014]\s*|\d{1,2}[.)]\s+|[a-zđ]\)\s+)")
# A keyword inside a segment that starts a new citation (the separator was lost in the paste).
_MID_KEYWORD = re.compile(rf"(?<!\w)(?P<kw>(?i:căn cứ|thực hiện))\s+(?=(?i:{_TYPE})(?!\w))")
_TYPE_THEN_NUMBER = re.compile(rf"(?i:{_TYPE})\s+{_NUMBER_PREFIX}(?:{_PARTY}|{_NUMSYM})")
_SENTENCE_END = re.compile(r"\.\s+(?=\S)")
_NOT_SENTENCE_END = frozenset({"TP", "Tp", "tp", "TX", "Tx", "TT", "Q", "P", "X", "H", "ThS", "TS", "GS", "PGS", "v.v"})
_MAIN_CLAUSE = re.compile(r",\s+[^,]*(?<!\w)như sau\s*:?$")
_TRAILING = " \t,;:./"  # also the "./." that ends a document body


@dataclass(frozen=True)
class Citation:
    """One legal basis ("Căn cứ") or superior document being implemented ("Thực hiện")."""

    kind: Kind
    doc_type: str
    number: str
    year: str
    symbol: str
    party: bool
    issued_on: date | None
    issuer: str
    summary: str
    raw: str
    warnings: tuple[str, ...] = ()
    date_text: str = ""  # the date as the officer wrote it ("02/9/2021", "15 tháng 7 năm 2021"), kept when rendered

    @property
    def number_symbol(self) -> str:
        """`76/NQ-CP`, `09/2019/NĐ-CP`, `60-NQ/TW`; empty without a number."""
        if not self.number:
            return ""
        if self.party:
            return f"{self.number}-{self.symbol}"
        if self.year:
            return f"{self.number}/{self.year}/{self.symbol}"
        return f"{self.number}/{self.symbol}"


def symbol_type_abbr(doc_type: str) -> str | None:
    """The type part of a symbol (`Kế hoạch` → `KH`), or None for types without one (Công văn, Văn bản, Luật)."""
    return _ABBREVIATIONS.get(_canonical_type(doc_type))


def parse_number_symbol(text: str) -> tuple[str, str, str, bool] | None:
    """`18/KH -UBND` → ("18", "", "KH-UBND", False); `60-NQ/TW` → ("60", "", "NQ/TW", True); None if not one."""
    match = _NUMBER_SYMBOL.fullmatch(_canonical_symbols(normalize(text)).rstrip(_TRAILING))
    if match is None:
        return None
    if match["pnum"]:
        return match["pnum"], "", match["psym"], True
    return match["num"], match["year"] or "", match["sym"], False


def parse_citations(text: str) -> list[Citation]:
    """Citations of one line, of lines, or of a "Căn cứ …; …; thực hiện …" paragraph, in order; never raises."""
    citations: list[Citation] = []
    kind: Kind = "basis"
    for segment in _segments(text):
        lead = _LEAD.match(segment)
        if lead:
            kind = "implements" if lead["kw"].lower() == "thực hiện" else "basis"
            body = segment[lead.end() :]
        else:
            body = segment
        citation = _parse_segment(kind, body.strip(_TRAILING), segment)
        if citation is not None:
            citations.append(citation)
    return citations


def written_date(text: str) -> date | None:
    """The day a date written as in a citation names ("02/9/2021", "15 tháng 7 năm 2021"), None if none."""
    match = _DATE.match(f"ngày {text}")
    if match is None or match.end() != len(text) + 5:
        return None
    day, month, year = (match[g] or match[g.replace("1", "2")] for g in ("d1", "m1", "y1"))
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None


def date_like(day: date, example: str) -> str:
    """`day` written the way `example` is: long or short form, day and month zero-padded or not, so the dates
    Loa writes into a document read like those the officer typed there ("02/9/2021" → "05/1/2026")."""
    match = _DATE.match(f"ngày {example}") if example else None
    if match is None:
        return f"{day.day}/{day.month}/{day.year}"
    d, m = (match["d1"], match["m1"]) if match["d1"] else (match["d2"], match["m2"])
    dd = f"{day.day:02d}" if d.startswith("0") else str(day.day)
    mm = f"{day.month:02d}" if m.startswith("0") else str(day.month)
    return f"{dd} tháng {mm} năm {day.year}" if match["d1"] else f"{dd}/{mm}/{day.year}"


def format_citation(c: Citation, *, first_mention: bool = True, like: str = "") -> str:
    """`Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ ban hành …`; later mentions: `Nghị quyết số 76/NQ-CP`.
    The date as it was typed when it was (`date_text`), else written `like` the document's other dates."""
    head = f"{c.doc_type} số {c.number_symbol}".strip() if c.number else c.doc_type
    if not first_mention and head:
        return head
    parts = [head]
    if c.issued_on is not None:
        typed = c.date_text if c.date_text and written_date(c.date_text) == c.issued_on else ""
        parts.append(f"ngày {typed or date_like(c.issued_on, like)}")
    if c.issuer:
        parts.append(f"của {c.issuer}")
    parts.append(c.summary)
    return " ".join(part for part in parts if part)


def format_legal_bases(citations: Sequence[Citation]) -> list[str]:
    """One line per citation as Nghị định 30/2020 wants: "Căn cứ …;" / "Thực hiện …;", the last ending "."."""
    lines = []
    for index, citation in enumerate(citations):
        keyword = "Thực hiện" if citation.kind == "implements" else "Căn cứ"
        end = "." if index == len(citations) - 1 else ";"
        lines.append(f"{keyword} {format_citation(citation)}{end}")
    return lines


def _canonical_type(doc_type: str) -> str:
    return _TYPE_BY_LOWER.get(normalize(doc_type).lower(), doc_type)


def _canonical_symbols(line: str) -> str:
    """Rewrite spaced, en-dashed number-symbols in their canonical spelling."""
    line = _LOOSE_PARTY.sub(lambda m: f"{m[1]}-{m[2]}/{m[3]}", line)

    def numsym(m: re.Match[str]) -> str:
        year = f"{m[2]}/" if m[2] else ""
        return f"{m[1]}/{year}{_LOOSE_DASH.sub('-', m[3])}"

    return _LOOSE_NUMSYM.sub(numsym, line)


def _segments(text: str) -> list[str]:
    """Normalised pieces of text, each holding at most one citation."""
    pieces: list[str] = []
    for line in text.splitlines():
        for part in _canonical_symbols(normalize(line)).split(";"):
            for sentence in _split_sentences(part):
                pieces.extend(_split_keywords(sentence))
    cleaned = (_BULLET.sub("", piece.strip(_TRAILING)).strip(_TRAILING) for piece in pieces)
    return [_drop_trailing_and(piece) for piece in cleaned if piece]


def _split_sentences(text: str) -> list[str]:
    pieces: list[str] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        token = text[start : match.start()].rsplit(" ", 1)[-1]
        if not text[match.end()].isupper() or token in _NOT_SENTENCE_END or (len(token) == 1 and token.isupper()):
            continue
        pieces.append(text[start : match.start()])
        start = match.end()
    pieces.append(text[start:])
    return pieces


def _split_keywords(text: str) -> list[str]:
    cuts = []
    for match in _MID_KEYWORD.finditer(text):
        before = text[: match.start()].rstrip()
        if not before:
            continue
        last_word = before.rsplit(" ", 1)[-1].lower()
        if match["kw"][0].isupper():
            split = last_word not in {"về", "việc"}
        elif before.endswith((",", ".", ":")) or last_word == "và":
            split = match["kw"].lower() == "căn cứ" or bool(_TYPE_THEN_NUMBER.match(text, match.end()))
        else:
            split = False
        if split:
            cuts.append(match.start())
    return [text[a:b] for a, b in zip([0, *cuts], [*cuts, len(text)], strict=True)]


def _drop_trailing_and(piece: str) -> str:
    return piece[: -len(" và")].rstrip(_TRAILING) if piece.endswith(" và") else piece


def _parse_segment(kind: Kind, body: str, segment: str) -> Citation | None:
    clause = _MAIN_CLAUSE.search(body)
    if clause and clause.start() > 0:
        # "Thực hiện Kế hoạch số 15/KH-UBND … năm 2024, UBND xã … báo cáo … như sau:" — the main clause is not part
        # of the citation.
        cut = len(body) - clause.start()
        body = body[: clause.start()].rstrip(_TRAILING)
        segment = segment[: len(segment) - cut].rstrip(_TRAILING)
    if not body:
        return None
    head = _HEAD.search(body)
    named = _named(body) if head is None or head.start() > 0 else []
    if named and named[0].start() == 0:  # "Luật Tổ chức chính quyền địa phương số 72/2025/QH15 …"
        return _from_named(kind, named[0], body, 0)
    if head is None or head.start() > 0:
        # No number of its own: "Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015, được sửa đổi bởi
        # Luật số 47/2019/QH14" cites the 2015 law; the one named later stays in the summary.
        return Citation(kind, "", "", "", "", False, None, "", body, segment)

    doc_type = _canonical_type(head["type"])
    party = head["pnum"] is not None
    number = head["pnum"] if party else head["num"]
    symbol = head["psym"] if party else head["sym"]
    year = "" if party else head["year"] or ""
    warnings: list[str] = []
    rest = body[head.end() :]

    issued_on = None
    date_text = ""
    date_match = _DATE.match(rest)
    if date_match:
        day, month, year_text = (date_match[g] or date_match[g.replace("1", "2")] for g in ("d1", "m1", "y1"))
        try:
            issued_on = date(int(year_text), int(month), int(day))
        except ValueError:
            warnings.append(f"Ngày ban hành không hợp lệ: «{day}/{month}/{year_text}».")
        else:
            long_form = bool(date_match["d1"])
            date_text = f"{day} tháng {month} năm {year_text}" if long_form else f"{day}/{month}/{year_text}"
        rest = rest[date_match.end() :]

    issuer = ""
    issuer_match = _ISSUER.match(rest)
    if issuer_match:
        issuer = issuer_match["issuer"].strip(_TRAILING)
        rest = rest[issuer_match.end() :]

    warnings.extend(_symbol_warnings(doc_type, year, symbol, party, issued_on))
    return Citation(
        kind=kind,
        doc_type=doc_type,
        number=number,
        year=year,
        symbol=symbol,
        party=party,
        issued_on=issued_on,
        issuer=issuer,
        summary=rest.strip(_TRAILING),
        raw=segment,
        warnings=tuple(warnings),
        date_text=date_text,
    )


def _symbol_warnings(doc_type: str, year: str, symbol: str, party: bool, issued_on: date | None) -> list[str]:
    warnings = []
    groups = re.split(r"[-/]", symbol)
    expected = symbol_type_abbr(doc_type)
    # The Quốc hội form "202/2025/QH15" carries the issuer only: nothing to compare.
    year_form = bool(year) and len(groups) == 1
    accepted = {expected} | (_PARTY_ALTERNATIVES.get(doc_type, frozenset()) if party else frozenset())
    if expected is not None and not year_form and groups[0] not in accepted:
        warnings.append(f"Loại văn bản «{doc_type}» không khớp ký hiệu «{symbol}».")
    if year and issued_on is not None and int(year) != issued_on.year:
        warnings.append(f"Năm trong số ký hiệu «{year}» khác năm ban hành «{issued_on.year}».")
    return warnings


# "Luật Tổ chức chính quyền địa phương số 72/2025/QH15", "Chương trình hành động số 12-CTr/TU": a law is cited by
# its name, other documents sometimes by a kind ("hành động", "liên tịch") before "số".
_NAMED = re.compile(
    rf"(?<!\w)(?P<type>(?i:{_TYPE}))\s+(?P<name>[^;:.()\d]{{3,140}}?)\s+(?i:số)\s*:?\s*(?:{_PARTY}|{_NUMSYM})"
)
_LAW_TYPES = frozenset({"Luật", "Bộ luật"})


def find_citations(text: str) -> list[Citation]:
    """Every numbered citation anywhere in running text, in order of appearance, repeats included.

    Each citation runs from its type word to the next citation, ";" or the end of its sentence, so a
    date or issuer written after it ("… ngày 15/7/2021 của Chính phủ") stays with it.
    """
    text = _canonical_symbols(normalize(text))
    heads = sorted(
        [(m.start(), m.end(), m) for m in _HEAD.finditer(text)] + [(m.start(), m.end(), m) for m in _named(text)],
        key=lambda item: (item[0], -item[1]),
    )
    found: list[Citation] = []
    last_end = -1
    for index, (start, end, match) in enumerate(heads):
        if start < last_end:  # the same citation seen by both patterns
            continue
        last_end = end
        stop = next((h[0] for h in heads[index + 1 :] if h[0] >= end), len(text))
        window = _split_sentences(text[start:stop].split(";")[0])[0].strip(_TRAILING)
        if match.re is _NAMED:
            cited = _from_named("basis", match, window, start)
            if cited is not None:
                found.append(cited)
            continue
        citation = _parse_segment("basis", window, window)
        if citation is not None and citation.number:
            found.append(citation)
    return found


def _from_named(kind: Kind, match: re.Match[str], window: str, start: int) -> Citation | None:
    """A citation by name ("Luật Tổ chức chính quyền địa phương số 72/2025/QH15 …"), read as "Luật số 72/2025/QH15 …"
    with the name kept in the summary."""
    number_at = match.start("pnum") if match["pnum"] else match.start("num")
    cited = _parse_segment(kind, f"{match['type']} số {window[number_at - start :]}", window)
    if cited is None:
        return None
    name = normalize(match["name"])
    summary = normalize(f"{name} {cited.summary}") if cited.doc_type in _LAW_TYPES else cited.summary
    return replace(cited, summary=summary, raw=window)


def _named(text: str) -> list[re.Match[str]]:
    matches = []
    for match in _NAMED.finditer(text):
        doc_type = _canonical_type(match["type"])
        words = match["name"].split()
        if doc_type in _LAW_TYPES or (len(words) <= 3 and all(w.islower() for w in words)):
            matches.append(match)
    return matches


def citation_spans(line: str) -> list[tuple[int, int]]:
    """Where citations ("Nghị quyết số 76/NQ-CP") start and end in one line as written (for highlighting)."""
    return [(m.start(), m.end()) for m in _HEAD.finditer(line)] + [(m.start(), m.end()) for m in _named(line)]
