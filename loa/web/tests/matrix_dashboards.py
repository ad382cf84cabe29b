"""Matrix rows for the dashboard and its downloads: a unit's figures are read by those who may VIEW the unit
(its own people, its province's coordinator, the admin); anyone else gets a 404, as for any unit-owned data."""

from .matrix import READ_FOREIGN, READ_OWN, Case, unit_of


def _dashboard(world, target):
    return f"/dashboard/?unit={unit_of(world, target).code}&period=2026"


def _xlsx(world, target):
    return f"/dashboard/units.xlsx?unit={unit_of(world, target).code}&period=2026"


DASHBOARD_CASES = [
    Case("dashboards:index", "GET", _dashboard, {"own": READ_OWN, "foreign": READ_FOREIGN}),
    Case("dashboards:xlsx", "GET", _xlsx, {"own": READ_OWN, "foreign": READ_FOREIGN}),
]
