"""Texts without a document header: portal posts, news, reports written as articles, pasted fragments.

Such a text says in its own sentences what it is and who acts: "Ngày 11/03/2021, UBND tỉnh đã ban hành Kế hoạch số
47/KH-UBND về …" announces a plan; "Sáng 26/12, Sở Thông tin và Truyền thông tổ chức Hội nghị …" is news of an
activity (no document type, the organiser as issuer); "Trong năm 2019, ước thực hiện 30 tin, bài …" reports results;
"Để kế hoạch đạt hiệu quả, xã … đề ra các nhiệm vụ" describes a plan. A body named as the issuer of a cited document
("… của UBND tỉnh Nghệ An ban hành …") is that document's issuer, never this text's.
"""

import datetime as dt
import re
from dataclasses import dataclass

from loa.core.text import fold, normalize

from .recognise import TYPE_WORDS

# Capital letters, Vietnamese ones included ("[A-ZĐÀ-Ỹ]" also spans lower-case letters such as "đ" and "ã").
_UPPER = "[" + "".join(sorted({c for c in map(chr, range(0x41, 0x1EFA)) if c.isupper() and c.isalpha()})) + "]"
_COUNCIL = r"(?:[Ủủ]y ban nhân dân|[Uu]ỷ ban nhân dân|ỦY BAN NHÂN DÂN|UBND)"
_LOCALITY = r"(?:tỉnh|thành phố|huyện|quận|thị xã|xã|phường|thị trấn|đặc khu|Tỉnh|Thành phố|Huyện|Quận|TP\.?)"
_PROPER = rf"{_UPPER}\w*(?:\s(?:{_UPPER}|\d)\w*){{0,3}}"
# Words that end an agency's name: what follows is the sentence, not the name ("Sở Nội vụ phối hợp với …").
_STOP = r"(?:phối|với|cùng|của|tại|trên|về|cho|đã|vừa|mới|sẽ|đến|các|theo|trong|được|và các)"
_AGENCY = (
    rf"(?:Sở|Ban|Bộ|Phòng|Trung tâm|Văn phòng|Đài|Cục|Chi cục|Hội đồng)\s+{_UPPER}\w*"
    rf"(?:\s+(?!{_STOP}(?!\w))\w+){{0,7}}?"
)
_VERBS = r"báo cáo|ban hành|xây dựng|triển khai|tổ chức|đề nghị|phát động|yêu cầu|chỉ đạo"
_ACTOR = re.compile(
    r"(?:(?i:chủ tịch)\s+)?"
    rf"(?:(?P<council>{_COUNCIL})\s+(?P<loc>{_LOCALITY})(?:\s+(?P<name>{_PROPER}))?"
    rf"|(?P<agency>{_AGENCY})"
    rf"|(?P<unit>Xã|Phường|Thị trấn|Đặc khu)\s+(?P<unit_name>{_PROPER}))"
    r"(?:\s*\([^)]{1,60}\))?(?:\s+(?:vừa|đã|mới|sẽ|chính thức))*"
    rf"\s+(?P<verb>{_VERBS})(?!\w)"
)
_CLAUSE_START = re.compile(r"(?:^|[.,;:()\-–\"“”]|\d{1,2}/\d{1,2}(?:/\d{4})?)\s*$")
DAY = re.compile(r"(?i:ngày)\s+(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})")  # "Ngày 22/2/2023" in prose
_TYPE_WORD = "|".join(sorted((w.capitalize() for w in TYPE_WORDS), key=len, reverse=True))
# "Ngày 08/10/2020 Chủ tịch … ban hành Công văn chỉ đạo …": a document announced without its number.
_ANNOUNCED_TYPE = re.compile(rf"(?:ban hành|phê duyệt)\s+(?P<type>{_TYPE_WORD}|{_TYPE_WORD.lower()})(?!\w)")
_EVENT = re.compile(
    r"(?:đã\s+)?tổ chức\s+(?:(?i:hội nghị|hội thảo|lễ|hội thi|cuộc thi|tọa đàm|toạ đàm|buổi|lớp|đợt|chương trình))"
    r"(?!\w)"
)
_DATED = re.compile(r"(?i:ngày|sáng|chiều|tối|trưa)\s+\d{1,2}/\d{1,2}")
_RESULTS = re.compile(r"(?i:ước thực hiện|thực hiện được|tổ chức được|đăng tải được|phát sóng được)\s+\d")
_PLAN = re.compile(r"(?i:(?:để|theo|của) kế hoạch(?!\w)|\bsẽ (?:tập trung|triển khai|tổ chức|thực hiện)(?!\w))")


# "… triển khai thực hiện nhiệm vụ về công tác thông tin, tuyên truyền CCHC năm 2026 nhằm …": what a plan or report
# described in prose is about, up to the year it names.
_SUBJECT = re.compile(r"(?:(?i:nhiệm vụ|kế hoạch))\s+về\s+(?P<subject>[^.;:!?]{10,200}?(?i:năm)\s+\d{4})(?!\d)")


def day_of(match: re.Match[str]) -> dt.date | None:
    """The date a match of `DAY` names, None when it names none ("31/02/2021")."""
    try:
        return dt.date(int(match[3]), int(match[2]), int(match[1]))
    except ValueError:
        return None


@dataclass(frozen=True)
class Actor:
    issuer: str
    verb: str
    at: int


def actors(text: str, *, context: str = "") -> list[Actor]:
    """Bodies that act in the text's own sentences, in order. A council named without its place ("UBND tỉnh đã
    ban hành …") takes the place's name from `context` (the headline) when it names one, else is left out."""
    found = []
    for match in _ACTOR.finditer(text):
        if not _CLAUSE_START.search(text[max(0, match.start() - 40) : match.start()]):
            continue  # "… của UBND tỉnh Nghệ An ban hành …": a cited document's issuer
        issuer = _issuer(match, context)
        if issuer:
            found.append(Actor(issuer, match["verb"], match.start()))
    return found


def _issuer(match: re.Match[str], context: str) -> str:
    if match["agency"]:
        return normalize(match["agency"])
    if match["unit"]:
        return normalize(f"UBND {match['unit'].lower()} {match['unit_name']}")
    loc = match["loc"].lower().rstrip(".")
    loc = "thành phố" if loc == "tp" else loc
    name = match["name"]
    if not name and context:
        named = re.search(rf"(?<!\w)(?i:{re.escape(loc)})\s+({_PROPER})", context)
        name = named[1] if named else ""
    return normalize(f"UBND {loc} {name}") if name else ""


def subject(opening: str) -> str:
    """The subject a text without a headline gives the plan it describes, in its first paragraph, or "". (A report's
    "đã ban hành Kế hoạch về …" names the plan reported on, not the report: callers ask this of plans only.)"""
    found = _SUBJECT.search(opening[:1000])
    return normalize(found["subject"]) if found else ""


def kind_of(text: str, title: str) -> str | None:
    """What a headerless text is, from its sentences: "" for news of an activity, "BC" for results, "KH" for a
    plan; None when it does not say."""
    for event in _EVENT.finditer(text):
        if _DATED.search(text[max(0, event.start() - 120) : event.start()]):
            return ""
    if "ket qua" in fold(title) or _RESULTS.search(text):
        return "BC"
    if _PLAN.search(text):
        return "KH"
    return None


def issuer_for(kind: str, found: list[Actor]) -> str:
    """The body that speaks for a text of this kind: who reports a report, who plans a plan, who acts in news."""
    verbs = {
        "BC": {"báo cáo"},
        "KH": {"ban hành", "xây dựng", "triển khai"},
        "": {"tổ chức", "đề nghị", "phát động", "yêu cầu", "chỉ đạo", "triển khai", "ban hành"},
    }.get(kind, set())
    return next((actor.issuer for actor in found if actor.verb in verbs), "")


@dataclass(frozen=True)
class Announced:
    doc_type: str
    issued_on: dt.date | None
    issuer: str


def announced_unnumbered(text: str, *, context: str = "") -> Announced | None:
    """ "Ngày 08/10/2020 Chủ tịch Ủy ban nhân dân huyện Châu Thành ban hành Công văn chỉ đạo …": the type, date and
    issuer of a document a text announces without its number (a dated sentence, so that "đã ban hành Kế hoạch"
    in a report's account of the year is not taken for the text itself)."""
    for match in _ANNOUNCED_TYPE.finditer(text[:3000]):
        sentence_start = max(text.rfind(". ", 0, match.start()) + 2, text.rfind("\n", 0, match.start()) + 1)
        sentence = text[sentence_start : match.start()]
        dated = DAY.match(sentence.strip())
        who = actors(sentence + match.group(0), context=context)
        if not dated or not who:
            continue  # "… Quyết định số 1332/QĐ-BNV ngày 14/12/2012 của Bộ Nội vụ về việc phê duyệt Đề án …"
        return Announced(TYPE_WORDS.get(match["type"].upper(), ""), day_of(dated), who[0].issuer)
    return None


@dataclass(frozen=True)
class Declared:
    doc_type: str
    title: str
    issuer: str


_DECLARING = {"báo cáo", "ban hành", "xây dựng"}
_DECLARED_REST = re.compile(
    rf"\s*(?:(?P<type>{_TYPE_WORD}|{_TYPE_WORD.lower()})\s+)?(?P<title>[^:;.]{{5,250}}?)\s*,?\s*"
    r"(?:(?i:cụ thể)\s+)?(?i:như sau)\s*:?"
)


def declared(opening: str, *, context: str = "") -> Declared | None:
    """ "…, UBND phường Thạch Thang xây dựng Kế hoạch tuyên truyền … năm 2024 như sau:" / "…, UBND xã Thạch Hà báo
    cáo kết quả … như sau:": a text without a header that says, in its opening sentence, what it is and whose."""
    for actor in actors(opening, context=context):
        if actor.verb not in _DECLARING:
            continue
        verb_end = opening.find(actor.verb, actor.at) + len(actor.verb)
        rest = _DECLARED_REST.match(opening, verb_end)
        if rest is None:
            continue
        if actor.verb == "báo cáo":
            return Declared("BC", normalize(rest.group(0).rsplit("như sau", 1)[0].strip(" ,:")), actor.issuer)
        if rest["type"]:
            return Declared(TYPE_WORDS[rest["type"].upper()], normalize(rest["title"]), actor.issuer)
    return None
