"""Vietnamese text handling: NFC normalisation and diacritics-insensitive folding (domain.md §9)."""

import re
import unicodedata

_SPACES = re.compile(r"\s+")
# Single characters are swapped with str.replace, not str.translate: translate looks each character of the text up
# in its table (about 0.5 s for a 1 MB page read three times), replace scans for one character at C speed.


def _mark_ranges() -> str:
    """Every combining mark (category Mn) of the Basic Multilingual Plane, as regex character ranges."""
    marks = [c for c in range(0x10000) if unicodedata.category(chr(c)) == "Mn"]
    ranges: list[tuple[int, int]] = []
    for c in marks:
        if ranges and ranges[-1][1] == c - 1:
            ranges[-1] = (ranges[-1][0], c)
        else:
            ranges.append((c, c))
    return "".join(re.escape(chr(a)) + ("-" + re.escape(chr(b)) if b > a else "") for a, b in ranges)


# Removing marks with one regex is about ten times faster than testing each character's category in Python
# (the import extractor folds whole documents); characters past the BMP are rare and take the slow path.
_BMP_MARKS = re.compile(f"[{_mark_ranges()}]")
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def normalize(text: str) -> str:
    """NFC, look-alike letters mapped, runs of white space collapsed, ends trimmed."""
    # U+00D0 (Eth) looks identical to U+0110 (Đ) and turns up in pasted documents ("NÐ-CP").
    text = unicodedata.normalize("NFC", text).replace("\u00d0", "\u0110").replace("\u00f0", "\u0111")
    return _SPACES.sub(" ", text).strip()


def normalize_lines(text: str) -> str:
    """`normalize` for multi-line text: each line normalised, blank lines dropped, line breaks kept."""
    lines = (normalize(line) for line in text.replace("\r\n", "\n").split("\n"))
    return "\n".join(line for line in lines if line)


def fold(text: str) -> str:
    """Lower-case ASCII-ish form for matching: "Đà Nẵng" and "da nang" fold to the same text."""
    decomposed = unicodedata.normalize("NFD", normalize(text).casefold())
    if _ASTRAL.search(decomposed):
        stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    else:
        stripped = _BMP_MARKS.sub("", decomposed)
    return stripped.replace("đ", "d").replace("Đ", "D")  # letters of their own: NFD leaves them alone


def search_terms(query: str) -> list[str]:
    """Folded words of a search query, without empties and duplicates, in order."""
    seen: dict[str, None] = {}
    for word in re.split(r"[\s,;]+", fold(query)):
        if word:
            seen.setdefault(word, None)
    return list(seen)


def join_names(names: list[str]) -> str:
    """«A», «A và B», «A, B và C»: text of the report, which is Vietnamese whatever the interface language."""
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} và {names[-1]}"
