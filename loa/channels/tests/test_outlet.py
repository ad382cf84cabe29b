"""An activity may name the channel of the unit's registry it went out on (issue 19, item 3)."""

import pytest
from django.test import Client
from django.utils import timezone

from loa.activity.services import ActivityInput, activity_create, activity_update
from loa.activity.validation import ActivityInvalid, activity_input
from loa.channels.services import ChannelInput, channel_create
from loa.org.scope import SYSTEM


def test_an_activity_names_one_of_its_units_channels(world):
    zalo = channel_create(actor=SYSTEM, unit=world.commune, data=ChannelInput(kind="zalo_oa", name="Zalo OA xã"))
    theirs = channel_create(actor=SYSTEM, unit=world.other_commune, data=ChannelInput(kind="zalo_oa", name="OA"))
    today = timezone.localdate()
    data = ActivityInput(date=today, channel="mang_xa_hoi", title="Đăng tin dịch vụ công", outlet=zalo.pk)
    activity = activity_create(actor=world.users["editor"], unit=world.commune, data=data)
    assert activity.outlet_id == zalo.pk and activity_input(activity).outlet == zalo.pk

    with pytest.raises(ActivityInvalid) as refused:
        activity_update(actor=SYSTEM, activity=activity, data=ActivityInput(**{**vars(data), "outlet": theirs.pk}))
    assert refused.value.errors == [("outlet", f"kênh đã chọn không có trong sổ kênh của {world.commune.name}")]
    activity.refresh_from_db()
    assert activity.outlet_id == zalo.pk

    client = Client()
    client.force_login(world.users["editor"])
    form = client.get(f"/activities/{activity.pk}/edit/").content.decode()
    assert "Kênh đã dùng" in form and "Tài khoản Zalo OA · Zalo OA xã" in form
    page = client.get(f"/activities/{activity.pk}/").content.decode()
    assert 'data-testid="outlet">Tài khoản Zalo OA · Zalo OA xã<' in page

    patched = client.patch(f"/api/activities/{activity.pk}", {"outlet": None}, content_type="application/json")
    assert patched.status_code == 200 and patched.json()["outlet"] is None
    wrong = client.patch(f"/api/activities/{activity.pk}", {"outlet": theirs.pk}, content_type="application/json")
    assert wrong.status_code == 400 and "sổ kênh" in wrong.json()["detail"]

    zalo.delete()  # a channel removed from the registry leaves its activities, unnamed
    activity_update(actor=SYSTEM, activity=activity, data=ActivityInput(**{**vars(data), "outlet": None}))
    activity.refresh_from_db()
    assert activity.outlet_id is None
