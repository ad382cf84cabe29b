"""Importing a document as a draft plan: the service, the command line and the pages, with scope and audit."""

import json
from datetime import date
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from loa.core.errors import DomainError, PermissionDenied
from loa.intake.models import DocumentImport, ImportStatus
from loa.intake.services import import_file, import_save, import_start
from loa.intake.task_rows import parse_deadline
from loa.plans.catalog import PlanStatus
from loa.plans.models import Plan

DOCS = Path(__file__).parent / "fixtures" / "docs"


def fixture(name: str) -> tuple[str, bytes]:
    path = next(DOCS.glob(name))
    return path.name, path.read_bytes()


def commune_plan_text(superior: Plan) -> bytes:
    """A commune plan implementing the province's plan (number and date as Loa has them)."""
    day = superior.issued_on
    return f"""ỦY BAN NHÂN DÂN
PHƯỜNG THÀNH SEN
Số: 12/KH-UBND
Thành Sen, ngày 10 tháng 02 năm {day.year}
KẾ HOẠCH
Tuyên truyền cải cách hành chính năm {day.year} trên địa bàn phường
Căn cứ Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ ban hành Chương trình tổng thể cải cách hành chính nhà nước;
Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;
Thực hiện Kế hoạch số {superior.number_symbol} ngày {day.day}/{day.month}/{day.year} của UBND tỉnh Hà Tĩnh \
về thông tin, tuyên truyền cải cách hành chính năm {day.year}.
I. MỤC ĐÍCH, YÊU CẦU
1. Mục đích
- Nâng cao nhận thức của cán bộ, công chức và người dân về cải cách hành chính.
2. Yêu cầu
- Tuyên truyền thường xuyên, đúng định hướng.
II. NỘI DUNG, HÌNH THỨC
1. Nội dung
- Cải cách thủ tục hành chính, dịch vụ công trực tuyến.
2. Hình thức
- Đăng tin trên Trang thông tin điện tử phường; phát trên loa truyền thanh các tổ dân phố.
III. TỔ CHỨC THỰC HIỆN
1. Văn phòng HĐND và UBND: chủ trì, theo dõi, tổng hợp báo cáo.
2. Phòng Văn hóa - Xã hội: phối hợp đăng tin, bài.
Trên đây là Kế hoạch tuyên truyền cải cách hành chính năm {day.year} của UBND phường./.
Nơi nhận:
- UBND tỉnh;
- Sở Nội vụ;
- Lưu: VT.
TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH
Trần Văn Sen
""".encode()


def test_a_document_becomes_a_draft_linked_to_the_plan_it_implements(world, province_plan):
    superior = province_plan
    record, plan = import_file(
        actor=world.users["leader"], unit=world.commune, name="ke-hoach-phuong.txt", data=commune_plan_text(superior)
    )
    plan.refresh_from_db()
    assert (plan.status, plan.issuer, plan.number, plan.issued_on) == (PlanStatus.DRAFT, world.commune, None, None)
    assert plan.title == f"Tuyên truyền cải cách hành chính năm {superior.year} trên địa bàn phường"
    assert (plan.year, plan.symbol, plan.place) == (superior.year, "KH-UBND", "Thành Sen")
    assert plan.parent == superior  # "Thực hiện Kế hoạch số 07/KH-UBND …" is a plan in Loa
    implements = [b for b in plan.bases if b["kind"] == "implements"]
    assert [(b["number"], b["symbol"], b["plan_id"]) for b in implements] == [("07", "KH-UBND", superior.pk)]
    law = [b for b in plan.bases if not b["number"]]
    assert law and "Luật Tổ chức chính quyền địa phương" in law[0]["summary"]  # kept although it has no number
    assert plan.purposes and plan.requirements and plan.contents
    assert {f["channel"] for f in plan.forms} == {"cong_ttdt"}
    units = {r["label"]: r["unit"] for r in plan.responsibilities}
    assert units == {"Văn phòng HĐND và UBND": "18073.VP", "Phòng Văn hóa - Xã hội": "18073.VHXH"}
    assert plan.recipients == ["UBND tỉnh", "Sở Nội vụ", "Lưu: VT"]  # "Lưu" as written, one of the recipients
    assert (plan.sign_on_behalf, plan.signer_title, plan.signer_name) == ("ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Trần Văn Sen")
    assert (record.status, record.plan, record.kind) == (ImportStatus.SAVED, plan, "txt")
    assert [h.history_change_reason for h in record.history.order_by("history_id")] == ["import.read", "import.saved"]
    assert plan.history.get().history_change_reason == "plan.created"


def test_an_appendix_table_becomes_the_task_list(world):
    name, data = fixture("03-snv-ha-tinh-plan-2026.docx")
    _record, plan = import_file(actor=world.users["coordinator"], unit=world.snv, name=name, data=data)
    tasks = list(plan.tasks.order_by("position"))
    assert len(tasks) == 7 and all(t.title for t in tasks)
    assert all(t.lead_unit is not None or t.lead_group for t in tasks)  # every task has a lead
    unmatched = [t for t in tasks if t.note.startswith("Chủ trì theo văn bản gốc")]
    assert all(t.lead_unit == world.snv for t in unmatched)  # led by the issuer, the written lead kept
    assert (plan.sign_mode, plan.sign_for_title, plan.signer_title) == ("KT.", "GIÁM ĐỐC", "PHÓ GIÁM ĐỐC")


def test_only_plan_like_documents_become_drafts(world):
    name, data = fixture("02-commune-report-2024q1.txt")
    record = import_start(actor=world.users["leader"], unit=world.commune, name=name, data=data)
    with pytest.raises(DomainError, match="báo cáo"):
        import_save(actor=world.users["leader"], record=record)
    record.refresh_from_db()
    assert record.status == ImportStatus.REVIEW and record.plan is None


def test_scope_holds(world):
    name, data = fixture("04-xa-kim-lien-plan-2026.docx")
    before = (Plan.objects.count(), DocumentImport.objects.count())
    for persona in ("foreign", "viewer", "neighbour"):
        with pytest.raises(PermissionDenied):
            import_file(actor=world.users[persona], unit=world.commune, name=name, data=data)
    assert (Plan.objects.count(), DocumentImport.objects.count()) == before


def test_command_line(world, capsys):
    path = next(DOCS.glob("01-district-plan-2022.txt"))
    before = (Plan.objects.count(), DocumentImport.objects.count())
    call_command("plan", "import", str(path), "--dry-run")
    printed = json.loads(capsys.readouterr().out)
    assert (printed["number"], printed["date"], len(printed["legal_bases"])) == ("18/KH-UBND", "2022-01-28", 6)
    assert (Plan.objects.count(), DocumentImport.objects.count()) == before  # a dry run saves nothing
    with pytest.raises(CommandError, match="--unit"):
        call_command("plan", "import", str(path))  # Ninh Giang is no unit of Loa since the 2025 reform
    call_command("plan", "import", str(path), "--unit", world.commune.code, "--json", "--as", "xa1.lanhdao")
    made = json.loads(capsys.readouterr().out)
    plan = Plan.objects.get(pk=made["plan"]["id"])
    assert (plan.issuer, plan.status, len(plan.bases)) == (world.commune, PlanStatus.DRAFT, 6)
    with pytest.raises(CommandError, match="quyền"):
        call_command("plan", "import", str(path), "--unit", world.other_commune.code, "--as", "xa1.lanhdao")
    report = next(DOCS.glob("02-commune-report-2024q1.txt"))
    with pytest.raises(CommandError, match="không phải kế hoạch"):
        call_command("plan", "import", str(report), "--unit", world.commune.code)
    with pytest.raises(CommandError, match="Không tìm thấy tệp"):
        call_command("plan", "import", "/khong/co/tep.docx", "--unit", world.commune.code)


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_pages_upload_review_and_save(world):
    leader = client_for(world.users["leader"])
    assert leader.get("/plans/").content.decode().count('data-testid="import-link"') == 1
    page = leader.get("/plans/import/")
    assert page.status_code == 200 and "Nhập kế hoạch từ tệp" in page.content.decode()
    name, data = fixture("04-xa-kim-lien-plan-2026.docx")
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = leader.post("/plans/import/", {"unit": world.commune.pk, "file": SimpleUploadedFile(name, data)})
    assert response.status_code == 302
    record = DocumentImport.objects.get(filename=name)
    review = leader.get(response["Location"]).content.decode()
    assert 'class="hl-citation"' in review and 'class="hl-signer"' in review and "Rà soát văn bản nhập" in review
    assert "<script" not in review.split('data-testid="source-text"')[1].split("</section>")[0]
    form = {
        "year": "2026",
        "title": "Tuyên truyền CCHC năm 2026 (đã rà soát)",
        "place": "Kim Liên",
        "symbol": "KH-UBND",
        "bases": (
            "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015, "
            "được sửa đổi bởi Luật số 47/2019/QH14;\n"
            "Căn cứ Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ ban hành Chương trình tổng thể, "
            "theo Quyết định số 12/QĐ-TTg;"
        ),
        "recipients": "- Sở Nội vụ;\n- Lưu: VT.\nUBND tỉnh",
        "authority": "TM. ỦY BAN NHÂN DÂN",
        "for_title": "",
        "signer_title": "CHỦ TỊCH",
        "signer_name": "Lê Thị Kim",
    }
    saved = leader.post(f"/plans/import/{record.pk}/", form)
    assert saved.status_code == 302
    plan = Plan.objects.get(imports=record)
    assert saved["Location"] == f"/plans/{plan.pk}/edit/"
    assert (plan.title, plan.signer_name, plan.recipients) == (
        form["title"],
        "Lê Thị Kim",
        ["Sở Nội vụ", "Lưu: VT", "UBND tỉnh"],
    )
    # What the officer typed is kept whole, in order: the amended law as text, the nested decision in the summary.
    assert [(b["number"], b["summary"]) for b in plan.bases] == [
        ("", "Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015, được sửa đổi bởi Luật số 47/2019/QH14"),
        ("76", "ban hành Chương trình tổng thể, theo Quyết định số 12/QĐ-TTg"),
    ]
    assert plan.tasks.count() == 6
    again = leader.post(f"/plans/import/{record.pk}/", form)
    assert again.status_code == 200 and Plan.objects.filter(imports=record).count() == 1
    assert 'data-testid="already-saved"' in again.content.decode()


def test_pages_refuse_bad_files_and_strangers(world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    leader = client_for(world.users["leader"])
    response = leader.post(
        "/plans/import/", {"unit": world.commune.pk, "file": SimpleUploadedFile("x.pdf", b"%PDF-1.4 hong")}
    )
    assert response.status_code == 200 and "bị hỏng" in response.content.decode()
    assert not DocumentImport.objects.exists()
    assert client_for(world.users["viewer"]).get("/plans/import/").status_code == 403
    name, data = fixture("04-xa-kim-lien-plan-2026.docx")
    record = import_start(actor=world.users["leader"], unit=world.commune, name=name, data=data)
    assert client_for(world.users["foreign"]).get(f"/plans/import/{record.pk}/").status_code == 404
    assert client_for(world.users["neighbour"]).post(f"/plans/import/{record.pk}/", {}).status_code == 404


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("Quý II/2026", (date(2026, 6, 30), "once")),
        ("Tháng 5/2026", (date(2026, 5, 31), "once")),
        ("Trước ngày 15/9/2026", (date(2026, 9, 15), "once")),
        ("Hằng tháng", (None, "monthly")),
        ("Thường xuyên", (None, "ongoing")),
        ("Quý II/0000", (None, "once")),  # not a date: kept in the task's note
        ("31/02/2026", (None, "once")),
        ("Quý I/2025", (None, "once")),  # outside the plan's year
    ],
)
def test_deadlines_as_plans_write_them(written, expected):
    assert parse_deadline(written, 2026) == expected
