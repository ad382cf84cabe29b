"""The web shell as a user meets it: login, lockout, Vietnamese pages, English switch, formats, queries."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.formats import number_format

from loa.org.models import OrgUnit
from loa.web.tests.test_todo import TODO_COORDINATOR_QUERIES


def test_login_page_is_vietnamese_and_demo_login_works(world):
    client = Client()
    page = client.get("/login/")
    assert "Đăng nhập Loa" in page.content.decode()
    assert page["Content-Security-Policy"].startswith("default-src 'self'")
    response = client.post("/login/", {"username": "xa1.nhaplieu", "password": "Loa-demo-2026"}, follow=True)
    body = response.content.decode()
    assert "Tổng quan" in body and "Đầu mối CCHC (nhập liệu)" in body
    assert world.commune.name in body


def test_wrong_password_many_times_locks_out_with_a_clear_message(world):
    client = Client()
    for _ in range(4):
        response = client.post("/login/", {"username": "xa1.nhaplieu", "password": "sai-mat-khau"})
        assert "Tên đăng nhập hoặc mật khẩu không đúng" in response.content.decode()
    response = client.post("/login/", {"username": "xa1.nhaplieu", "password": "sai-mat-khau"})
    assert response.status_code == 429
    assert "tạm thời bị khóa" in response.content.decode()
    # Even the right password is refused while locked out.
    response = client.post("/login/", {"username": "xa1.nhaplieu", "password": "Loa-demo-2026"})
    assert response.status_code == 429


def test_english_is_available(world):
    client = Client()
    client.force_login(world.users["editor"])
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    body = client.get("/").content.decode()
    assert "Overview" in body and "Tổng quan" not in body


def test_numbers_and_dates_use_vietnamese_conventions(world):
    from datetime import date

    from django.utils.formats import date_format

    with translation.override("vi"):
        assert number_format(1234567, force_grouping=True) == "1.234.567"
        assert number_format(88.37, decimal_pos=2) == "88,37"
        assert date_format(date(2026, 1, 5), "SHORT_DATE_FORMAT") == "05/01/2026"


def test_unit_search_page_without_diacritics(world):
    client = Client()
    client.force_login(world.users["editor"])
    body = client.get(reverse("web:unit_list"), {"q": "da nang"}).content.decode()
    assert "Thành phố Đà Nẵng" in body
    partial = client.get(reverse("web:unit_list"), {"q": "huong khe"}, HTTP_HX_REQUEST="true").content.decode()
    assert "Xã Hương Khê" in partial and "<html" not in partial


def test_bad_page_and_unknown_unit_are_vietnamese_not_tracebacks(world):
    client = Client()
    client.force_login(world.users["editor"])
    response = client.get("/units/KHONG-CO/")
    assert response.status_code == 404
    assert "Không tìm thấy đơn vị có mã «KHONG-CO»" in response.content.decode()
    assert client.get("/units/?page=abc").status_code == 200


def test_unit_edit_form_errors_change_nothing(world):
    client = Client()
    client.force_login(world.users["coordinator"])
    url = reverse("web:unit_edit", args=[world.snv.code])
    response = client.post(url, {"name": "", "unit_type": "so_noi_vu", "valid_from": "31/02/2026"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Trường này là bắt buộc" in body or "bắt buộc" in body
    assert OrgUnit.objects.get(pk=world.snv.pk).name == "Sở Nội vụ"
    response = client.post(
        url, {"name": "Sở Nội vụ tỉnh Hà Tĩnh", "unit_type": "so_noi_vu", "valid_from": "01/07/2025"}
    )
    assert response.status_code == 302
    unit = OrgUnit.objects.get(pk=world.snv.pk)
    assert unit.name == "Sở Nội vụ tỉnh Hà Tĩnh" and str(unit.valid_from) == "2025-07-01"


def test_unit_import_page_lists_row_errors(world):
    from loa.org.tests.test_unit_import import xlsx

    client = Client()
    client.force_login(world.users["coordinator"])
    bad = xlsx([["42.Z", "Đơn vị Z", "", "không rõ", "42", ""]])
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(reverse("web:unit_import"), {"file": SimpleUploadedFile("u.xlsx", bad)})
    body = response.content.decode()
    assert "Tệp có 1 lỗi" in body and "không rõ" in body
    assert not OrgUnit.objects.filter(code="42.Z").exists()


@pytest.mark.parametrize("extra", [0, 40])
def test_list_pages_have_constant_query_counts(world, django_assert_max_num_queries, extra):
    from loa.org.services import unit_update

    for unit in OrgUnit.objects.filter(parent=world.province)[:extra]:
        unit_update(actor=world.users["admin"], unit=unit, phone="0")
    client = Client()
    client.force_login(world.users["coordinator"])
    from loa.core.audit import audited_models

    # The audit trail reads each audited table twice (rows, then their previous versions): the bound
    # grows with the number of audited models, never with the number of rows.
    bound = 8 + 2 * len(audited_models())
    # The home page adds the coordinator's to-do, a fixed number of queries (test_todo guards it).
    with django_assert_max_num_queries(bound + TODO_COORDINATOR_QUERIES):
        assert client.get("/").status_code == 200
    for url in ["/units/?q=xa", f"/units/{world.province.code}/", "/audit/", "/users/"]:
        with django_assert_max_num_queries(bound):
            assert client.get(url).status_code == 200
