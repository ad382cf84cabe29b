"""Scores against hand-computed examples of every rule branch (domain.md §7, commune criterion 4):
plan completion 100% → 1, 95% → 0.95, exactly 90% → 0.9, 85% → 0; diversity 0.5 + 0.5, each only with evidence."""

from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest

from loa.activity.demo import demo_pdf
from loa.activity.evidence import evidence_add
from loa.activity.services import ActivityInput, activity_create
from loa.core.errors import DomainError, PermissionDenied
from loa.org.models import OrgUnit
from loa.org.scope import SYSTEM
from loa.plans.services import IssueInput, next_register_number, plan_create, plan_issue
from loa.plans.tasks_input import TaskInput
from loa.scoring import selectors, services
from loa.scoring.models import RuleSet

YEAR = 2026


def with_evidence(activity):
    pdf = demo_pdf("Biên bản")
    evidence_add(actor=SYSTEM, activity=activity, name="bien-ban.pdf", size=len(pdf), content=BytesIO(pdf))


@pytest.fixture
def communes(world):
    """Four communes of Đà Nẵng with a province plan; each completes a hand-chosen share of its tasks.

    A: 10/10 tasks, online + traditional activities both with evidence      → 4.1 = 1,    4.2 = 1   → 2
    B: 19/20 tasks, online with evidence, traditional without evidence      → 4.1 = 0.95, 4.2 = 0.5 → 1.45
    C: 17/20 tasks (85%), traditional only, with evidence                   → 4.1 = 0,    4.2 = 0.5 → 0.5
    D:  9/10 tasks (exactly 90%), nothing online, traditional no evidence   → 4.1 = 0.9,  4.2 = 0   → 0.9
    """
    province = OrgUnit.objects.get(code="48")
    a, b, c, d = OrgUnit.objects.filter(parent=province, unit_type="ubnd_xa").order_by("code")[:4]
    plan_tasks = [(a, 10), (b, 20), (c, 20), (d, 10)]
    plan = plan_create(
        actor=SYSTEM,
        issuer=province,
        year=YEAR,
        title="Kế hoạch tuyên truyền CCHC năm 2026",
        tasks=[
            TaskInput(title=f"Nhiệm vụ {i + 1} của {unit.name}", lead_unit=unit.code, deadline=date(YEAR, 12, 31))
            for unit, count in plan_tasks
            for i in range(count)
        ],
    )
    plan = plan_issue(
        actor=SYSTEM,
        plan=plan,
        data=IssueInput(number=next_register_number(province, YEAR), issued_on=date(YEAR, 1, 5), signer_name="A"),
    )
    tasks = list(plan.tasks.order_by("position", "pk"))
    by_unit: dict[int, list[int]] = {}
    for task in tasks:
        by_unit.setdefault(task.lead_unit_id, []).append(task.pk)

    def act(unit, channel, task_ids=(), evidence=False):
        activity = activity_create(
            actor=SYSTEM,
            unit=unit,
            data=ActivityInput(date=date(YEAR, 3, 1), channel=channel, title="Hoạt động", tasks=list(task_ids)),
        )
        if evidence:
            with_evidence(activity)
        return activity

    for unit, done in ((a, 10), (b, 19), (c, 17), (d, 9)):
        act(unit, "hoi_nghi", by_unit[unit.pk][:done], evidence=unit in (a, c))
    act(a, "cong_ttdt", evidence=True)
    act(b, "mang_xa_hoi", evidence=True)
    return a, b, c, d


def sheet(world, unit):
    score = selectors.unit_score(actor=world.users["foreign"], unit=unit, year=YEAR)
    return {p.criterion.code: p.computed for p in score.points}, score


def test_every_branch_against_hand_computed_points(world, communes):
    a, b, c, d = communes
    expected = {
        a: (Decimal(1), Decimal(1), Decimal(2)),
        b: (Decimal("0.95"), Decimal("0.5"), Decimal("1.45")),
        c: (Decimal(0), Decimal("0.5"), Decimal("0.5")),
        d: (Decimal("0.9"), Decimal(0), Decimal("0.9")),
    }
    for unit, (plan_points, mix_points, total) in expected.items():
        points, score = sheet(world, unit)
        assert (points["4.1"], points["4.2"], points["4"]) == (plan_points, mix_points, total), unit.name
        assert score.maximum == 2 and score.final == total
    _points, score_b = sheet(world, b)
    basis = {p.criterion.code: p.basis for p in score_b.points}
    assert "19/20" in basis["4.1"] and "95" in basis["4.1"]
    assert "không có minh chứng" in basis["4.2"]  # the traditional half lost for want of a file
    assert len(next(p for p in score_b.points if p.criterion.code == "4.2").evidence) == 1


def test_rules_are_data_a_new_year_without_code(world, communes):
    a, *_ = communes
    rule_set = services.default_rule_set(YEAR)
    next_year = services.rule_set_copy(actor=world.users["admin"], rule_set=rule_set, year=YEAR + 1)
    assert sorted(c.code for c in next_year.criteria.all()) == ["4", "4.1", "4.2"]
    # The province tightens 4.1 for 2026: full points from 95%, nothing below 95%.
    with pytest.raises(PermissionDenied):  # another province's coordinator cannot write Đà Nẵng's table
        services.rule_set_copy(actor=world.users["coordinator"], rule_set=rule_set, year=YEAR, issuer=a.parent)
    own = services.rule_set_copy(actor=world.users["foreign"], rule_set=rule_set, year=YEAR, issuer=a.parent)
    own.criteria.filter(code="4.1").update(params={"full_at": "0.95", "zero_below": "0.95"})
    _a, b, _c, d = communes
    assert sheet(world, b)[0]["4.1"] == 1 and sheet(world, d)[0]["4.1"] == 0
    with pytest.raises(DomainError, match="Đã có bộ tiêu chí"):
        services.rule_set_copy(actor=world.users["admin"], rule_set=rule_set, year=YEAR + 1)


def test_self_assessment_appraisal_and_ranking(world, communes):
    a, b, c, d = communes
    editor_b = world.users["foreign_editor"]  # Đà Nẵng's commune editor works in the first commune, A
    assert editor_b.unit == a
    _points, score_a = sheet(world, a)
    services.self_assess(actor=editor_b, score=score_a, values={"4.1": ("1", ""), "4.2": ("1", "")})
    # A score outside 0..max is refused and nothing changes.
    with pytest.raises(DomainError, match="ngoài khoảng"):
        services.self_assess(actor=editor_b, score=sheet(world, a)[1], values={"4.1": ("1,5", "")})
    # The appraiser lowers 4.2 and must say why.
    coordinator = world.users["foreign"]
    with pytest.raises(DomainError, match="nhận xét"):
        services.appraise(actor=coordinator, score=sheet(world, a)[1], values={"4.2": ("0,5", "")})
    services.appraise(
        actor=coordinator, score=sheet(world, a)[1], values={"4.1": ("1", ""), "4.2": ("0,5", "Pano chưa có ảnh")}
    )
    _points, score_a = sheet(world, a)
    assert (score_a.computed, score_a.self_total, score_a.appraised_total, score_a.final) == (2, 2, Decimal("1.5"), 1.5)
    with pytest.raises(DomainError, match="đã được thẩm định"):
        services.self_assess(actor=editor_b, score=score_a, values={"4.1": ("1", "")})
    # Neither another province nor a commune officer may appraise (the unit itself: the next test).
    with pytest.raises(PermissionDenied):
        services.appraise(actor=world.users["coordinator"], score=sheet(world, b)[1], values={"4.1": ("0", "x")})
    with pytest.raises(PermissionDenied):
        services.appraise(actor=editor_b, score=sheet(world, b)[1], values={"4.1": ("0", "x")})

    rows = selectors.ranking(actor=coordinator, province=OrgUnit.objects.get(code="48"), year=YEAR)
    top = [(r.rank, r.score.unit, r.score.final) for r in rows[:4]]
    assert [r for r, _u, _f in top] == [1, 2, 3, 4]
    assert [u for _r, u, _f in top] == [a, b, d, c]
    assert [f for _r, _u, f in top] == [Decimal("1.5"), Decimal("1.45"), Decimal("0.9"), Decimal("0.5")]
    assert rows[-1].score.final == 0 and rows[-1].rank == 5  # every other commune: no plan tasks, no activity


def test_pages_exports_and_bad_input(world, communes):
    from django.test import Client
    from docx import Document
    from python_calamine import CalamineWorkbook

    a, b, _c, _d = communes
    coordinator = Client()
    coordinator.force_login(world.users["foreign"])
    page = coordinator.get("/scores/", {"year": YEAR})
    assert page.status_code == 200
    html = page.content.decode()
    assert f'data-unit="{a.code}"' in html and html.index(a.code) < html.index(b.code)  # ranked, best first
    sheet = CalamineWorkbook.from_filelike(
        BytesIO(coordinator.get("/scores/", {"year": YEAR, "format": "xlsx"}).content)
    )
    table = sheet.get_sheet_by_index(0).to_python()
    assert table[0][:2] == ["Hạng", "Đơn vị"] and table[1][1] == a.name and table[1][5] == 2
    docx = Document(BytesIO(coordinator.get("/scores/", {"year": YEAR, "format": "docx"}).content))
    text = "\n".join(p.text for p in docx.paragraphs)
    assert (
        "BÁO CÁO" in text and "Kết quả chấm điểm tiêu chí thông tin, tuyên truyền cải cách hành chính năm 2026" in text
    )
    appendix = docx.tables[-1]
    assert appendix.rows[1].cells[1].text == a.name and appendix.rows[1].cells[5].text == "2"

    editor = Client()
    editor.force_login(world.users["foreign_editor"])
    url = f"/scores/{a.code}/{YEAR}/"
    assert editor.get(url).status_code == 200
    bad = editor.post(url, {"action": "self", "self-4.1": "hai", "revision": "0"})
    assert bad.status_code == 200 and "không phải là số" in bad.content.decode()
    assert selectors.unit_score(actor=SYSTEM, unit=a, year=YEAR).assessment is None  # nothing written
    assert editor.post(url, {"action": "self", "self-4.1": "1", "self-4.2": "1", "revision": "0"}).status_code == 302
    stale = editor.post(url, {"action": "self", "self-4.1": "0,5", "revision": "0"})
    assert stale.status_code == 200 and "người khác cập nhật" in stale.content.decode()
    assert editor.post(url, {"action": "appraise", "appr-4.1": "0", "appr-note-4.1": "x"}).status_code == 403
    done = coordinator.post(url, {"action": "appraise", "appr-4.2": "0,5", "appr-note-4.2": "Thiếu ảnh pano"})
    assert done.status_code == 302
    assert selectors.unit_score(actor=SYSTEM, unit=a, year=YEAR).appraised_total == Decimal("1.5")


def test_a_year_out_of_range_is_a_message_not_a_new_rule_set(world):
    from django.test import Client

    c = Client()
    c.force_login(world.users["coordinator"])
    for year in (1999, 40000):
        assert c.get(f"/scores/{world.commune.code}/{year}/").status_code == 404
        api = c.get(f"/api/scores/{world.commune.code}/{year}")
        assert api.status_code == 404 and str(year) in api.json()["detail"]
    assert not RuleSet.objects.filter(year__gt=2100).exists()


def test_an_implementing_plan_does_not_count_its_copied_tasks_twice(world, communes):
    """Commune A issues its own plan implementing the province's (the cascade copies A's ten tasks to it): A still
    has ten planned targets, all done, not twenty."""
    from loa.plans.cascade import cascade
    from loa.plans.models import Plan

    a, *_ = communes
    province_plan = Plan.objects.get(issuer__code="48", year=YEAR)
    (child,) = cascade(actor=SYSTEM, plan=province_plan, targets=[a]).created
    assert child.tasks.filter(source_task__isnull=False).count() == 10
    issued(child)
    points, score = sheet(world, a)
    basis = {p.criterion.code: p.basis for p in score.points}
    assert points["4.1"] == 1 and "10/10" in basis["4.1"]


def issued(plan):
    return plan_issue(
        actor=SYSTEM,
        plan=plan,
        data=IssueInput(number=next_register_number(plan.issuer, YEAR), issued_on=date(YEAR, 2, 1), signer_name="B"),
    )


def test_a_unit_does_not_appraise_itself(world):
    """Đà Nẵng's Sở Nội vụ has a table of its own type; its coordinator may appraise others, never the Sở."""
    from loa.scoring.models import Criterion, RuleType

    snv = OrgUnit.objects.get(code="48.SNV")
    table = RuleSet.objects.create(year=YEAR, unit_type="so_noi_vu", name="Tiêu chí cấp sở")
    Criterion.objects.create(rule_set=table, code="1", title="Tuyên truyền", max_points=2, rule=RuleType.MANUAL)
    score = selectors.unit_score(actor=world.users["foreign"], unit=snv, year=YEAR)
    with pytest.raises(PermissionDenied, match="không tự thẩm định"):
        services.appraise(actor=world.users["foreign"], score=score, values={"1": ("2", "")})
    services.appraise(actor=world.users["admin"], score=score, values={"1": ("1,5", "Thiếu minh chứng")})
    assert selectors.unit_score(actor=world.users["foreign"], unit=snv, year=YEAR).appraised_total == Decimal("1.5")


def test_criteria_parameters_are_checked_when_saved(world):
    from django.core.exceptions import ValidationError

    from loa.scoring.models import Criterion, RuleType

    table = services.default_rule_set(YEAR)
    for rule, params in [
        (RuleType.PLAN_RATIO, {"full_at": "abc"}),
        (RuleType.PLAN_RATIO, {"full_at": "0.8", "zero_below": "0.9"}),
        (RuleType.CHANNEL_MIX, {"groups": [{"label": "x", "points": "nửa"}]}),
    ]:
        with pytest.raises(ValidationError):
            Criterion(rule_set=table, code="9", title="x", max_points=1, rule=rule, params=params).full_clean()
    Criterion(rule_set=table, code="9", title="x", max_points=1, rule=RuleType.PLAN_RATIO, params={}).full_clean()


def test_pages_open_on_the_current_year(world, client, province_plan):
    """The current year, whatever data it has yet (issue 19): last year is one choice away."""
    from django.test import Client
    from django.utils import timezone

    from loa.scoring.selectors import default_year

    this_year = timezone.localdate().year
    client.force_login(world.users["coordinator"])
    ranking = client.get("/scores/")
    assert ranking.context["year"] == this_year
    html = ranking.content.decode()  # the year is a plain number, so choosing it in the list works
    assert f'<option value="{this_year}" selected>' in html and f"Xếp hạng {this_year} ·" in html
    assert client.get("/scores/commendations/").context["year"] == this_year
    editor = Client()
    editor.force_login(world.users["editor"])
    assert editor.get("/scores/")["Location"] == f"/scores/{world.commune.code}/{this_year}/"
    # Early in a new year, before any plan or activity: the new year all the same.
    assert default_year(world.commune, date(this_year + 1, 1, 3)) == this_year + 1
    assert default_year(world.foreign_commune, date(this_year, 6, 1)) == this_year
