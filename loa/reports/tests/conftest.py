from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from loa.activity.models import Activity
from loa.activity.services import ActivityInput, activity_create
from loa.org.models import OrgUnit
from loa.org.scope import SYSTEM
from loa.reports.models import Regime


def record(unit: OrgUnit, day: date, channel: str = "cong_ttdt", **fields: Any) -> Activity:
    """One confirmed activity through the service (so every rule of the activity log applies)."""
    data = ActivityInput(date=day, channel=channel, title=fields.pop("title", f"Tin {day:%d/%m/%Y}"), **fields)
    return activity_create(actor=SYSTEM, unit=unit, data=data)


@pytest.fixture
def quiet_commune(world: Any) -> OrgUnit:
    """A commune of the province with no activity and no persona's account: figures count from zero."""
    busy = Activity.objects.values_list("unit_id", flat=True)
    commune = (
        OrgUnit.objects.filter(parent=world.province, unit_type="ubnd_xa", valid_to__isnull=True)
        .exclude(pk__in=busy)
        .exclude(pk__in=[world.commune.pk, world.other_commune.pk])
        .order_by("code")
        .first()
    )
    assert commune is not None
    return commune


def hand_count(unit: OrgUnit, start: date, end: date) -> dict[str, dict[str, Decimal | int]]:
    """Per channel, counted one activity at a time in Python: the figure a clerk would add up."""
    totals: dict[str, dict[str, Decimal | int]] = {}
    for a in Activity.objects.filter(unit_path__startswith=unit.path, status="confirmed"):
        if start <= a.date <= end:
            row = totals.setdefault(a.channel, {"count": 0, "quantity": Decimal(0), "reach": 0})
            row["count"] += 1
            row["quantity"] += a.quantity
            row["reach"] += a.reached or 0
    return totals


@pytest.fixture
def four(world):
    """Four communes reporting to the editor's commune's province Sở Nội vụ under a regime of their own."""
    communes = list(OrgUnit.objects.filter(parent=world.province, unit_type="ubnd_xa").exclude(pk=world.commune.pk)[:4])
    Regime.objects.create(name="Bốn xã", recipient=world.snv, reporter_codes=[c.code for c in communes])
    return communes
