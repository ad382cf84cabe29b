"""Scoring the import on real documents nobody on the team wrote: `../shared/corpus/` (texts and expected readings).

The rules are the corpus README's, not the own fixtures' (`scoring.py`): scalars exact after Unicode NFC and white
space normalisation; issuer and title by containment, with the `accept` alternatives; citations by normalised number
and date; reform areas, indices and channels as code sets (audiences are written as free text there, so not
scored). A field the document does not state (null in the expected reading) counts a false positive when something
is read there anyway.
"""

import json
import os
import re
import unicodedata
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from .scoring import Score, same_text

# Beside the checkout (`../shared/corpus/`), or where LOA_CORPUS says; absent in a fresh clone elsewhere.
CORPUS = Path(os.environ.get("LOA_CORPUS") or Path(__file__).resolve().parents[4] / "shared" / "corpus")


def _plain(value: Any) -> str:
    return " ".join(unicodedata.normalize("NFC", str(value if value is not None else "")).split())


def _contained(got: str, expected: str) -> bool:
    g, e = same_text(got), same_text(expected)
    return bool(g and e) and (e in g or g in e)


def _number(value: Any) -> str:
    return re.sub(r"\s+", "", _plain(value)).upper()


def _citations(document: dict[str, Any], field: str) -> set[str]:
    return {f"{_number(c.get('number'))}|{c.get('date') or ''}" for c in document.get(field) or []}


EXACT = ("doc_type", "number", "place", "date", "year")
CONTAINED = ("issuer", "title")
SETS: dict[str, Callable[[dict[str, Any]], Iterable[str]]] = {
    "legal_bases": lambda d: _citations(d, "legal_bases"),
    "references": lambda d: _citations(d, "references"),
    "reform_areas": lambda d: d.get("reform_areas") or [],
    "indices": lambda d: d.get("indices") or [],
    "channels": lambda d: d.get("channels") or [],
}
FIELDS = (*EXACT, *CONTAINED, *SETS)


def corpus_pairs(corpus: Path = CORPUS) -> list[tuple[Path, dict[str, Any]]]:
    """(text, expected reading) for every text of the corpus; empty when the folder is absent."""
    if not (corpus / "texts").is_dir():
        return []
    return [
        (text, json.loads((corpus / "expected" / f"{text.stem}.json").read_text(encoding="utf-8")))
        for text in sorted((corpus / "texts").glob("*.txt"))
    ]


def _scalar(
    score: Score, doc: str, got: Any, expected: Any, alternatives: list[Any], same: Callable[[str, str], bool]
) -> None:
    g = _plain(got)
    wanted = [_plain(e) for e in (expected, *alternatives) if _plain(e)]
    if g and any(same(g, e) for e in wanted):
        score.tp += 1
        return
    score.fp += bool(g)
    score.fn += bool(wanted)
    if g or wanted:
        score.misses.append(f"{doc}: got {g!r}, expected {wanted[0] if wanted else None!r}")


def corpus_score(pairs: Iterable[tuple[str, dict[str, Any], dict[str, Any]]]) -> dict[str, Score]:
    scores = {name: Score() for name in FIELDS}
    for doc, got, expected in pairs:
        accept = expected.get("accept") or {}
        for name in EXACT:
            _scalar(scores[name], doc, got.get(name), expected.get(name), accept.get(name, []), str.__eq__)
        for name in CONTAINED:
            _scalar(scores[name], doc, got.get(name), expected.get(name), accept.get(name, []), _contained)
        for name, key in SETS.items():
            scores[name].count_sets(doc, set(key(got)), set(key(expected)))
    return scores


def macro_f1(scores: dict[str, Score]) -> float:
    return sum(s.f1 for s in scores.values()) / len(scores)
