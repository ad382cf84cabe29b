"""Dates as typed (issue 18): where the officer wrote "02/9/2021", the plan's document keeps it (Nghị định 30 allows
both forms), and the dates Loa writes itself into the same bases follow the officer's form."""

from datetime import date
from typing import Any

import pytest

from loa.core.citations import date_like, parse_citations, written_date
from loa.org.scope import SYSTEM
from loa.plans.document import bases_lines
from loa.plans.editor import bases_from_text
from loa.plans.models import Plan
from loa.plans.services import plan_create


@pytest.mark.parametrize(
    ("typed", "day"),
    [
        ("02/9/2021", date(2021, 9, 2)),
        ("2/9/2021", date(2021, 9, 2)),
        ("15 tháng 7 năm 2021", date(2021, 7, 15)),
        ("31/02/2021", None),
        ("02/9/2021 của", None),
    ],
)
def test_a_typed_date_names_its_day(typed: str, day: date | None) -> None:
    assert written_date(typed) == day


@pytest.mark.parametrize(
    ("example", "written"),
    [
        ("02/9/2021", "05/1/2026"),
        ("2/09/2021", "5/01/2026"),
        ("15/7/2021", "5/1/2026"),
        ("15 tháng 7 năm 2021", "5 tháng 1 năm 2026"),
        ("05 tháng 02 năm 2021", "05 tháng 01 năm 2026"),
        ("", "5/1/2026"),
    ],
)
def test_dates_loa_writes_follow_the_typed_form(example: str, written: str) -> None:
    assert date_like(date(2026, 1, 5), example) == written


def test_the_document_keeps_each_date_as_typed(world: Any) -> None:
    typed = (
        "Căn cứ Chỉ thị số 23/CT-TTg ngày 02/9/2021 của Thủ tướng Chính phủ về đẩy mạnh CCHC;\n"
        "Căn cứ Nghị quyết số 76/NQ-CP ngày 15 tháng 7 năm 2021 của Chính phủ;\n"
        "Thực hiện Kế hoạch số 05/KH-UBND ngày 08/01/2026 của UBND tỉnh về tuyên truyền CCHC năm 2026."
    )
    assert [c.date_text for c in parse_citations(typed)] == ["02/9/2021", "15 tháng 7 năm 2021", "08/01/2026"]
    plan = plan_create(
        actor=SYSTEM,
        issuer=world.commune,
        year=2026,
        sections={"bases": bases_from_text(SYSTEM, Plan(issuer=world.commune, year=2026), typed)},
    )
    lines = bases_lines(Plan.objects.get(pk=plan.pk))
    assert "ngày 02/9/2021 của Thủ tướng" in lines[0]
    assert "ngày 15 tháng 7 năm 2021 của Chính phủ" in lines[1]
    assert "ngày 08/01/2026 của UBND tỉnh" in lines[2]


def test_a_date_that_no_longer_matches_is_not_kept(world: Any) -> None:
    """An API caller who changes `issued_on` but sends the old `date_text`: the day wins, written the usual way."""
    plan = plan_create(
        actor=SYSTEM,
        issuer=world.commune,
        year=2026,
        sections={
            "bases": [
                {"kind": "basis", "doc_type": "Chỉ thị", "number": "23", "symbol": "CT-TTg", "summary": "về CCHC"}
                | {"issued_on": "2021-09-03", "date_text": "02/9/2021"}
            ]
        },
    )
    stored = Plan.objects.get(pk=plan.pk)
    assert stored.bases[0]["date_text"] == ""
    assert "ngày 3/9/2021" in bases_lines(stored)[0]
