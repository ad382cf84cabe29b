"""The news item's way from an activity to the public column (issue 21 item 1): drafted by the unit's editor, sent,
approved by its leader alone, which records exactly one portal activity; returned, withdrawn, approved again."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from loa.activity.locks import close_window
from loa.activity.models import Activity, Evidence
from loa.column import services
from loa.column.catalog import NewsStatus
from loa.column.models import ColumnSettings, NewsItem
from loa.core.errors import Conflict, DomainError, PermissionDenied
from loa.notify.models import Notification
from loa.org.models import OrgUnit

from .factories import draft, pending, photo_activity, published


def portal_activities(unit):
    return Activity.objects.filter(unit=unit, channel="cong_ttdt", measure=services.PORTAL_MEASURE)


def test_an_editor_drafts_from_an_activity_sends_and_the_leader_approves(world, django_capture_on_commit_callbacks):
    editor, leader = world.users["editor"], world.users["leader"]
    activity = photo_activity(world.commune, photos=2, pdf=True, actor=editor)
    item = services.news_from_activity(actor=editor, activity=activity)
    # The first draft is the activity's own: its title, its text, its photos (not its PDF).
    assert (item.unit, item.activity, item.status, item.revision) == (world.commune, activity, NewsStatus.DRAFT, 0)
    assert item.title == activity.title and "nhà văn hóa" in item.body
    assert sorted(e.kind for e in item.images.all()) == ["png", "png"]
    assert item.search_text.startswith("treo pano tuyen truyen dich vu cong")
    # Asked again, the activity keeps its one item.
    assert services.news_from_activity(actor=editor, activity=activity) == item
    assert NewsItem.objects.filter(activity=activity).count() == 1

    with django_capture_on_commit_callbacks(execute=True):
        item = services.news_send(actor=editor, item=item, revision=0)
    assert (item.status, item.submitted_by, item.revision) == (NewsStatus.PENDING, editor, 1)
    assert Notification.objects.filter(user=leader, key=f"column:{item.pk}:pending:1").exists()
    assert not portal_activities(world.commune).exists()

    with django_capture_on_commit_callbacks(execute=True):
        item = services.news_approve(actor=leader, item=item, revision=1)
    assert (item.status, item.approved_by, item.revision) == (NewsStatus.PUBLISHED, leader, 2)
    assert item.published_at is not None
    assert Notification.objects.filter(user=editor, key=f"column:{item.pk}:published:2").exists()
    # Publishing recorded the news item on the portal channel, by itself, once.
    portal = portal_activities(world.commune).get()
    assert item.portal_activity == portal
    assert (portal.date, portal.channel, portal.title, portal.quantity) == (
        timezone.localdate(),
        "cong_ttdt",
        item.title,
        1,
    )
    assert portal.url == f"{settings.LOA_SITE_URL.rstrip('/')}/cchc/{world.commune.code}/tin/{item.pk}/"
    assert portal.created_by == leader and portal.reform_areas == ["tthc"]
    reasons = [h.history_change_reason for h in item.history.order_by("history_date", "history_id")]
    assert list(dict.fromkeys(reasons)) == ["news.created", "news.submitted", "news.published"]


def test_only_the_units_own_leader_approves(world):
    item = pending(world.commune, actor=world.users["editor"])
    for persona in ("editor", "viewer", "coordinator", "above", "neighbour", "foreign"):
        with pytest.raises(PermissionDenied):
            services.news_approve(actor=world.users[persona], item=item, revision=item.revision)
    for persona in ("viewer", "coordinator", "above", "neighbour"):
        with pytest.raises(PermissionDenied):
            services.news_send(actor=world.users[persona], item=item, revision=item.revision)
    item.refresh_from_db()
    assert item.status == NewsStatus.PENDING and not portal_activities(world.commune).exists()
    # An editor of another commune cannot even start an item from the commune's activity.
    with pytest.raises(PermissionDenied):
        services.news_from_activity(actor=world.users["neighbour"], activity=photo_activity(world.commune))


def test_a_stale_revision_is_a_conflict_and_writes_nothing(world):
    editor, leader = world.users["editor"], world.users["leader"]
    item = draft(world.commune, actor=editor)
    data = services.NewsInput(title="Tiêu đề mới", body="Nội dung mới của tin.")
    services.news_save(actor=editor, item=item, data=data, revision=0)
    with pytest.raises(Conflict) as stale:
        services.news_save(actor=editor, item=item, data=services.NewsInput(title="Cũ", body="Cũ"), revision=0)
    assert stale.value.status == 409
    item.refresh_from_db()
    assert item.title == "Tiêu đề mới" and item.revision == 1
    item = services.news_send(actor=editor, item=item, revision=1)
    with pytest.raises(Conflict):
        services.news_approve(actor=leader, item=item, revision=1)
    item.refresh_from_db()
    assert item.status == NewsStatus.PENDING


def test_returned_with_a_note_then_withdrawn_and_approved_again_reuses_the_portal_activity(world):
    editor, leader = world.users["editor"], world.users["leader"]
    item = pending(world.commune, actor=editor)
    with pytest.raises(DomainError, match="ý kiến"):
        services.news_return(actor=leader, item=item, note="  ", revision=item.revision)
    item = services.news_return(actor=leader, item=item, note="Thêm số người tham dự.", revision=item.revision)
    assert (item.status, item.note) == (NewsStatus.RETURNED, "Thêm số người tham dự.")
    item = services.news_save(
        actor=editor,
        item=item,
        data=services.NewsInput(title=item.title, body=item.body + "\n\nCó 120 người tham dự."),
        revision=item.revision,
    )
    assert item.images.count() == 0  # the photos are those the editor keeps checked
    item = services.news_send(actor=editor, item=item, revision=item.revision)
    assert item.note == ""
    item = services.news_approve(actor=leader, item=item, revision=item.revision)
    first = item.portal_activity
    with pytest.raises(DomainError, match="gỡ tin"):
        services.news_save(
            actor=editor, item=item, data=services.NewsInput(title="x", body="y"), revision=item.revision
        )
    item = services.news_withdraw(actor=leader, item=item, note="Sai số liệu.", revision=item.revision)
    assert (item.status, item.note) == (NewsStatus.WITHDRAWN, "Sai số liệu.") and item.withdrawn_at
    item = services.news_send(actor=editor, item=item, revision=item.revision)
    item = services.news_approve(actor=leader, item=item, revision=item.revision)
    assert item.status == NewsStatus.PUBLISHED and item.portal_activity == first
    assert portal_activities(world.commune).count() == 1


def test_a_closed_reporting_window_stops_the_approval_with_a_clear_message(world):
    leader = world.users["leader"]
    item = pending(world.commune, actor=world.users["editor"])
    today = timezone.localdate()
    close_window(unit=world.commune, period="test", start=today - timedelta(days=3), end=today, excluded_paths=[])
    with pytest.raises(DomainError, match="Chưa đăng được tin vì không ghi nhận được hoạt động đăng tin") as refused:
        services.news_approve(actor=leader, item=item, revision=item.revision)
    assert "đề nghị trả lại báo cáo" in refused.value.message
    item.refresh_from_db()
    assert item.status == NewsStatus.PENDING and item.portal_activity is None
    assert not portal_activities(world.commune).exists()


def test_photos_must_be_the_activitys_own_images(world):
    editor = world.users["editor"]
    item = draft(world.commune, actor=editor, pdf=True)
    pdf = Evidence.objects.get(activity=item.activity, kind="pdf")
    elsewhere = Evidence.objects.get(activity=photo_activity(world.commune, title="Khác"))
    for wrong in (pdf.pk, elsewhere.pk):
        with pytest.raises(DomainError, match="Chỉ chọn được ảnh"):
            services.news_save(
                actor=editor, item=item, data=services.NewsInput(title="T", body="B", images=[wrong]), revision=0
            )
    with pytest.raises(DomainError, match="tiêu đề"):
        services.news_save(actor=editor, item=item, data=services.NewsInput(title="  ", body="B"), revision=0)
    with pytest.raises(DomainError, match="tóm tắt hoặc nội dung"):
        services.news_save(actor=editor, item=item, data=services.NewsInput(title="T"), revision=0)


def test_paragraphs_are_kept_and_spaces_tidied():
    text = "  Đoạn  một\r\ndòng hai \r\n\r\n\r\n Đoạn   hai  "
    assert services.clean_paragraphs(text) == "Đoạn một\ndòng hai\n\nĐoạn hai"


def test_a_sections_activity_goes_to_its_communes_column_and_the_press_has_none(world):
    from loa.org.scope import SYSTEM
    from loa.org.services import unit_create

    section = OrgUnit.objects.filter(parent=world.commune, unit_type="phong_xa").first() or unit_create(
        actor=SYSTEM,
        code=f"{world.commune.code}.VHXH",
        name="Phòng Văn hóa - Xã hội",
        unit_type="phong_xa",
        parent=world.commune,
    )
    item = services.news_from_activity(actor=world.users["editor"], activity=photo_activity(section))
    assert item.unit == world.commune
    press = OrgUnit.objects.filter(parent=world.province, unit_type="bao").first() or unit_create(
        actor=SYSTEM, code=f"{world.province.code}.BAO", name="Báo tỉnh", unit_type="bao", parent=world.province
    )
    with pytest.raises(DomainError, match="không có chuyên mục CCHC"):
        services.news_from_activity(actor=SYSTEM, activity=photo_activity(press))


def test_settings_are_kept_by_the_units_own_people_with_a_version_check(world):
    editor = world.users["editor"]
    data = services.SettingsInput(intro="Chào mừng", show_plans=False, procedures_url="https://dichvucong.gov.vn/")
    row = services.settings_save(actor=editor, unit=world.commune, data=data, revision=0)
    assert (row.revision, row.show_plans, row.show_reports, row.cache_version) == (1, False, True, 1)
    with pytest.raises(Conflict):
        services.settings_save(actor=editor, unit=world.commune, data=data, revision=0)
    for persona in ("viewer", "coordinator", "neighbour"):
        with pytest.raises(PermissionDenied):
            services.settings_save(actor=world.users[persona], unit=world.commune, data=data, revision=1)
    with pytest.raises(DomainError, match="http"):
        services.settings_save(
            actor=editor,
            unit=world.commune,
            data=services.SettingsInput(procedures_url="javascript:alert(1)"),
            revision=1,
        )
    # Publishing adds to the version of the row that exists; a unit without settings gets a row of defaults.
    published(world.commune)
    assert ColumnSettings.objects.get(unit=world.commune).cache_version == 2
    published(world.other_commune)
    other = ColumnSettings.objects.get(unit=world.other_commune)
    assert (other.cache_version, other.revision, other.show_plans) == (1, 0, True)
