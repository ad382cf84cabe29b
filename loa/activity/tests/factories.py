"""Activities for small worlds, recorded through `activity_create` (validation, rollup and audit as in production).

    ActivityFactory(unit=world.commune, date=date(2026, 3, 2), channel="phat_thanh", tasks=[task.pk])

Every field of `ActivityInput` may be given; the rest default to one confirmed news item ("tin") on the portal.
"""

from datetime import date
from typing import Any

import factory

from loa.activity.models import Activity
from loa.activity.services import ActivityInput, activity_create
from loa.org.scope import SYSTEM


class ActivityFactory(factory.Factory):
    class Meta:
        model = Activity

    unit: Any = None
    actor: Any = SYSTEM
    date = date(2026, 3, 2)
    channel = "cong_ttdt"
    title = factory.Sequence(lambda n: f"Tin cải cách hành chính số {n}")

    @classmethod
    def _create(cls, model_class: type[Activity], *args: Any, **kwargs: Any) -> Activity:
        unit, actor = kwargs.pop("unit"), kwargs.pop("actor")
        return activity_create(actor=actor, unit=unit, data=ActivityInput(**kwargs))
