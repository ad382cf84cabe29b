"""Dashboard figures and scores as JSON (the API's shape): plain numbers, codes beside labels."""

from typing import Any

from loa.scoring.engine import UnitScore
from loa.scoring.selectors import RankRow

from .filters import DashFilter
from .selectors import ChildRow, Figures, Totals


def totals_json(t: Totals) -> dict[str, Any]:
    return {
        "activities": t.activities,
        "quantity": str(t.quantity),
        "reached": t.reached,
        "participants": t.participants,
        "online": t.online,
        "traditional": t.traditional,
        "online_share": round(t.online_share, 4),
    }


def figures_json(f: DashFilter, fig: Figures, rows: list[ChildRow]) -> dict[str, Any]:
    return {
        "unit": f.node.code if f.node else None,
        "from": f.first,
        "to": f.last,
        "filters": {"area": f.area, "channel": f.channel, "unit_type": f.unit_type},
        "totals": totals_json(fig.totals),
        "same_span_last_year": totals_json(fig.last_year),
        "by_channel": [{"channel": code, "label": label, **totals_json(t)} for code, label, t in fig.by_channel],
        "by_area": [{"area": code, "label": label, "activities": n} for code, label, n in fig.by_area],
        "by_month": [{"month": m, "activities": n, "last_year": before} for m, n, before in fig.by_month],
        "children": [
            {"unit": r.unit.code, "name": r.unit.name, "unit_type": r.unit.unit_type, **totals_json(r.totals)}
            for r in rows
        ],
    }


def score_json(score: UnitScore) -> dict[str, Any]:
    def dec(value: Any) -> str | None:
        return None if value is None else str(value)

    return {
        "unit": score.unit.code,
        "name": score.unit.name,
        "year": score.rule_set.year,
        "rule_set": {"id": score.rule_set.pk, "name": score.rule_set.name, "basis": score.rule_set.basis},
        "maximum": str(score.maximum),
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
