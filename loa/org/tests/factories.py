"""factory_boy factories for small worlds: units and people made through org's own services (paths, codes and
audit as in production), so a test sets up exactly what it asserts about instead of reading the demo."""

from typing import Any

import factory

from loa.org.catalog import Role, UnitType
from loa.org.models import OrgUnit, User
from loa.org.scope import SYSTEM
from loa.org.services import unit_create, user_create

PASSWORD = "Loa-test-2026"


class UnitFactory(factory.Factory):
    class Meta:
        model = OrgUnit

    code = factory.Sequence(lambda n: f"9{n:03d}")
    name = factory.LazyAttribute(lambda u: f"Đơn vị thử {u.code}")
    unit_type = UnitType.UBND_TINH
    parent = None

    @classmethod
    def _create(cls, model_class: type[OrgUnit], *args: Any, **kwargs: Any) -> OrgUnit:
        return unit_create(actor=SYSTEM, **kwargs)


class UserFactory(factory.Factory):
    class Meta:
        model = User

    username = factory.Sequence(lambda n: f"thu.{n}")
    role = Role.EDITOR
    unit = factory.SubFactory(UnitFactory)
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.vn")
    full_name = factory.LazyAttribute(lambda u: f"Người thử {u.username}")

    @classmethod
    def _create(cls, model_class: type[User], *args: Any, **kwargs: Any) -> User:
        return user_create(actor=SYSTEM, password=PASSWORD, **kwargs)
