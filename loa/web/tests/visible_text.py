"""What a person sees on a page, and the checks that nothing on it is a code or in the wrong language.

A page is reduced to its visible segments: each text node (scripts, styles and templates dropped) and each
attribute a browser shows (title, placeholder, aria-label, alt, a button's value, a confirmation dialog's text).
The checks then look for:

- catalog codes (every value of every catalog registered in `loa.core.labels`, so a new catalog is covered) as
  whole words, case-sensitive; codes that are also ordinary English words (`draft`, `leader`) count as English
  words on Vietnamese pages and are legitimate on English pages;
- history action codes (`activity.created`, `report.returned: …`) and period IDs (`2026Q1`);
- on Vietnamese pages, common English interface words;
- on English pages, source strings of the English catalog (Vietnamese msgids) shown untranslated, matched against
  whole segments so that data (unit names, plan titles), which is legitimately Vietnamese, is not flagged.
"""

import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from html.parser import HTMLParser
from typing import Any

# Attributes whose text a person sees or hears (a screen reader reads aria-label; a confirm() shows data-confirm).
SHOWN_ATTRIBUTES = ("title", "placeholder", "aria-label", "alt", "data-confirm")
SKIPPED_ELEMENTS = {"script", "style", "template", "noscript"}
VOID_ELEMENTS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _Segments(HTMLParser):
    def __init__(self, *, skip_lang: str) -> None:
        super().__init__(convert_charrefs=True)
        self.segments: list[str] = []
        self._skip = 0
        self._json = False
        self._skip_lang = skip_lang
        self._open: list[tuple[str, bool]] = []  # open elements, and whether each is marked lang=skip_lang

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag not in VOID_ELEMENTS:
            self._open.append((tag, bool(self._skip_lang) and values.get("lang") == self._skip_lang))
        if tag == "script" and values.get("type") == "application/json":
            self._json = True  # data a script draws on the page (chart labels): its strings are shown
        elif tag in SKIPPED_ELEMENTS:
            self._skip += 1
        if self._skip or any(marked for _t, marked in self._open):
            return
        for name in SHOWN_ATTRIBUTES:
            if values.get(name):
                self.segments.append(str(values[name]))
        if tag == "input" and values.get("type") in {"submit", "button", "reset"} and values.get("value"):
            self.segments.append(str(values["value"]))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag not in VOID_ELEMENTS and any(t == tag for t, _m in self._open):
            while self._open and self._open.pop()[0] != tag:
                pass
        if self._json and tag == "script":
            self._json = False
        elif tag in SKIPPED_ELEMENTS and self._skip:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if any(marked for _t, marked in self._open):
            return
        if self._json:
            self.segments += _json_strings(json.loads(data))
        elif not self._skip and data.strip():
            self.segments.append(data)


def _json_strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value] if value.strip() else []
    if isinstance(value, dict):
        return [s for v in value.values() for s in _json_strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _json_strings(v)]
    return []


def visible_segments(html: str, *, skip_lang: str = "") -> list[str]:
    """The page's visible text, one segment per text node or shown attribute. With skip_lang="vi", text inside
    an element marked lang="vi" (a Vietnamese document shown on an English page) is left out."""
    parser = _Segments(skip_lang=skip_lang)
    parser.feed(html)
    parser.close()
    return [unicodedata.normalize("NFC", " ".join(s.split())) for s in parser.segments]


# Codes that are ordinary English words: English pages may say "draft"; Vietnamese pages may not.
ENGLISH_WORD_CODES = {
    "accepted", "admin", "app", "central", "closed", "commend", "commune", "confirmed", "coordinator", "criticise",
    "day", "device", "digest", "district", "done", "draft", "editor", "email", "failed", "group", "issued", "leader",
    "manual", "monthly", "once", "ongoing", "overdue", "province", "quarterly", "queued", "returned", "review",
    "running", "saved", "submitted", "viewer", "workdays", "yearly",
}  # fmt: skip
# Codes too short or too common to look for as words (the period check finds "2026Q1"; "Y", "KT." are fine).
UNCHECKED_CODES = {
    # Vietnamese syllables without marks ("Tổng quan", "Trực quan") and file formats ("Tệp .xlsx").
    "quan", "xa", "tinh", "huyen", "phuong", "bao", "khac",
    "xlsx", "docx", "pdf", "pptx", "jpg", "png", "gif", "webp",
    "", "Y", "Q1", "Q2", "Q3", "Q4", "H1", "H2", "M9", "KT.", "Q.", "TL.", "TUQ.", "+", "~", "-",
}  # fmt: skip


@cache
def catalog_codes() -> frozenset[str]:
    """Every code of every catalog (loa.core.labels registers them all; a test checks none is left out)."""
    from loa.core.labels import registered_catalogs

    return frozenset(str(v) for cls in registered_catalogs().values() for v in cls.values) - UNCHECKED_CODES


ACTION_CODE = re.compile(
    r"(?<![\w.@/-])(?:activity|plan|unit|user|report|evidence|register|commendation|ruleset|assessment|import"
    r"|index|indices|notice|notification|account|task|load-vn)\.[a-z_]+(?:\.[a-z0-9_]+)*(?![\w@/-])"
)
PERIOD_ID = re.compile(r"\b20\d\d(?:Q[1-4]|H[12]|M9)\b")

# Interface words in English that have no place on a Vietnamese page (brand names and formats are fine:
# Zalo, Facebook, YouTube, PAR INDEX, SIPAS, PAPI, PCI, DDCI, Excel, XLSX, DOCX, PDF, Loa, API, QR, LED, SMS).
ENGLISH_WORDS = {
    "object", "objects", "unit", "units", "activity", "activities", "none", "true", "false", "edit", "delete",
    "save", "submit", "cancel", "search", "login", "logout", "log", "home", "dashboard", "report", "reports",
    "plan", "plans", "task", "tasks", "user", "users", "created", "changed", "deleted", "add", "back", "next",
    "previous", "yes", "name", "status", "date", "type", "total", "details", "download", "upload", "export",
    "settings", "password", "username", "page", "of", "and", "the", "with", "for", "from", "item", "items",
    "history", "action", "actions", "changes", "change", "view", "open", "close", "show", "hide", "all", "more",
    "notifications", "notification", "system", "error", "required", "field", "this", "is", "not", "found",
    "select", "choose", "file", "files", "progress", "ranking", "score", "scores", "indices", "index", "period",
    "deadline", "version", "consolidation", "board", "remind", "reminder", "missing", "sent", "send",
    "january", "february", "march", "april", "june", "july", "august", "september", "october", "november",
    "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "unknown",
}  # fmt: skip
WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")


@dataclass(frozen=True)
class Finding:
    kind: str
    found: str
    segment: str

    def __str__(self) -> str:
        return f"{self.kind} «{self.found}» in «{self.segment[:160]}»"


def code_findings(segments: Iterable[str]) -> list[Finding]:
    codes = catalog_codes()
    findings: list[Finding] = []
    for segment in segments:
        for word in re.findall(r"[A-Za-z0-9_]+", segment):
            # Codes that are English words are found by english_findings on Vietnamese pages.
            if word in codes and word not in ENGLISH_WORD_CODES:
                findings.append(Finding("catalog code", word, segment))
        findings += [Finding("action code", m.group(0), segment) for m in ACTION_CODE.finditer(segment)]
        findings += [Finding("period ID", m.group(0), segment) for m in PERIOD_ID.finditer(segment)]
    return findings


GROUPED_NUMBER = re.compile(r"\b\d{1,3}(?:[.,]\d{3})+\b")


def title_findings(segments: list[str]) -> list[Finding]:
    """The page title (the first segment) names a year, never a count: "2.026" there is a year formatted as a
    number."""
    return [Finding("grouped year", m.group(0), segments[0]) for m in GROUPED_NUMBER.finditer(segments[:1][0])]


def english_findings(segments: Iterable[str]) -> list[Finding]:
    findings = []
    for segment in segments:
        for word in WORD.findall(segment):
            if word.isupper() and len(word) > 1:
                continue  # an acronym or a brand: PAR INDEX, SIPAS
            if word.casefold() in ENGLISH_WORDS or word in ENGLISH_WORD_CODES:
                findings.append(Finding("English word", word, segment))
    return findings


def _fold_segment(text: str) -> str:
    """A segment without the decoration around a label: arrows, counts, colons, brackets."""
    return text.strip(" \t:·•→←↑↓…*()[]|,;.–—-0123456789%")


@cache
def untranslated_msgids() -> frozenset[str]:
    """Vietnamese source strings whose English translation differs: shown as they are, they are untranslated."""
    from django.utils.translation import trans_real

    catalog = trans_real.translation("en")._catalog  # type: ignore[attr-defined]
    found = set()
    for key, translated in catalog.items():
        msgid = key[1] if isinstance(key, tuple) else key
        if not isinstance(msgid, str) or "%(" in msgid or "{" in msgid or "\n" in msgid:
            continue
        text = _fold_segment(" ".join(msgid.split()))
        if text and translated and _fold_segment(str(translated)) != text and not text.isascii():
            found.add(text)
    return frozenset(found)


def untranslated_findings(segments: Iterable[str], *, data: frozenset[str]) -> list[Finding]:
    """Segments that are a Vietnamese msgid, unless the same text is data of the database (a unit's name)."""
    msgids = untranslated_msgids()
    findings = []
    for segment in segments:
        folded = _fold_segment(segment)
        if folded in msgids and folded not in data and segment.strip() not in data:
            findings.append(Finding("untranslated", folded, segment))
    return findings
