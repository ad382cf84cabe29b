"""Account pages: import with its one-time credential sheet, first login forced to change the password, the list's
filters, deactivation with a successor, and units with nobody to work marked on the units list."""

import io
import re

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from python_calamine import CalamineWorkbook

from loa.org.accounts import account_create
from loa.org.models import User
from loa.org.services import api_token_create
from loa.org.tests.test_user_import import province_rows, xlsx


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def upload(content, name="tai-khoan.xlsx"):
    return SimpleUploadedFile(name, content)


def test_import_page_checks_then_creates_and_offers_the_credential_sheet_once(world):
    client = signed_in(world.users["coordinator"])
    content = xlsx(province_rows(world))
    before = User.objects.count()
    checked = client.post("/users/import/", {"file": upload(content), "dry_run": "on"})
    assert "Tệp hợp lệ: 70 tài khoản" in checked.content.decode() and User.objects.count() == before
    done = client.post("/users/import/", {"file": upload(content)})
    page = done.content.decode()
    assert "Đã tạo 70 tài khoản" in page and User.objects.count() == before + 70
    token = re.search(r'name="token" value="([^"]+)"', page).group(1)
    sheet = client.post("/users/credentials/", {"token": token, "format": "xlsx"})
    assert sheet["Content-Type"].startswith("application/vnd.openxmlformats")
    book = CalamineWorkbook.from_filelike(io.BytesIO(sheet.content))
    rows = [r for name in book.sheet_names for r in book.get_sheet_by_name(name).to_python()[4:]]
    assert len(rows) == 70
    username, password = str(rows[0][1]), str(rows[0][2])
    assert User.objects.get(username=username).check_password(password)
    printable = client.post("/users/credentials/", {"token": token, "format": "html"}).content.decode()
    assert printable.count('class="credential-page"') == len(book.sheet_names)
    assert password in printable and "http://" in printable
    # The passwords are in no stored place: not in the session, not in the history.
    assert password not in str(dict(client.session))
    assert "password" not in {f.name for f in User.history.model._meta.fields}


def test_import_page_names_the_bad_row_and_column(world):
    client = signed_in(world.users["coordinator"])
    rows = province_rows(world)
    rows[10][0] = "Xã Không Có"
    before = User.objects.count()
    page = client.post("/users/import/", {"file": upload(xlsx(rows))}).content.decode()
    assert 'data-testid="import-errors"' in page and "<td>12</td><td>Đơn vị</td>" in page
    assert "chưa có tài khoản nào được tạo" in page and User.objects.count() == before


def test_hostile_uploads_get_a_vietnamese_message(world, settings):
    client = signed_in(world.users["coordinator"])
    page = client.post("/users/import/", {"file": upload(b"<html>not a sheet</html>", "x.xlsx")}).content.decode()
    assert "không phải là bảng tính Excel" in page
    settings.LOA_IMPORT_MAX_BYTES = 1024
    page = client.post("/users/import/", {"file": upload(b"PK\x03\x04" + b"0" * 4096)}).content.decode()
    assert "Tệp quá lớn" in page


def test_first_login_must_change_the_one_time_password(world):
    user, password = account_create(
        actor=world.users["coordinator"], username="lan.dau", role="editor", unit=world.commune, full_name="Lần Đầu"
    )
    rows = user.history.count()
    client = Client()
    assert client.post("/login/", {"username": "lan.dau", "password": password}).status_code == 302
    assert user.history.count() == rows  # the login re-hashed the one-time password: no change anyone made
    home = client.get("/")
    assert home.status_code == 302 and home["Location"] == "/password/"
    assert client.get("/activities/").status_code == 302
    page = client.get("/password/")
    assert page.status_code == 200 and "/todo/count/" not in page.content.decode()  # no count to fetch yet
    # A fragment a page asks for is not the page to be redirected: it would hold the whole password page.
    assert client.get("/todo/count/", HTTP_HX_REQUEST="true").status_code == 204
    assert client.get("/api/me").status_code == 200  # the API is not a page to be sent elsewhere
    _token, secret = api_token_create(actor=user, user=user, name="cli")
    assert Client().get("/api/me", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 200
    same = client.post("/password/", {"old_password": password, "new_password1": password, "new_password2": password})
    assert "phải khác mật khẩu hiện tại" in same.content.decode()
    new = "Thanh-Sen-2026-moi"
    changed = client.post("/password/", {"old_password": password, "new_password1": new, "new_password2": new})
    assert changed.status_code == 302
    user.refresh_from_db()
    assert not user.must_change_password and user.check_password(new)
    assert client.get("/").status_code == 200
    assert user.history.latest().history_change_reason == "user.password_changed"
    assert user.history.count() == rows + 1  # one change: the password and the obligation ended together


def test_htmx_fragments_answer_empty_with_a_one_time_password(world):
    """The password page's menu asked for the to-do count by htmx: a redirect there made htmx nest the password page
    inside the menu, again and again. The menu no longer asks, and a fragment asked anyway answers 204 (htmx swaps
    nothing) and queues no message."""
    _user, password = account_create(actor=world.users["admin"], username="vong.lap", role="editor", unit=world.commune)
    client = Client()
    client.post("/login/", {"username": "vong.lap", "password": password})
    page = client.get("/password/").content.decode()
    assert 'hx-get="/todo/count/"' not in page  # no count is asked for until the password is changed
    badge = client.get("/todo/count/", HTTP_HX_REQUEST="true")
    assert badge.status_code == 204 and badge.content == b""
    assert client.get("/todo/count/").status_code == 302  # a plain request is still sent to the password page
    assert client.get("/password/").content.decode().count("must-change") == 1


def test_logout_stays_open_with_a_one_time_password(world):
    _user, password = account_create(actor=world.users["admin"], username="ra.ve", role="viewer", unit=world.commune)
    client = Client()
    client.post("/login/", {"username": "ra.ve", "password": password})
    assert client.post("/logout/")["Location"] == "/login/"


def test_user_list_filters(world):
    client = signed_in(world.users["coordinator"])
    page = client.get("/users/", {"role": "leader"}).content.decode()
    assert "xa1.lanhdao" in page and "xa1.nhaplieu" not in page
    page = client.get("/users/", {"q": "nhaplieu", "unit": world.commune.pk}).content.decode()
    assert "xa1.nhaplieu" in page and "xa2.nhaplieu" not in page and "dn.xa.nhaplieu" not in page


def test_deactivate_page_names_a_successor(world):
    client = signed_in(world.users["coordinator"])
    editor, leader = world.users["editor"], world.users["leader"]
    form = client.get(f"/users/{editor.pk}/deactivate/").content.decode()
    assert f'value="{leader.pk}"' in form and f'value="{world.users["foreign_editor"].pk}"' not in form
    assert client.post(f"/users/{editor.pk}/deactivate/", {"successor": leader.pk}).status_code == 302
    editor.refresh_from_db()
    assert not editor.is_active and editor.successor == leader
    page = client.get("/users/", {"active": "0"}).content.decode()
    assert "xa1.nhaplieu" in page and "thay bởi" in page


def test_reset_shows_the_password_once(world):
    client = signed_in(world.users["coordinator"])
    viewer = world.users["viewer"]
    page = client.post(f"/users/{viewer.pk}/reset-password/").content.decode()
    password = re.search(r'data-testid="one-time-password">([^<]+)<', page).group(1)
    viewer.refresh_from_db()
    assert viewer.check_password(password) and viewer.must_change_password
    assert password not in client.get("/users/").content.decode()


def test_create_page_makes_up_a_username(world):
    client = signed_in(world.users["coordinator"])
    page = client.post("/users/new/", {"full_name": "Hồ Thị Mai", "unit": world.commune.pk, "role": "editor"})
    assert page.status_code == 200
    user = User.objects.get(full_name="Hồ Thị Mai")
    assert user.username == f"maiht.{world.commune.code.lower()}" and user.must_change_password
    refused = client.post(
        "/users/new/", {"full_name": "Ngoại Tỉnh", "unit": world.foreign_commune.pk, "role": "editor"}
    )
    assert "unit" in refused.context["form"].errors and not User.objects.filter(full_name="Ngoại Tỉnh").exists()


def _row(page, name):
    return page.split(f">{name}</a>", 1)[1].split("</tr>", 1)[0]


def test_units_list_marks_units_nobody_works_for(world):
    from loa.org.models import OrgUnit

    client = signed_in(world.users["coordinator"])
    quiet = OrgUnit.objects.filter(parent=world.province, unit_type="ubnd_xa", users__isnull=True).first()
    foreign_quiet = OrgUnit.objects.filter(parent__code="48", unit_type="ubnd_xa", users__isnull=True).first()
    for unit, marked in ((world.commune, False), (quiet, True), (foreign_quiet, False)):
        page = client.get("/units/", {"q": unit.name}).content.decode()
        # Units outside the reach are never marked: who works there is not the coordinator's business.
        assert ('data-testid="no-staff"' in _row(page, unit.name)) is marked, unit.name
    page = signed_in(world.users["foreign"]).get("/units/", {"q": foreign_quiet.name}).content.decode()
    assert 'data-testid="no-staff"' in _row(page, foreign_quiet.name)


def test_report_board_marks_units_nobody_can_send_for(world):
    from loa.org.accounts import user_deactivate

    client = signed_in(world.users["coordinator"])
    url = f"/reports/board/?recipient={world.snv.code}&period=2026Q1"

    def marked(page, unit):
        return 'data-testid="no-staff"' in page.split(f'data-unit="{unit.code}"', 1)[1].split("</tr>", 1)[0]

    page = client.get(url).content.decode()
    assert not marked(page, world.commune)
    for persona in ("editor", "leader"):
        user_deactivate(actor=world.users["coordinator"], user=world.users[persona])
    assert marked(client.get(url).content.decode(), world.commune)
