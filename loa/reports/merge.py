"""Merging reporters' texts into one draft paragraph of a consolidated report.

A Sở condenses the same section from up to a hundred units by hand today. The merge does the mechanical part: it
splits each text into sentences, drops a sentence already said (by this unit or another, compared without case,
spacing or closing punctuation), and writes one bullet line per run of sentences said by the same units, naming
them ("- UBND xã A, UBND xã B: …"). Rewording is left to the editor: the result is a draft, never sent as is.
"""

import re
import unicodedata
from dataclasses import dataclass, field

from loa.core.text import join_names

from .selectors import ReportState

# A sentence ends at . ! ? or … followed by a space; "TP. Hồ Chí Minh" stays whole through the abbreviations below
# (Vietnamese capitalises both a sentence and a place name, so capitals cannot tell them apart).
_END = re.compile(r"(?<=[.!?…])\s+")
_ABBREVIATIONS = ("tp.", "tt.", "p.", "q.", "ths.", "ts.", "ks.", "bs.", "đ/c.", "ông.", "bà.")
_BULLET = re.compile(r"^\s*(?:[-+•*–]|\d+[.)]|[a-zđ][.)])\s+", re.IGNORECASE)


@dataclass
class _Sentence:
    text: str
    units: list[str] = field(default_factory=list)


def sentences(text: str) -> list[str]:
    """The sentences of `text`, bullets and numbering removed, each ending with its punctuation."""
    found: list[str] = []
    for line in unicodedata.normalize("NFC", text).splitlines():
        line = _BULLET.sub("", line).strip()
        if not line:
            continue
        pending = ""
        for piece in _END.split(line):
            pending = f"{pending} {piece}".strip() if pending else piece.strip()
            if pending.casefold().endswith(_ABBREVIATIONS):
                continue
            found.append(pending)
            pending = ""
        if pending:
            found.append(pending)
    return [s if s[-1] in ".!?…:;" else f"{s}." for s in found if s]


def _key(sentence: str) -> str:
    """What two sentences must share to be the same: letters and digits, case-folded, spacing collapsed."""
    return " ".join(re.sub(r"[^\w/%-]+", " ", sentence.casefold()).split())


def merge_texts(offers: list[tuple[str, str]]) -> str:
    """One draft paragraph from (unit name, text) pairs: bullet lines naming the units, no sentence twice.

    A single offer is returned as its text, unit named: inserting one unit's text is a merge of one."""
    merged: dict[str, _Sentence] = {}
    for unit, text in offers:
        for sentence in sentences(text):
            entry = merged.setdefault(_key(sentence), _Sentence(sentence))
            if unit not in entry.units:
                entry.units.append(unit)
    lines: list[str] = []
    current: list[str] | None = None
    said: list[str] = []
    for entry in merged.values():
        if entry.units != current and said:
            lines.append(_line(current or [], said))
            said = []
        current = entry.units
        said.append(entry.text)
    if said:
        lines.append(_line(current or [], said))
    return "\n".join(lines)


def _line(units: list[str], said: list[str]) -> str:
    return f"- {join_names(units)}: {' '.join(said)}"


def merge_offers(state: ReportState, section: str, units: list[str]) -> str:
    """The merge of the texts that the reporters `units` (codes) sent for `section`, in the order offered; units
    that sent nothing for it (or whose report is not accepted) are ignored."""
    offers = state.consolidation.texts.get(section, []) if state.consolidation is not None else []
    wanted = set(units)
    return merge_texts([(offer.name, offer.text) for offer in offers if offer.unit in wanted])
