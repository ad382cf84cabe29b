"""Password spraying from one address (a few wrong passwords on each of many accounts) locks the address, while
each account keeps its own lock; other addresses and API tokens are not affected."""

from django.db import connection, transaction
from django.test import Client

from loa.org.services import api_token_create

SPRAYER = "198.51.100.7"
NEIGHBOUR = "198.51.100.8"
ACCOUNTS = ["xa1.nhaplieu", "xa1.lanhdao", "xa1.xem", "xa2.nhaplieu", "snv.dieuphoi"]
RIGHT = "Loa-demo-2026"


def login(address: str, username: str, password: str):
    return Client(REMOTE_ADDR=address).post("/login/", {"username": username, "password": password})


def spray(address: str, rounds: int) -> list[int]:
    """Each round tries one wrong password on every account: 4 rounds stay under every account's own limit (5)."""
    return [login(address, u, f"mat-khau-{r}").status_code for r in range(rounds) for u in ACCOUNTS]


def test_spraying_locks_the_address_not_the_accounts_elsewhere(world, settings):
    assert settings.AXES_FAILURE_LIMIT == 5 and settings.LOA_LOGIN_ADDRESS_FAILURE_LIMIT == 20
    statuses = spray(SPRAYER, 4)  # 20 wrong passwords over 5 accounts, 4 on each
    assert statuses[:19] == [200] * 19  # the login page again, "wrong username or password"
    assert statuses[19] == 429
    locked = login(SPRAYER, "dn.dieuphoi", RIGHT)  # even a right password on a sixth account
    assert locked.status_code == 429
    assert "Đăng nhập từ địa chỉ này tạm thời bị khóa" in locked.content.decode()
    # Another address signs into a sprayed account at once.
    assert login(NEIGHBOUR, "xa1.nhaplieu", RIGHT).status_code == 302


def test_the_address_lock_does_not_touch_api_tokens(world):
    _token, secret = api_token_create(actor=world.users["editor"], user=world.users["editor"], name="Lịch")
    spray(SPRAYER, 4)
    assert login(SPRAYER, "xa1.nhaplieu", RIGHT).status_code == 429
    me = Client(REMOTE_ADDR=SPRAYER).get("/api/me", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert me.status_code == 200 and me.json()["username"] == "xa1.nhaplieu"


def test_a_successful_login_does_not_reset_the_address_count(world):
    """Else a sprayer would sign into an account of their own between rounds and never reach the limit."""
    statuses = spray(SPRAYER, 3)  # 15 failures
    assert login(SPRAYER, "dn.xa.nhaplieu", RIGHT).status_code == 302
    statuses += spray(SPRAYER, 1)  # 20
    assert statuses[-1] == 429


def test_one_account_still_locks_after_its_own_limit(world):
    statuses = [login(SPRAYER, "xa1.nhaplieu", "sai").status_code for _ in range(5)]
    assert statuses == [200, 200, 200, 200, 429]
    assert "Tài khoản tạm thời bị khóa" in login(SPRAYER, "xa1.nhaplieu", RIGHT).content.decode()
    assert login(SPRAYER, "xa1.lanhdao", RIGHT).status_code == 302  # the address as a whole is not locked


def test_a_clean_login_writes_only_its_session_access_log_and_last_login(world, monkeypatch):
    """axes deleted expired attempts and the account's count in a transaction of their own at every login, with
    nothing to delete: on SQLite each such transaction takes the database's one write lock (IMMEDIATE)."""
    statements: list[str] = []
    blocks: list[str] = []
    enter = transaction.Atomic.__enter__

    def counting_enter(self):
        blocks.append("atomic")
        return enter(self)

    def record(execute, sql, params, many, context):
        statements.append(" ".join(sql.replace('"', "").split()[:3]))
        return execute(sql, params, many, context)

    monkeypatch.setattr(transaction.Atomic, "__enter__", counting_enter)
    client = Client(REMOTE_ADDR=NEIGHBOUR)
    with connection.execute_wrapper(record):
        assert client.post("/login/", {"username": "xa1.xem", "password": RIGHT}).status_code == 302
    writes = [s for s in statements if s.split()[0] in {"INSERT", "UPDATE", "DELETE"}]
    assert writes == [
        "INSERT INTO django_session",
        "INSERT INTO axes_accesslog",
        "UPDATE org_user SET",
        "UPDATE django_session SET",
    ]
    assert len(blocks) == 2  # the session's two saves, nothing else
