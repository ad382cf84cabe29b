"""One row of a task appendix, its cells by meaning ({"title": …, "lead": "Sở Nội vụ; UBND các xã, phường", …}), as
a task: the one reading shared by the document import (a plan's appendix table) and the appendix import (pasted
rows, an XLSX template, a table in a DOCX).

What a cell says that Loa cannot place is returned as a problem naming the column; the document import keeps such
text in the task's note, the appendix import shows it as an error of that row and column.
"""

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from loa.core.catalogs import Audience, Channel, ReformArea
from loa.core.numbers import parse_quantity
from loa.core.text import fold, normalize
from loa.org.models import OrgUnit
from loa.plans.assignment import group_units
from loa.plans.catalog import Frequency
from loa.plans.naming import UnitNames
from loa.plans.tasks_input import TaskInput

from .body import channels_named
from .keywords import detect, first_named

# The columns an appendix may have, as the XLSX template and the plan's own export name them.
COLUMN_LABELS = {
    "title": gettext_lazy("Nhiệm vụ"),
    "area": gettext_lazy("Lĩnh vực CCHC"),
    "channel": gettext_lazy("Hình thức"),
    "audience": gettext_lazy("Đối tượng"),
    "lead": gettext_lazy("Cơ quan chủ trì"),
    "coordinating": gettext_lazy("Cơ quan phối hợp"),
    "deadline": gettext_lazy("Thời hạn"),
    "frequency": gettext_lazy("Tần suất"),
    "product": gettext_lazy("Sản phẩm"),
    "quantity": gettext_lazy("Chỉ tiêu số lượng"),
    "measure": gettext_lazy("Đơn vị tính"),
    "note": gettext_lazy("Ghi chú"),
}
_ROMAN_QUARTER = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_LIST = re.compile(r"\s*[;\n]\s*")


@dataclass(frozen=True)
class Problem:
    column: str  # a key of COLUMN_LABELS
    message: str
    written: str = ""  # the cell as written, for the document import's note


def task_from_item(
    item: dict[str, Any], issuer: OrgUnit, names: UnitNames, year: int
) -> tuple[TaskInput, list[Problem]]:
    """The task a row describes, and what of it Loa could not read (`names`: the units the issuer's plan may name)."""
    problems: list[Problem] = []
    title = normalize(str(item.get("title") or ""))
    lead_text = str(item.get("lead") or "")
    named = names.read(lead_text)
    lead_units = [u.code for u in named.units]
    if named.group and not group_units(issuer, named.group).exists():
        problems.append(Problem("lead", _("đơn vị ban hành không có «%(v)s» trực thuộc") % {"v": lead_text}, lead_text))
        named.group = ""
    if lead_text and ((named.rest and not named.group) or not (lead_units or named.group)):
        problems.append(
            Problem("lead", _("không tìm thấy đơn vị «%(name)s»") % {"name": named.rest or lead_text}, lead_text)
        )
    coordinating = names.read(str(item.get("coordinating") or ""))
    deadline_text = str(item.get("deadline") or "")
    deadline, frequency = parse_deadline(deadline_text, year)
    if deadline_text and deadline is None and frequency == Frequency.ONCE:
        problems.append(
            Problem(
                "deadline",
                _("không đọc được thời hạn «%(v)s» trong năm %(y)s") % {"v": deadline_text, "y": year},
                deadline_text,
            )
        )
    if item.get("frequency"):
        chosen = _catalog_value(Frequency, str(item["frequency"]))
        if chosen:
            frequency = chosen
        else:
            problems.append(_unknown("frequency", str(item["frequency"])))
    product = normalize(str(item.get("product") or ""))
    quantity: Decimal | str | None
    if item.get("quantity") not in (None, ""):
        quantity, measure = _number(item["quantity"], problems), normalize(str(item.get("measure") or ""))
    else:
        quantity, measure = product_target(product)
        measure = normalize(str(item.get("measure") or "")) or measure
    area = _one(ReformArea, "area", item.get("area"), problems) or first_named("reform_areas", title)
    channels = _many(Channel, "channel", "channels", item.get("channel"), problems, title)
    audiences = _many(Audience, "audience", "audiences", item.get("audience"), problems, title)
    task = TaskInput(
        title=title,
        lead_unit=lead_units[0] if lead_units else "",
        co_leads=lead_units[1:],
        lead_group=named.group,
        reform_area=area,
        channel=channels[0] if channels else "",
        extra_channels=channels[1:],
        audience=audiences[0] if audiences else "",
        extra_audiences=audiences[1:],
        coordinating=[u.code for u in coordinating.units if u.code not in lead_units],
        coordinating_note=coordinating.rest if not coordinating.group else normalize(str(item.get("coordinating"))),
        deadline=deadline,
        frequency=frequency,
        product=product,
        quantity=quantity,
        measure=measure,
        note=normalize(str(item.get("note") or "")),
    )
    return task, problems


def _unknown(column: str, value: str) -> Problem:
    return Problem(column, _("«%(v)s» không có trong danh mục") % {"v": value}, value)


def _catalog_value(catalog: Any, text: str) -> str:
    """A catalog value from its label as written, in either language, or from its code."""
    wanted = fold(text).strip(" .;,")
    for value, label in catalog.choices:
        if wanted in {fold(str(label)), fold(value)}:
            return str(value)
    return ""


def _one(catalog: Any, column: str, text: Any, problems: list[Problem]) -> str:
    if not text:
        return ""
    value = _catalog_value(catalog, str(text))
    if not value:
        problems.append(_unknown(column, str(text)))
    return value


def _many(catalog: Any, column: str, kind: str, text: Any, problems: list[Problem], title: str) -> list[str]:
    """Values of a column listing several ("Báo chí; Cổng/Trang thông tin điện tử"), each a label or words that
    name one; without the column, the ones the task's title names, the first named first."""
    if not text:
        named = channels_named(title) if kind == "channels" else detect(kind, title)
        first = first_named(kind, title)
        return list(dict.fromkeys([first, *named] if first else named))
    values: list[str] = []
    for part in _LIST.split(str(text)):
        if not part.strip():
            continue
        value = _catalog_value(catalog, part)
        found = [value] if value else channels_named(part) if kind == "channels" else detect(kind, part)
        if not found:
            problems.append(_unknown(column, part))
        values += found
    return list(dict.fromkeys(values))


def _number(value: Any, problems: list[Problem]) -> Decimal | str | None:
    try:
        return parse_quantity(value)
    except ValueError:
        problems.append(Problem("quantity", _("«%(v)s» không phải là số") % {"v": value}, str(value)))
        return None


def product_target(product: str) -> tuple[Decimal | None, str]:
    """ "12 chuyên mục" → (12, "chuyên mục"); "01 hội nghị" → (1, "hội nghị")."""
    match = re.match(r"^\s*(\d{1,6})\s+([^\d,;()]{1,40})$", product or "")
    if not match:
        return None, ""
    return Decimal(match[1]), normalize(match[2])


def parse_deadline(text: Any, year: int) -> tuple[date | None, str]:
    """ "Quý II/2026" → 30/6/2026; "Tháng 5/2026" → 31/5/2026; "30/6/2026"; "Hằng tháng", "Thường xuyên"; a date cell
    of a spreadsheet."""
    if isinstance(text, datetime):
        text = text.date()
    if isinstance(text, date):
        return (text, Frequency.ONCE) if text.year == year else (None, Frequency.ONCE)
    folded = fold(str(text or ""))
    if not folded:
        return None, Frequency.ONCE
    if "hang thang" in folded:
        return None, Frequency.MONTHLY
    if "hang quy" in folded:
        return None, Frequency.QUARTERLY
    if "thuong xuyen" in folded or "ca nam" in folded:
        return None, Frequency.ONGOING
    try:
        found = _deadline_date(folded, year)
    except ValueError:  # "Quý II/0000", "31/02/2026": not a date
        found = None
    if found is not None and found.year != year:
        return None, Frequency.ONCE
    return found, Frequency.ONCE


def _deadline_date(folded: str, year: int) -> date | None:
    if match := re.search(r"(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})", folded):
        return date(int(match[3]), int(match[2]), int(match[1]))
    if match := re.search(r"(\d{4})-(\d{2})-(\d{2})", folded):  # a spreadsheet's date written as text
        return date(int(match[1]), int(match[2]), int(match[3]))
    if match := re.search(r"quy\s+(iv|iii|ii|i|[1-4])\b\s*(?:/|nam)?\s*(\d{4})?", folded):
        quarter, in_year = _ROMAN_QUARTER[match[1]], int(match[2] or year)
        return date(in_year, quarter * 3, calendar.monthrange(in_year, quarter * 3)[1])
    if (match := re.search(r"thang\s+(\d{1,2})\s*(?:/|nam)?\s*(\d{4})?", folded)) and 1 <= int(match[1]) <= 12:
        month, in_year = int(match[1]), int(match[2] or year)
        return date(in_year, month, calendar.monthrange(in_year, month)[1])
    if match := re.search(r"(\d{1,2})\s*/\s*(\d{1,2})(?![\d/])", folded):  # "trước 30/6": the plan's year
        return date(year, int(match[2]), int(match[1]))
    if match := re.search(r"\bnam\s+(\d{4})\b", folded):  # "trong năm 2026": by its end
        return date(int(match[1]), 12, 31)
    return None
