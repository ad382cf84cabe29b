"""Dashboard figures against hand counts on a small fixture (Đà Nẵng, which the demo leaves empty)."""

import json
from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from django.test import Client
from python_calamine import CalamineWorkbook

from loa.activity.services import ActivityInput, activity_create
from loa.dashboards import selectors
from loa.dashboards.filters import DashFilter, parse_filter
from loa.org.models import OrgUnit
from loa.org.scope import SYSTEM


@pytest.fixture
def danang(world):
    """Seven activities written by hand; the expected figures below are counted from this list, not computed.

    commune A (first commune of 48): 3/2026 cong_ttdt ×2 [tthc] reached 100; 4/2026 hoi_nghi ×1 [tthc, cong_vu]
        participants 40; 4/2026 phat_thanh ×3 draft (never counted); 4/2025 phat_thanh ×5 [tthc] (last year)
    commune B (second commune): 5/2026 mang_xa_hoi ×4 [chinh_phu_so] reached 1000
    Sở Nội vụ 48.SNV: 3/2026 tap_huan ×1 [cong_vu] participants 25; 1/2027 not in the span
    """
    province = OrgUnit.objects.get(code="48")
    a, b = OrgUnit.objects.filter(parent=province, unit_type="ubnd_xa").order_by("code")[:2]
    snv = OrgUnit.objects.get(code="48.SNV")

    def add(unit, day, channel, quantity, areas, **extra):
        activity_create(
            actor=SYSTEM,
            unit=unit,
            data=ActivityInput(
                date=day, channel=channel, title="Hoạt động", quantity=quantity, reform_areas=areas, **extra
            ),
        )

    add(a, date(2026, 3, 2), "cong_ttdt", 2, ["tthc"], reached=100)
    add(a, date(2026, 4, 9), "hoi_nghi", 1, ["tthc", "cong_vu"], participants=40)
    add(a, date(2026, 4, 10), "phat_thanh", 3, ["tthc"], status="draft")
    add(a, date(2025, 4, 1), "phat_thanh", 5, ["tthc"])
    add(b, date(2026, 5, 20), "mang_xa_hoi", 4, ["chinh_phu_so"], reached=1000)
    add(snv, date(2026, 3, 30), "tap_huan", 1, ["cong_vu"], participants=25)
    return province, a, b, snv


def span(node, **narrow):
    return DashFilter(node=node, first=202601, last=202606, **narrow)


def test_province_figures_equal_hand_counts(world, danang):
    province, a, b, snv = danang
    coordinator = world.users["foreign"]
    fig = selectors.figures(actor=coordinator, f=span(province))
    t = fig.totals
    assert (t.activities, t.quantity, t.reached, t.participants, t.online) == (4, Decimal(8), 1100, 65, 2)
    assert fig.last_year.activities == 1
    assert {code: tot.activities for code, _l, tot in fig.by_channel} == {
        "cong_ttdt": 1,
        "hoi_nghi": 1,
        "mang_xa_hoi": 1,
        "tap_huan": 1,
    }
    assert {code: n for code, _l, n in fig.by_area if n} == {"tthc": 2, "cong_vu": 2, "chinh_phu_so": 1}
    assert fig.by_month == [
        (202601, 0, 0),
        (202602, 0, 0),
        (202603, 2, 0),
        (202604, 1, 1),
        (202605, 1, 0),
        (202606, 0, 0),
    ]
    rows = {r.unit.code: r.totals.activities for r in selectors.children(actor=coordinator, f=span(province))}
    assert (rows[a.code], rows[b.code], rows[snv.code]) == (2, 1, 1)
    assert sum(rows.values()) == 4  # every other commune shows 0, listed all the same


def test_narrowing_by_area_channel_and_unit_type(world, danang):
    province, a, _b, _snv = danang
    coordinator = world.users["foreign"]
    assert selectors.figures(actor=coordinator, f=span(province, area="cong_vu")).totals.activities == 2
    assert selectors.figures(actor=coordinator, f=span(province, channel="cong_ttdt")).totals.quantity == 2
    communes_only = selectors.figures(actor=coordinator, f=span(province, unit_type="ubnd_xa")).totals
    assert (communes_only.activities, communes_only.participants) == (3, 40)
    commune = selectors.figures(actor=coordinator, f=span(a)).totals
    assert (commune.activities, commune.reached, commune.participants) == (2, 100, 40)


def test_another_province_sees_nothing_of_it(world, danang):
    province, *_ = danang
    # Hà Tĩnh's coordinator gets an empty result from the rollup even if a filter named Đà Nẵng slipped through.
    fig = selectors.figures(actor=world.users["coordinator"], f=span(province))
    assert fig.totals.activities == 0
    c = Client()
    c.force_login(world.users["coordinator"])
    assert c.get("/dashboard/", {"unit": "48"}).status_code == 404
    assert c.get("/dashboard/units.xlsx", {"unit": "48"}).status_code == 404


def test_page_xlsx_and_drill_links(world, danang):
    _province, a, _b, _snv = danang
    c = Client()
    c.force_login(world.users["foreign"])
    page = c.get("/dashboard/", {"from": "01/2026", "to": "06/2026"})
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-testid="kpi-activities">4<' in html
    assert f'data-unit="{a.code}"' in html and f"?unit={a.code}" in html
    charts = json.loads(html.split('<script id="dash-data" type="application/json">')[1].split("</script>")[0])
    # Web portal and social network online, conference and training traditional: 2 of 4 each.
    assert charts["online"] == {"labels": ["Trực tuyến (50,0%)", "Truyền thống (50,0%)"], "values": [2, 2]}
    book = CalamineWorkbook.from_filelike(BytesIO(c.get("/dashboard/channels.xlsx", {"period": "2026H1"}).content))
    sheet = book.get_sheet_by_index(0).to_python()
    assert sheet[0][:2] == ["Hình thức", "Số hoạt động"]
    assert sorted(r[1] for r in sheet[1:]) == [1, 1, 1, 1]
    units = CalamineWorkbook.from_filelike(BytesIO(c.get("/dashboard/units.xlsx", {"period": "2026H1"}).content))
    by_code = {r[0]: r[2] for r in units.get_sheet_by_index(0).to_python()[1:]}
    assert by_code[a.code] == 2
    assert c.get("/dashboard/nothing.xlsx").status_code == 404


def test_wrong_filters_are_named_and_dropped(world):
    get = {"period": "2026Q9", "from": "13/2026", "area": "xyz", "channel": "loa"}
    f, problems = parse_filter(world.users["coordinator"], get, today_month=202611)
    assert (f.first, f.last, f.area, f.channel) == (202601, 202611, "", "")
    assert any("2026Q9" in p for p in problems) and any("13/2026" in p for p in problems)
    assert any("xyz" in p for p in problems) and any("loa" in p for p in problems)
    f, problems = parse_filter(world.users["coordinator"], {"from": "06/2026", "to": "02/2026"}, today_month=202611)
    assert (f.first, f.last) == (202602, 202606) and problems
    c = Client()
    c.force_login(world.users["coordinator"])
    page = c.get("/dashboard/", get)
    assert page.status_code == 200 and "2026Q9" in page.content.decode()


def test_the_dashboard_starts_at_the_root_of_the_scope(world):
    assert parse_filter(world.users["admin"], {}, today_month=202611)[0].node is None
    assert parse_filter(world.users["coordinator"], {}, today_month=202611)[0].node == world.province
    assert parse_filter(world.users["editor"], {}, today_month=202611)[0].node == world.commune


def test_query_count_does_not_grow_with_units(world, danang, django_assert_max_num_queries):
    c = Client()
    c.force_login(world.users["coordinator"])
    # Hà Tĩnh: ~70 communes and departments, thousands of activities, a plan with tasks, reports of the year.
    # 26 measured with an empty cache: 4 summary reads, 2 for the children, the rest plans, reports, indices, contests.
    with django_assert_max_num_queries(28):
        assert c.get("/dashboard/", {"period": "2026"}).status_code == 200
    admin = Client()
    admin.force_login(world.users["admin"])
    # 16 measured (+1 since issue 21: the year's contests); the country: 34 provinces, reporting in 4 queries.
    with django_assert_max_num_queries(17):
        assert admin.get("/dashboard/", {"period": "2026"}).status_code == 200


def test_api_figures_equal_the_page_and_hand_counts(world, danang, django_assert_max_num_queries):
    _province, a, _b, snv = danang
    c = Client()
    c.force_login(world.users["foreign"])
    # The query count is fixed (session, user, home unit, three rollup sums, a year's per-area sums, children and
    # which children have children of their own): it does not grow with units or activities.
    with django_assert_max_num_queries(10):
        body = c.get("/api/dashboard", {"from_month": "01/2026", "to_month": "06/2026"}).json()
    assert body["unit"] == "48" and body["totals"]["activities"] == 4 and body["totals"]["participants"] == 65
    assert (body["from"], body["to"]) == (202601, 202606)  # the months asked for, under the API's own names
    assert [m["activities"] for m in body["by_month"]] == [0, 0, 2, 1, 1, 0]
    assert body["by_month"][3]["last_year"] == 1
    children = {r["unit"]: r["activities"] for r in body["children"]}
    assert (children[a.code], children[snv.code]) == (2, 1)
    narrowed = c.get("/api/dashboard", {"unit": a.code, "period": "2026H1", "area": "cong_vu"}).json()
    assert narrowed["totals"]["activities"] == 1 and narrowed["problems"] == []
    wrong = c.get("/api/dashboard", {"period": "2026Q7"}).json()
    assert wrong["problems"] and "2026Q7" in wrong["problems"][0]
    assert c.get("/api/dashboard", {"unit": world.commune.code}).status_code == 404


def test_api_scores_and_ranking_query_counts(world, danang, django_assert_max_num_queries):
    _province, a, _b, _snv = danang
    c = Client()
    c.force_login(world.users["foreign"])
    c.get(f"/api/scores/{a.code}/2026")  # the built-in rule set is created on first use
    with django_assert_max_num_queries(14):
        score = c.get(f"/api/scores/{a.code}/2026").json()
    assert score["maximum"] == "2.00" and [p["code"] for p in score["criteria"]] == ["4", "4.1", "4.2"]
    # 4.2: online (cổng TTĐT) and traditional (hội nghị) activities exist but carry no file: no points.
    assert score["criteria"][2]["computed"] == "0" and "không có minh chứng" in score["criteria"][2]["basis"]
    # A ranking of every commune of the province costs the same number of queries as one commune.
    with django_assert_max_num_queries(16):
        ranking = c.get("/api/rankings/48/2026").json()
    assert len(ranking) == OrgUnit.objects.filter(parent__code="48", unit_type="ubnd_xa", valid_to=None).count()
    bad = c.put(
        f"/api/scores/{a.code}/2026/appraisal",
        {"criteria": {"4.1": {"score": "abc"}}},
        content_type="application/json",
    )
    assert bad.status_code == 400 and "không phải là số" in bad.json()["detail"]
    typo = c.put(
        f"/api/scores/{a.code}/2026/appraisal",
        {"criteria": {"4.9": {"score": "1", "note": "x"}}},
        content_type="application/json",
    )
    assert typo.status_code == 400 and "4.9" in typo.json()["detail"]


def test_period_rates_agree_with_the_completeness_board(world):
    from loa.core.periods import require_period
    from loa.reports.completeness import completeness, period_rates
    from loa.reports.services import report_accept, report_submit

    q1, h1 = require_period("2026Q1"), require_period("2026H1")
    report_accept(actor=SYSTEM, report=report_submit(actor=SYSTEM, unit=world.commune, period=q1))
    report_submit(actor=SYSTEM, unit=world.other_commune, period=q1)
    report_submit(actor=SYSTEM, unit=world.commune, period=h1)
    for period, rates in zip([q1, h1], period_rates(world.snv, [q1, h1]), strict=True):
        board = completeness(world.snv, period)
        assert (rates.expected, rates.submitted, rates.on_time) == (board.expected, board.submitted, board.on_time)
        assert (rates.reporting_rate, rates.on_time_rate) == (board.reporting_rate, board.on_time_rate)
    assert period_rates(world.snv, [q1])[0].submitted == 2


def test_the_country_is_the_sum_of_its_roots(world, danang):
    """The national figures come from the country table; they must equal the provinces' own figures added up."""
    admin = world.users["admin"]
    roots = list(OrgUnit.objects.filter(parent__isnull=True))
    for narrow in ({}, {"channel": "hoi_nghi"}, {"area": "tthc"}, {"unit_type": "ubnd_xa"}):
        national = selectors.figures(actor=admin, f=DashFilter(node=None, first=202501, last=202612, **narrow))
        by_root = [
            selectors.figures(actor=admin, f=DashFilter(node=r, first=202501, last=202612, **narrow)) for r in roots
        ]
        assert national.totals.activities == sum(f.totals.activities for f in by_root) > 0
        assert national.totals.participants == sum(f.totals.participants for f in by_root)
        assert [n for _c, _l, n in national.by_area] == [
            sum(col) for col in zip(*([n for _c, _l, n in f.by_area] for f in by_root), strict=True)
        ]
        assert national.by_month == [
            (m, sum(f.by_month[i][1] for f in by_root), sum(f.by_month[i][2] for f in by_root))
            for i, (m, _n, _b) in enumerate(national.by_month)
        ]
    provinces = {r.unit.code: r.totals.activities for r in selectors.children(actor=admin, f=span(None))}
    assert provinces["48"] == 4
    assert selectors.figures(actor=world.users["coordinator"], f=span(None)).totals.activities == 0  # not theirs


def test_cached_content_follows_every_write(world, danang, django_assert_max_num_queries):
    """A second look costs a handful of queries; any write (here one activity, then its deletion) shows at once."""
    from loa.activity.models import Activity
    from loa.activity.services import activity_delete

    _province, a, _b, _snv = danang
    c = Client()
    c.force_login(world.users["foreign"])
    params = {"from": "01/2026", "to": "06/2026"}
    assert 'data-testid="kpi-activities">4<' in c.get("/dashboard/", params).content.decode()
    with django_assert_max_num_queries(4):  # session, user with unit and province (org.backends), data mark, notices
        assert 'data-testid="kpi-activities">4<' in c.get("/dashboard/", params).content.decode()
    activity_create(actor=SYSTEM, unit=a, data=ActivityInput(date=date(2026, 6, 1), channel="bao_chi", title="Bài báo"))
    assert 'data-testid="kpi-activities">5<' in c.get("/dashboard/", params).content.decode()
    activity_delete(actor=SYSTEM, activity=Activity.objects.get(title="Bài báo"))
    assert 'data-testid="kpi-activities">4<' in c.get("/dashboard/", params).content.decode()
    # Another reach never gets this content from the cache: Hà Tĩnh's coordinator asking for Đà Nẵng is refused.
    other = Client()
    other.force_login(world.users["coordinator"])
    assert other.get("/dashboard/", {**params, "unit": "48"}).status_code == 404
    # Same unit, same filter, different reach: the coordinator's page links up to the province, the commune
    # editor's (asked second, with the coordinator's content in the cache) does not.
    editor = Client()
    editor.force_login(world.users["foreign_editor"])
    commune = {**params, "unit": a.code}
    assert 'href="?unit=48&amp;' in c.get("/dashboard/", commune).content.decode()
    assert 'href="?unit=48&amp;' not in editor.get("/dashboard/", commune).content.decode()


def test_national_reporting_rates_add_up_the_provinces(world, django_assert_max_num_queries):
    from loa.core.periods import require_period
    from loa.dashboards.progress import reporting_figures
    from loa.reports.completeness import period_rates
    from loa.reports.services import report_submit

    q1 = require_period("2026Q1")
    report_submit(actor=SYSTEM, unit=world.commune, period=q1)
    report_submit(actor=SYSTEM, unit=world.foreign_commune, period=q1)
    with django_assert_max_num_queries(5):  # coordinators, their provinces' units, regimes, reports: not per province
        national = reporting_figures(actor=world.users["admin"], node=None, year=2026, today=date(2026, 11, 24))
    assert national is not None
    first = national.periods[0]
    assert first.period == q1
    by_province = [period_rates(snv, [q1])[0] for snv in (world.snv, OrgUnit.objects.get(code="48.SNV"))]
    assert (first.expected, first.submitted) == (
        sum(r.expected for r in by_province),
        sum(r.submitted for r in by_province),
    )
    assert first.submitted == 2
    assert first.on_time == sum(r.on_time for r in by_province) == 0  # sent in November for the first quarter
    q4 = require_period("2026Q4")
    report_submit(actor=SYSTEM, unit=world.commune, period=q4)
    national = reporting_figures(actor=world.users["admin"], node=None, year=2026, today=date(2026, 11, 24))
    assert national is not None
    fourth = next(r for r in national.periods if r.period == q4)
    assert (fourth.submitted, fourth.on_time) == (1, 1)  # sent before the fourth quarter's deadline
    assert period_rates(world.snv, [q4])[0].on_time == 1
    assert reporting_figures(actor=world.users["coordinator"], node=None, year=2026, today=date(2026, 11, 24)) is None
    admin = Client()
    admin.force_login(world.users["admin"])
    assert 'data-testid="reporting"' in admin.get("/dashboard/", {"period": "2026"}).content.decode()


def test_top_and_bottom_never_share_a_unit(world):
    from loa.dashboards.selectors import ChildRow, Totals, ranked

    communes = list(OrgUnit.objects.filter(parent__code="48", unit_type="ubnd_xa").order_by("code")[:7])
    rows = [ChildRow(unit=u, totals=Totals(activities=10 - i)) for i, u in enumerate(communes)]
    top, bottom = ranked(rows)
    assert [r.totals.activities for r in top] == [10, 9, 8, 7, 6]
    assert [r.totals.activities for r in bottom] == [4, 5]  # the two left, weakest first
    assert ranked(rows[:3]) == (rows[:3], [])


def test_impossible_periods_and_years_are_messages(world):
    c = Client()
    c.force_login(world.users["coordinator"])
    page = c.get("/dashboard/", {"period": "0000"})
    assert page.status_code == 200 and "0000" in page.content.decode()
    assert c.get("/scores/", {"year": "²⁰²⁶"}).status_code == 200  # not a number: the default year
    assert c.get(f"/scores/{world.commune.code}/2026/", {}).status_code == 200
    post = c.post(
        "/scores/commendations/",
        {"year": "2026", "kind": "criticise", "unit": world.commune.code, "reason": "Chậm", "activities": "12a"},
    )
    assert post.status_code == 200 and "12a" in post.content.decode()
