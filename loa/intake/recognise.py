"""Stage 3 of the extractor: element recognisers for the parts of the first and last page.

Each function reads the paragraphs the splitter handed it and returns one element (number, place
and date, issuer, signer, recipients…) or nothing. To teach the extractor a new way of writing an
element, add a pattern here and a fixture test beside it.
"""

import re
from dataclasses import dataclass
from datetime import date

from loa.core.citations import parse_number_symbol, symbol_type_abbr
from loa.core.text import fold, normalize

from .prepare import Para, is_caps

# The document types a title line may name, as written in capitals, with their Phụ lục III abbreviation.
TYPE_WORDS: dict[str, str] = {
    "KẾ HOẠCH": "KH",
    "BÁO CÁO": "BC",
    "QUYẾT ĐỊNH": "QĐ",
    "THÔNG BÁO": "TB",
    "HƯỚNG DẪN": "HD",
    "CHƯƠNG TRÌNH": "CTr",
    "TỜ TRÌNH": "TTr",
    "ĐỀ ÁN": "ĐA",
    "CHỈ THỊ": "CT",
    "NGHỊ QUYẾT": "NQ",
    "QUY CHẾ": "QC",
    "QUY ĐỊNH": "QyĐ",
    "CÔNG VĂN": "CV",
    "CÔNG ĐIỆN": "CĐ",
    "PHƯƠNG ÁN": "PA",
}
TYPE_LINE = re.compile(
    rf"^(?P<type>{'|'.join(sorted(TYPE_WORDS, key=len, reverse=True))})(?![\w])\s*:?\s*(?P<rest>.*)$"
)
LOCALITY = r"(?:tỉnh|thành phố|huyện|quận|thị xã|xã|phường|thị trấn|đặc khu|tp\.?)"
_LOCALITY_CAPS = re.compile(r"(?<!\w)(TỈNH|THÀNH PHỐ|HUYỆN|QUẬN|THỊ XÃ|XÃ|PHƯỜNG|THỊ TRẤN|ĐẶC KHU)\s+(?=\S)")
_COUNCILS = {"ỦY BAN NHÂN DÂN": "UBND", "UỶ BAN NHÂN DÂN": "UBND", "HỘI ĐỒNG NHÂN DÂN": "HĐND", "UBND": "UBND"}
_AGENCY_HEADS = (
    "văn phòng",
    "trung tâm",
    "sở",
    "phòng",
    "bộ",
    "ban",
    "đài",
    "báo",
    "cổng",
    "ủy ban",
    "hội đồng",
    "cục",
    "chi cục",
)
_NUMBER_LINE = re.compile(r"^S[ốô6o]\s*:?\s*(?P<rest>.*)$")
_PLACE_DATE = re.compile(
    r"^(?P<place>[^,\d]{2,60}?)\s*,\s*(?i:ngày)\s*(?P<d>\d{1,2}|[.…_ ]*)\s*(?i:tháng)\s*(?P<m>\d{1,2}|[.…_ ]*)\s*"
    r"(?i:năm)\s*(?P<y>\d{4})"
)
_AUTHORITY = re.compile(r"^(?:TM|KT|TL|TUQ|Q)\.\s*\S")
_NAME = re.compile(r"^(?:[A-ZĐÀ-Ỹ][a-zđà-ỹ]{0,7}\s){1,5}[A-ZĐÀ-Ỹ][a-zđà-ỹ]{0,7}$")
_BULLET = re.compile(r"^[-+•*–—]\s*")


@dataclass
class Signer:
    authority: str = ""
    for_title: str = ""
    title: str = ""
    name: str = ""

    def as_json(self) -> dict[str, str]:
        data = {"authority": self.authority, "title": self.title, "name": self.name}
        if self.for_title:
            data["for_title"] = self.for_title
        return data


def type_line(text: str) -> tuple[str, str] | None:
    """("KH", rest of the line) for "KẾ HOẠCH" or "KẾ HOẠCH Tuyên truyền …"; None for other lines."""
    match = TYPE_LINE.match(text)
    if match is None or (match["rest"] and not (is_caps(text) or match["rest"][0].isupper())):
        return None
    return TYPE_WORDS[match["type"]], match["rest"].strip()


def number_of(header: list[Para]) -> str | None:
    """The canonical number/symbol of "Số: 18/KH-UBND"; "" for a draft's "Số: /KH-UBND"; None without a line."""
    for para in header:
        match = _NUMBER_LINE.match(para.text)
        if match:
            rest = re.split(r"\s{2,}|(?<=\w)\s+(?=[A-ZĐ][a-zđà-ỹ]+,\s*ngày)", match["rest"])[0]
            parsed = parse_number_symbol(rest)
            if parsed is None:
                return ""
            number, year, symbol, party = parsed
            return f"{number}-{symbol}" if party else "/".join(filter(None, [number, year, symbol]))
    return None


# Words bounded in length and count, starting at a word boundary: no backtracking storm on long runs of letters.
_PLACE_WORDS = r"(?<![\wà-ỹ])(?:[A-ZĐÀ-Ỹ][\wà-ỹ]{0,15}\.?\s){0,4}[A-ZĐÀ-Ỹ][\wà-ỹ]{0,15}"
_PLACE_DATE_INSIDE = re.compile(
    rf"(?P<place>{_PLACE_WORDS})\s*,\s*(?i:ngày)\s*(?P<d>\d{{1,2}}|[.…_ ]*)\s*(?i:tháng)\s*"
    r"(?P<m>\d{1,2}|[.…_ ]*)\s*(?i:năm)\s*(?P<y>\d{4})"
)


def place_and_date(paras: list[Para]) -> tuple[str, date | None] | None:
    """ "Ninh Giang, ngày 28 tháng 01 năm 2022" (also when it shares a line with the number); a draft's
    "ngày … tháng … năm 2026" gives the place and no date."""
    for para in paras:
        if "ngày" not in para.text.lower()[:400]:
            continue
        text = _NUMBER_LINE.sub("", para.text[:400]) if _NUMBER_LINE.match(para.text) else para.text[:400]
        match = _PLACE_DATE.match(text.strip())
        if match is None or re.search(r"\d|/", match["place"]):
            match = _PLACE_DATE_INSIDE.search(text)
        if match is None:
            continue
        day = None
        if match["d"].strip().isdigit() and match["m"].strip().isdigit():
            try:
                day = date(int(match["y"]), int(match["m"]), int(match["d"]))
            except ValueError:
                day = None
        return normalize(match["place"]), day
    return None


def recase(caps: str) -> str:
    """A header line in capitals written the way body text names the unit: "SỞ NỘI VỤ" → "Sở Nội vụ",
    "HUYỆN NINH GIANG" → "huyện Ninh Giang", "ỦY BAN NHÂN DÂN" → "UBND"."""
    caps = normalize(caps)
    if caps.upper() in _COUNCILS:
        return _COUNCILS[caps.upper()]
    for council, short in _COUNCILS.items():
        if caps.upper().startswith(council + " "):
            return f"{short} {recase(caps[len(council) + 1 :])}"
    locality = _LOCALITY_CAPS.match(caps)
    if locality:
        name = caps[locality.end() :]
        return f"{locality[1].lower()} {' '.join(w.capitalize() for w in name.split())}"
    lower = caps.lower()
    words = lower.split()
    head = next((h for h in sorted(_AGENCY_HEADS, key=len, reverse=True) if lower.startswith(h + " ")), "")
    out = []
    capitalize_next = True
    skip = len(head.split())
    for index, word in enumerate(words):
        if index < skip:
            out.append(word.capitalize() if index == 0 else word)
            capitalize_next = True
            continue
        if word in {"hđnd", "ubnd", "mttq", "tw"}:
            out.append(word.upper())
            capitalize_next = False
            continue
        out.append(word.capitalize() if capitalize_next and word != "và" else word)
        capitalize_next = word.endswith(",") or word == "và"
    return " ".join(out)


def issuer_from_header(lines: list[str]) -> str:
    """The issuing body from the header's capital lines (the parent body first, the issuer below it)."""
    lines = [normalize(line) for line in lines if line.strip()]
    if not lines:
        return ""
    if len(lines) == 1:
        return recase(lines[0])
    parent, body = lines[-2], lines[-1]
    if _LOCALITY_CAPS.match(body):
        return f"{recase(parent)} {recase(body)}"
    issuer = recase(body)
    locality = _LOCALITY_CAPS.search(parent)
    if locality and not _LOCALITY_CAPS.search(body):
        issuer += " " + recase(parent[locality.start() :])
    return issuer


_BODY_UNIT = re.compile(
    r"(?P<body>Ủy ban nhân dân|Uỷ ban nhân dân|UBND|Sở [A-ZĐ][\w,]*(?: [\w,]+){0,6}?|"
    r"Phòng [A-ZĐ][\w]*(?: [\w]+){0,4}?)"
    rf"\s+(?P<loc>{LOCALITY})(?:\s+(?P<name>(?:[A-ZĐ][\wà-ỹ]*)(?:\s[A-ZĐ0-9][\wà-ỹ]*){{0,3}}))?"
    r"(?:\s*\([^)]{1,60}\))?(?:\s+(?:vừa|đã|mới|đã chính thức))?"
    r"\s+(?P<verb>báo cáo|ban hành|xây dựng|triển khai|tổ chức)(?!\w)"
)


def issuer_from_text(text: str, *, title: str, place: str) -> str:
    """For a document copied without its header: the body that "báo cáo" or "ban hành" in its own words."""
    for match in _BODY_UNIT.finditer(text):
        if re.search(r"(?i:\bcủa)\s*$", text[max(0, match.start() - 8) : match.start()]):
            continue  # "… ngày 30/12/2014 của UBND tỉnh Nghệ An ban hành …": the issuer of a cited document
        body = "UBND" if fold(match["body"]) in {"uy ban nhan dan", "ubnd"} else match["body"]
        loc = match["loc"].lower().replace("tp.", "thành phố").replace("tp", "thành phố")
        name = match["name"] or ""
        if not name:
            found = re.search(rf"(?i:{re.escape(loc)})\s+((?:[A-ZĐ][\wà-ỹ]*)(?:\s[A-ZĐ][\wà-ỹ]*){{0,3}})", title)
            name = found[1] if found else place
        if name:
            return normalize(f"{body} {loc} {name}")
    return ""


def recipients_of(paras: list[Para], keywords: tuple[str, ...] = ("nơi nhận", "kính gửi")) -> list[str]:
    """The entries of "Nơi nhận:" (or of "Kính gửi:"), without "Lưu: …"."""
    for keyword in keywords:
        start = next((i for i, p in enumerate(paras) if fold(p.text).startswith(fold(keyword))), None)
        if start is None:
            continue
        entries: list[str] = []
        first = re.sub(r"^[^:]*:\s*\|?\s*", "", paras[start].text) if ":" in paras[start].text else ""
        pending = [first] if first else []
        for para in paras[start + 1 : start + 40]:
            if para.noise:
                continue
            if _BULLET.match(para.text):
                pending.append(para.text)
            elif _AUTHORITY.match(para.text) or is_caps(para.text) or _NAME.match(para.text):
                continue  # the signer's lines, side by side with Nơi nhận
            elif keyword == "kính gửi" and not pending:
                pending.append(para.text)
                break
            else:
                break
        for item in pending:
            for piece in re.split(r";\s*(?=[-+•])", item):
                entry = _BULLET.sub("", piece).strip(" ;.,")
                if entry:  # "Lưu: VT." included: Nghị định 30 lists it among the recipients
                    entries.append(entry)
        if entries:
            return entries
    return []


def signer_of(paras: list[Para]) -> Signer:
    """Authority lines (TM., KT., …), the title in capitals, the name: read from the end of the document."""
    signer = Signer()
    authorities: list[str] = []
    for index, para in enumerate(paras):
        text = para.text
        if para.noise or _BULLET.match(text) or fold(text).startswith(("noi nhan", "luu")):
            continue
        if _AUTHORITY.match(text) and is_caps(text):
            authorities.append(text)
            continue
        if is_caps(text) and len(text) <= 60 and (authorities or _next_is_name(paras, index)):
            if not signer.title:
                signer.title = text
            continue
        if (signer.title or authorities) and _NAME.match(text) and len(text) <= 40:
            signer.name = text
            break
    if authorities:
        signer.authority = authorities[0]
        if len(authorities) > 1:
            signer.for_title = authorities[1]
    if not signer.title and len(authorities) == 1 and not signer.name:
        return Signer()
    return signer


def _next_is_name(paras: list[Para], index: int) -> bool:
    for para in paras[index + 1 : index + 4]:
        if para.noise:
            continue
        return bool(_NAME.match(para.text))
    return False


def doc_type_of_symbol(number: str) -> str:
    """ "18/KH-UBND" → "KH" (the type part of a symbol), "" when the symbol has none (581/SNV-CCHC)."""
    parts = re.split(r"[/-]", number)
    known = {abbr for abbr in TYPE_WORDS.values()} | {"NĐ", "TT", "TTLT"}
    for part in parts[1:]:
        if part in known:
            return part
    return ""


def canonical_type_abbr(doc_type: str) -> str:
    return symbol_type_abbr(doc_type) or ("CV" if fold(doc_type) in {"cong van", "van ban"} else "")
