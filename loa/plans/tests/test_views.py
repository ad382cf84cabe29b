"""Plan pages through the test client: the htmx table editor, saving, issuing, exports, query counts."""

import io
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from docx import Document

from loa.plans.catalog import PlanStatus
from loa.plans.models import Plan


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def editor_data(client, plan):
    """The editor form exactly as the browser would submit it unchanged."""
    response = client.get(f"/plans/{plan.pk}/edit/")
    assert response.status_code == 200
    form = response.context["editor"]
    data: dict[str, Any] = {}
    for name, field in form.general.fields.items():
        value = form.general.initial.get(name, field.initial)
        if name == "parent":
            value = value or ""
        if isinstance(value, list):
            data[name] = value
        elif value is not None:
            data[name] = str(value)
    for prefix, formset in form.formsets.items():
        data[f"{prefix}-TOTAL_FORMS"] = str(len(formset.initial or []))
        data[f"{prefix}-INITIAL_FORMS"] = "0"
        for i, row in enumerate(formset.initial or []):
            for key, value in row.items():
                if value is None:
                    continue
                data[f"{prefix}-{i}-{key}"] = value.isoformat() if hasattr(value, "isoformat") else value
    return data


def test_row_actions_rearrange_without_saving(world, commune_draft):
    client = client_for(world.users["editor"])
    data = editor_data(client, commune_draft)
    titles = lambda r: [f.initial.get("title") for f in r.context["editor"].formsets["tasks"].forms]  # noqa: E731
    response = client.post(f"/plans/{commune_draft.pk}/edit/", {**data, "_row": "tasks:down:0"}, HTTP_HX_REQUEST="true")
    assert titles(response) == ["Phát thanh CCHC", "Đăng tin về CCHC", "Niêm yết TTHC"]
    response = client.post(f"/plans/{commune_draft.pk}/edit/", {**data, "_row": "tasks:dup:2"})
    assert titles(response) == ["Đăng tin về CCHC", "Phát thanh CCHC", "Niêm yết TTHC", "Niêm yết TTHC"]
    assert response.context["editor"].formsets["tasks"].forms[3].initial.get("id") is None  # a copy is a new task
    response = client.post(f"/plans/{commune_draft.pk}/edit/", {**data, "_row": "tasks:add"})
    assert len(titles(response)) == 4
    assert commune_draft.tasks.count() == 3  # nothing saved by row actions


def test_save_from_the_editor_keeps_task_ids_and_parses_bases(world, commune_draft, province_plan):
    client = client_for(world.users["editor"])
    data = editor_data(client, commune_draft)
    ids = list(commune_draft.tasks.order_by("position").values_list("pk", flat=True))
    day = province_plan.issued_on
    data["bases_text"] = (
        "Căn cứ Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ ban hành Chương trình tổng thể\n"
        f"Thực hiện Kế hoạch số 07/KH-UBND ngày {day.day}/{day.month}/{day.year} của UBND tỉnh Hà Tĩnh về tuyên truyền"
    )
    data["tasks-0-quantity"] = "1.500"
    response = client.post(f"/plans/{commune_draft.pk}/edit/", data)
    assert response.status_code == 302, response.context["editor"].general.errors
    plan = Plan.objects.get(pk=commune_draft.pk)
    assert list(plan.tasks.order_by("position").values_list("pk", flat=True)) == ids
    assert plan.tasks.order_by("position").first().quantity == 1500
    assert [b["symbol"] for b in plan.bases] == ["NQ-CP", "KH-UBND"]
    assert plan.bases[1]["kind"] == "implements" and plan.bases[1]["plan_id"] == province_plan.pk


def test_invalid_task_shows_vietnamese_message_and_saves_nothing(world, commune_draft):
    client = client_for(world.users["editor"])
    data = editor_data(client, commune_draft)
    data["tasks-1-leads"] = []
    data["title"] = "Không được lưu"
    response = client.post(f"/plans/{commune_draft.pk}/edit/", data)
    assert response.status_code == 200
    assert "Nhiệm vụ 2: chưa chọn cơ quan chủ trì." in response.content.decode()
    assert Plan.objects.get(pk=commune_draft.pk).title != "Không được lưu"


def test_leader_issues_from_the_page_with_the_suggested_number(world, commune_draft):
    client = client_for(world.users["leader"])
    page = client.get(f"/plans/{commune_draft.pk}/issue/")
    number = page.context["form"].initial["number"]
    response = client.post(
        f"/plans/{commune_draft.pk}/issue/",
        {"number": number, "issued_on": f"{commune_draft.year}-02-10", "signer_name": "Lê Văn Ký"},
    )
    assert response.status_code == 302
    plan = Plan.objects.get(pk=commune_draft.pk)
    assert plan.status == PlanStatus.ISSUED and plan.number == number


def test_docx_download_from_the_plan_page(world, province_plan):
    response = client_for(world.users["editor"]).get(f"/plans/{province_plan.pk}/export/docx/")
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.docx"')
    assert "Số: 07/KH-UBND" in "\n".join(
        c.text for row in Document(io.BytesIO(response.content)).tables[0].rows for c in row.cells
    )


def test_unknown_export_format_is_a_clear_404(world, province_plan):
    response = client_for(world.users["editor"]).get(f"/plans/{province_plan.pk}/export/odt/")
    assert response.status_code == 404
    assert "Định dạng «odt» không được hỗ trợ" in response.content.decode()


@pytest.mark.parametrize("path", ["/plans/?year={year}", "/plans/{pk}/", "/plans/{pk}/cascade/"])
def test_plan_pages_use_a_bounded_number_of_queries(world, province_plan, path):
    client = client_for(world.users["coordinator"])
    url = path.format(year=province_plan.year, pk=province_plan.pk)
    client.get(url)  # warm caches (session, content types)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    assert len(queries) <= 20, [q["sql"][:120] for q in queries]


def test_years_are_not_written_with_thousand_separators(world, province_plan):
    client = client_for(world.users["editor"])
    page = client.get(f"/plans/?year={province_plan.year}").content.decode()
    assert f'<option value="{province_plan.year}" selected>{province_plan.year}</option>' in page
    home = client.get("/").content.decode()
    assert f"Kế hoạch năm {province_plan.year}" in home and "07/KH-UBND" in home
    detail = client.get(f"/plans/{province_plan.pk}/").content.decode()
    assert f"<dd>{province_plan.year}</dd>" in detail and "2.0" not in detail.split("Năm thực hiện")[1][:40]


def test_readers_see_the_issued_text_while_an_amendment_is_drafted(world, commune_draft):
    from loa.plans.services import IssueInput, plan_amend, plan_issue, plan_save

    plan = plan_issue(
        actor=world.users["leader"],
        plan=commune_draft,
        data=IssueInput(number=30, issued_on=commune_draft.created_at.date().replace(month=2, day=10)),
    )
    issued_title = plan.title
    plan_amend(actor=world.users["editor"], plan=plan)
    plan_save(actor=world.users["editor"], plan=plan, fields={"title": "Bản nháp điều chỉnh chưa duyệt"})
    viewer = client_for(world.users["viewer"])  # reads the commune's data, does not draft
    page = viewer.get(f"/plans/{plan.pk}/").content.decode()
    assert issued_title in page and "Bản nháp điều chỉnh" not in page
    assert viewer.get(f"/api/plans/{plan.pk}").json()["title"] == issued_title
    doc = Document(io.BytesIO(viewer.get(f"/plans/{plan.pk}/export/docx/").content))
    header = "\n".join(c.text for row in doc.tables[0].rows for c in row.cells)
    assert "Số: 30/KH-UBND" in header  # the valid issued document, not a blank draft
    assert "Bản nháp điều chỉnh" not in viewer.get(f"/plans/{plan.pk}/changes/").content.decode()
    editor_page = client_for(world.users["editor"]).get(f"/plans/{plan.pk}/").content.decode()
    assert "Bản nháp điều chỉnh chưa duyệt" in editor_page and 'data-testid="plan-diff"' in editor_page


def test_saving_the_editor_unchanged_loses_nothing(world, province_plan):
    from loa.plans.cascade import cascade
    from loa.plans.services import plan_save
    from loa.plans.tasks_input import TaskInput

    (child,) = cascade(actor=world.users["coordinator"], plan=province_plan, targets=[world.commune]).created
    rows = [TaskInput.from_task(t) for t in child.tasks.order_by("position")]
    rows[0].coordinating = [f"{child.issuer.code}.KT"]
    plan_save(
        actor=world.users["admin"],
        plan=child,
        tasks=rows,
        sections={"responsibilities": [{"unit": f"{child.issuer.code}.VP", "duties": ["Chủ trì"]}]},
    )
    before = Plan.objects.get(pk=child.pk)
    assert before.responsibilities[0]["label"] == "Văn phòng HĐND và UBND"  # named from the unit
    client = client_for(world.users["admin"])
    response = client.post(f"/plans/{child.pk}/edit/", editor_data(client, child))
    assert response.status_code == 302
    after = Plan.objects.get(pk=child.pk)
    assert after.contents == before.contents  # several indices per content survive
    assert any(len(c["indices"]) > 1 for c in after.contents)
    assert after.responsibilities == before.responsibilities
    assert after.tasks.order_by("position").first().coordinating == [f"{child.issuer.code}.KT"]


@pytest.mark.parametrize("url", ["/plans/?year=²", "/plans/?year=99999999999999999999"])
def test_odd_query_values_do_not_crash(world, url):
    assert client_for(world.users["editor"]).get(url).status_code == 200


def test_odd_row_action_does_not_crash(world, commune_draft):
    client = client_for(world.users["editor"])
    data = {**editor_data(client, commune_draft), "_row": "tasks:del:²"}
    assert client.post(f"/plans/{commune_draft.pk}/edit/", data).status_code == 200


def test_a_mismatched_citation_is_kept_and_flagged(world, commune_draft):
    client = client_for(world.users["editor"])
    data = editor_data(client, commune_draft)
    data["bases_text"] = "Thực hiện Kế hoạch số 4707/QĐ-UBND ngày 24/12/2021 của UBND tỉnh Hải Dương về thực hiện CCHC"
    assert client.post(f"/plans/{commune_draft.pk}/edit/", data).status_code == 302
    basis = Plan.objects.get(pk=commune_draft.pk).bases[0]
    assert basis["symbol"] == "QĐ-UBND" and basis["warnings"]
    page = client.get(f"/plans/{commune_draft.pk}/").content.decode()
    assert "không khớp ký hiệu" in page


def test_a_save_over_someone_elses_change_is_a_409_that_keeps_what_was_typed(world, commune_draft):
    first, second = client_for(world.users["editor"]), client_for(world.users["leader"])
    opened_first, opened_second = editor_data(first, commune_draft), editor_data(second, commune_draft)
    assert opened_first["revision"] == opened_second["revision"] == str(commune_draft.revision)
    saved = first.post(f"/plans/{commune_draft.pk}/edit/", {**opened_first, "tasks-0-title": "Đăng tin (bản A)"})
    assert saved.status_code == 302
    typed = {**opened_second, "tasks-0-title": "Đăng tin (bản B)", "title": "Trích yếu người B gõ"}
    stale = second.post(f"/plans/{commune_draft.pk}/edit/", typed)
    assert stale.status_code == 409
    page = stale.content.decode()
    assert "vừa được" in page and "chưa được lưu" in page and "Đăng tin (bản B)" in page
    assert 'value="Trích yếu người B gõ"' in page  # the form comes back with the input
    commune_draft.refresh_from_db()
    assert commune_draft.tasks.order_by("position").first().title == "Đăng tin (bản A)"  # nothing overwritten
    assert commune_draft.title != "Trích yếu người B gõ"
