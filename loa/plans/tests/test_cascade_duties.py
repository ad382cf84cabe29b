"""Cascade to every unit a plan gives work to (issue 18): units named only in "Tổ chức thực hiện", groups written in
words, a commune's draft in the commune's own words, the bases a draft inherits, and lead groups named by the kinds
of commune the province really has."""

from datetime import date
from io import BytesIO
from typing import Any

import docx
from django.utils import timezone

from loa.org.models import OrgUnit
from loa.org.scope import SYSTEM
from loa.plans.assignment import commune_kinds, group_label
from loa.plans.cascade import assigned_units, cascade
from loa.plans.catalog import Frequency
from loa.plans.document import plan_file
from loa.plans.editor import bases_from_text
from loa.plans.models import Plan
from loa.plans.services import plan_create
from loa.plans.tasks_input import TaskInput

from .factories import issue


def _plan_with_duties(world: Any) -> Plan:
    """A province plan whose only task the Sở Nội vụ leads; other work is given in "Tổ chức thực hiện"."""
    province = world.province
    radio = OrgUnit.objects.get(parent=province, code__endswith=".DPTTH")
    bases = bases_from_text(
        SYSTEM,
        Plan(issuer=province, year=2026),
        "Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;\n"
        "Căn cứ Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ ban hành Chương trình tổng thể CCHC;\n"
        "Thực hiện Kế hoạch số 12/KH-BNV ngày 10/01/2026 của Bộ Nội vụ về tuyên truyền CCHC năm 2026;\n"
        "Căn cứ Quyết định số 45/QĐ-UBND ngày 05/01/2026 của UBND tỉnh ban hành Kế hoạch CCHC năm 2026.",
    )
    plan = plan_create(
        actor=SYSTEM,
        issuer=province,
        year=timezone.localdate().year,
        sections={
            "bases": bases,
            "purposes": ["Nâng cao nhận thức về cải cách hành chính trên địa bàn tỉnh"],
            "forms": [{"channel": "cong_ttdt", "text": "Đăng tải tin, bài trên Cổng thông tin điện tử tỉnh"}],
            "responsibilities": [
                {"unit": radio.code, "label": radio.name, "duties": ["Phát sóng chuyên mục CCHC hằng tháng"]},
                {
                    "unit": "",
                    "label": "UBND các xã, phường",
                    "duties": [
                        "Đăng tải kết quả CCHC của tỉnh trên Cổng thông tin điện tử tỉnh",
                        "Tuyên truyền qua hệ thống truyền thanh",
                    ],
                },
                {"unit": "", "label": "Ủy ban MTTQ Việt Nam tỉnh", "duties": ["Phối hợp"], "request": True},
            ],
        },
        tasks=[TaskInput(title="Tổng hợp kết quả", lead_unit=world.snv.code)],
        signer_name="Nguyễn Văn A",
    )
    return issue(plan, 9, min(date(plan.year, 1, 20), timezone.localdate()))


def test_units_named_only_in_the_responsibilities_get_drafts_with_their_duties(world: Any) -> None:
    plan = _plan_with_duties(world)
    radio = OrgUnit.objects.get(parent=world.province, code__endswith=".DPTTH")
    communes = OrgUnit.objects.filter(parent=world.province, unit_type="ubnd_xa", valid_to__isnull=True)
    targets = assigned_units(plan)
    assert radio in targets and world.snv in targets and set(communes) <= set(targets)
    assert len(targets) == 2 + communes.count()  # the MTTQ is asked, not assigned
    result = cascade(actor=SYSTEM, plan=plan, targets=[radio, world.commune])
    by_issuer = {child.issuer: child for child in result.created}
    radio_tasks = list(by_issuer[radio].tasks.order_by("position"))
    assert [(t.title, t.lead_unit, t.frequency) for t in radio_tasks] == [
        ("Phát sóng chuyên mục CCHC hằng tháng", radio, Frequency.ONGOING)
    ]
    commune_titles = list(by_issuer[world.commune].tasks.order_by("position").values_list("title", flat=True))
    word = {"xa": "xã", "phuong": "phường", "dac_khu": "đặc khu"}[world.commune.division_type]
    assert commune_titles == [
        f"Đăng tải kết quả CCHC của {word} trên Trang thông tin điện tử của {word}",
        "Tuyên truyền qua hệ thống truyền thanh",
    ]


def test_a_communes_draft_speaks_as_the_commune_and_inherits_the_national_bases(world: Any) -> None:
    plan = _plan_with_duties(world)
    (child,) = cascade(actor=SYSTEM, plan=plan, targets=[world.commune]).created
    word = {"xa": "xã", "phuong": "phường", "dac_khu": "đặc khu"}[world.commune.division_type]
    assert child.purposes == [f"Nâng cao nhận thức về cải cách hành chính trên địa bàn {word}"]
    assert child.forms == [
        {"channel": "cong_ttdt", "text": f"Đăng tải tin, bài trên Trang thông tin điện tử của {word}"}
    ]
    # The law, the Government's resolution and the ministry's plan; the province's own decision is left to the
    # province; the superior plan itself last.
    cited = [b.get("number") or b["summary"].split(" ")[0] for b in child.bases]
    assert cited == ["Luật", "76", "12", "09"] and child.bases[-1]["plan_id"] == plan.pk


def test_a_departments_draft_posts_on_its_own_page_and_keeps_the_provinces_scope(world: Any) -> None:
    plan = _plan_with_duties(world)
    (child,) = cascade(actor=SYSTEM, plan=plan, targets=[world.snv]).created
    assert child.forms == [{"channel": "cong_ttdt", "text": "Đăng tải tin, bài trên Trang thông tin điện tử của Sở"}]
    assert child.purposes == ["Nâng cao nhận thức về cải cách hành chính trên địa bàn tỉnh"]


def test_lead_groups_name_only_the_kinds_of_commune_the_province_has(world: Any) -> None:
    with_zone = OrgUnit.objects.filter(division_type="dac_khu", valid_to__isnull=True).select_related("parent")[0]
    zone_province = with_zone.parent
    kinds = set(
        OrgUnit.objects.filter(parent=world.province, unit_type="ubnd_xa", valid_to__isnull=True).values_list(
            "division_type", flat=True
        )
    )
    assert "dac_khu" not in kinds  # the test province has none
    assert group_label(world.province, "all_communes") == "UBND các " + ", ".join(
        w for k, w in (("xa", "xã"), ("phuong", "phường")) if k in kinds
    )
    assert commune_kinds(zone_province).endswith("đặc khu")
    assert group_label(zone_province, "all_agencies").startswith("Các sở, ban, ngành và UBND các ")
    plan = plan_create(
        actor=SYSTEM,
        issuer=world.province,
        year=2026,
        tasks=[TaskInput(title="Treo băng rôn", lead_group="all_communes")],
    )
    rendered = docx.Document(BytesIO(plan_file(plan, list(plan.tasks.all()), "docx").content))
    cells = {cell.text for table in rendered.tables for row in table.rows for cell in row.cells}
    assert group_label(world.province, "all_communes") in cells  # the appendix's lead column
    assert not any("đặc khu" in cell for cell in cells)


def test_a_group_responsibility_reads_the_same_on_the_page_and_in_the_document(world: Any) -> None:
    from django.test import Client

    plan = plan_create(
        actor=SYSTEM,
        issuer=world.province,
        year=2026,
        sections={"responsibilities": [{"group": "all_communes", "duties": ["Tuyên truyền trên loa truyền thanh"]}]},
    )
    expected = group_label(world.province, "all_communes")
    assert plan.responsibilities[0]["label"] != expected  # stored as the generic label, with "đặc khu"
    client = Client()
    client.force_login(world.users["coordinator"])
    page = client.get(f"/plans/{plan.pk}/").content.decode()
    assert f"{expected}</h3>" in page
    rendered = docx.Document(BytesIO(plan_file(plan, [], "docx").content))
    assert any(p.text.strip().endswith(expected) for p in rendered.paragraphs)
