"""Document date formatting per Nghị định 30/2020 (domain.md §8): Django's vi locale does not pad months."""

from datetime import date, datetime

# What officers type: 05/01/2026, 05-01-2026, or ISO (settings.DATE_INPUT_FORMATS says the same).
DAY_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d")


def document_date(day: date, place: str = "") -> str:
    """`Hà Nội, ngày 05 tháng 01 năm 2026`: days < 10 and months 1–2 are zero-padded."""
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    text = f"ngày {day.day:02d} tháng {month} năm {day.year}"
    return f"{place}, {text}" if place else text


def display_date(day: date | None) -> str:
    """`05/01/2026`, or an empty string."""
    return day.strftime("%d/%m/%Y") if day else ""


def parse_day(text: str) -> date | None:
    """A calendar date typed in one of DAY_FORMATS, or None when it is not one."""
    for fmt in DAY_FORMATS:
        try:
            return datetime.strptime(text.strip(), fmt).date()  # noqa: DTZ007 - a calendar date, no time zone
        except ValueError:
            continue
    return None
