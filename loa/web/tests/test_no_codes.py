"""No codes and no wrong-language interface text on the pages of the two journeys, in Vietnamese and English.

The pages are listed in `journeys.py`; the text a person sees is extracted and checked by `visible_text.py`.
"""

from datetime import timedelta

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from loa.activity.models import Activity
from loa.activity.reminders import send_reminders
from loa.activity.services import ActivityInput, activity_create, activity_update
from loa.org.models import OrgUnit, User
from loa.plans.models import Plan, PlanTask
from loa.reports.demo import build_report_demo
from loa.reports.models import Report
from loa.reports.reminders import send_report_reminders

from .journeys import JOURNEYS, Journey
from .visible_text import (
    ACTION_CODE,
    Finding,
    code_findings,
    english_findings,
    title_findings,
    untranslated_findings,
    untranslated_msgids,
    visible_segments,
)


def _data_strings() -> frozenset[str]:
    """Text that is data, legitimately Vietnamese on English pages: names of units and people, titles."""
    strings: set[str] = set()
    strings.update(s for pair in OrgUnit.objects.values_list("name", "short_name") for s in pair if s)
    strings.update(s for s in User.objects.values_list("full_name", flat=True) if s)
    strings.update(s for s in User.objects.values_list("position", flat=True) if s)
    strings.update(Plan.objects.values_list("title", flat=True))
    # Units of measure typed in plans and activities ("kế hoạch", "tin/bài") are data too.
    strings.update(s for pair in PlanTask.objects.values_list("measure", "product") for s in pair if s)
    strings.update(s for s in Activity.objects.values_list("measure", flat=True).distinct() if s)
    return frozenset(" ".join(s.split()) for s in strings)


@pytest.fixture
def journey(world, busy_communes, province_plan, commune_plan) -> Journey:
    today = timezone.localdate()
    build_report_demo(world.province)
    editor = world.users["editor"]
    activity = activity_create(
        actor=editor,
        unit=world.commune,
        data=ActivityInput(
            date=today - timedelta(days=1),
            channel="hoi_nghi",
            title="Hội nghị đối thoại về thủ tục hành chính",
            reform_areas=["tthc", "chinh_phu_so"],
            indices=["par_index", "sipas"],
            audience="nguoi_dan",
            quantity=1,
            measure="hội nghị",
            reached=120,
        ),
    )
    activity = activity_update(
        actor=editor,
        activity=activity,
        data=ActivityInput(
            date=today - timedelta(days=1),
            channel="hoi_nghi",
            title="Hội nghị đối thoại về thủ tục hành chính với người dân",
            reform_areas=["tthc", "chinh_phu_so"],
            indices=["par_index", "sipas"],
            audience="doanh_nghiep",
            quantity=1,
            measure="hội nghị",
            reached=150,
        ),
    )
    send_reminders(today=today)
    send_report_reminders(today=today)
    reports = Report.objects.filter(unit=world.commune).order_by("-status", "-period")
    # Early in the year no period has closed and no report exists yet: the page of the first quarter is
    # still there (computed), only the version page is not.
    report = reports.filter(status="returned").first() or reports.first()
    return Journey(
        world=world,
        activity=Activity.objects.get(pk=activity.pk),
        province_plan=province_plan,
        commune_plan=commune_plan,
        commune_report=report,
        period=report.period if report else f"{today.year}Q1",
        year=today.year,
    )


def page_findings(client: Client, url: str, *, language: str, data: frozenset[str]) -> list[Finding]:
    response = client.get(url)
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    html = response.content.decode()
    segments = visible_segments(html)
    assert segments, f"{url} shows nothing"
    findings = code_findings(segments) + title_findings(segments)
    if language == "vi":
        return findings + english_findings(segments)
    # A Vietnamese document shown on an English page (a report's text) is marked lang="vi": not interface text.
    return findings + untranslated_findings(visible_segments(html, skip_lang="vi"), data=data)


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
@pytest.mark.parametrize("persona", sorted(JOURNEYS))
def test_journey_pages_show_labels_not_codes_in_the_page_language(journey, persona, language):
    client = Client()
    client.force_login(journey.world.users[persona])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    data = _data_strings()
    problems = []
    for name, url in JOURNEYS[persona]:
        address = url(journey)
        if address is None:
            continue
        problems += [f"{name} ({address}): {f}" for f in page_findings(client, address, language=language, data=data)]
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems)


def test_the_checks_find_the_issue_examples():
    """The checks are not vacuous: the examples of issue 15 and untranslated buttons are found."""
    segments = visible_segments(
        '<dd><span class="tag">tthc</span> <span class="tag">chinh_phu_so</span></dd>'
        "<td>activity.created</td><td>report.returned: Thiếu số liệu</td><th>Object</th><a>Units</a><p>60 activity</p>"
        '<button title="Save">Lưu</button><script>var tthc = "activity.created";</script><p>Kỳ 2026Q1</p>'
    )
    found = {(f.kind, f.found) for f in code_findings(segments) + english_findings(segments)}
    assert found == {
        ("catalog code", "tthc"),
        ("catalog code", "chinh_phu_so"),
        ("action code", "activity.created"),
        ("action code", "report.returned"),
        ("English word", "Object"),
        ("English word", "Units"),
        ("English word", "activity"),
        ("English word", "Save"),
        ("period ID", "2026Q1"),
        # The action codes are English words too.
        ("English word", "activity"),
        ("English word", "created"),
        ("English word", "report"),
        ("English word", "returned"),
    }
    assert "Lưu" in untranslated_msgids()
    english_page = visible_segments("<h1>Tasks</h1><button>Lưu</button><td>Sở Nội vụ</td><td>Xã Thạch Lạc</td>")
    findings = untranslated_findings(english_page, data=frozenset({"Sở Nội vụ", "Xã Thạch Lạc"}))
    assert [f.found for f in findings] == ["Lưu"]
    # Brand names, formats and usernames are not findings.
    fine = visible_segments("<p>Mạng xã hội (Zalo, Facebook, YouTube…) · PAR INDEX · SIPAS · XLSX · snv.dieuphoi</p>")
    assert code_findings(fine) + english_findings(fine) == []
    assert ACTION_CODE.search("xa1.nhaplieu@demo.loa.local") is None
