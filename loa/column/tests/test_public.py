"""The public column (no account): what appears and what does not, search without diacritics, the Atom feed, the
frame for portals, photos, documents, index results, links; bad input never a 500; the cache and its invalidation."""

import xml.etree.ElementTree as ET
from datetime import date

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from loa.column import services
from loa.column.models import NewsItem
from loa.org.models import OrgUnit
from loa.org.scope import SYSTEM

from .factories import draft, pending, published

ATOM = "{http://www.w3.org/2005/Atom}"


def home(client, unit, **params):
    return client.get(f"/cchc/{unit.code}/", params)


def test_published_items_appear_and_others_do_not(world, client):
    shown = published(world.commune, title="Hội nghị đối thoại với người dân về thủ tục hộ tịch")
    waiting = pending(world.commune, title="Tin đang chờ lãnh đạo duyệt")
    drafted = draft(world.commune, title="Tin còn là bản nháp")
    returned = pending(world.commune, title="Tin bị trả lại để sửa")
    services.news_return(actor=SYSTEM, item=returned, note="Sửa lại", revision=returned.revision)
    withdrawn = published(world.commune, title="Tin đã gỡ khỏi chuyên mục")
    services.news_withdraw(actor=SYSTEM, item=withdrawn, note="Trùng tin", revision=withdrawn.revision)

    page = home(client, world.commune)
    assert page.status_code == 200
    text = page.content.decode()
    assert shown.title in text and world.commune.name in text
    for hidden in (waiting, drafted, returned, withdrawn):
        assert hidden.title not in text
        assert client.get(f"/cchc/{world.commune.code}/tin/{hidden.pk}/").status_code == 404
    item_page = client.get(f"/cchc/{world.commune.code}/tin/{shown.pk}/")
    assert item_page.status_code == 200
    body = item_page.content.decode()
    assert shown.title in body and "<p>Xã treo pano tại nhà văn hóa các thôn.</p>" in body
    photo = shown.images.get()
    assert f"/cchc/{world.commune.code}/anh/{photo.pk}/" in body
    # The item belongs to its unit's column only.
    assert client.get(f"/cchc/{world.other_commune.code}/tin/{shown.pk}/").status_code == 404
    assert "public" in page["Cache-Control"] and "max-age=120" in page["Cache-Control"]
    assert "<script" not in text and "http://" not in text.split("<body", 1)[1].replace("http://testserver", "")


def test_photos_are_served_only_for_published_items_of_the_unit(world, client):
    shown = published(world.commune, pdf=True)
    photo = shown.images.get()
    answer = client.get(f"/cchc/{world.commune.code}/anh/{photo.pk}/")
    assert answer.status_code == 200 and answer["Content-Type"] == "image/png"
    assert b"".join(answer.streaming_content).startswith(b"\x89PNG")
    assert "max-age=86400" in answer["Cache-Control"] and answer["X-Content-Type-Options"] == "nosniff"
    pdf = shown.activity.evidence.get(kind="pdf")
    waiting = pending(world.commune, title="Chờ duyệt có ảnh")
    for pk in (pdf.pk, waiting.images.get().pk, 99999999999999999999):
        assert client.get(f"/cchc/{world.commune.code}/anh/{pk}/").status_code == 404
    assert client.get(f"/cchc/{world.other_commune.code}/anh/{photo.pk}/").status_code == 404
    services.news_withdraw(actor=SYSTEM, item=shown, note="Gỡ", revision=shown.revision)
    assert client.get(f"/cchc/{world.commune.code}/anh/{photo.pk}/").status_code == 404


def test_search_ignores_diacritics_and_case(world, client):
    found = published(world.commune, title="Ra mắt chuyên mục cải cách hành chính của xã")
    published(world.commune, title="Treo băng rôn tại chợ")
    for query in ("chuyen muc", "CHUYÊN MỤC", "chuyên muc cai cach"):
        answer = client.get(f"/cchc/{world.commune.code}/tim-kiem/", {"q": query})
        assert answer.status_code == 200
        text = answer.content.decode()
        assert found.title in text and "Treo băng rôn" not in text, query
    nothing = client.get(f"/cchc/{world.commune.code}/tim-kiem/", {"q": "khong co gi"}).content.decode()
    assert "Không có tin nào khớp." in nothing


def test_the_feed_is_atom_with_absolute_links(world, client):
    item = published(world.commune, title="Đối thoại về thủ tục đăng ký khai sinh")
    pending(world.commune, title="Chưa duyệt thì không có trong nguồn tin")
    answer = client.get(f"/cchc/{world.commune.code}/feed/")
    assert answer.status_code == 200 and answer["Content-Type"] == "application/atom+xml; charset=utf-8"
    root = ET.fromstring(answer.content)
    assert root.tag == f"{ATOM}feed"
    assert world.commune.name in (root.findtext(f"{ATOM}title") or "")
    assert root.findtext(f"{ATOM}updated") and root.findtext(f"{ATOM}id")
    entries = root.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == [item.title]
    link = entries[0].find(f"{ATOM}link").get("href")
    assert link == f"http://testserver/cchc/{world.commune.code}/tin/{item.pk}/"
    assert entries[0].findtext(f"{ATOM}published") and entries[0].findtext(f"{ATOM}updated")
    assert "nhà văn hóa" in (entries[0].findtext(f"{ATOM}summary") or "")


def test_the_embed_page_may_be_framed_and_no_other_page_may(world, client):
    item = published(world.commune, title="Tin trong khung nhúng")
    framed = client.get(f"/cchc/{world.commune.code}/nhung/")
    assert framed.status_code == 200 and item.title in framed.content.decode()
    assert "X-Frame-Options" not in framed
    assert "frame-ancestors *" in framed["Content-Security-Policy"]
    assert 'target="_blank"' in framed.content.decode() and "<script" not in framed.content.decode()
    other = home(client, world.commune)
    assert other["X-Frame-Options"] == "DENY" and "frame-ancestors 'none'" in other["Content-Security-Policy"]


def test_unknown_units_and_hostile_input_are_clear_answers(world, client):
    item = published(world.commune)
    missing = client.get("/cchc/khong-co-ma-nay/")
    assert missing.status_code == 404 and "Không tìm thấy chuyên mục CCHC" in missing.content.decode()
    press = OrgUnit.objects.filter(unit_type="dai_pt_th").first()
    if press is not None:
        assert client.get(f"/cchc/{press.code}/").status_code == 404
    base = f"/cchc/{world.commune.code}"
    for page in ("abc", "²", "0", "-1", "99999999999999999999", "1.5"):
        assert client.get(f"{base}/", {"page": page}).status_code == 400, page
        assert client.get(f"{base}/tim-kiem/", {"q": "tin", "page": page}).status_code == 400
    assert client.get(f"{base}/", {"page": "9999"}).status_code == 200  # past the last page: the last page
    markup = client.get(f"{base}/tim-kiem/", {"q": "<script>alert(1)</script>" + "x" * 5000})
    assert markup.status_code == 200 and "<script>alert" not in markup.content.decode()
    assert client.get(f"{base}/", {"q": "a\x00b"}).status_code == 400
    for path in (
        f"{base}/tin/99999999999999999999/",
        f"{base}/van-ban/ke-hoach/99999999999999999999/pdf/",
        f"{base}/van-ban/ke-hoach/1/exe/",
        f"{base}/van-ban/bao-cao/2026Q1/xlsx/",
        f"{base}/van-ban/bao-cao/%3Cscript%3E/pdf/",
        f"/cchc/%20/tin/{item.pk}/",
    ):
        assert client.get(path).status_code == 404, path


def test_a_merged_units_old_code_leads_to_its_successors_column(world, client):
    from loa.org.services import unit_create, unit_update

    legacy = unit_create(
        actor=SYSTEM,
        code="L99001",
        name="Xã Cũ Trước Sáp Nhập",
        unit_type="ubnd_xa",
        parent=world.province,
        valid_to=date(2025, 6, 30),
    )
    unit_update(actor=SYSTEM, unit=legacy, successor=world.commune)
    answer = client.get(f"/cchc/{legacy.code}/tim-kiem/?q=tin")
    assert answer.status_code == 301 and answer["Location"] == f"/cchc/{world.commune.code}/tim-kiem/?q=tin"
    unit_update(actor=SYSTEM, unit=legacy, successor=None)
    assert client.get(f"/cchc/{legacy.code}/").status_code == 404


def test_publishing_and_withdrawing_show_at_once_despite_the_cache(world, client):
    first = published(world.commune, title="Tin thứ nhất")
    assert first.title in home(client, world.commune).content.decode()
    # Kept: a change made behind the services' back does not show before the cache expires.
    NewsItem.objects.filter(pk=first.pk).update(title="Sửa thẳng trong cơ sở dữ liệu")
    assert "Tin thứ nhất" in home(client, world.commune).content.decode()
    second = published(world.commune, title="Tin thứ hai vừa duyệt")
    text = home(client, world.commune).content.decode()
    assert second.title in text and "Sửa thẳng trong cơ sở dữ liệu" in text
    services.news_withdraw(actor=SYSTEM, item=second, note="Gỡ", revision=second.revision)
    assert second.title not in home(client, world.commune).content.decode()
    assert second.title not in client.get(f"/cchc/{world.commune.code}/feed/").content.decode()
    # Another unit's publication leaves this column's cache alone.
    version = world.commune.column_settings.cache_version
    published(world.other_commune)
    world.commune.column_settings.refresh_from_db()
    assert world.commune.column_settings.cache_version == version


def test_documents_indices_and_links(world, client, commune_plan):
    from loa.channels.services import ChannelInput, channel_create
    from loa.indices.services import IndexInput, index_value_save
    from loa.reports.services import report_submit

    year = timezone.localdate().year
    report = report_submit(actor=world.users["leader"], unit=world.commune, period=f"{year}Q1")
    index_value_save(
        actor=SYSTEM,
        unit=world.commune,
        data=IndexInput(index="sipas", year=year - 1, value="88.37", as_of=date(year, 1, 15), rank=3, rank_of=40),
    )
    channel_create(
        actor=SYSTEM,
        unit=world.commune,
        data=ChannelInput(kind="one_stop_desk", address="Trụ sở UBND xã", cchc="https://dichvucong.example.vn/xa"),
    )
    text = home(client, world.commune).content.decode()
    assert commune_plan.title in text and f"Số {commune_plan.number_symbol}" in text
    assert "Báo cáo Quý I" in text and world.commune.name in text
    assert "Chỉ số hài lòng về sự phục vụ hành chính (SIPAS)" in text or "SIPAS" in text
    assert "88,37" in text and "3/40" in text and ">sipas<" not in text
    assert 'href="https://dichvucong.example.vn/xa"' in text
    assert f'href="/phan-anh/?unit={world.commune.code}"' in text

    docx = client.get(f"/cchc/{world.commune.code}/van-ban/ke-hoach/{commune_plan.pk}/docx/")
    assert docx.status_code == 200 and docx["Content-Type"].startswith("application/vnd.openxmlformats")
    assert docx.content.startswith(b"PK")
    sent = client.get(f"/cchc/{world.commune.code}/van-ban/bao-cao/{report.period}/docx/")
    assert sent.status_code == 200 and sent.content.startswith(b"PK")
    # Another unit's plan, or a plan hidden by the settings, is not there.
    assert client.get(f"/cchc/{world.other_commune.code}/van-ban/ke-hoach/{commune_plan.pk}/docx/").status_code == 404
    services.settings_save(
        actor=world.users["editor"],
        unit=world.commune,
        data=services.SettingsInput(show_plans=False, show_reports=False, intro="Xin chào bà con."),
        revision=0,
    )
    text = home(client, world.commune).content.decode()
    assert commune_plan.title not in text and "Báo cáo Quý I" not in text and "Xin chào bà con." in text
    assert client.get(f"/cchc/{world.commune.code}/van-ban/ke-hoach/{commune_plan.pk}/docx/").status_code == 404
    assert client.get(f"/cchc/{world.commune.code}/van-ban/bao-cao/{report.period}/docx/").status_code == 404


def test_a_province_lists_its_bodies_and_communes_columns(world, client):
    text = home(client, world.province).content.decode()
    assert f'href="/cchc/{world.commune.code}/"' in text and f'href="/cchc/{world.snv.code}/"' in text
    commune = home(client, world.commune).content.decode()
    assert f'href="/cchc/{world.province.code}/"' in commune  # up to the province's column
    index = client.get("/cchc/").content.decode()
    assert f'href="/cchc/{world.province.code}/"' in index


def _uncached_queries(client, url):
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("page", ["", "tim-kiem/?q=tin", "feed/", "nhung/"])
def test_rendering_a_page_costs_the_same_queries_with_one_item_and_with_thirty(world, page):
    """The pages are cached; rendered anew they read a fixed number of queries whatever the number of items."""
    client = Client()
    url = f"/cchc/{world.commune.code}/{page}"
    published(world.commune, title="Tin số 0")
    one = _uncached_queries(client, url)
    for i in range(1, 30):
        published(world.commune, title=f"Tin số {i}")
    thirty = _uncached_queries(client, url)
    assert one == thirty
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    assert len(queries) == 1, "a cached page reads the unit (with its settings) and nothing more"
