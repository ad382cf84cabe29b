"""The column's back office through its pages and the API: "Đăng công khai" from an activity's page, the form, the
leader's actions, the settings and the snippet for portals, the to-do sections; no codes on the pages."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from loa.column import services
from loa.column.catalog import NewsStatus
from loa.column.models import NewsItem
from loa.web.tests.test_no_codes import _data_strings
from loa.web.tests.visible_text import code_findings, english_findings, untranslated_findings, visible_segments
from loa.web.todo import todo_for

from .factories import pending, photo_activity, published


def signed_in(world, persona):
    client = Client()
    client.force_login(world.users[persona])
    return client


def test_from_the_activity_page_to_the_leaders_approval(world, django_capture_on_commit_callbacks):
    editor = signed_in(world, "editor")
    activity = photo_activity(world.commune, photos=2, actor=world.users["editor"])
    detail = editor.get(f"/activities/{activity.pk}/").content.decode()
    start = f"/column/new/?activity={activity.pk}"
    assert f'href="{start}"' in detail and "Đăng công khai" in detail
    form = editor.get(start)
    assert form.status_code == 200
    text = form.content.decode()
    assert activity.title in text and text.count('name="images"') == 2 and text.count("checked") >= 2
    photos = list(activity.evidence.values_list("pk", flat=True))
    with django_capture_on_commit_callbacks(execute=True):
        sent = editor.post(
            start,
            {
                "activity": activity.pk,
                "title": "Xã treo pano hướng dẫn dịch vụ công",
                "summary": "Tóm tắt ngắn.",
                "body": "Đoạn một.\n\nĐoạn hai.",
                "images": [photos[0]],
                "then": "send",
            },
        )
    item = NewsItem.objects.get(activity=activity)
    assert sent.status_code == 302 and sent["Location"] == f"/column/{item.pk}/"
    assert item.status == NewsStatus.PENDING and list(item.images.values_list("pk", flat=True)) == [photos[0]]
    # The editor opens "Đăng công khai" again: the item it already has.
    assert editor.get(start)["Location"] == f"/column/{item.pk}/"
    # The editor may not approve; the leader sees the item on the to-do and approves it.
    assert editor.post(f"/column/{item.pk}/act/", {"action": "approve", "revision": item.revision}).status_code == 403
    leader = signed_in(world, "leader")
    home = leader.get("/").content.decode()
    assert "Tin chờ duyệt" in home and item.title in home
    page = leader.get(f"/column/{item.pk}/").content.decode()
    assert 'value="approve"' in page and "Chờ duyệt" in page
    done = leader.post(f"/column/{item.pk}/act/", {"action": "approve", "revision": item.revision})
    assert done.status_code == 302
    item.refresh_from_db()
    assert item.status == NewsStatus.PUBLISHED and item.portal_activity is not None
    page = leader.get(f"/column/{item.pk}/").content.decode()
    assert f"http://testserver/cchc/{world.commune.code}/tin/{item.pk}/" in page
    public = Client().get(f"/cchc/{world.commune.code}/").content.decode()
    assert "Xã treo pano hướng dẫn dịch vụ công" in public
    # A stale page's action writes nothing and says why.
    stale = leader.post(f"/column/{item.pk}/act/", {"action": "withdraw", "note": "x", "revision": 0}, follow=True)
    assert "vừa được người khác sửa" in stale.content.decode()
    item.refresh_from_db()
    assert item.status == NewsStatus.PUBLISHED


def test_a_returned_item_is_on_its_editors_to_do_with_the_note(world):
    item = pending(world.commune, actor=world.users["editor"])
    services.news_return(actor=world.users["leader"], item=item, note="Bổ sung ảnh", revision=item.revision)
    section = next(s for s in todo_for(world.users["editor"]).sections if s.key == "news_returned")
    assert [(i.text, i.note) for i in section.items] == [(item.title, "Bổ sung ảnh")]
    assert not any(s.key == "news_pending" for s in todo_for(world.users["editor"]).sections)
    assert not any(s.key.startswith("news") for s in todo_for(world.users["above"]).sections)


def test_the_edit_form_refuses_a_published_item_and_keeps_what_was_typed_on_error(world):
    editor = signed_in(world, "editor")
    item = published(world.commune)
    assert editor.get(f"/column/{item.pk}/edit/")["Location"] == f"/column/{item.pk}/"
    other = pending(world.commune, title="Tin đang chờ")
    answer = editor.post(
        f"/column/{other.pk}/edit/", {"title": "", "body": "Nội dung vẫn còn", "revision": other.revision}
    )
    assert answer.status_code == 400 and "Nội dung vẫn còn" in answer.content.decode()
    assert signed_in(world, "viewer").get(f"/column/{other.pk}/edit/").status_code == 403


def test_settings_page_saves_and_offers_a_snippet_without_script(world):
    editor = signed_in(world, "editor")
    url = f"/column/settings/?unit={world.commune.code}"
    page = editor.get(url).content.decode()
    assert "&lt;iframe src=&quot;http://testserver/cchc/" in page and "&lt;script" not in page
    assert f"/cchc/{world.commune.code}/nhung/" in page
    saved = editor.post(url, {"revision": "0", "intro": "Chuyên mục của xã", "show_reports": "on"})
    assert saved.status_code == 302
    row = world.commune.column_settings
    row.refresh_from_db()
    assert (row.intro, row.show_plans, row.show_reports, row.revision) == ("Chuyên mục của xã", False, True, 1)
    stale = editor.post(url, {"revision": "0", "intro": "Cũ"}, follow=True)
    assert "vừa được người khác sửa" in stale.content.decode()
    viewer = signed_in(world, "viewer")
    assert viewer.post(url, {"revision": "1", "intro": "x"}).status_code == 403
    assert "disabled" in viewer.get(url).content.decode()


def test_the_api_lists_the_units_items_and_the_leader_approves(world):
    item = pending(world.commune, title="Tin chờ qua API")
    published(world.commune, title="Tin đã đăng")
    editor = signed_in(world, "editor")
    listed = editor.get(f"/api/column/{world.commune.code}/news").json()
    assert listed["count"] == 2 and {i["status"] for i in listed["items"]} == {"news_pending", "news_published"}
    only = editor.get(f"/api/column/{world.commune.code}/news?status=news_pending").json()
    assert [i["title"] for i in only["items"]] == ["Tin chờ qua API"]
    assert editor.get(f"/api/column/{world.commune.code}/news?status=xyz").status_code == 400
    assert signed_in(world, "foreign").get(f"/api/column/{world.commune.code}/news").status_code == 404
    refused = editor.post(f"/api/column/news/{item.pk}/approve", {"revision": item.revision}, "application/json")
    assert refused.status_code == 403
    leader = signed_in(world, "leader")
    stale = leader.post(f"/api/column/news/{item.pk}/approve", {"revision": 0}, "application/json")
    assert stale.status_code == 409 and stale.json()["code"] == "conflict"
    done = leader.post(f"/api/column/news/{item.pk}/approve", {"revision": item.revision}, "application/json")
    assert done.status_code == 200
    body = done.json()
    assert body["status"] == "news_published" and body["portal_activity"]
    assert body["url"].endswith(f"/cchc/{world.commune.code}/tin/{item.pk}/")


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("persona", ["editor", "leader"])
def test_column_pages_show_labels_not_codes_in_the_page_language(world, persona, language):
    item = pending(world.commune, title="Tin kiểm tra nhãn")
    returned = pending(world.commune, title="Tin bị trả lại kiểm tra")
    services.news_return(actor=world.users["leader"], item=returned, note="Sửa", revision=returned.revision)
    shown = published(world.commune, title="Tin đã đăng kiểm tra")
    client = signed_in(world, persona)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    data = _data_strings() | {item.title, returned.title, shown.title, "Sửa"}
    urls = [
        f"/column/?unit={world.commune.code}",
        f"/column/{item.pk}/",
        f"/column/{shown.pk}/",
        f"/column/{returned.pk}/edit/",
        f"/column/settings/?unit={world.commune.code}",
        f"/cchc/{world.commune.code}/",
        f"/cchc/{world.commune.code}/tin/{shown.pk}/",
        f"/cchc/{world.commune.code}/tim-kiem/?q=tin",
        f"/cchc/{world.province.code}/",
        reverse("web:home"),
    ]
    problems = []
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        segments = visible_segments(html)
        found = code_findings(segments)
        if language == "vi":
            found += english_findings(segments)
        else:
            found += untranslated_findings(visible_segments(html, skip_lang="vi"), data=data)
        problems += [f"{url}: {f}" for f in found]
    assert not problems, "\n".join(problems)
