"""Account services: who may grant what, deactivation with a successor, one-time passwords."""

import pytest
from django.test import Client

from loa.core.errors import DomainError, PermissionDenied
from loa.org.accounts import (
    account_create,
    grantable_roles,
    one_time_password,
    suggest_username,
    user_change_role,
    user_deactivate,
    user_move,
    user_reactivate,
    user_reset_password,
    user_update,
)
from loa.org.models import ApiToken, OrgUnit, User
from loa.org.selectors import audit_entries, units_without_staff, user_list
from loa.org.services import api_token_create


def test_coordinator_creates_an_account_with_a_one_time_password(world):
    coordinator = world.users["coordinator"]
    user, password = account_create(
        actor=coordinator, username="tt.moi", role="editor", unit=world.commune, full_name="Trần  Thị Mới"
    )
    assert user.must_change_password and user.full_name == "Trần Thị Mới"
    assert user.check_password(password)
    assert password not in str(list(User.history.filter(id=user.pk).values()))
    record = user.history.latest()
    assert (record.history_user, record.history_change_reason) == (coordinator, "user.created")


def test_coordinator_cannot_grant_admin(world):
    with pytest.raises(PermissionDenied, match="quản trị"):
        account_create(actor=world.users["coordinator"], username="x.admin", role="admin", unit=world.snv)
    with pytest.raises(PermissionDenied):
        user_change_role(actor=world.users["coordinator"], user=world.users["editor"], role="admin")
    assert User.objects.get(pk=world.users["editor"].pk).role == "editor"
    assert "admin" not in grantable_roles(world.users["coordinator"])
    assert grantable_roles(world.users["admin"])[0] == "admin"


def test_coordinator_cannot_touch_another_province(world):
    coordinator, stranger = world.users["coordinator"], world.users["foreign_editor"]
    with pytest.raises(PermissionDenied):
        account_create(actor=coordinator, username="x.dn", role="editor", unit=world.foreign_commune)
    for call in (
        lambda: user_update(actor=coordinator, user=stranger, phone="1"),
        lambda: user_deactivate(actor=coordinator, user=stranger),
        lambda: user_reset_password(actor=coordinator, user=stranger),
        lambda: user_move(actor=coordinator, user=world.users["editor"], unit=world.foreign_commune),
    ):
        with pytest.raises(PermissionDenied):
            call()
    assert User.objects.get(pk=stranger.pk).is_active
    assert User.objects.get(pk=world.users["editor"].pk).unit == world.commune
    assert not User.objects.filter(username="x.dn").exists()


@pytest.mark.parametrize("persona", ["editor", "leader", "viewer"])
def test_officers_cannot_manage_users(world, persona):
    actor = world.users[persona]
    assert grantable_roles(actor) == []
    with pytest.raises(PermissionDenied):
        account_create(actor=actor, username="x.moi", role="viewer", unit=world.commune)
    with pytest.raises(PermissionDenied):
        user_reset_password(actor=actor, user=world.users["viewer"])
    assert not user_list(actor=actor).exists()


def test_nobody_manages_above_their_rank_nor_changes_their_own_role(world):
    coordinator, admin = world.users["coordinator"], world.users["admin"]
    with pytest.raises(PermissionDenied):
        user_reset_password(actor=coordinator, user=admin)
    with pytest.raises(PermissionDenied):
        user_change_role(actor=coordinator, user=coordinator, role="editor")
    with pytest.raises(DomainError, match="Sở Nội vụ"):
        user_change_role(actor=coordinator, user=world.users["editor"], role="coordinator")


def test_move_and_role_change_are_audited(world):
    coordinator, editor = world.users["coordinator"], world.users["editor"]
    user_move(actor=coordinator, user=editor, unit=world.other_commune)
    user_change_role(actor=coordinator, user=editor, role="leader")
    editor.refresh_from_db()
    assert (editor.unit, editor.role) == (world.other_commune, "leader")
    reasons = list(editor.history.order_by("-history_date").values_list("history_change_reason", flat=True)[:2])
    assert reasons == ["user.role_changed", "user.moved"]


def test_deactivation_with_successor_keeps_the_data_and_the_history(world):
    from datetime import date

    from loa.activity.models import Activity
    from loa.activity.services import ActivityInput, activity_create

    coordinator, leaving, successor = world.users["coordinator"], world.users["editor"], world.users["leader"]
    activity = activity_create(
        actor=leaving,
        unit=world.commune,
        data=ActivityInput(
            date=date(2026, 3, 2), channel="cong_ttdt", title="Tin CCHC", reform_areas=["tthc"], status="confirmed"
        ),
    )
    count = Activity.objects.filter(created_by=leaving).count()
    token, _secret = api_token_create(actor=leaving, user=leaving, name="cli")
    user_deactivate(actor=coordinator, user=leaving, successor=successor)
    leaving.refresh_from_db()
    assert not leaving.is_active and leaving.successor == successor
    assert Activity.objects.filter(created_by=leaving).count() == count
    assert activity.history.latest().history_user == leaving
    assert ApiToken.objects.get(pk=token.pk).revoked_at is not None
    record = leaving.history.latest()
    assert (record.history_user, record.history_change_reason, record.successor_id) == (
        coordinator,
        "user.deactivated",
        successor.pk,
    )
    entry = audit_entries(actor=coordinator, unit=world.commune)[0]
    assert entry.who == coordinator.username and any(c[0] == "người thay thế" for c in entry.changes)
    refused = Client().post("/login/", {"username": leaving.username, "password": "Loa-demo-2026"})
    assert refused.status_code == 200 and "_auth_user_id" not in refused.wsgi_request.session
    with pytest.raises(DomainError, match="đã bị khóa"):
        user_deactivate(actor=coordinator, user=leaving)
    user_reactivate(actor=coordinator, user=leaving)
    leaving.refresh_from_db()
    assert leaving.is_active and leaving.successor is None


def test_successor_must_be_active_and_in_reach(world):
    coordinator = world.users["coordinator"]
    with pytest.raises(PermissionDenied):
        user_deactivate(actor=coordinator, user=world.users["editor"], successor=world.users["foreign_editor"])
    with pytest.raises(PermissionDenied, match="tự khóa"):
        user_deactivate(actor=coordinator, user=coordinator)
    assert User.objects.get(pk=world.users["editor"].pk).is_active


def test_reset_gives_a_new_one_time_password(world):
    viewer = world.users["viewer"]
    password = user_reset_password(actor=world.users["coordinator"], user=viewer)
    viewer.refresh_from_db()
    assert viewer.must_change_password and viewer.check_password(password)
    assert not viewer.check_password("Loa-demo-2026")
    assert viewer.history.latest().history_change_reason == "user.password_reset"


def test_one_time_passwords_are_random_and_valid():
    from django.contrib.auth.password_validation import validate_password

    passwords = {one_time_password() for _ in range(50)}
    assert len(passwords) == 50
    for p in list(passwords)[:5]:
        validate_password(p)
        assert len(p) == 14 and not set(p) & set("0O1lI")


def test_suggested_usernames_are_ascii_and_unique(world):
    unit = world.commune
    first = suggest_username(unit, "Nguyễn Văn Đạt", [])
    assert first == f"datnv.{unit.code.lower()}"
    assert suggest_username(unit, "Nguyễn Văn Đạt", [first.upper()]) == f"datnv2.{unit.code.lower()}"
    assert suggest_username(unit, "", []).startswith("canbo.")


def test_units_without_staff_in_one_query(world, django_assert_num_queries):
    ids = [world.commune.pk, world.other_commune.pk, world.foreign_commune.pk, world.province.pk]
    quiet = OrgUnit.objects.filter(parent=world.province, unit_type="ubnd_xa").exclude(users__isnull=False).first()
    ids.append(quiet.pk)
    with django_assert_num_queries(1):
        empty = units_without_staff(ids)
    assert quiet.pk in empty
    assert world.commune.pk not in empty and world.foreign_commune.pk not in empty
    # Deactivating the last editor and leader marks the commune.
    for persona in ("editor", "leader"):
        user_deactivate(actor=world.users["admin"], user=world.users[persona])
    assert world.commune.pk in units_without_staff([world.commune.pk])
    assert units_without_staff([]) == set()


def test_one_time_passwords_use_the_cheap_hasher_until_the_first_login(world, settings):
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
        "loa.org.hashers.OneTimePasswordHasher",
    ]
    user, password = account_create(
        actor=world.users["coordinator"], username="re.hash", role="viewer", unit=world.commune
    )
    assert user.password.startswith("pbkdf2_sha256_otp$20000$") and user.check_password(password)
    assert Client().post("/login/", {"username": "re.hash", "password": password}).status_code == 302
    user.refresh_from_db()
    assert user.password.startswith("pbkdf2_sha256$") and user.check_password(password)
    reset = user_reset_password(actor=world.users["coordinator"], user=user)
    user.refresh_from_db()
    assert user.password.startswith("pbkdf2_sha256_otp$") and user.check_password(reset)


def test_createsuperuser_makes_a_system_administrator(db, monkeypatch):
    from django.core.management import call_command

    from loa.org.catalog import Role
    from loa.org.models import User

    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "Quan-tri-2026-rieng")
    call_command("createsuperuser", interactive=False, username="quantri2", email="qt@example.vn", verbosity=0)
    admin = User.objects.get(username="quantri2")
    assert admin.role == Role.ADMIN and admin.unit is None and admin.check_password("Quan-tri-2026-rieng")
