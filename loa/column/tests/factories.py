"""News items for small worlds, made through the services as an officer would: an activity with a photo, its draft,
sent, approved by the unit's leader."""

import io
import random
from datetime import timedelta
from typing import Any

from django.utils import timezone

from loa.activity.demo import demo_pdf, demo_png
from loa.activity.evidence import evidence_add
from loa.activity.models import Activity
from loa.activity.services import ActivityInput, activity_create
from loa.column import services
from loa.column.models import NewsItem
from loa.org.scope import SYSTEM


def photo_activity(
    unit: Any,
    *,
    title: str = "Treo pano tuyên truyền dịch vụ công trực tuyến",
    photos: int = 1,
    pdf: bool = False,
    actor: Any = SYSTEM,
    description: str = "",
) -> Activity:
    activity = activity_create(
        actor=actor,
        unit=unit,
        data=ActivityInput(
            date=timezone.localdate() - timedelta(days=1),
            channel="truc_quan",
            title=title,
            description=description or "Xã treo pano tại nhà văn hóa các thôn.\n\nNgười dân quét mã QR để nộp hồ sơ.",
            reform_areas=["tthc"],
            quantity=2,
        ),
    )
    rng = random.Random(len(title))
    for i in range(photos):
        content = demo_png(rng)
        evidence_add(
            actor=actor, activity=activity, name=f"anh-{i}.png", size=len(content), content=io.BytesIO(content)
        )
    if pdf:
        content = demo_pdf(title)
        evidence_add(
            actor=actor, activity=activity, name="bien-ban.pdf", size=len(content), content=io.BytesIO(content)
        )
    return activity


def draft(unit: Any, *, actor: Any = SYSTEM, **kwargs: Any) -> NewsItem:
    return services.news_from_activity(actor=actor, activity=photo_activity(unit, **kwargs))


def pending(unit: Any, *, actor: Any = SYSTEM, **kwargs: Any) -> NewsItem:
    item = draft(unit, actor=actor, **kwargs)
    return services.news_send(actor=actor, item=item, revision=item.revision)


def published(unit: Any, *, actor: Any = SYSTEM, **kwargs: Any) -> NewsItem:
    item = pending(unit, actor=actor, **kwargs)
    return services.news_approve(actor=actor, item=item, revision=item.revision)
