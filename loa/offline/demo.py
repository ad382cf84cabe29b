"""The demo's offline entry: the first commune's officer recorded a broadcast on a phone without a connection and
sent it with its photo; later the phone sent an edit made on its old copy after the commune's leader had corrected
the activity online, so the edit waits as a conflict beside the leader's version. Idempotent: a commune that already
has records from devices is left as it is."""

import io
import random
import uuid
from datetime import timedelta

from django.utils import timezone

from loa.activity.demo import demo_png
from loa.activity.models import Activity
from loa.activity.services import activity_input, activity_update
from loa.org.catalog import UnitType
from loa.org.models import OrgUnit, User

from . import services
from .models import SyncRecord


def build_offline_demo(province: OrgUnit) -> int:
    """Records sent from the demo commune's phone (0 when they were already there)."""
    commune = OrgUnit.objects.filter(parent=province, unit_type=UnitType.UBND_XA).order_by("code").first()
    editor = User.objects.filter(unit=commune, username="xa1.nhaplieu").first()
    leader = User.objects.filter(unit=commune, username="xa1.lanhdao").first()
    if commune is None or editor is None or leader is None or SyncRecord.objects.filter(unit=commune).exists():
        return 0
    day = timezone.localdate() - timedelta(days=1)
    photo, image = uuid.uuid4(), demo_png(random.Random(22))
    first = services.DeviceRecord(
        id=uuid.uuid4(),
        unit=commune,
        revision=None,
        data={
            "date": day.isoformat(),
            "channel": "phat_thanh",
            "title": "Phát thanh trên loa thôn Bản Lầu về dịch vụ công trực tuyến",
            "quantity": "3",
            "measure": "lượt phát sóng",
            "reform_areas": ["tthc", "chinh_phu_so"],
            "description": "Ghi tại thôn lúc mất sóng, gửi khi về trụ sở.",
        },
        files=[services.DeviceFile(id=photo, name="loa-thon-ban-lau.png")],
    )
    answer = services.sync_record(
        actor=editor, record=first, uploads={photo: ("loa-thon-ban-lau.png", len(image), io.BytesIO(image))}
    )
    sent = 1
    activity = Activity.objects.filter(pk=answer.activity).first() if answer.activity else None
    if activity is not None:
        corrected = activity_input(activity)
        corrected.quantity = "4"
        corrected.title = "Phát thanh trên loa thôn Bản Lầu về dịch vụ công trực tuyến (4 lượt)"
        activity_update(actor=leader, activity=activity, data=corrected)
        edit = services.DeviceRecord(
            id=first.id,
            unit=commune,
            revision=answer.revision,
            data={**first.data, "description": "Ghi tại thôn lúc mất sóng; người nghe hỏi về cấp căn cước."},
        )
        services.sync_record(actor=editor, record=edit, uploads={})
        sent += 1
    return sent
