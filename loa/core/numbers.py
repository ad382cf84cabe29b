"""Numbers the Vietnamese way, read and written: "1.500" and "2,5" (dot for thousands, comma for decimals)."""

from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.formats import number_format


def parse_quantity(value: Any) -> Decimal | None:
    """A number written the Vietnamese way ("1.500", "2,5") or as a number; None when blank; ValueError else."""
    if value is None or value == "":
        return None
    if isinstance(value, (int, Decimal)):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(str(value))
    text = str(value).strip().replace(" ", "")
    if "," in text:
        text = text.replace(".", "").replace(",", ".")
    elif text.count(".") > 1 or (text.count(".") == 1 and len(text.split(".")[1]) == 3):
        text = text.replace(".", "")  # thousands separator
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ValueError(value) from None
    if not number.is_finite():
        raise ValueError(value)
    return number


def vn_number(value: Any) -> str:
    """`1.500`, `2,5`: dot for thousands, comma for decimals, no trailing zeros; empty for no value."""
    if value in (None, ""):
        return ""
    try:
        number = Decimal(str(value)).normalize()
    except InvalidOperation:
        return str(value)
    whole, _dot, frac = format(number, "f").partition(".")
    sign = "-" if whole.startswith("-") else ""
    digits = whole.lstrip("-")
    grouped = ".".join(reversed([digits[max(i - 3, 0) : i] for i in range(len(digits), 0, -3)]))
    return f"{sign}{grouped}{',' + frac if frac else ''}"


def percent(ratio: Any) -> str:
    """0..1 → "88,4%" in the active language's number format (Vietnamese "88,4%", English "88.4%"); "—" when
    there is nothing to divide."""
    if ratio is None or ratio == "":
        return "—"
    return f"{number_format(round(Decimal(str(ratio)) * 100, 1), 1)}%"
