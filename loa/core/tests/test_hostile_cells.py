"""Every importer reads every cell strictly: hostile values give row errors (or import), never a crash
(issue 16, item 2). Runs on SQLite and PostgreSQL: NUL bytes and integer overflow fail differently on each."""

import contextlib
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from loa.activity.xlsx_io import OPTIONAL as ACTIVITY_OPTIONAL
from loa.activity.xlsx_io import REQUIRED as ACTIVITY_REQUIRED
from loa.activity.xlsx_io import import_activities
from loa.core.errors import DomainError, ImportRejected
from loa.indices.services import import_index_values
from loa.org.scope import Perm, units
from loa.org.selectors import current_q
from loa.org.unit_import import import_units
from loa.org.user_import import COLUMNS as USER_COLUMNS
from loa.org.user_import import import_accounts, unit_label

from .hostile_xlsx import table

HOSTILE = st.one_of(
    st.sampled_from(
        [
            "²",
            "٣",
            "Ⅻ",
            "12345678901234567890",
            "-12345678901234567890",
            "1e308",
            "NaN",
            "inf",
            "-inf",
            "-1",
            "0",
            "1.5",
            "2,5",
            "1.000.000.000.000",
            "9223372036854775808",
            "=1+1",
            "\x00",
            "a\x00b",
            "tab\there",
            "\x07\x1b",
            "x" * 600,
            "y" * 40_000,
            "",
            " ",
            "TRUE",
            "31/02/2026",
            "01/01/0001",
            "99/99/99999",
            ("e", "#DIV/0!"),
            ("e", "#N/A"),
            ("d", "2026-03-01T00:00:00"),
            ("d", "9999-12-31T23:59:59"),
            ("d", "not a date"),
        ]
    ),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.text(max_size=30),
)
CHECK = settings(
    max_examples=120,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def spoiled(good: list[object]) -> st.SearchStrategy[list[object]]:
    """The good row with any of its cells swapped for a hostile value."""
    return st.tuples(*(st.one_of(st.just(value), HOSTILE) for value in good)).map(list)


def survives(run, content: bytes) -> None:
    for dry_run in (True, False):
        # A refusal with Vietnamese row errors is what a bad cell must give; anything else fails the test.
        with contextlib.suppress(DomainError):
            run(content, dry_run)


ACTIVITY_ROW = [
    "01/03/2026",
    "Mạng xã hội",
    "tthc",
    "Bài đăng",
    2,
    "bài",
    150,
    "https://zalo.me/x",
    "",
    "mô tả",
    "nguoi_dan",
    10,
    100000,
    "",
    "",
]


@given(data=st.data())
@CHECK
def test_activities_import_never_crashes(world, data):
    row = data.draw(spoiled(ACTIVITY_ROW))
    content = table(ACTIVITY_REQUIRED + ACTIVITY_OPTIONAL, [row])
    survives(
        lambda c, d: import_activities(actor=world.users["editor"], unit=world.commune, content=c, dry_run=d), content
    )


@given(data=st.data())
@CHECK
def test_units_import_never_crashes(world, data):
    code = f"42.H{data.draw(st.integers(0, 10**6))}"
    row = data.draw(
        spoiled([code, "Phòng thử", "Thử", "khac", world.snv.code, "a@b.vn", "0912", "Hà Tĩnh", "01/01/2026"])
    )
    headers = ["Mã đơn vị", "Tên đơn vị", "Tên ngắn", "Loại đơn vị", "Mã đơn vị cấp trên"]
    headers += ["Thư điện tử", "Điện thoại", "Địa chỉ", "Hiệu lực từ"]
    survives(lambda c, d: import_units(actor=world.users["coordinator"], content=c, dry_run=d), table(headers, [row]))


@given(data=st.data())
@CHECK
def test_users_import_never_crashes(world, data):
    reach = units(world.users["coordinator"], Perm.MANAGE_USERS).filter(current_q()).order_by("path").first()
    name = f"u{data.draw(st.integers(0, 10**6))}"
    good = [unit_label(reach), "Nguyễn Văn A", "Lãnh đạo đơn vị", name, "Chuyên viên", f"{name}@example.vn", "0912"]
    row = data.draw(spoiled(good))
    content = table(USER_COLUMNS, [row])
    survives(lambda c, d: import_accounts(actor=world.users["coordinator"], content=c, dry_run=d), content)


@given(data=st.data())
@CHECK
def test_indices_import_never_crashes(world, data):
    good = ["42", "PAR INDEX", 2024, "88,37", 11, 63, date(2025, 4, 15).strftime("%d/%m/%Y"), "QĐ 1", "ghi chú"]
    row = data.draw(spoiled(good))
    headers = ["Mã đơn vị", "Chỉ số", "Năm", "Giá trị", "Xếp hạng", "Trên tổng số", "Ngày công bố"]
    headers += ["Văn bản nguồn", "Ghi chú"]
    survives(
        lambda c, d: import_index_values(actor=world.users["coordinator"], content=c, dry_run=d), table(headers, [row])
    )


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("Mã nhiệm vụ", "²", "«²» không phải là số"),
        ("Mã nhiệm vụ", "12345678901234567890", "nằm ngoài khoảng"),
        ("Số người được tiếp cận", 1e308, "nằm ngoài khoảng"),
        ("Số người được tiếp cận", 3_000_000_000, "nằm ngoài khoảng"),
        ("Số lượng", "NaN", "không phải là số"),
        ("Số lượng", True, "không phải là số"),
        ("Số lượng", "0,001", "chữ số thập phân"),
        ("Tiêu đề", "a\x00b", "ký tự điều khiển"),
        ("Đơn vị tính", "x" * 41, "quá giới hạn 40 ký tự"),
    ],
)
def test_the_known_crashes_are_row_errors(world, column, value, message):
    headers = ACTIVITY_REQUIRED + ACTIVITY_OPTIONAL
    row = list(ACTIVITY_ROW)
    row[headers.index(column)] = value
    with pytest.raises(ImportRejected) as refused:
        import_activities(actor=world.users["editor"], unit=world.commune, content=table(headers, [row]))
    errors = [str(e) for e in refused.value.errors]
    assert any(f"Dòng 2, cột «{column}»" in e and message in e for e in errors), errors


def test_nul_bytes_and_overlong_text_are_row_errors_in_the_other_importers(world):
    """PostgreSQL refuses NUL in text (a 500 before); text longer than its field was cut silently."""
    coordinator = world.users["coordinator"]
    unit_headers = ["Mã đơn vị", "Tên đơn vị", "Loại đơn vị", "Mã đơn vị cấp trên"]
    with pytest.raises(ImportRejected) as units_refused:
        import_units(actor=coordinator, content=table(unit_headers, [["42.NUL", "Phòng\x00", "khac", world.snv.code]]))
    reach = units(coordinator, Perm.MANAGE_USERS).filter(current_q()).order_by("path").first()
    with pytest.raises(ImportRejected) as users_refused:
        import_accounts(
            actor=coordinator,
            content=table(USER_COLUMNS[:3], [[unit_label(reach), "Nguyễn\x00 Văn A", "Lãnh đạo đơn vị"]]),
        )
    index_headers = ["Mã đơn vị", "Chỉ số", "Năm", "Giá trị", "Ngày công bố", "Ghi chú"]
    rows = [["42\x00", "PAR INDEX", 2024, "88,37", "15/04/2025", ""], ["42", "PAPI", 2024, 40, "15/04/2025", "x" * 300]]
    with pytest.raises(ImportRejected) as indices_refused:
        import_index_values(actor=coordinator, content=table(index_headers, rows), dry_run=True)
    found = [str(e) for refused in (units_refused, users_refused, indices_refused) for e in refused.value.errors]
    assert "Dòng 2, cột «Tên đơn vị»: có ký tự điều khiển không hợp lệ (ký tự ẩn); hãy gõ lại ô này" in found
    assert "Dòng 2, cột «Họ và tên»: có ký tự điều khiển không hợp lệ (ký tự ẩn); hãy gõ lại ô này" in found
    assert "Dòng 2, cột «Mã đơn vị»: có ký tự điều khiển không hợp lệ (ký tự ẩn); hãy gõ lại ô này" in found
    assert "Dòng 3, cột «Ghi chú»: dài 300 ký tự, quá giới hạn 255 ký tự" in found
