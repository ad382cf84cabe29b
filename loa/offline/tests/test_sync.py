"""Records sent by an offline device: created or updated once by the device's id however often they are sent, and
kept (never dropped) when they conflict with the server or fall into a period already reported."""

import io
import uuid
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from loa.activity.locks import close_window
from loa.activity.models import Activity, Evidence
from loa.activity.services import ActivityInput, StaleActivity, activity_input, activity_update
from loa.core.errors import Conflict, DomainError, PermissionDenied
from loa.offline import services
from loa.offline.models import State, SyncFile, SyncRecord
from loa.offline.selectors import compare, waiting_counts

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64


def record(unit: Any, *, id: uuid.UUID | None = None, revision: int | None = None, files=(), **data: Any):
    fields = {
        "date": (timezone.localdate() - timedelta(days=1)).isoformat(),
        "channel": "phat_thanh",
        "title": "Phát thanh về dịch vụ công trực tuyến",
        "quantity": "2",
        "measure": "tin/bài",
        "reform_areas": ["tthc"],
        **data,
    }
    return services.DeviceRecord(
        id=id or uuid.uuid4(),
        unit=unit,
        revision=revision,
        data=fields,
        files=[services.DeviceFile(id=f, name=f"anh-{i}.png") for i, f in enumerate(files)],
    )


def uploads(*ids: uuid.UUID) -> dict[uuid.UUID, Any]:
    return {i: (f"anh-{n}.png", len(PNG), io.BytesIO(PNG)) for n, i in enumerate(ids)}


def test_a_record_sent_three_times_creates_one_activity_and_its_files_once(world):
    editor = world.users["editor"]
    photo = uuid.uuid4()
    sent = record(world.commune, files=[photo])
    answers = [services.sync_record(actor=editor, record=sent, uploads=uploads(photo)) for _ in range(3)]
    assert [a.outcome for a in answers] == ["created", "unchanged", "unchanged"]
    activity = Activity.objects.get(device_id=sent.id)
    assert {a.activity for a in answers} == {activity.pk}
    assert [a.revision for a in answers] == [1, 1, 1]
    assert activity.unit == world.commune and activity.created_by == editor and activity.quantity == 2
    assert list(Evidence.objects.filter(activity=activity).values_list("device_id", flat=True)) == [photo]
    assert SyncRecord.objects.filter(device_id=sent.id).count() == 1


def test_a_retry_without_its_files_still_answers_and_adds_nothing(world):
    """The files went with the first sending; a retry that lost its parts is the same version."""
    editor = world.users["editor"]
    photo = uuid.uuid4()
    sent = record(world.commune, files=[photo])
    services.sync_record(actor=editor, record=sent, uploads=uploads(photo))
    again = services.sync_record(actor=editor, record=sent, uploads={})
    assert again.outcome == "unchanged"
    assert Evidence.objects.filter(device_id=photo).count() == 1


def test_an_edit_from_the_device_updates_by_device_id_once(world):
    editor = world.users["editor"]
    first = record(world.commune)
    services.sync_record(actor=editor, record=first, uploads={})
    photo = uuid.uuid4()
    edit = record(world.commune, id=first.id, revision=1, files=[photo], title="Phát thanh (sửa trên thiết bị)")
    answers = [services.sync_record(actor=editor, record=edit, uploads=uploads(photo)) for _ in range(2)]
    assert [a.outcome for a in answers] == ["updated", "unchanged"]
    assert [a.revision for a in answers] == [2, 2]
    activity = Activity.objects.get(device_id=first.id)
    assert activity.title == "Phát thanh (sửa trên thiết bị)" and activity.revision == 2
    assert Activity.objects.filter(device_id=first.id).count() == 1
    assert Evidence.objects.filter(activity=activity, device_id=photo).count() == 1


def test_a_file_missing_from_a_new_record_refuses_it_whole(world):
    photo = uuid.uuid4()
    sent = record(world.commune, files=[photo])
    with pytest.raises(DomainError, match=r"thiếu tệp «anh-0\.png»"):
        services.sync_record(actor=world.users["editor"], record=sent, uploads={})
    assert not Activity.objects.filter(device_id=sent.id).exists()
    assert not SyncRecord.objects.exists()


def test_an_invalid_record_is_refused_with_its_field_and_nothing_is_kept(world):
    from loa.activity.validation import ActivityInvalid

    sent = record(world.commune, title="", quantity="nhiều")
    with pytest.raises(ActivityInvalid) as refused:
        services.sync_record(actor=world.users["editor"], record=sent, uploads={})
    assert {name for name, _message in refused.value.errors} == {"title", "quantity"}
    assert not SyncRecord.objects.exists() and not Activity.objects.filter(device_id=sent.id).exists()


def test_a_hostile_file_refuses_the_record(world):
    photo = uuid.uuid4()
    sent = record(world.commune, files=[photo])
    with pytest.raises(DomainError, match=r"anh\.png"):
        services.sync_record(
            actor=world.users["editor"], record=sent, uploads={photo: ("anh.png", 9, io.BytesIO(b"<script>"))}
        )
    assert not Activity.objects.filter(device_id=sent.id).exists()


def test_a_unit_outside_the_senders_scope_is_refused(world):
    with pytest.raises(PermissionDenied):
        services.sync_record(actor=world.users["editor"], record=record(world.other_commune), uploads={})
    with pytest.raises(PermissionDenied):
        services.sync_record(actor=world.users["viewer"], record=record(world.commune), uploads={})
    assert not SyncRecord.objects.exists()


def test_another_units_officer_cannot_take_over_a_device_id(world):
    """A device id is not a key to someone else's activity: the neighbour sending the editor's id is refused."""
    sent = record(world.commune)
    services.sync_record(actor=world.users["editor"], record=sent, uploads={})
    hijack = record(world.other_commune, id=sent.id, revision=1, title="Chiếm")
    with pytest.raises(PermissionDenied):
        services.sync_record(actor=world.users["neighbour"], record=hijack, uploads={})
    assert Activity.objects.get(device_id=sent.id).title == sent.data["title"]


def test_an_edit_made_on_an_older_revision_is_a_conflict_that_keeps_both(world):
    editor = world.users["editor"]
    sent = record(world.commune)
    services.sync_record(actor=editor, record=sent, uploads={})
    activity = Activity.objects.get(device_id=sent.id)
    # Meanwhile someone edits it online.
    online = activity_input(activity)
    online.title = "Sửa trên máy chủ"
    activity_update(actor=world.users["leader"], activity=activity, data=online, expected_revision=1)
    photo = uuid.uuid4()
    edit = record(world.commune, id=sent.id, revision=1, title="Sửa trên thiết bị", files=[photo])
    answers = [services.sync_record(actor=editor, record=edit, uploads=uploads(photo)) for _ in range(2)]
    assert [a.outcome for a in answers] == ["conflict", "conflict"]
    assert answers[0].record == answers[1].record
    activity.refresh_from_db()
    assert activity.title == "Sửa trên máy chủ" and activity.revision == 2
    row = SyncRecord.objects.get(pk=answers[0].record)
    assert row.state == State.OPEN and row.data["title"] == "Sửa trên thiết bị"
    assert list(row.files.values_list("device_id", flat=True)) == [photo]
    assert waiting_counts(editor).conflicts == 1
    titles = next(line for line in compare(row) if line.label == "Tiêu đề")
    assert (titles.device, titles.server, titles.differs) == ("Sửa trên thiết bị", "Sửa trên máy chủ", True)

    services.keep_device(actor=editor, item=row)
    activity.refresh_from_db()
    assert activity.title == "Sửa trên thiết bị" and activity.revision == 3
    assert Evidence.objects.get(device_id=photo).activity == activity
    assert activity.history.filter(title="Sửa trên máy chủ").exists()  # the server's version stays in the trail
    row.refresh_from_db()
    assert row.state == State.KEPT_DEVICE and row.resolved_by == editor
    with pytest.raises(Conflict):
        services.keep_server(actor=editor, item=row)
    assert waiting_counts(editor).conflicts == 0


def test_keeping_the_servers_version_changes_nothing_and_keeps_the_devices(world):
    editor = world.users["editor"]
    sent = record(world.commune)
    services.sync_record(actor=editor, record=sent, uploads={})
    activity = Activity.objects.get(device_id=sent.id)
    online = activity_input(activity)
    online.title = "Bản máy chủ"
    activity_update(actor=editor, activity=activity, data=online)
    answer = services.sync_record(
        actor=editor, record=record(world.commune, id=sent.id, revision=1, title="Bản thiết bị"), uploads={}
    )
    row = services.keep_server(actor=editor, item=SyncRecord.objects.get(pk=answer.record))
    activity.refresh_from_db()
    assert activity.title == "Bản máy chủ" and row.state == State.KEPT_SERVER
    assert SyncRecord.objects.get(pk=row.pk).data["title"] == "Bản thiết bị"


def test_a_record_in_a_reported_period_waits_for_review_and_is_recorded_on_another_day(world):
    editor = world.users["editor"]
    today = timezone.localdate()
    close_window(
        unit=world.commune,
        period="test",
        start=today - timedelta(days=5),
        end=today - timedelta(days=1),
        excluded_paths=[],
    )
    photo = uuid.uuid4()
    sent = record(world.commune, files=[photo], date=(today - timedelta(days=2)).isoformat())
    answers = [services.sync_record(actor=editor, record=sent, uploads=uploads(photo)) for _ in range(2)]
    assert [a.outcome for a in answers] == ["review", "review"]
    assert "Kỳ này đã khóa" in answers[0].message
    assert not Activity.objects.filter(device_id=sent.id).exists()
    row = SyncRecord.objects.get(pk=answers[0].record)
    assert SyncFile.objects.filter(record=row).count() == 1 and waiting_counts(editor).reviews == 1

    with pytest.raises(DomainError, match="Kỳ này đã khóa"):
        services.record_now(actor=editor, item=row)  # still inside the closed days
    services.record_now(actor=editor, item=row, day=today)
    activity = Activity.objects.get(device_id=sent.id)
    assert activity.date == today and Evidence.objects.get(device_id=photo).activity == activity
    row.refresh_from_db()
    assert row.state == State.RECORDED and row.activity == activity
    # Sent once more from the device: the receipt answers, nothing is added.
    assert services.sync_record(actor=editor, record=sent, uploads=uploads(photo)).outcome == "review"
    assert Activity.objects.filter(device_id=sent.id).count() == 1


def test_an_edit_of_an_activity_in_a_closed_period_waits_and_can_be_discarded(world):
    editor = world.users["editor"]
    sent = record(world.commune)
    services.sync_record(actor=editor, record=sent, uploads={})
    day = Activity.objects.get(device_id=sent.id).date
    close_window(unit=world.commune, period="test", start=day, end=day, excluded_paths=[])
    answer = services.sync_record(
        actor=editor, record=record(world.commune, id=sent.id, revision=1, title="Sửa muộn"), uploads={}
    )
    assert answer.outcome == "review"
    row = services.discard(actor=editor, item=SyncRecord.objects.get(pk=answer.record))
    assert row.state == State.DISCARDED
    assert Activity.objects.get(device_id=sent.id).title == sent.data["title"]


def test_an_edit_of_an_activity_deleted_on_the_server_waits_and_is_recorded_again(world):
    from loa.activity.services import activity_delete

    editor = world.users["editor"]
    sent = record(world.commune)
    services.sync_record(actor=editor, record=sent, uploads={})
    activity_delete(actor=editor, activity=Activity.objects.get(device_id=sent.id))
    answer = services.sync_record(
        actor=editor, record=record(world.commune, id=sent.id, revision=1, title="Vẫn cần"), uploads={}
    )
    assert answer.outcome == "review" and "đã bị xóa" in answer.message
    services.record_now(actor=editor, item=SyncRecord.objects.get(pk=answer.record))
    assert Activity.objects.get(device_id=sent.id).title == "Vẫn cần"


def test_choices_need_the_right_to_edit_the_unit(world):
    editor = world.users["editor"]
    sent = record(world.commune)
    services.sync_record(actor=editor, record=sent, uploads={})
    activity = Activity.objects.get(device_id=sent.id)
    activity_update(
        actor=editor, activity=activity, data=ActivityInput(**{**vars(activity_input(activity)), "title": "Khác"})
    )
    answer = services.sync_record(actor=editor, record=record(world.commune, id=sent.id, revision=1), uploads={})
    row = SyncRecord.objects.get(pk=answer.record)
    for who in ("viewer", "neighbour", "foreign"):
        with pytest.raises(PermissionDenied):
            services.keep_device(actor=world.users[who], item=row)
    assert SyncRecord.objects.get(pk=row.pk).state == State.OPEN


def test_an_online_edit_on_a_stale_revision_is_refused(world):
    sent = record(world.commune)
    services.sync_record(actor=world.users["editor"], record=sent, uploads={})
    activity = Activity.objects.get(device_id=sent.id)
    changed = activity_input(activity)
    changed.title = "Lần 1"
    activity_update(actor=world.users["editor"], activity=activity, data=changed, expected_revision=1)
    changed.title = "Lần 2"
    with pytest.raises(StaleActivity):
        activity_update(actor=world.users["editor"], activity=activity, data=changed, expected_revision=1)
    assert Activity.objects.get(pk=activity.pk).title == "Lần 1"
