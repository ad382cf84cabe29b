"""Scores and rankings as JSON (the API's shape): points as decimal strings, codes beside names."""

from typing import Any

from .engine import UnitScore
from .selectors import RankRow


def score_json(score: UnitScore) -> dict[str, Any]:
    def dec(value: Any) -> str | None:
        return None if value is None else str(value)

    return {
        "unit": score.unit.code,
        "name": score.unit.name,
        "year": score.rule_set.year,
        "rule_set": {"id": score.rule_set.pk, "name": score.rule_set.name, "basis": score.rule_set.basis},
        "maximum": str(score.maximum),
        "applicable": str(score.applicable),
        "computed": str(score.computed),
        "self_assessed": dec(score.self_total),
        "appraised": dec(score.appraised_total),
        "final": str(score.final),
        "percent": str(score.percent),
        "criteria": [
            {
                "code": p.criterion.code,
                "title": p.criterion.title,
                "max_points": str(p.criterion.max_points),
                "rule": p.criterion.rule,
                "computed": dec(p.computed),
                "basis": p.basis,
                "evidence_activities": p.evidence,
                "self": dec(p.self_score),
                "self_note": p.self_note,
                "appraised": dec(p.appraised),
                "comment": p.comment,
                "not_applicable": p.na,
            }
            for p in score.points
        ],
        "revision": score.assessment.revision if score.assessment else 0,
    }


def ranking_json(rows: list[RankRow]) -> list[dict[str, Any]]:
    return [
        {
            "rank": r.rank,
            "unit": r.score.unit.code,
            "name": r.score.unit.name,
            "computed": str(r.score.computed),
            "self_assessed": None if r.score.self_total is None else str(r.score.self_total),
            "appraised": None if r.score.appraised_total is None else str(r.score.appraised_total),
            "final": str(r.score.final),
            "percent": str(r.score.percent),
        }
        for r in rows
    ]
