"""The scale benchmark's parts that decide what it reports: the verdict of a result, its JSON, and the floor's
agreement with the dashboard it is compared to (a floor that returned other numbers would make the ratio a lie)."""

from typing import Any

from bench.common import measure_pair
from bench.scale import Result, _floor_rollup, _pdf
from loa.activity import rollup
from loa.dashboards.filters import DashFilter
from loa.dashboards.selectors import figures


def test_a_result_meets_its_target_only_within_time_ratio_and_without_errors() -> None:
    fast = Result("x", p50_ms=10, p95_ms=12, floor_p50_ms=9, target_ms=100, target_ratio=1.2)
    assert fast.met and fast.ratio == 1.11
    assert not Result("x", 10, 120, 9, 100, 1.2).met  # p95 over the target
    assert not Result("x", 12, 12, 9, 100, 1.2).met  # ratio 1.33
    assert not Result("x", 10, 12, None, 100, 1.2).met  # a ratio target with no floor cannot be met
    assert not Result("x", 10, 12, 9, 100, None, {"errors": 1}).met
    assert Result("x", 10, 12, None, 100, None).met  # no floor, no ratio target


def test_a_result_as_json_has_the_fields_the_issue_names() -> None:
    out = Result("x", 10.004, 12.0, 9.0, 100, 1.2, {"requests": 640}).as_json()
    assert out == {
        "name": "x",
        "p50_ms": 10.0,
        "p95_ms": 12.0,
        "floor_p50_ms": 9.0,
        "ratio": 1.11,
        "target": {"p95_ms": 100, "ratio": 1.2},
        "met": True,
        "requests": 640,
    }


def test_the_floor_counts_what_the_dashboard_counts(world: Any) -> None:
    from datetime import date, timedelta

    from loa.activity.tests.factories import ActivityFactory

    units = [world.commune, world.other_commune, world.snv, world.foreign_commune]
    for i in range(40):  # over 2025 and 2026, in both provinces
        day = date(2025, 1, 3) + timedelta(days=17 * i)
        ActivityFactory(unit=units[i % len(units)], date=day, channel=("cong_ttdt", "phat_thanh")[i % 2])
    rollup.rebuild()  # the summaries as the bench's dataset has them
    for node, actor in ((None, world.users["admin"]), (world.province, world.users["coordinator"])):
        for first, last in ((202501, 202512), (202604, 202606)):
            total = figures(actor=actor, f=DashFilter(node=node, first=first, last=last)).totals.activities
            assert total == _floor_rollup(node, first, last)
            assert total > 0
    assert (
        figures(actor=world.users["admin"], f=DashFilter(node=None, first=202501, last=202612)).totals.activities == 40
    )


def test_a_pair_is_timed_in_turn_and_reported_apart() -> None:
    calls: list[str] = []
    p50, p95, floor = measure_pair(lambda: calls.append("loa"), lambda: calls.append("floor"), 4)
    assert calls == ["loa", "floor"] * 5  # one warm-up each, then one of each per round
    assert 0 < p50 <= p95 and floor > 0


def test_the_pdf_results_time_conversions_with_the_cache_bypassed(settings) -> None:
    from loa.core.tests.needs import need
    from loa.documents.docx_writer import render_docx
    from loa.documents.pdf import pdf_available
    from loa.documents.tests.sample import sample_document

    need(pdf_available(), "LibreOffice (soffice)", "apt-get install libreoffice-writer-nogui fonts-liberation2")
    settings.CACHES = {**settings.CACHES, "pdf": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    data = render_docx(sample_document())
    converted, again = _pdf("PDF mẫu", lambda: data, 2, print)
    assert converted.name == "PDF mẫu" and converted.target_ms == 1000
    assert converted.extra is not None and converted.extra["cache"] == "bypassed"
    assert converted.extra["converter"] in ("warm", "cold") and converted.extra["cold_p50_ms"] > 0
    assert again.name.startswith("PDF mẫu") and again.extra == {"cache": "hit"}
    assert again.p50_ms < converted.p50_ms  # a hit reads the stored PDF instead of converting
