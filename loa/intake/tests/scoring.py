"""Per-field precision and recall of the extractor against the fixture set's expected JSON.

Scalar fields count one true positive when the extracted value equals the expected one, a false
positive when a value was extracted that is not the expected one, a false negative when the expected
value was missed. List fields (citations, recipients, codes, tasks…) are compared as sets of keys.
Text is compared folded (case and diacritics ignored) with the usual abbreviations expanded, since
"UBND huyện Ninh Giang" and "Ủy ban nhân dân huyện Ninh Giang" name the same issuer.
"""

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from loa.core.text import fold

FIXTURES = Path(__file__).parent / "fixtures" / "docs"
_ABBREVIATIONS = (
    (r"\bubnd\b", "uy ban nhan dan"),
    (r"\bhdnd\b", "hoi dong nhan dan"),
    (r"\btp\b\.?", "thanh pho"),
    (r"\buy ban\b", "uy ban"),
)


def same_text(value: Any) -> str:
    text = fold(str(value or "")).replace("uỷ", "uy")
    for pattern, full in _ABBREVIATIONS:
        text = re.sub(pattern, full, text)
    return " ".join(re.sub(r"[^\w/-]+", " ", text).split())


def _citation_key(c: dict[str, Any]) -> str:
    return f"{c.get('number', '')}|{c.get('date') or ''}"


def _citation_issuer_key(c: dict[str, Any]) -> str:
    return f"{c.get('number', '')}|{same_text(c.get('issuer'))}"


SCALARS: dict[str, Callable[[dict[str, Any]], Any]] = {
    "doc_type": lambda d: d.get("doc_type") or "",
    "number": lambda d: d.get("number") or "",
    "issuer": lambda d: same_text(d.get("issuer")),
    "place": lambda d: same_text(d.get("place")),
    "date": lambda d: d.get("date") or "",
    "year": lambda d: d.get("year") or "",
    "title": lambda d: same_text(d.get("title")),
    "signer": lambda d: "|".join(
        same_text((d.get("signer") or {}).get(k)) for k in ("authority", "title", "name")
    ).strip("|"),
}
SETS: dict[str, Callable[[dict[str, Any]], Iterable[str]]] = {
    "legal_bases": lambda d: [_citation_key(c) for c in d.get("legal_bases") or []],
    "references": lambda d: [_citation_key(c) for c in d.get("references") or []],
    "citation issuers": lambda d: [_citation_issuer_key(c) for c in d.get("references") or []],
    "recipients": lambda d: [same_text(r) for r in d.get("recipients") or []],
    "reform_areas": lambda d: d.get("reform_areas") or [],
    "indices": lambda d: d.get("indices") or [],
    "channels": lambda d: d.get("channels") or [],
    "audiences": lambda d: d.get("audiences") or [],
    "responsibilities": lambda d: [same_text(r.get("unit")) for r in d.get("responsibilities") or []],
    "tasks": lambda d: [same_text(t.get("title")) for t in d.get("tasks") or []],
}


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    def count_sets(self, doc: str, got: set[str], expected: set[str]) -> None:
        """One document's values of a list field, compared as sets."""
        self.tp += len(got & expected)
        self.fp += len(got - expected)
        self.fn += len(expected - got)
        if got != expected:
            self.misses.append(f"{doc}: extra {sorted(got - expected)}, missed {sorted(expected - got)}")

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def score(pairs: Iterable[tuple[str, dict[str, Any], dict[str, Any]]]) -> dict[str, Score]:
    scores = {name: Score() for name in [*SCALARS, *SETS]}
    for doc, got, expected in pairs:
        for name, key in SCALARS.items():
            g, e = key(got), key(expected)
            s = scores[name]
            if g and g == e:
                s.tp += 1
            else:
                s.fp += bool(g)
                s.fn += bool(e)
                if g or e:
                    s.misses.append(f"{doc}: got {g!r}, expected {e!r}")
        for name, key in SETS.items():
            scores[name].count_sets(doc, set(key(got)), set(key(expected)))
    return scores


def table(scores: dict[str, Score]) -> str:
    lines = [f"{'field':<18} {'P':>6} {'R':>6} {'F1':>6}  (tp/fp/fn)"]
    for name, s in scores.items():
        lines.append(f"{name:<18} {s.precision:6.3f} {s.recall:6.3f} {s.f1:6.3f}  ({s.tp}/{s.fp}/{s.fn})")
    return "\n".join(lines)


def fixture_pairs() -> list[tuple[Path, dict[str, Any]]]:
    pairs = []
    for expected in sorted(FIXTURES.glob("*.json")):
        document = next(p for p in FIXTURES.glob(expected.stem + ".*") if p.suffix != ".json")
        pairs.append((document, json.loads(expected.read_text(encoding="utf-8"))))
    return pairs
