"""Each province's rules for feedback (deadlines in working days, reminders, how long contacts are kept), read
wherever a deadline is set or checked: the defaults are those of the issue (5 working days to pass an item on, 15
to answer), a province's coordinator may change them."""

from dataclasses import dataclass

from loa.org.models import OrgUnit
from loa.org.tree import province_path

from .models import FeedbackRules


@dataclass(frozen=True)
class Rules:
    forward_days: int = 5
    answer_days: int = 15
    remind_days: int = 3
    retention_days: int = 365


DEFAULTS = Rules()
LIMITS = {"forward_days": (1, 30), "answer_days": (1, 90), "remind_days": (0, 30), "retention_days": (30, 3650)}


def rules_for(unit: OrgUnit) -> Rules:
    """The rules of the province `unit` belongs to."""
    row = FeedbackRules.objects.filter(province__path=province_path(unit)).first()
    if row is None:
        return DEFAULTS
    return Rules(row.forward_days, row.answer_days, row.remind_days, row.retention_days)


def rules_by_province(paths: set[str]) -> dict[str, Rules]:
    """The rules of several provinces (by path) in one query; a province without a row has the defaults."""
    rows = FeedbackRules.objects.filter(province__path__in=sorted(paths)).select_related("province")
    found = {r.province.path: Rules(r.forward_days, r.answer_days, r.remind_days, r.retention_days) for r in rows}
    return {path: found.get(path, DEFAULTS) for path in paths}
