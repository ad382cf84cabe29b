"""Numbers the Vietnamese way, read and written: "1.500" and "2,5" (dot for thousands, comma for decimals)."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from .errors import DomainError

# The largest whole number the database holds (a signed 64-bit column on PostgreSQL and SQLite alike).
MAX_WHOLE = 2**63 - 1


def parse_whole(text: str, *, maximum: int = MAX_WHOLE) -> int | None:
    """A whole number typed in a form or a query string (an id, a year, a revision): ASCII digits only, at most
    `maximum`; None for anything else. "²" and "٣" pass `str.isdigit()`, and "²" then fails `int()`; a twenty-digit
    id passes `int()` and then overflows the database: both were 500s."""
    if not (text.isascii() and text.isdigit()) or len(text) > len(str(maximum)):
        return None
    value = int(text)
    return value if value <= maximum else None


def parse_revision(text: str) -> int | None:
    """The revision a form was read at: None when the form sent none (no check asked for), a DomainError when it
    is not a whole number, so nothing is written over a version nobody read."""
    if text == "":
        return None
    revision = parse_whole(text)
    if revision is None:
        raise DomainError(_("Phiên bản «%(v)s» của biểu mẫu không hợp lệ; hãy tải lại trang.") % {"v": text[:20]})
    return revision


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


def rounded(value: Any, places: int = 0) -> Decimal:
    """`value` to `places` decimals, half up (0.125 → 0.13): the one rounding rule of every figure Loa shows."""
    return Decimal(str(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def percent_of(ratio: Any, places: int = 0) -> Decimal:
    """0..1 → per cent, to `places` decimals, half up (0.125 → 13)."""
    return rounded(Decimal(str(ratio)) * 100, places)


def vn_number(value: Any, places: int | None = None) -> str:
    """`1.500`, `2,5`: dot for thousands, comma for decimals, no trailing zeros; empty for no value. With `places`,
    rounded to that many decimals first (half up). Documents use it whatever the page's language."""
    if value in (None, ""):
        return ""
    try:
        number = (rounded(value, places) if places is not None else Decimal(str(value))).normalize()
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
    return f"{number_format(percent_of(ratio, 1), 1)}%"
