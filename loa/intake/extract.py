"""The extractor: a small rule-based pipeline from a document's text to one JSON object.

    read (readers) → prepare (clean, join broken lines) → split (header, title, bases, body,
    closing, recipients, signature) → recognise (recognise, body, citations) → normalise (here)

Every stage is plain Python over lines and regular expressions: no model, nothing downloaded.
Whatever input it gets, `extract` returns an `Extraction` or raises `DocumentError`.
"""

import datetime as dt
import logging
import re
from dataclasses import dataclass, field, replace
from typing import Any

from django.utils.translation import gettext as _

from loa.core.citations import Citation, find_citations, parse_citations
from loa.core.text import fold, normalize

from . import news
from .body import catalog_codes, split_body, tasks_of
from .errors import DocumentError
from .prepare import Para, is_caps, is_marker, prepare
from .recognise import (
    Signer,
    canonical_type_abbr,
    doc_type_of_symbol,
    issuer_from_header,
    issuer_from_text,
    number_of,
    place_and_date,
    recipients_of,
    signer_of,
    type_line,
)
from .source import Source

logger = logging.getLogger(__name__)
_LEAD = re.compile(r"^(?i:(?:tiếp tục |triển khai )?thực hiện|căn cứ)\b")
_CLOSING = re.compile(r"^(?i:trên đây là)|\./\.\s*$")
_PERIOD_LINE = re.compile(r"^\d{1,2}\s+tháng\b")  # "9 tháng năm 2025" ends a report's title
_YEAR = re.compile(r"(?i:năm)\s+(20\d\d|19\d\d)(?!\d)")
# The line of who decides, between a decision's title and its bases ("CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH …"), and the
# "QUYẾT ĐỊNH:" before its articles.
_AUTHORITY = re.compile(
    r"^(?:BỘ TRƯỞNG|THỨ TRƯỞNG|CHỦ TỊCH|PHÓ CHỦ TỊCH|GIÁM ĐỐC|TRƯỞNG BAN|THỦ TRƯỞNG|THỦ TƯỚNG|CỤC TRƯỞNG|"
    r"VỤ TRƯỞNG|CHÁNH VĂN PHÒNG|TỔNG CỤC TRƯỞNG|ỦY BAN NHÂN DÂN|UỶ BAN NHÂN DÂN|UBND|HỘI ĐỒNG NHÂN DÂN|"
    r"QUYẾT ĐỊNH\s*:|TM\.|KT\.)"
)
_ANNOUNCED = re.compile(r"(?i:ban hành|phê duyệt|triển khai)\s+$")


@dataclass
class Layout:
    """Where each part of the document is, as paragraph index ranges."""

    header: list[Para] = field(default_factory=list)
    doc_type: str = ""
    title: str = ""
    bases: list[Para] = field(default_factory=list)
    body: list[Para] = field(default_factory=list)
    end: list[Para] = field(default_factory=list)
    headerless: bool = False
    headline: bool = False  # the title is a web page's headline, not a document's own title


@dataclass
class Extraction:
    doc_type: str = ""
    number: str = ""
    issuer: str = ""
    place: str = ""
    date: dt.date | None = None
    year: int | None = None
    title: str = ""
    legal_bases: list[Citation] = field(default_factory=list)
    other_bases: list[Citation] = field(default_factory=list)  # "Căn cứ Luật …" without a number
    bases_text: str = ""  # the bases as written, one per line: what a draft takes, nothing dropped
    references: list[Citation] = field(default_factory=list)
    reform_areas: list[str] = field(default_factory=list)
    indices: list[str] = field(default_factory=list)
    channels: list[str] = field(default_factory=list)
    audiences: list[str] = field(default_factory=list)
    objectives: list[str] = field(default_factory=list)
    responsibilities: list[dict[str, Any]] = field(default_factory=list)
    tasks: list[dict[str, str]] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)
    signer: Signer = field(default_factory=Signer)
    sections: dict[str, list[str]] = field(default_factory=dict)
    opening: str = ""
    closing: str = ""
    unrecognized: list[str] = field(default_factory=list)
    confidence: dict[str, float] = field(default_factory=dict)
    text: str = ""

    def as_json(self) -> dict[str, Any]:
        return {
            "doc_type": self.doc_type,
            "number": self.number,
            "issuer": self.issuer,
            "place": self.place,
            "date": self.date.isoformat() if self.date else None,
            "year": self.year,
            "title": self.title,
            "legal_bases": [citation_json(c) for c in self.legal_bases],
            "other_bases": [citation_json(c) for c in self.other_bases],
            "bases_text": self.bases_text,
            "references": [citation_json(c) for c in self.references],
            "reform_areas": self.reform_areas,
            "indices": self.indices,
            "channels": self.channels,
            "audiences": self.audiences,
            "objectives": self.objectives,
            "responsibilities": self.responsibilities,
            "tasks": self.tasks,
            "recipients": self.recipients,
            "signer": self.signer.as_json(),
            "sections": self.sections,
            "opening": self.opening,
            "closing": self.closing,
            "unrecognized": self.unrecognized,
            "confidence": self.confidence,
        }


def citation_json(c: Citation) -> dict[str, Any]:
    data: dict[str, Any] = {
        "kind": c.kind,
        "doc_type": c.doc_type,
        "number": c.number_symbol,
        "date": c.issued_on.isoformat() if c.issued_on else None,
        "issuer": c.issuer,
        "summary": c.summary,
    }
    if c.warnings:
        data["warnings"] = list(c.warnings)
    return data


def extract(source: Source) -> Extraction:
    try:
        return _extract(source)
    except DocumentError:
        raise
    except (ValueError, IndexError, KeyError, TypeError, AttributeError, RecursionError) as error:
        # A rule tripping over text it was not written for is a bug to fix (logged, and property-tested),
        # but the officer gets a clear message rather than a crash.
        logger.exception("extractor failed")
        raise DocumentError(
            _("Không phân tích được nội dung văn bản này; hãy kiểm tra tệp hoặc nhập tay."), code="extractor_failed"
        ) from error


def _extract(source: Source) -> Extraction:
    paras = prepare(source)
    content = [p for p in paras if not p.noise]
    if not content:
        raise DocumentError(_("Tệp không có nội dung văn bản nào để nhập."))
    layout = split(content)
    result = Extraction(text="\n".join(p.text for p in paras))
    result.doc_type = layout.doc_type
    result.title = layout.title

    number = number_of(layout.header)
    result.number = number or ""
    found = place_and_date(layout.header) or place_and_date(content[:25])
    if found:
        result.place, result.date = found
    header_caps = _issuer_lines(layout.header)
    result.issuer = issuer_from_header(header_caps)

    whole = " ".join(p.text for p in content)
    # The catalogs are read from the body and from a closing paragraph that still speaks of the work (a news item's
    # last paragraph ends "./." too); not from the recipients and the signature.
    closing_prose = [p for p in layout.end[:1] if _CLOSING.search(p.text) and len(p.text) > 200]
    body_text = " ".join(p.text for p in layout.body + closing_prose) or whole
    references = [c for c in find_citations(whole) if c.number_symbol != result.number]
    announced = None
    opening = None
    if layout.headerless and not result.number:
        opening = news.declared("\n".join(p.text for p in content[:3]), context=result.title)
    if opening is not None:
        # "…, UBND xã … báo cáo kết quả … như sau:": the text says what it is; a plan it recounts is not it.
        result.doc_type, result.issuer = opening.doc_type, opening.issuer
        result.title = result.title if layout.title and not layout.headline else opening.title
    elif layout.headerless and not result.number and (not layout.title or layout.headline):
        announced = _adopt_announced(result, content, references)
    kind = _read_as_text(result, content) if layout.headerless and not result.number and opening is None else None
    if not result.issuer and kind is None:
        result.issuer = issuer_from_text(whole, title=result.title, place=result.place)
    if not result.doc_type and kind is None:
        result.doc_type = doc_type_of_symbol(result.number) or ("BC" if re.search(r"(?i)\bbáo cáo\b", whole) else "")
    # A news item's plan is also what it refers to; a document's own number is not a reference of its own.
    result.references = _unique(
        [*([announced] if announced else []), *(c for c in references if c.number_symbol != result.number)]
    )
    bases = _bounded(layout.bases, _MAX_BASES_CHARACTERS)
    result.bases_text = bases_lines(bases)
    result.legal_bases = _bases(bases)
    result.other_bases = _bases(bases, numbered=False)
    result.year = _year(result.title, result.date, whole, references)

    body = split_body(layout.body)
    result.sections = {k: v for k, v in body.parts.items() if v}
    result.objectives = body.parts.get("purposes", []) + body.parts.get("objectives", [])
    result.responsibilities = body.responsibilities
    result.tasks = tasks_of(source.tables)
    codes = catalog_codes(body, body_text + " " + " ".join(" ".join(r) for t in source.tables for r in t))
    result.reform_areas, result.indices = codes["reform_areas"], codes["indices"]
    result.channels, result.audiences = codes["channels"], codes["audiences"]
    # A report is addressed to those it is sent to ("Kính gửi"); other documents list theirs under "Nơi nhận".
    sent_to = recipients_of(layout.header + content[:40], ("kính gửi",))
    listed = recipients_of(layout.end, ("nơi nhận",))
    result.recipients = (sent_to or listed) if result.doc_type == "BC" else (listed or sent_to)
    result.signer = signer_of(layout.end)
    result.opening = _opening(layout.body)
    result.closing = next((p.text for p in layout.end + layout.body[-3:] if _CLOSING.search(p.text)), "")
    unplaced = [text for text in body.unplaced if text != result.opening]
    result.unrecognized = [p.text for p in paras if p.noise] + unplaced
    result.confidence = _confidence(result, layout)
    return result


def split(paras: list[Para]) -> Layout:
    """Header (before the title), title, the bases right after it, body, and the end (closing to signature)."""
    layout = Layout()
    start = 0
    title_at = None
    for index, para in enumerate(paras[:60]):
        found = type_line(para.text)
        if found and (is_caps(para.text.split(" ")[0]) and (para.bold or is_caps(para.text) or index > 0)):
            layout.doc_type, rest = found
            title_at = index
            title_parts = [rest] if rest else []
            break
        if re.match(r"^(?i:v/v|về việc)\s*:?\s*", para.text) and index < 15:
            layout.doc_type = "CV"
            title_at = index
            title_parts = [re.sub(r"^(?i:v/v|về việc)\s*:?\s*", "", para.text)]
            break
    if title_at is None:
        layout.headerless = True
        title_parts = []
        head = paras[0]
        if len(head.text) < 200 and len(paras) > 1 and fold(paras[1].text).startswith("kinh gui"):
            title_parts = [head.text]
            start = 1
        elif _is_headline(head.text) and len(paras) > 1:
            # A page's headline (news, a report in article form); portals repeat it under the breadcrumb.
            title_parts = [head.text]
            layout.headline = True
            start = 2 if paras[1].text == head.text else 1
        layout.header = paras[:start]
    else:
        layout.header = paras[:title_at]
        start = title_at + 1
        while layout.doc_type == "CV" and start < len(paras) and paras[start].text[:1].islower():
            title_parts.append(paras[start].text)  # "V/v báo cáo kết quả …" / "quý III năm 2025"
            start += 1
        if layout.doc_type != "CV":
            while start < len(paras) and len(title_parts) < 4:
                text = paras[start].text
                # A bold title may run on to a line that looks numbered ("6 tháng đầu năm 2025").
                numbered = (
                    is_marker(text)
                    and not (paras[start].bold and paras[title_at].bold)
                    and not _PERIOD_LINE.match(text)
                )
                # A title typed in capitals ("VỀ VIỆC BAN HÀNH KẾ HOẠCH …", copied from a legal database) runs on
                # until the signing authority's line ("BỘ TRƯỞNG BỘ NỘI VỤ"); a capital line after a title in
                # ordinary case is that authority, or a heading.
                caps_title = is_caps(text) and all(is_caps(part) for part in title_parts) and not _AUTHORITY.match(text)
                if is_caps(text) and not caps_title:
                    break
                if _LEAD.match(text) or numbered or len(text) > 250 or text.startswith("("):
                    break
                if fold(text).startswith(("kinh gui", "de ", "nham ")):
                    break
                title_parts.append(text)
                start += 1
    layout.title = normalize(" ".join(title_parts))
    # Authority line of a decision ("CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH …") and Kính gửi come before the bases.
    # So do a công văn's place and date, and a Kính gửi list (sometimes laid out as a table).
    while start < len(paras) and (_before_bases(paras[start]) or place_and_date([paras[start]])):
        layout.header.append(paras[start])
        start += 1
        while start < len(paras) and paras[start].text.startswith("-") and len(paras[start].text) < 150:
            layout.header.append(paras[start])
            start += 1
    bases_end = start
    while bases_end < len(paras) and (
        _LEAD.match(paras[bases_end].text)
        # a basis broken over two paragraphs, or listed as bullets under one "Căn cứ:"
        or (
            bases_end > start
            and not paras[bases_end - 1].text.endswith((".", ":"))
            and not is_marker(paras[bases_end].text)
        )
        or (
            bases_end > start
            and paras[bases_end].text.startswith(("-", "+"))
            and paras[bases_end - 1].text.endswith((";", ":"))
        )
    ):
        bases_end += 1
    layout.bases = paras[start:bases_end]
    end_at = next((i for i in range(bases_end, len(paras)) if _CLOSING.search(paras[i].text)), None)
    if end_at is None:
        end_at = next(
            (i for i in range(bases_end, len(paras)) if fold(paras[i].text).startswith("noi nhan")), len(paras)
        )
        layout.body, layout.end = paras[bases_end:end_at], paras[end_at:]
    else:
        layout.body, layout.end = paras[bases_end:end_at], paras[end_at:]
    return layout


def _is_headline(text: str) -> bool:
    """A short line that ends no sentence and opens no part: the headline a portal puts above its text."""
    return (
        15 <= len(text) <= 200
        and not text.endswith((".", ";", ":", ",", "!", "?", "…"))
        and not is_marker(text)
        and not is_caps(text)
        and not re.match(r"^(?i:ngày|sáng|chiều|tối)\s+\d", text)
    )


def _before_bases(para: Para) -> bool:
    return is_caps(para.text) or fold(para.text).startswith("kinh gui")


def _opening(body: list[Para]) -> str:
    """ "Để …, Ủy ban nhân dân … ban hành Kế hoạch … như sau:": the paragraph before the first part."""
    for para in body[:3]:
        text = para.text
        if text.startswith(("Để ", "Nhằm ")) or re.search(r"(?i:như sau|cụ thể như sau)\s*:?$", text):
            return text
    return ""


def _issuer_lines(header: list[Para]) -> list[str]:
    lines = []
    for para in header:
        text = para.text
        if re.match(r"^S[ốô6o]\s*:?", text) or "ngày" in text.lower() or fold(text).startswith(("kinh gui", "v/v")):
            break
        if is_caps(text) and not text.startswith(("DỰ THẢO", "KHẨN", "HỎA TỐC", "MẬT")):
            lines.append(text.strip("-_ "))
    return lines


def _read_as_text(result: Extraction, content: list[Para]) -> str | None:
    """A text without a header or a number: what it says it is and who acts in it (see `news`). Returns the kind
    it was read as ("" for news of an activity), None when its sentences do not say."""
    whole = "\n".join(p.text for p in content)
    unnumbered = news.announced_unnumbered(whole, context=result.title)
    if unnumbered is not None:
        result.doc_type = unnumbered.doc_type
        result.date = result.date or unnumbered.issued_on
        result.issuer = result.issuer or unnumbered.issuer
        return unnumbered.doc_type
    kind = news.kind_of(whole, result.title)
    if kind is not None:
        result.doc_type = kind
        result.issuer = result.issuer or news.issuer_for(kind, news.actors(whole, context=result.title))
        if kind == "KH" and not result.title:
            result.title = news.subject(content[0].text)
    return kind


def _adopt_announced(result: Extraction, content: list[Para], references: list[Citation]) -> Citation | None:
    """A news article about a plan: its fields are those of the document it says was issued, which is returned
    (with the date the article gives) to be listed among the references too."""
    text = " ".join(p.text for p in content)
    for citation in references:
        at = text.find(citation.raw[:40])
        if at < 0 or not _ANNOUNCED.search(text[max(0, at - 30) : at]):
            continue
        result.doc_type = canonical_type_abbr(citation.doc_type) or result.doc_type
        result.number = citation.number_symbol
        before = text[max(0, at - 150) : at]
        result.date = citation.issued_on or _date_before(before)
        issuer = issuer_from_text(before + citation.raw, title="", place="")
        found = news.actors(before + citation.raw, context=result.title)
        result.issuer = issuer or (found[0].issuer if found else "") or citation.issuer
        summary = re.sub(r"^(?i:về việc|về)\s+", "", citation.summary)
        if summary:
            result.title = _NEWS_CLAUSE.split(summary)[0].strip(" ,.")
        return replace(citation, issued_on=result.date, issuer=citation.issuer or result.issuer)
    return None


# Where an article's sentence moves on from the plan's name to what the plan does.
_NEWS_CLAUSE = re.compile(
    r",\s+(?=(?:hướng|nhằm|với|theo|trong|góp|đồng thời|qua đó|tập trung|yêu cầu|giao|đặt)\b)|\.\s|\s+\((?=[A-Z])"
)


def _date_before(text: str) -> dt.date | None:
    """ "Ngày 15/01/2026, UBND tỉnh … ban hành Kế hoạch số …": the date the article gives before the plan."""
    found = list(news.DAY.finditer(text))
    return news.day_of(found[-1]) if found else None


# A plan's "Căn cứ …" lines fill half a page; parsing each citation costs about 0,1 ms, so a file whose preamble is
# one long run of citations (the fuzzer's: 1,2 million characters, 8 s) is read only this far for its bases.
_MAX_BASES_CHARACTERS = 20_000


def _bounded(paras: list[Para], limit: int) -> list[Para]:
    """The leading paragraphs that fit in `limit` characters, the last one cut to fit."""
    kept: list[Para] = []
    for para in paras:
        if len(para.text) >= limit:
            kept.append(replace(para, text=para.text[:limit]))
            break
        kept.append(para)
        limit -= len(para.text)
    return kept


def bases_lines(paras: list[Para]) -> str:
    """The legal bases as written, one per line, each with its keyword ("Căn cứ …;" / "Thực hiện …;")."""
    lines = []
    for segment in parse_citations("\n".join(p.text for p in paras)):
        raw = segment.raw.strip()
        if not _LEAD.match(raw):
            raw = f"{'Thực hiện' if segment.kind == 'implements' else 'Căn cứ'} {raw}"
        lines.append(raw.rstrip(" ;.,"))
    return "\n".join(f"{line}{'.' if i == len(lines) - 1 else ';'}" for i, line in enumerate(lines))


def citations_in_bases(text: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Typed or reviewed legal bases, one per line: (numbered citations, bases cited without a number)."""
    paras = [Para(line) for line in text.splitlines() if line.strip()]
    return [citation_json(c) for c in _bases(paras)], [citation_json(c) for c in _bases(paras, numbered=False)]


def _bases(paras: list[Para], *, numbered: bool = True) -> list[Citation]:
    """One citation per "Căn cứ …;" / "Thực hiện …;" segment: the document it names first (a document named
    inside another's summary is a reference, not a basis). With `numbered=False`, the segments that cite
    no number ("Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015") instead."""
    bases = []
    for segment in parse_citations("\n".join(p.text for p in paras)):
        raw = segment.raw
        cited_here = find_citations(raw)
        if not numbered:
            if not cited_here and segment.summary:
                bases.append(segment)
            continue
        for position, cited in enumerate(cited_here):
            at = raw.find(cited.raw[:30])
            # "Thực hiện Kế hoạch số 112/KH-UBND … và Công văn số 2043/SNV-CCHC …": both are bases.
            if position == 0 or raw[:at].rstrip().endswith((" và", ",")):
                bases.append(replace(cited, kind=segment.kind))
    return bases


def _unique(citations: Any) -> list[Citation]:
    seen: set[str] = set()
    out = []
    for c in citations:
        key = c.number_symbol
        if key not in seen:
            seen.add(key)
            out.append(c)
    return out


def _year(title: str, day: dt.date | None, whole: str, cited: list[Citation]) -> int | None:
    """The year the document is about: its title's ("kết quả … năm 2021 và nhiệm vụ … năm 2022" reports on the
    first, a plan "… giai đoạn 2021-2025, năm 2026" is for the last), else its date's, else the first year its own
    words name (a year inside a cited document's title is that document's, not this one's)."""
    years = [int(y) for y in _YEAR.findall(title)]
    if years:
        return years[0] if "ket qua" in fold(title.split(str(years[0]))[0]) else years[-1]
    period = re.search(r"(20\d\d)\s*[-–]\s*(20\d\d)", title)
    if period:
        return int(period[1])
    if day is not None:
        return day.year
    own = whole[:2000]
    for citation in cited:
        own = own.replace(citation.raw, " ")
    years = [int(y) for y in _YEAR.findall(own)]
    if years:
        return years[0]
    dated = news.DAY.search(own)  # "Ngày 22/2/2023, … tổ chức Hội nghị"
    return int(dated[3]) if dated else None


def _confidence(result: Extraction, layout: Layout) -> dict[str, float]:
    strong = 0.6 if layout.headerless else 0.95
    return {
        "doc_type": strong if result.doc_type else 0.0,
        "number": strong if result.number else 0.0,
        "issuer": (0.9 if layout.header and not layout.headerless else 0.6) if result.issuer else 0.0,
        "place": strong if result.place else 0.0,
        "date": strong if result.date else 0.0,
        "year": 0.9 if result.year else 0.0,
        "title": strong if result.title else 0.0,
        "legal_bases": 0.9 if result.legal_bases else 0.5,
        "references": 0.9,
        "recipients": 0.9 if result.recipients else 0.4,
        "signer": 0.9 if result.signer.name else 0.3,
        "tasks": 0.9 if result.tasks else 0.5,
        "responsibilities": 0.8 if result.responsibilities else 0.4,
        "catalogs": 0.7,
    }
