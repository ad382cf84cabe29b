"""Dashboard figures as JSON (the API's shape): plain numbers, codes beside labels."""

from typing import Any

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
