"""Writes to the indices registry: one value (entered by hand) or a whole XLSX file, all or nothing.

Index values are the Sở Nội vụ's business for the units of its province, and the administrator's for any unit
(provinces' PAR INDEX, PAPI, PCI are national publications)."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from loa.core.audit import stamp
from loa.core.catalogs import Index
from loa.core.errors import DomainError, ImportRejected, PermissionDenied, RowError
from loa.core.numbers import parse_quantity
from loa.core.text import fold
from loa.core.xlsx import cell_date, cell_int, cell_number, cell_str, column_index, read_rows, write_table
from loa.org.models import OrgUnit, User
from loa.org.scope import Actor, Perm, can, keeps, require

from .models import IndexValue, OwnMeasure

# Published on a 0–100 scale (points or per cent); PAPI is not (its sum of dimensions has its own range).
HUNDRED = {Index.PAR_INDEX, Index.SIPAS, Index.PCI, Index.DDCI, Index.BO_CHI_SO_766}
MAX_ROWS = 5000
COLUMNS = ["Mã đơn vị", "Chỉ số", "Năm", "Giá trị", "Ngày công bố"]
OPTIONAL = ["Xếp hạng", "Trên tổng số", "Văn bản nguồn", "Ghi chú", "Tên đơn vị"]
# What officers write in the "Chỉ số" column: the code, the label, or the usual short name.
ALIASES = {
    "par index": "par_index",
    "par": "par_index",
    "sipas": "sipas",
    "papi": "papi",
    "pci": "pci",
    "ddci": "ddci",
    "766": "bo_chi_so_766",
    "bo chi so 766": "bo_chi_so_766",
}


@dataclass
class IndexInput:
    index: str
    year: Any
    value: Any
    as_of: date | None
    rank: Any = None
    rank_of: Any = None
    source: str = ""
    note: str = ""


def check(data: IndexInput, today: date) -> tuple[IndexValue | None, list[tuple[str, str]]]:
    """An unsaved value and the problems, as (column, Vietnamese reason); shared by the form, API and import."""
    errors: list[tuple[str, str]] = []
    if data.index not in Index.values:
        errors.append(("Chỉ số", _("«%(v)s» không có trong danh mục chỉ số") % {"v": data.index}))
    year = None
    try:
        year_number = parse_quantity(data.year)
        year = int(year_number) if year_number is not None and year_number == int(year_number) else None
    except ValueError:
        pass
    if year is None or not 2000 <= year <= today.year:
        errors.append(("Năm", _("năm «%(v)s» không hợp lệ") % {"v": data.year}))
    value = None
    try:
        value = parse_quantity(data.value)
    except ValueError:
        errors.append(("Giá trị", _("«%(v)s» không phải là số") % {"v": data.value}))
    else:
        if value is None:
            errors.append(("Giá trị", _("chưa có giá trị")))
        elif value < 0 or value > (100 if data.index in HUNDRED else 1000):
            top = 100 if data.index in HUNDRED else 1000
            errors.append(("Giá trị", _("%(v)s nằm ngoài khoảng 0 – %(m)s") % {"v": data.value, "m": top}))
    ranks: list[int | None] = []
    for column, raw in (("Xếp hạng", data.rank), ("Trên tổng số", data.rank_of)):
        try:
            number = parse_quantity(raw)
        except ValueError:
            number = Decimal(-1)
        if number is not None and (number != int(number) or not 1 <= number <= 20000):
            errors.append((column, _("«%(v)s» phải là số nguyên dương") % {"v": raw}))
            number = None
        ranks.append(None if number is None else int(number))
    if ranks[0] is not None and ranks[1] is not None and ranks[0] > ranks[1]:
        errors.append(("Xếp hạng", _("hạng %(r)s lớn hơn tổng số %(n)s") % {"r": ranks[0], "n": ranks[1]}))
    if data.as_of is None:
        errors.append(("Ngày công bố", _("chưa có ngày công bố (dd/mm/yyyy)")))
    elif data.as_of > today:
        errors.append(("Ngày công bố", _("ngày %(d)s chưa đến") % {"d": data.as_of.strftime("%d/%m/%Y")}))
    if errors:
        return None, errors
    assert year is not None and value is not None and data.as_of is not None
    return IndexValue(
        index=data.index,
        year=year,
        value=value,
        rank=ranks[0],
        rank_of=ranks[1],
        as_of=data.as_of,
        source=(data.source or "").strip()[:255],
        note=(data.note or "").strip()[:255],
    ), []


def _upsert(actor: Actor, unit: OrgUnit, item: IndexValue, reason: str) -> IndexValue:
    existing = (
        IndexValue.objects.select_for_update()
        .filter(index=item.index, unit=unit, year=item.year, as_of=item.as_of)
        .first()
    )
    target = existing or item
    if existing is not None:
        fields = ("value", "rank", "rank_of", "source", "note")
        if all(getattr(existing, name) == getattr(item, name) for name in fields):
            return existing  # the same value again (a file imported twice): nothing changes, nothing to audit
        for name in fields:
            setattr(existing, name, getattr(item, name))
    target.unit = unit
    target.entered_by = actor if isinstance(actor, User) else None
    stamp(target, actor=actor, reason=reason)
    target.save()
    return target


@transaction.atomic
def index_value_save(*, actor: Actor, unit: OrgUnit, data: IndexInput) -> IndexValue:
    """Record one published value (a second entry for the same index, unit, year and date replaces it)."""
    require(actor, Perm.REVIEW, unit)
    item, errors = check(data, timezone.localdate())
    if item is None:
        raise DomainError("; ".join(f"{column}: {message}" for column, message in errors))
    return _upsert(actor, unit, item, "index.saved")


@transaction.atomic
def own_measure_save(
    *, actor: Actor, unit: OrgUnit, measure: str, year: int, value: Decimal, as_of: date, source: str
) -> IndexValue:
    """Record a measure the unit took itself (its own satisfaction survey), kept under its own code beside the
    published indices; the unit's own people or its coordinator record it. A second record for the same year and
    date replaces the first."""
    if not keeps(actor, unit):
        raise PermissionDenied(
            _("Chỉ cán bộ của %(unit)s và Sở Nội vụ điều phối mới ghi được chỉ số này.") % {"unit": unit.name}
        )
    if measure not in OwnMeasure.values or not Decimal(0) <= value <= Decimal(100):
        raise DomainError(_("Giá trị của chỉ số phải từ 0 đến 100."))
    item = IndexValue(index=measure, unit=unit, year=year, value=value, as_of=as_of, source=source.strip()[:255])
    return _upsert(actor, unit, item, "index.own_measure")


def _index_code(text: str) -> str:
    folded = fold(text).strip()
    if text in Index.values:
        return text
    for code, label in Index.choices:
        if folded == fold(str(label)):
            return code
    return ALIASES.get(folded, text)


def import_index_values(*, actor: Actor, content: bytes, dry_run: bool = False) -> int:
    """Check the whole file (units by code, within the actor's reach), then write every row, or nothing."""
    headers, rows = read_rows(content, max_rows=MAX_ROWS)
    col = column_index(headers, COLUMNS, OPTIONAL)
    codes = {cell_str(v, col["Mã đơn vị"], r, "Mã đơn vị", [], max_length=32) for r, v in rows}
    units = {u.code: u for u in OrgUnit.objects.filter(code__in=codes)}
    today = timezone.localdate()
    errors: list[RowError] = []
    built: list[tuple[OrgUnit, IndexValue]] = []
    seen: dict[tuple[Any, ...], int] = {}
    for row, values in rows:
        cell_errors: list[RowError] = []

        def text(
            header: str,
            max_length: int = 255,
            values: list[Any] = values,
            row: int = row,
            cell_errors: list[RowError] = cell_errors,
        ) -> str:
            return cell_str(values, col.get(header), row, header, cell_errors, max_length=max_length)

        code = text("Mã đơn vị", 32)
        unit = units.get(code)
        if (unit is None or not can(actor, Perm.REVIEW, unit)) and not cell_errors:
            errors.append(RowError(row, "Mã đơn vị", _("không có đơn vị «%(v)s» trong phạm vi của bạn") % {"v": code}))
        as_of = cell_date(values, col["Ngày công bố"], row, "Ngày công bố", cell_errors)
        item, problems = check(
            IndexInput(
                index=_index_code(text("Chỉ số", 100)),
                year=cell_int(values, col["Năm"], row, "Năm", cell_errors, minimum=1, maximum=9999),
                value=cell_number(
                    values, col["Giá trị"], row, "Giá trị", cell_errors, minimum=0, maximum=1000, places=2
                ),
                as_of=as_of,
                rank=cell_int(values, col.get("Xếp hạng"), row, "Xếp hạng", cell_errors, minimum=1, maximum=20000),
                rank_of=cell_int(
                    values, col.get("Trên tổng số"), row, "Trên tổng số", cell_errors, minimum=1, maximum=20000
                ),
                source=text("Văn bản nguồn"),
                note=text("Ghi chú"),
            ),
            today,
        )
        # One reason per cell: a cell that did not read needs no second word from the checks.
        errors += cell_errors
        errors += [RowError(row, c, m) for c, m in problems if not any(e.column == c for e in cell_errors)]
        if item is not None and unit is not None:
            key = (item.index, unit.pk, item.year, item.as_of)
            if key in seen:
                errors.append(RowError(row, "Chỉ số", _("trùng với dòng %(r)s") % {"r": seen[key]}))
            seen[key] = row
            built.append((unit, item))
    if errors:
        raise ImportRejected(
            _("Tệp có %(n)s lỗi; chưa nhập dòng nào. Sửa các dòng dưới đây rồi nhập lại.") % {"n": len(errors)}, errors
        )
    if not dry_run:
        with transaction.atomic():
            for unit, item in built:
                _upsert(actor, unit, item, "index.imported")
    return len(built)


def template() -> bytes:
    example = [
        ["42", "Tỉnh Hà Tĩnh", "PAR INDEX", 2024, "88,37", 11, 63, "15/04/2025", "Quyết định số 123/QĐ-BNV", ""],
        ["42", "Tỉnh Hà Tĩnh", "766", 2025, "90,09", 11, 34, "27/11/2025", "Cổng Dịch vụ công quốc gia", ""],
    ]
    headers = [
        "Mã đơn vị",
        "Tên đơn vị",
        "Chỉ số",
        "Năm",
        "Giá trị",
        "Xếp hạng",
        "Trên tổng số",
        "Ngày công bố",
        "Văn bản nguồn",
        "Ghi chú",
    ]
    notes = [
        "Chỉ số: PAR INDEX, SIPAS, PAPI, PCI, DDCI, 766 (hoặc mã: " + ", ".join(Index.values) + ").",
        "Năm: năm được đánh giá (PAR INDEX 2024 công bố năm 2025). Ngày công bố: dd/mm/yyyy.",
        "Giá trị: số thập phân dùng dấu phẩy (88,37). Cùng chỉ số, đơn vị, năm và ngày công bố: dòng mới thay dòng cũ.",
        "Tệp được kiểm tra toàn bộ; chỉ khi không có lỗi nào mới nhập tất cả các dòng.",
    ]
    return write_table("Chỉ số", headers, example, notes=notes)
