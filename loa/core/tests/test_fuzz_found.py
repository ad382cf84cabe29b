"""Workbooks `loa fuzz` found crashing the XLSX reader (issue 16, item 13), kept as regression tests: a zip
claiming a version the standard library cannot read (NotImplementedError escaped the guard), and a date-styled
cell holding minus infinity, on which calamine panics (pyo3's PanicException is a BaseException, which an
`except Exception` let through), and a zip entry with an empty name (`ZipInfo.is_dir()` raised IndexError)."""

from pathlib import Path

import pytest

from loa.core.errors import DomainError
from loa.core.xlsx import read_rows

FOUND = sorted((Path(__file__).parent / "fuzz_found").glob("*.xlsx"))


@pytest.mark.parametrize("path", FOUND, ids=[p.name for p in FOUND])
def test_a_workbook_the_fuzzer_found_is_refused_with_a_message(path: Path) -> None:
    with pytest.raises(DomainError) as refused:
        read_rows(path.read_bytes(), max_rows=1000)
    assert "Không đọc được tệp Excel" in refused.value.message or "vượt giới hạn" in refused.value.message


def test_every_kind_is_kept() -> None:
    assert len(FOUND) == 3
