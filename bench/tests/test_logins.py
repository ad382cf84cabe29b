"""The logins benchmark's in-process part: one login, its statements and their times."""

from django.contrib.auth.hashers import make_password

from bench.logins import PASSWORD, PREFIX, _users, one_login


def test_one_login_lists_its_statements(db):
    _users(1, make_password(PASSWORD))
    out = one_login(f"{PREFIX}0")
    assert out["total_ms"] > 0 and out["sql_ms"] >= 0
    assert {"INSERT INTO django_session", "INSERT INTO axes_accesslog", "UPDATE org_user"} <= set(out["statements"])
    assert not any(key.startswith("DELETE") for key in out["statements"])
