"""The authentication backend loads the user with its unit and the unit's parent, and the scoping layer's
`scope_root` then needs no query of its own."""

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from loa.core.errors import NotFound
from loa.org.backends import UserBackend
from loa.org.scope import SYSTEM
from loa.org.selectors import scope_root
from loa.org.services import unit_create


def test_the_signed_in_user_comes_with_unit_and_parent_in_one_query(world: Any) -> None:
    coordinator = world.users["coordinator"]
    with CaptureQueriesContext(connection) as queries:
        user = UserBackend().get_user(coordinator.pk)
        assert user is not None
        names = (user.unit.name, user.unit.parent.name)
    assert len(queries) == 1
    assert names == (world.snv.name, world.province.name)


def test_an_inactive_or_missing_user_is_nobody(world: Any) -> None:
    viewer = world.users["viewer"]
    viewer.is_active = False
    viewer.save(update_fields=["is_active"])
    assert UserBackend().get_user(viewer.pk) is None
    assert UserBackend().get_user(10**9) is None


@pytest.mark.parametrize(("persona", "root"), [("coordinator", "province"), ("editor", "commune"), ("admin", None)])
def test_scope_root_from_the_loaded_user_needs_no_query(world: Any, persona: str, root: str | None) -> None:
    user = UserBackend().get_user(world.users[persona].pk)
    with CaptureQueriesContext(connection) as queries:
        found = scope_root(user)
    assert len(queries) == 0
    assert found == (getattr(world, root) if root else None)


def test_scope_root_of_a_unit_deeper_than_the_province_is_read(world: Any) -> None:
    """A coordinator whose unit sits two levels below the province: neither its unit nor the parent is the root."""
    office = unit_create(actor=SYSTEM, code="42.SNV.VP", name="Văn phòng Sở", unit_type="khac", parent=world.snv)
    assert office.path == world.snv.path + "42.SNV.VP/"
    coordinator = world.users["coordinator"]
    coordinator.unit = office
    coordinator.save(update_fields=["unit"])
    assert scope_root(UserBackend().get_user(coordinator.pk)) == world.province


def test_scope_root_of_a_user_without_a_unit_is_refused(world: Any) -> None:
    user = world.users["viewer"]
    user.unit = None
    with pytest.raises(NotFound):
        scope_root(user)
