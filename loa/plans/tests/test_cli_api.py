"""`loa plan …` and the REST endpoints of plans, against the plans the tests make (`factories`)."""

import io
import json
from datetime import date

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from docx import Document

from loa.plans.catalog import PlanStatus
from loa.plans.models import Plan

from .factories import COMMUNE_PLAN_NUMBER, PROVINCE_TASKS, PlanFactory, issued_commune_plan


def run(*args):
    out = io.StringIO()
    call_command("plan", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_list_json_has_the_documented_fields(province_plan, commune_plan, world):
    draft = PlanFactory(issuer=world.other_commune, parent=province_plan)
    rows = json.loads(run("list", "--year", str(province_plan.year), "--json"))
    assert {r["id"] for r in rows} == {province_plan.pk, commune_plan.pk, draft.pk}
    province = next(r for r in rows if r["id"] == province_plan.pk)
    assert province["number"] == "07/KH-UBND" and province["status"] == "issued" and province["parent_id"] is None
    assert province["issuer"] == {"code": "42", "name": "Tỉnh Hà Tĩnh"}
    children = {r["id"]: r for r in rows if r["parent_id"] == province_plan.pk}
    assert children[commune_plan.pk]["status"] == "issued" and children[draft.pk]["status"] == "draft"


def test_list_as_a_commune_editor_is_scoped(province_plan, commune_plan, world):
    PlanFactory(issuer=world.other_commune, parent=province_plan)
    rows = json.loads(run("list", "--json", "--as", "xa1.nhaplieu"))
    issuers = {r["issuer"]["code"] for r in rows}
    assert issuers == {"42", world.commune.code}  # its own plan and the province's, not the neighbours'


def test_export_writes_a_real_docx_and_xlsx(province_plan, tmp_path):
    target = tmp_path / "ke-hoach.docx"
    assert "Đã ghi" in run("export", str(province_plan.pk), "--format", "docx", "-o", str(target))
    header = "\n".join(c.text for r in Document(str(target)).tables[0].rows for c in r.cells)
    assert "Số: 07/KH-UBND" in header
    sheet = tmp_path / "phu-luc.xlsx"
    run("export", str(province_plan.pk), "--format", "xlsx", "-o", str(sheet))
    assert sheet.read_bytes().startswith(b"PK")


def test_show_outside_scope_is_a_clean_error(commune_plan, world):
    own = commune_plan
    with pytest.raises(CommandError, match="Không tìm thấy kế hoạch"):
        run("show", str(own.pk), "--as", "xa2.nhaplieu")


def test_cascade_all_from_the_cli(province_plan, commune_plan):
    output = run("cascade", str(province_plan.pk), "--all", "--quiet")
    created = Plan.objects.filter(parent=province_plan).count() - 1
    assert f"Đã tạo {created} dự thảo kế hoạch triển khai" in output and "bỏ qua 1 đơn vị đã có" in output
    assert created > 60


def test_issue_duplicate_number_from_the_cli(world, commune_plan, commune_draft):
    # The commune's issued plan took its number in the register; deleting that plan frees nothing.
    Plan.objects.filter(pk=commune_plan.pk).delete()
    with pytest.raises(CommandError, match=f"Số {COMMUNE_PLAN_NUMBER:02d} đã được cấp"):
        run(
            "issue",
            str(commune_draft.pk),
            "--number",
            str(COMMUNE_PLAN_NUMBER),
            "--date",
            f"10/02/{commune_draft.year}",
        )
    run("issue", str(commune_draft.pk), "--number", "20", "--date", f"10/02/{commune_draft.year}")
    commune_draft.refresh_from_db()
    assert commune_draft.status == PlanStatus.ISSUED and commune_draft.number == 20
    other = Plan.objects.create(
        issuer=world.commune, year=commune_draft.year, symbol="KH-UBND", place="Thành Sen", title="Khác"
    )
    other.tasks.create(title="Tin", lead_unit=world.commune)
    with pytest.raises(CommandError, match="Số 20 đã được cấp"):
        run("issue", str(other.pk), "--number", "20", "--date", f"10/02/{commune_draft.year}", "--signer", "A")


def api_client(user):
    client = Client()
    client.force_login(user)
    return client


def post(client, url, body):
    return client.post(url, json.dumps(body), content_type="application/json")


def test_api_create_add_tasks_issue(world, year):
    client = api_client(world.users["editor"])
    created = post(client, "/api/plans", {"issuer": world.commune.code, "year": year, "title": "Kế hoạch API"})
    assert created.status_code == 201
    plan_id = created.json()["id"]
    assert created.json()["status"] == "draft" and created.json()["symbol"] == "KH-UBND"
    bad = post(client, f"/api/plans/{plan_id}/tasks", {"title": "Không chủ trì"})
    assert bad.status_code == 400 and "chưa chọn cơ quan chủ trì" in bad.json()["detail"]
    ok = post(
        client,
        f"/api/plans/{plan_id}/tasks",
        {"title": "Đăng tin", "lead_unit": world.commune.code, "quantity": "1.500"},
    )
    assert ok.status_code == 201 and ok.json()["quantity"] == 1500
    patched = client.patch(
        f"/api/plans/{plan_id}/tasks/{ok.json()['id']}",
        json.dumps({"revision": ok.json()["revision"], "deadline": f"{year}-12-31"}),
        content_type="application/json",
    )
    assert patched.status_code == 200 and patched.json()["deadline"] == f"{year}-12-31"
    forbidden = post(
        client, f"/api/plans/{plan_id}/issue", {"number": 3, "issued_on": f"{year}-02-01", "signer_name": "A"}
    )
    assert forbidden.status_code == 403
    leader = api_client(world.users["leader"])
    missing = post(leader, f"/api/plans/{plan_id}/issue", {"issued_on": f"{year}-02-01"})
    assert missing.status_code == 400 and "số văn bản" in missing.json()["detail"]
    issued = post(
        leader, f"/api/plans/{plan_id}/issue", {"number": 3, "issued_on": f"{year}-02-01", "signer_name": "A"}
    )
    assert issued.status_code == 200 and issued.json()["number"] == "03/KH-UBND"
    frozen = client.delete(f"/api/plans/{plan_id}/tasks/{ok.json()['id']}")
    assert frozen.status_code == 400


def test_api_detail_has_sections_and_tasks(world, province_plan, commune_plan):
    data = api_client(world.users["viewer"]).get(f"/api/plans/{province_plan.pk}").json()
    assert data["number"] == "07/KH-UBND" and [t["title"] for t in data["tasks"]] == [r.title for r in PROVINCE_TASKS]
    assert data["bases"][0]["symbol"] == "NQ-CP" and date.fromisoformat(data["bases"][0]["issued_on"]) == date(
        2021, 7, 15
    )
    assert [c["reform_area"] for c in data["contents"]] == ["chi_dao", "the_che", "tthc", "bo_may", "cong_vu"]
    PlanFactory(issuer=world.other_commune, parent=province_plan)
    implementing = api_client(world.users["coordinator"]).get(f"/api/plans/{province_plan.pk}/implementing").json()
    plans = {row["plan"]["id"]: row["plan"]["status"] for row in implementing if row["plan"]}
    assert plans[commune_plan.pk] == "issued" and sorted(plans.values()) == ["draft", "issued"]


def test_api_plan_list_pages_in_the_database(world, province_plan, django_assert_num_queries):
    """The list reads one page of rows, not every visible plan: the same queries for one plan and for six."""
    for _i in range(6):
        PlanFactory(issuer=world.commune)
    PlanFactory(issuer=world.foreign_commune)  # not the coordinator's province
    client = api_client(world.users["coordinator"])
    visible = client.get("/api/plans", {"limit": 1}).json()
    assert visible["count"] == 7
    for limit in (1, 6):
        # session, the user with units, the count, the page
        with django_assert_num_queries(4):
            page = client.get("/api/plans", {"limit": limit, "offset": 1}).json()
        assert len(page["items"]) == limit and page["count"] == visible["count"]
    first = Plan.objects.select_related("issuer").get(pk=visible["items"][0]["id"])
    expected_number = first.number_symbol if first.number is not None else None
    row = visible["items"][0]
    assert row["number"] == expected_number and row["issuer"]["code"] == first.issuer.code


@pytest.mark.parametrize(
    ("sections", "message"),
    [
        ({"purposes": 5}, "Mục đích phải là một danh sách."),
        ({"contents": ["chuỗi"]}, "Nội dung tuyên truyền: mỗi dòng phải là một bản ghi có các trường."),
        (
            {"bases": [{"number": "1", "symbol": "KH-UBND", "issued_on": "31/02/2026"}]},
            "ngày «31/02/2026» không hợp lệ",
        ),
        ({"phu_luc_la": []}, "Kế hoạch không có các phần: phu_luc_la."),
    ],
)
def test_api_rejects_malformed_sections_with_a_message(world, commune_draft, sections, message):
    client = api_client(world.users["editor"])
    response = client.patch(
        f"/api/plans/{commune_draft.pk}",
        json.dumps({"revision": commune_draft.revision, "sections": sections}),
        content_type="application/json",
    )
    assert response.status_code == 400 and message in response.json()["detail"]


def test_a_basis_cannot_link_a_plan_the_user_cannot_read(world, commune_draft):
    hidden = PlanFactory(issuer=world.other_commune)
    basis = {"kind": "implements", "doc_type": "Kế hoạch", "number": "10", "symbol": "KH-UBND", "plan_id": hidden.pk}
    client = api_client(world.users["editor"])
    response = client.patch(
        f"/api/plans/{commune_draft.pk}",
        json.dumps({"revision": commune_draft.revision, "sections": {"bases": [basis]}}),
        content_type="application/json",
    )
    assert response.status_code == 400 and f"kế hoạch mã {hidden.pk} không có" in response.json()["detail"]


@pytest.mark.parametrize(
    "sections",
    [
        {"contents": [{"text": "a", "indices": ["nope"]}]},
        {"contents": [{"text": "a", "indices": 5}]},
        {"responsibilities": [{"label": "A", "duties": 5}]},
        {"bases": [{"kind": ["x"], "number": "1"}]},
        {"bases": [{"number": "1", "plan_id": True}]},
        {"bases": [{"number": "1", "plan_id": 2**70}]},
        {"objectives": [{"metric": "Tin", "target": "1e100000"}]},
    ],
)
def test_api_odd_section_values_are_a_400_not_a_500(world, commune_draft, sections):
    client = api_client(world.users["editor"])
    response = client.patch(
        f"/api/plans/{commune_draft.pk}",
        json.dumps({"revision": commune_draft.revision, "sections": sections}),
        content_type="application/json",
    )
    assert response.status_code == 400, response.content


def test_api_task_fields_longer_than_the_column_are_refused(world, commune_draft):
    client = api_client(world.users["editor"])
    response = post(
        client,
        f"/api/plans/{commune_draft.pk}/tasks",
        {"title": "T", "lead_unit": world.commune.code, "product": "x" * 300},
    )
    assert response.status_code == 400 and "dài quá 255 ký tự" in response.json()["detail"]


def test_a_plan_cannot_implement_a_plan_of_its_own_issuer(world, commune_draft, province_plan):
    own_issued = issued_commune_plan(province_plan, world.other_commune)
    client = api_client(world.users["neighbour"])
    mine = post(
        client,
        "/api/plans",
        {"issuer": world.other_commune.code, "year": province_plan.year, "parent_id": own_issued.pk},
    )
    assert mine.status_code == 400 and "Kế hoạch cấp trên phải" in mine.json()["detail"]


def test_api_patch_with_a_stale_revision_is_a_409_and_changes_nothing(world, commune_draft):
    client = api_client(world.users["editor"])
    url = f"/api/plans/{commune_draft.pk}"
    read = client.get(url).json()
    first = client.patch(url, json.dumps({"revision": read["revision"], "title": "Bản A"}), "application/json")
    assert first.status_code == 200 and first.json()["revision"] == read["revision"] + 1
    stale = client.patch(url, json.dumps({"revision": read["revision"], "title": "Bản B"}), "application/json")
    assert stale.status_code == 409 and stale.json()["code"] == "conflict"
    assert "vừa được" in stale.json()["detail"]
    assert client.get(url).json()["title"] == "Bản A"
    task = read["tasks"][0]
    task_url = f"{url}/tasks/{task['id']}"
    ok = client.patch(task_url, json.dumps({"revision": task["revision"], "note": "A"}), "application/json")
    assert ok.status_code == 200 and ok.json()["revision"] == task["revision"] + 1
    late = client.patch(task_url, json.dumps({"revision": task["revision"], "note": "B"}), "application/json")
    assert late.status_code == 409 and "Nhiệm vụ" in late.json()["detail"]
    missing = client.patch(task_url, json.dumps({"note": "C"}), "application/json")
    assert missing.status_code in (400, 422)  # the revision is required: no blind overwrite
