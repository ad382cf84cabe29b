"""Working days: Saturdays, Sundays and public holidays skipped. Deadlines in several apps count them (reports'
deadlines, the answer to a citizen's feedback); the holidays themselves are kept by the reports app (its Holiday
table and calendar), which registers them here at start-up, so that apps below it count the same days without
importing it. Until then (tests of core alone) no day is a holiday."""

from collections.abc import Callable
from datetime import date, timedelta

HolidaySource = Callable[[date, date], set[date]]

_source: list[HolidaySource] = [lambda start, end: set()]


def use_holidays(source: HolidaySource) -> None:
    """Name the function that reads the holidays between two dates (the reports app's, at start-up)."""
    _source[0] = source


def holidays_between(start: date, end: date) -> set[date]:
    return _source[0](start, end)


def is_working_day(day: date, holidays: set[date]) -> bool:
    return day.weekday() < 5 and day not in holidays


def add_working_days(start: date, count: int, holidays: set[date] | None = None) -> date:
    """The `count`-th working day after `start`; the holidays are read when not given."""
    if holidays is None:
        holidays = holidays_between(start, start + timedelta(days=count * 2 + 30))
    day = start
    while count > 0:
        day += timedelta(days=1)
        if is_working_day(day, holidays):
            count -= 1
    return day


def working_days_between(start: date, end: date, holidays: set[date] | None = None) -> int:
    """Working days after `start` up to and including `end` (0 when `end` is not after `start`)."""
    if end <= start:
        return 0
    if holidays is None:
        holidays = holidays_between(start, end)
    return sum(1 for n in range(1, (end - start).days + 1) if is_working_day(start + timedelta(days=n), holidays))
