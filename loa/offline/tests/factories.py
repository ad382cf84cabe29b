"""Records devices sent that wait for a choice, made directly (the sync itself is tested through its service)."""

import uuid
from datetime import timedelta
from typing import Any

from django.utils import timezone

from loa.offline.models import Outcome, State, SyncRecord


def waiting_record(unit: Any, *, title: str = "Bản ghi chờ xem lại", outcome: str = Outcome.REVIEW) -> SyncRecord:
    day = timezone.localdate() - timedelta(days=1)
    data = {"date": day.isoformat(), "channel": "phat_thanh", "title": title, "quantity": "1", "measure": "tin/bài"}
    return SyncRecord.objects.create(
        device_id=uuid.uuid4(),
        digest=uuid.uuid4().hex * 2,
        unit=unit,
        title=title,
        data=data,
        outcome=outcome,
        reason="Kỳ này đã khóa vì báo cáo đã gửi.",
        state=State.OPEN,
    )
