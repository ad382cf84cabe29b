"""The task appendix in minutes: rows pasted from Word or Excel, the XLSX template, a table in a DOCX, read with the
document import's appendix reader into a preview with errors by row and column, added all or nothing."""

import io
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from docx import Document
from openpyxl import load_workbook

from loa.core.errors import DomainError
from loa.intake.appendix import read_appendix, table_from_file, table_from_text
from loa.intake.appendix_template import template_xlsx
from loa.intake.services import appendix_add
from loa.org.catalog import UnitType
from loa.org.models import OrgUnit
from loa.plans.catalog import Frequency, LeadGroup
from loa.plans.document import plan_xlsx
from loa.plans.models import Plan, PlanTask
from loa.plans.services import plan_create
from loa.plans.tasks_input import TaskInput

pytestmark = pytest.mark.django_db


@pytest.fixture
def units(world: Any) -> dict[str, OrgUnit]:
    departments = OrgUnit.objects.filter(parent=world.province, unit_type=UnitType.SO_NGANH, valid_to__isnull=True)
    first, second = departments.order_by("code")[:2]
    press = OrgUnit.objects.filter(parent=world.province, unit_type=UnitType.BAO).first()
    assert press is not None, "the test province has a newspaper"
    return {"snv": world.snv, "first": first, "second": second, "press": press}


@pytest.fixture
def draft(world: Any) -> Plan:
    coordinator = world.users["coordinator"]
    return plan_create(actor=coordinator, issuer=world.province, year=2026, title="Tuyên truyền CCHC năm 2026")


def word_rows(units: dict[str, OrgUnit], commune: OrgUnit) -> str:
    """Eight rows as Word puts a copied table on the clipboard: tab-separated, a cell's second paragraph on a line of
    its own, unit names as plans write them."""
    snv, first, second, press = units["snv"].name, units["first"].name, units["second"].name, units["press"].name
    rows = [
        "STT\tNội dung nhiệm vụ\tCơ quan chủ trì\tCơ quan phối hợp\tThời gian hoàn thành\tSản phẩm",
        f"1\tXây dựng chuyên mục cải cách hành chính trên báo chí và Cổng thông tin điện tử\t{snv}\t{press}\t"
        "Hằng tháng\t12 chuyên mục",
        f"2\tTổ chức hội nghị đối thoại với người dân, doanh nghiệp về thủ tục hành chính\t{snv}; {first}\t"
        "Các cơ quan báo chí\tQuý II/2026\t01 hội nghị",
        f"3\tTập huấn nghiệp vụ cho công chức làm công tác cải cách hành chính\t{snv}\t{second}\t30/6/2026\t02 lớp",
        "4\tTuyên truyền trên hệ thống loa truyền thanh cơ sở\tUBND các xã, phường\t\tThường xuyên\t",
        f"5\tTổ chức cuộc thi tìm hiểu về cải cách hành chính\t{first}\tUBND {commune.name}\tTháng 9/2026\t01 cuộc thi",
        f"6\tIn, phát tờ gấp hướng dẫn thủ tục hành chính\t{second}\t\t31/10/2026\t5000 tờ gấp",
        f"7\tĐăng tin, bài trên mạng xã hội Zalo, Facebook\t{snv}\t\tHằng quý\t",
        f"8\tNiêm yết công khai thủ tục hành chính tại bộ phận một cửa\tUBND các xã, phường\t{snv}\t"
        "Thường xuyên\tBảng niêm yết",
    ]
    # Row 2's title has a second paragraph in its cell: Word breaks the line there, unquoted.
    rows[2] = rows[2].replace("về thủ tục hành chính", "về thủ tục hành chính\n(lồng ghép lấy ý kiến)")
    return "\n".join(rows)


def test_rows_pasted_from_word_become_the_appendix(world: Any, units: dict[str, OrgUnit], draft: Plan) -> None:
    preview = read_appendix(draft, table_from_text(word_rows(units, world.commune)))
    assert preview.errors == []
    assert preview.header and len(preview.rows) == 8
    assert [r.number for r in preview.rows] == [2, 3, 4, 5, 6, 7, 8, 9]

    added = appendix_add(actor=world.users["coordinator"], plan=draft, text=preview.text, revision=draft.revision)

    assert added == 8
    tasks = list(PlanTask.objects.filter(plan=draft).order_by("position"))
    assert len(tasks) == 8
    one, two, three, four, five, six, seven, eight = tasks
    assert one.channels == ["bao_chi", "cong_ttdt"] or one.channels == ["cong_ttdt", "bao_chi"]
    assert one.frequency == Frequency.MONTHLY and one.deadline is None
    assert (one.quantity, one.measure) == (Decimal(12), "chuyên mục")
    assert one.coordinating == [units["press"].code]
    assert two.title.endswith("(lồng ghép lấy ý kiến)")
    assert two.lead_unit == units["snv"] and two.co_leads == [units["first"].code]
    assert two.coordinating == [] and two.coordinating_note == "Các cơ quan báo chí"
    assert two.deadline == date(2026, 6, 30) and "hoi_nghi" in two.channels
    assert "nguoi_dan" in two.audiences and "doanh_nghiep" in two.audiences
    assert three.deadline == date(2026, 6, 30) and three.channel == "tap_huan"
    assert four.lead_unit is None and four.lead_group == LeadGroup.ALL_COMMUNES
    assert four.frequency == Frequency.ONGOING and four.channel == "phat_thanh"
    assert five.coordinating == [world.commune.code] and five.deadline == date(2026, 9, 30)
    assert (six.quantity, six.measure) == (Decimal(5000), "tờ gấp")
    assert seven.frequency == Frequency.QUARTERLY and seven.channel == "mang_xa_hoi"
    assert eight.coordinating == [units["snv"].code]


def test_rows_without_header_are_read_in_word_order(world: Any, units: dict[str, OrgUnit], draft: Plan) -> None:
    text = "\n".join(word_rows(units, world.commune).split("\n")[1:])
    preview = read_appendix(draft, table_from_text(text))
    assert not preview.header and preview.errors == []
    assert [r.task.lead_unit for r in preview.rows][:3] == [units["snv"].code] * 3


def test_an_error_names_row_and_column_and_nothing_is_added(world: Any, units: dict[str, OrgUnit], draft: Plan) -> None:
    text = "\n".join(
        [
            "STT\tNhiệm vụ\tCơ quan chủ trì\tThời hạn\tChỉ tiêu số lượng",
            f"1\tĐăng tin trên Cổng thông tin điện tử\t{units['snv'].name}\t30/6/2026\t12",
            "2\tPhát thanh về cải cách hành chính\tSở Thông tin và Truyền thông\t30/6/2026\t5",
            f"3\tHội nghị triển khai\t{units['snv'].name}\tkhi có yêu cầu\t1",
            f"4\tTập huấn\t{units['snv'].name}\t30/6/2026\tmười",
        ]
    )
    preview = read_appendix(draft, table_from_text(text))
    assert preview.errors == [
        "Dòng 3, cột «Cơ quan chủ trì»: không tìm thấy đơn vị «Sở Thông tin và Truyền thông».",
        "Dòng 4, cột «Thời hạn»: không đọc được thời hạn «khi có yêu cầu» trong năm 2026.",
        "Dòng 5, cột «Chỉ tiêu số lượng»: «mười» không phải là số.",
    ]
    history = draft.history.count()
    with pytest.raises(DomainError) as refused:
        appendix_add(actor=world.users["coordinator"], plan=draft, text=text, revision=draft.revision)
    assert "Dòng 3" in refused.value.message
    assert draft.tasks.count() == 0 and draft.history.count() == history


def test_a_stale_preview_is_a_conflict(world: Any, units: dict[str, OrgUnit], draft: Plan) -> None:
    text = f"Nhiệm vụ\tCơ quan chủ trì\nĐăng tin trên Cổng thông tin điện tử\t{units['snv'].name}"
    stale = draft.revision
    appendix_add(actor=world.users["coordinator"], plan=draft, text=text, revision=stale)
    with pytest.raises(DomainError) as conflict:
        appendix_add(actor=world.users["coordinator"], plan=draft, text=text, revision=stale)
    assert conflict.value.status == 409
    assert draft.tasks.count() == 1


def test_only_drafters_of_the_issuer_add_rows(world: Any, units: dict[str, OrgUnit], draft: Plan) -> None:
    text = f"Nhiệm vụ\tCơ quan chủ trì\nĐăng tin\t{units['snv'].name}"
    with pytest.raises(DomainError):
        appendix_add(actor=world.users["editor"], plan=draft, text=text, revision=None)
    assert draft.tasks.count() == 0


def test_the_xlsx_template_has_lists_and_reads_back(world: Any, units: dict[str, OrgUnit], draft: Plan) -> None:
    book = load_workbook(io.BytesIO(template_xlsx(draft)))
    sheet, lists = book["Phụ lục"], book["Danh mục"]
    assert lists.sheet_state == "hidden"
    validated = {str(rule.sqref).split(":")[0] for rule in sheet.data_validations.dataValidation}
    assert {"C2", "D2", "E2", "F2", "I2", "K2"} <= validated  # area, channel, audience, lead, frequency, quantity
    lead_names = [c.value for c in lists["D"][1:] if c.value]
    assert units["snv"].name in lead_names and "UBND các xã, phường" in lead_names
    sheet.append(
        [
            1,
            "Chuyên mục CCHC",
            lists["A"][1].value,
            "Báo chí; Truyền hình",
            "Người dân",
            f"{units['snv'].name}; {units['first'].name}",
            units["press"].name,
            date(2026, 12, 31),
            "Một lần",
            "Chuyên mục",
            12,
            "số",
            "",
        ]
    )
    sheet.append(
        [
            2,
            "Phát thanh",
            "",
            "Phát thanh, truyền thanh cơ sở",
            "",
            "UBND các xã, phường",
            "",
            None,
            "Hằng tháng",
            "",
            None,
            "",
            "",
        ]
    )
    out = io.BytesIO()
    book.save(out)
    preview = read_appendix(draft, table_from_file("mau.xlsx", out.getvalue()))
    assert preview.errors == []
    first, second = preview.tasks
    assert first.channel == "bao_chi" and first.extra_channels == ["truyen_hinh"]
    assert first.lead_unit == units["snv"].code and first.co_leads == [units["first"].code]
    assert first.deadline == date(2026, 12, 31) and first.quantity == Decimal(12) and first.measure == "số"
    assert second.lead_group == LeadGroup.ALL_COMMUNES and second.frequency == Frequency.MONTHLY


def test_a_plans_own_export_reads_back_as_the_same_tasks(world: Any, units: dict[str, OrgUnit], draft: Plan) -> None:
    tasks = [
        TaskInput(
            title="Chuyên mục CCHC trên báo",
            lead_unit=units["snv"].code,
            co_leads=[units["second"].code],
            channel="bao_chi",
            extra_channels=["truyen_hinh"],
            audience="nguoi_dan",
            coordinating=[units["press"].code],
            coordinating_note="các cơ quan báo chí",
            deadline=date(2026, 11, 30),
            product="Chuyên mục",
            quantity=12,
            measure="số",
            reform_area="the_che",
        ),
        TaskInput(
            title="Phát thanh", lead_group=LeadGroup.ALL_COMMUNES, channel="phat_thanh", frequency=Frequency.MONTHLY
        ),
    ]
    source = plan_create(actor=world.users["coordinator"], issuer=world.province, year=2026, title="Nguồn", tasks=tasks)
    preview = read_appendix(draft, table_from_file("phu-luc.xlsx", plan_xlsx(source)))
    assert preview.errors == []
    for read, written in zip(preview.tasks, tasks, strict=True):
        for name in (
            "title",
            "lead_unit",
            "co_leads",
            "lead_group",
            "channel",
            "extra_channels",
            "audience",
            "coordinating",
            "coordinating_note",
            "deadline",
            "frequency",
            "product",
            "measure",
            "reform_area",
        ):
            assert getattr(read, name) == getattr(written, name), name


def test_a_table_in_a_word_file(world: Any, units: dict[str, OrgUnit], draft: Plan) -> None:
    document = Document()
    document.add_paragraph("PHỤ LỤC NHIỆM VỤ")
    table = document.add_table(rows=3, cols=4)
    for row, cells in enumerate(
        [
            ["STT", "Nhiệm vụ", "Đơn vị chủ trì", "Thời gian"],
            ["1", "Đăng tin trên Cổng thông tin điện tử tỉnh", units["snv"].name, "Hằng tháng"],
            ["2", "Hội nghị đối thoại", units["first"].name, "Quý III/2026"],
        ]
    ):
        for column, text in enumerate(cells):
            table.cell(row, column).text = text
    out = io.BytesIO()
    document.save(out)
    preview = read_appendix(draft, table_from_file("phu-luc.docx", out.getvalue()))
    assert preview.errors == []
    assert [t.deadline for t in preview.tasks] == [None, date(2026, 9, 30)]


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("anh.png", b"\x89PNG\r\n\x1a\n" + b"0" * 100, "không phải"),
        ("hong.xlsx", b"PK\x03\x04xl/workbook.xml" + b"0" * 100, "Excel"),
        ("hong.docx", b"PK\x03\x04" + b"0" * 100, "Word"),
    ],
)
def test_wrong_files_are_refused_with_a_message(draft: Plan, name: str, data: bytes, message: str) -> None:
    with pytest.raises(DomainError) as refused:
        table_from_file(name, data)
    assert message in refused.value.message


def test_empty_and_oversized_pastes_are_refused(draft: Plan) -> None:
    with pytest.raises(DomainError, match="Chưa có dòng nào"):
        read_appendix(draft, table_from_text("  \n\t\n"))
    with pytest.raises(DomainError, match="vượt giới hạn"):
        table_from_text("x" * 400_001)
    with pytest.raises(DomainError, match="vượt giới hạn"):
        read_appendix(draft, table_from_text("\n".join(f"{i}\tNhiệm vụ {i}\tSở Nội vụ" for i in range(301))))


def test_the_api_reads_then_adds(world: Any, units: dict[str, OrgUnit], draft: Plan) -> None:
    from django.test import Client

    client = Client()
    client.force_login(world.users["coordinator"])
    url = f"/api/plans/{draft.pk}/appendix"
    text = word_rows(units, world.commune)
    read = client.post(url, {"text": text, "dry_run": True}, content_type="application/json").json()
    assert (len(read["rows"]), read["errors"], read["added"]) == (8, [], 0)
    assert read["rows"][1]["task"]["co_leads"] == [units["first"].code]
    assert draft.tasks.count() == 0
    added = client.post(url, {"text": text, "revision": draft.revision}, content_type="application/json")
    assert added.status_code == 200 and added.json()["added"] == 8
    stale = client.post(url, {"text": text, "revision": draft.revision}, content_type="application/json")
    assert stale.status_code == 409 and draft.tasks.count() == 8
    wrong = client.post(url, {"text": "Nhiệm vụ\tCơ quan chủ trì\nTin\tSở Không Có"}, content_type="application/json")
    assert wrong.status_code == 400 and "Dòng 2, cột «Cơ quan chủ trì»" in wrong.json()["detail"]


def test_the_command_line_adds_a_file(world: Any, units: dict[str, OrgUnit], draft: Plan, tmp_path: Any) -> None:
    from django.core.management import CommandError, call_command

    rows = tmp_path / "phu-luc.tsv"
    rows.write_text(word_rows(units, world.commune), encoding="utf-8")
    out = io.StringIO()
    call_command("plan", "appendix", str(draft.pk), str(rows), "--dry-run", "--as", "snv.dieuphoi", stdout=out)
    assert "Đọc 8 dòng, 0 lỗi; đã thêm 0 nhiệm vụ" in out.getvalue() and draft.tasks.count() == 0
    call_command("plan", "appendix", str(draft.pk), str(rows), "--as", "snv.dieuphoi", stdout=out)
    assert draft.tasks.count() == 8
    rows.write_text("Nhiệm vụ\tCơ quan chủ trì\nTin\tSở Không Có", encoding="utf-8")
    with pytest.raises(CommandError, match="chưa thêm nhiệm vụ nào"):
        call_command("plan", "appendix", str(draft.pk), str(rows), "--as", "snv.dieuphoi", stdout=out, stderr=out)
    assert draft.tasks.count() == 8
