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


def test_sessions_signed_in_before_the_backend_changed_stay_signed_in(world: Any) -> None:
    """Deploying this release must not log anyone out: the migration points old sessions at the new backend."""
    import importlib

    from django.apps import apps
    from django.contrib.sessions.backends.db import SessionStore
    from django.test import Client

    migration = importlib.import_module("loa.org.migrations.0002_sessions_signed_in_with_user_backend")
    user = world.users["editor"]
    old = SessionStore()
    old.update(
        {
            "_auth_user_id": str(user.pk),
            "_auth_user_backend": "django.contrib.auth.backends.ModelBackend",
            "_auth_user_hash": user.get_session_auth_hash(),
        }
    )
    old.create()
    assert old.session_key is not None
    client = Client()
    client.cookies["sessionid"] = old.session_key
    assert client.get("/activities/").status_code == 302  # signed out: the old backend is not listed any more
    migration.forwards(apps, None)
    assert SessionStore(old.session_key).load()["_auth_user_backend"] == "loa.org.backends.UserBackend"
    assert client.get("/activities/").status_code == 200
    migration.backwards(apps, None)
    assert SessionStore(old.session_key).load()["_auth_user_backend"] == "django.contrib.auth.backends.ModelBackend"
