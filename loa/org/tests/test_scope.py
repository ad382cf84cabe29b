import pytest

from loa.core.actors import ADMIN_ROLE
from loa.core.errors import NotFound, PermissionDenied
from loa.org.catalog import Role
from loa.org.models import OrgUnit, User
from loa.org.scope import SYSTEM, Perm, can, get_in_scope, require, scope_prefix, units


def test_reach_per_role(world):
    u = world.users
    assert scope_prefix(u["admin"], Perm.VIEW) == ""
    assert scope_prefix(u["coordinator"], Perm.VIEW) == "42/"
    assert scope_prefix(u["coordinator"], Perm.EDIT) == "42/42.SNV/"
    assert scope_prefix(u["editor"], Perm.VIEW) == world.commune.path
    assert scope_prefix(u["editor"], Perm.APPROVE) is None
    assert scope_prefix(u["leader"], Perm.APPROVE) == world.commune.path
    assert scope_prefix(u["viewer"], Perm.EDIT) is None
    assert scope_prefix(u["foreign"], Perm.REVIEW) == "48/"
    assert scope_prefix(SYSTEM, Perm.MANAGE_UNITS) == ""


def test_the_system_is_an_administrator():
    # core names the administrator's role without importing org: the two codes must stay the same.
    assert ADMIN_ROLE == Role.ADMIN and SYSTEM.role == Role.ADMIN
    assert scope_prefix(SYSTEM, Perm.APPROVE) == ""


def test_subtree_includes_sections_and_excludes_siblings(world):
    editor = world.users["editor"]
    visible = set(units(editor, Perm.VIEW).values_list("code", flat=True))
    assert world.commune.code in visible
    assert f"{world.commune.code}.VP" in visible
    assert world.other_commune.code not in visible
    assert world.province.code not in visible
    assert len(visible) == 5  # the commune and its four sections


def test_coordinator_reaches_whole_province_only(world):
    coordinator = world.users["coordinator"]
    assert can(coordinator, Perm.REVIEW, world.other_commune)
    assert not can(coordinator, Perm.REVIEW, world.foreign_commune)
    with pytest.raises(PermissionDenied, match="không có quyền"):
        require(coordinator, Perm.MANAGE_UNITS, world.foreign_commune)


def test_outside_scope_looks_missing(world):
    with pytest.raises(NotFound):
        get_in_scope(
            OrgUnit.objects.all(),
            world.users["editor"],
            Perm.VIEW,
            unit_path="path",
            code=world.other_commune.code,
        )


def test_anonymous_and_unbound_users_reach_nothing(world):
    from django.contrib.auth.models import AnonymousUser

    assert scope_prefix(AnonymousUser(), Perm.VIEW) is None
    assert units(None, Perm.VIEW).count() == 0
    unbound = User(username="lost", role="editor")  # no unit: reaches nothing, not everything
    assert scope_prefix(unbound, Perm.VIEW) is None
