"""One plain-data form of an activity, shared by the CLI's --json and the REST API."""

from typing import Any

from .models import Activity


def activity_data(a: Activity) -> dict[str, Any]:
    return {
        "id": a.pk,
        "unit": a.unit.code,
        "unit_name": a.unit.name,
        "date": a.date,
        "end_date": a.end_date,
        "channel": a.channel,
        "online": a.online,
        "reform_areas": a.reform_areas,
        "indices": a.indices,
        "title": a.title,
        "description": a.description,
        "quantity": float(a.quantity),
        "measure": a.measure,
        "audience": a.audience,
        "reached": a.reached,
        "participants": a.participants,
        "url": a.url,
        "cost": a.cost,
        "status": a.status,
        "tasks": [t.pk for t in a.tasks.all()],
        "evidence": [
            {"id": e.pk, "name": e.name, "kind": e.kind, "size": e.size, "sha256": e.sha256} for e in a.evidence.all()
        ],
    }
