"""The indices registry: values by hand and from XLSX (all or nothing, errors named by row and column), series
with the latest snapshot of each year, scope, and the dashboard showing them beside the communication figures."""

from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook

from loa.core.errors import DomainError, ImportRejected, NotFound, PermissionDenied
from loa.indices import selectors, services
from loa.indices.models import IndexValue

HEADERS = ["Mã đơn vị", "Chỉ số", "Năm", "Giá trị", "Xếp hạng", "Trên tổng số", "Ngày công bố", "Văn bản nguồn"]


def xlsx(rows: list[list[object]], headers: list[str] = HEADERS) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def test_import_is_all_or_nothing_and_names_each_error(world):
    coordinator = world.users["coordinator"]
    good = [world.province.code, "PAR INDEX", 2024, "88,37", 11, 63, "15/04/2025", "QĐ 123/QĐ-BNV"]
    bad_file = xlsx(
        [
            good,
            [world.province.code, "Chỉ số lạ", 2024, "80", None, None, "15/04/2025", ""],  # row 3: unknown index
            [world.commune.code, "sipas", 2031, "85,5", None, None, "01/01/2025", ""],  # row 4: year in the future
            [world.commune.code, "PCI", 2024, "120", 70, 63, "32/13/2025", ""],  # row 5: value, rank, date
            ["48", "PAPI", 2024, "42", None, None, "01/05/2025", ""],  # row 6: another province
        ]
    )
    with pytest.raises(ImportRejected) as caught:
        services.import_index_values(actor=coordinator, content=bad_file)
    found = {(e.row, e.column) for e in caught.value.errors}
    assert {(3, "Chỉ số"), (4, "Năm"), (5, "Giá trị"), (5, "Xếp hạng"), (5, "Ngày công bố"), (6, "Mã đơn vị")} <= found
    assert not IndexValue.objects.exists()  # nothing from the good first row either

    assert services.import_index_values(actor=coordinator, content=xlsx([good]), dry_run=True) == 1
    assert not IndexValue.objects.exists()
    assert services.import_index_values(actor=coordinator, content=xlsx([good])) == 1
    value = IndexValue.objects.get()
    assert (value.index, value.value, value.rank, value.rank_of, value.as_of) == (
        "par_index",
        Decimal("88.37"),
        11,
        63,
        date(2025, 4, 15),
    )
    assert value.history.first().history_change_reason == "index.imported"
    # The same index, unit, year and date again replaces the value (a correction), never a second row.
    services.import_index_values(actor=coordinator, content=xlsx([[*good[:3], "88,4", *good[4:]]]))
    assert IndexValue.objects.get().value == Decimal("88.4")
    with pytest.raises(DomainError, match="không phải là bảng tính"):
        services.import_index_values(actor=coordinator, content=b"%PDF-1.4")
    with pytest.raises(DomainError, match="thiếu cột"):
        services.import_index_values(actor=coordinator, content=xlsx([["42"]], headers=["Mã đơn vị"]))


def test_series_take_the_latest_snapshot_of_each_year(world):
    admin = world.users["admin"]
    for year, value, as_of in [(2023, "80", "10/04/2024"), (2024, "85", "01/06/2025"), (2024, "86,5", "01/09/2025")]:
        services.index_value_save(
            actor=admin,
            unit=world.province,
            data=services.IndexInput("bo_chi_so_766", year, value, date(*map(int, reversed(as_of.split("/"))))),
        )
    (series,) = selectors.unit_series(actor=world.users["coordinator"], unit=world.province)
    assert [(p.year, p.value) for p in series.points] == [(2023, Decimal(80)), (2024, Decimal("86.5"))]
    assert series.change == Decimal("6.5")
    with pytest.raises(PermissionDenied):  # a commune editor may read its commune's values but not enter any
        services.index_value_save(
            actor=world.users["editor"],
            unit=world.commune,
            data=services.IndexInput("par_index", 2024, "80", date(2025, 4, 1)),
        )
    with pytest.raises(NotFound):  # another province's coordinator cannot read them
        selectors.unit_series(actor=world.users["foreign"], unit=world.province)


def test_pages_show_values_beside_the_dashboard(world):
    c = Client()
    c.force_login(world.users["coordinator"])
    url = f"/indices/?unit={world.province.code}"
    bad = c.post(url, {"action": "one", "index": "par_index", "year": "2024", "value": "abc", "as_of": "15/04/2025"})
    assert bad.status_code == 200 and "không phải là số" in bad.content.decode()
    ok = c.post(
        url,
        {
            "action": "one",
            "index": "par_index",
            "year": "2024",
            "value": "88,37",
            "as_of": "15/04/2025",
            "rank": "11",
            "rank_of": "63",
        },
    )
    assert ok.status_code == 302
    page = c.get(url).content.decode()
    assert 'data-testid="latest-par_index">88,37<' in page
    dashboard = c.get("/dashboard/", {"period": "2026"}).content.decode()
    assert 'data-index="par_index"' in dashboard and "11/63" in dashboard
    template = c.get("/indices/template.xlsx")
    assert template.status_code == 200
    # The template's own example rows import cleanly (Hà Tĩnh is the coordinator's province).
    assert services.import_index_values(actor=world.users["coordinator"], content=template.content, dry_run=True) == 2


def test_an_objective_measured_by_an_index_shows_its_actual_value(world):
    from loa.org.scope import SYSTEM
    from loa.plans.services import plan_create

    plan = plan_create(
        actor=SYSTEM,
        issuer=world.province,
        year=2026,
        title="Kế hoạch có chỉ tiêu đo bằng chỉ số",
        sections={
            "objectives": [
                {"metric": "Chỉ số CCHC của tỉnh", "target": "90", "unit": "%", "scope": "", "index": "par_index"},
                {"metric": "Số tin bài", "target": "120", "unit": "tin", "scope": ""},
            ]
        },
    )
    assert plan.objectives[0]["index"] == "par_index" and "index" not in plan.objectives[1]
    with pytest.raises(DomainError, match="không có trong danh mục"):
        plan_create(
            actor=SYSTEM,
            issuer=world.province,
            year=2026,
            title="Sai chỉ số",
            sections={"objectives": [{"metric": "X", "target": "1", "unit": "", "scope": "", "index": "gdp"}]},
        )
    services.index_value_save(
        actor=world.users["coordinator"],
        unit=world.province,
        data=services.IndexInput("par_index", 2024, "88,37", date(2025, 4, 15), rank=11, rank_of=63),
    )
    c = Client()
    c.force_login(world.users["coordinator"])
    page = c.get(f"/plans/{plan.pk}/").content.decode()
    assert 'data-testid="actual-par_index"' in page and "88,37" in page


def test_the_same_file_imported_twice_changes_nothing(world):
    """Issue 16, item 7: a repeat of an index file neither adds rows nor writes a history row."""
    coordinator = world.users["coordinator"]
    content = xlsx(
        [
            [world.province.code, "PAR INDEX", 2024, "88,37", 11, 63, "15/04/2025", "QĐ 123/QĐ-BNV"],
            [world.commune.code, "SIPAS", 2024, "85,5", None, None, "01/05/2025", ""],
        ]
    )
    assert services.import_index_values(actor=coordinator, content=content) == 2
    before = list(IndexValue.objects.order_by("pk").values())
    history = IndexValue.history.count()
    assert services.import_index_values(actor=coordinator, content=content) == 2
    assert list(IndexValue.objects.order_by("pk").values()) == before
    assert IndexValue.history.count() == history


# --- the checks, on their own (no database) ---------------------------------------------------------------------------

TODAY = date(2026, 6, 30)


@pytest.mark.parametrize("index", sorted(services.HUNDRED))
@given(value=st.decimals(min_value=-1000, max_value=2000, places=2, allow_nan=False, allow_infinity=False))
def test_a_value_on_a_hundred_point_scale_is_accepted_exactly_inside_it(index: str, value: Decimal) -> None:
    text = f"{value}".replace(".", ",")  # as an officer types it
    item, errors = services.check(services.IndexInput(index, 2025, text, date(2026, 4, 1)), TODAY)
    if 0 <= value <= 100:
        assert errors == [] and item is not None and item.value == value
    else:
        assert item is None and errors == [("Giá trị", f"{text} nằm ngoài khoảng 0 – 100")]


def test_papi_has_its_own_range_and_every_other_rule_names_its_column() -> None:
    papi, errors = services.check(services.IndexInput("papi", 2024, "452,6", date(2025, 5, 1)), TODAY)
    assert errors == [] and papi is not None and papi.value == Decimal("452.6")
    _none, errors = services.check(services.IndexInput("gdp", "năm ngoái", "", None, rank="0", rank_of="2,5"), TODAY)
    assert [column for column, _reason in errors] == [
        "Chỉ số",
        "Năm",
        "Giá trị",
        "Xếp hạng",
        "Trên tổng số",
        "Ngày công bố",
    ]
    _none, errors = services.check(services.IndexInput("pci", 2027, "70", date(2026, 7, 1), rank=64, rank_of=63), TODAY)
    assert errors == [
        ("Năm", "năm «2027» không hợp lệ"),
        ("Xếp hạng", "hạng 64 lớn hơn tổng số 63"),
        ("Ngày công bố", "ngày 01/07/2026 chưa đến"),
    ]


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("PAR INDEX", "par_index"),
        ("par", "par_index"),
        ("766", "bo_chi_so_766"),
        ("Chỉ số hài lòng về sự phục vụ hành chính (SIPAS)", "sipas"),
        ("chi so hai long ve su phuc vu hanh chinh (sipas)", "sipas"),
        ("ddci", "ddci"),
        ("GDP", "GDP"),  # unknown: kept as written, for the check to name
    ],
)
def test_officers_may_write_an_index_by_code_label_or_short_name(written: str, code: str) -> None:
    assert services._index_code(written) == code
