"""Measured quality of the extractor on the fixture set: per-field precision, recall and F1, with a bar.

The bar is 0.95 F1 for what an officer cannot afford to get wrong (number, date, issuer, legal bases,
references) and lower, stated below, for the parts a reviewer checks anyway. Run with `-s` to see
the table (the closing note of issue 6 quotes it).
"""

import pytest

from loa.intake.extract import extract
from loa.intake.readers import read_document

from .scoring import fixture_pairs, score, table

BAR = {
    "doc_type": 0.95,
    "number": 0.95,
    "date": 0.95,
    "issuer": 0.95,
    "legal_bases": 0.95,
    "references": 0.95,
    "citation issuers": 0.95,
    "place": 0.9,
    "year": 0.9,
    "title": 0.9,
    "signer": 0.9,
    "recipients": 0.9,
    "tasks": 0.9,
    "responsibilities": 0.85,
    "reform_areas": 0.8,
    "indices": 0.8,
    "channels": 0.8,
    "audiences": 0.75,
}


@pytest.fixture(scope="module")
def scores():
    pairs = []
    for path, expected in fixture_pairs():
        got = extract(read_document(path.name, path.read_bytes())).as_json()
        pairs.append((path.name, got, expected))
    return score(pairs)


def test_the_fixture_set_is_the_one_the_issue_asks_for():
    pairs = fixture_pairs()
    kinds = {path.suffix for path, _expected in pairs}
    assert len(pairs) >= 20 and {".docx", ".pdf", ".txt", ".html"} <= kinds
    doc_types = {expected["doc_type"] for _path, expected in pairs}
    assert {"KH", "BC"} <= doc_types


def test_every_field_reaches_its_bar(scores):
    print("\n" + table(scores))
    below = {name: round(scores[name].f1, 3) for name, bar in BAR.items() if scores[name].f1 < bar}
    details = {name: scores[name].misses[:5] for name in below}
    assert not below, (below, details)


# The own fixtures' F1 when the corpus score was added (issue 18): work that raises the corpus score may not lower
# these (a fixture corrected to the issue's rules is updated here too, with the reason in the commit).
RECORDED = {
    "doc_type": 1.0, "number": 1.0, "issuer": 1.0, "place": 1.0, "date": 1.0, "year": 1.0, "title": 1.0,
    "signer": 1.0, "legal_bases": 1.0, "references": 1.0, "citation issuers": 0.992, "recipients": 1.0,
    "reform_areas": 0.953, "indices": 0.966, "channels": 0.989, "audiences": 0.879, "responsibilities": 1.0,
    "tasks": 1.0,
}  # fmt: skip


def test_no_field_falls_below_what_was_recorded(scores):
    fallen = {name: round(scores[name].f1, 3) for name, f1 in RECORDED.items() if round(scores[name].f1, 3) < f1}
    assert not fallen, (fallen, {name: scores[name].misses[:5] for name in fallen})
