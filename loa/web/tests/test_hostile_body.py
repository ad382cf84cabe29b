"""Every write of the permission matrix (page forms and API operations) with a NUL character in each text value it
sends: a clear 400 naming the character, never a 500 (PostgreSQL refuses NUL in any text it stores or compares),
and nothing written."""

from typing import Any

import pytest
from django.test import Client

from loa.core.audit import audited_models

from .test_permission_matrix import CASES, _request, acts, plans, reps  # noqa: F401 (fixtures the URLs need)

WRITERS = ("admin", "coordinator", "leader", "editor")
# Fields views read straight from the form (not through a Django form, which refuses NUL itself): each write is
# also sent with these set, whether or not its matrix body has them.
RAW_FIELDS = ("unit", "year", "action", "revision", "q", "next", "period", "status", "reason", "note")
WRITE_CASES = sorted((c for c in CASES if c.method != "GET" and c.route != "logout"), key=lambda c: c.route)


def _with_nul(value: Any) -> Any:
    """`value` with a NUL inside every text it holds; files and numbers stay as they are."""
    if isinstance(value, str):
        return value + "\x00x"
    if isinstance(value, dict):
        return {key: _with_nul(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_with_nul(item) for item in value]
    return value


def _history_rows() -> int:
    """Rows in every audited history table: a write anywhere adds one."""
    return sum(audited.model.history.model.objects.count() for audited in audited_models())  # type: ignore[attr-defined]


def _body(case: Any, world: Any, target: str, persona: str) -> Any:
    body = case.body(world, target, persona) if callable(case.body) else case.body
    poisoned = _with_nul(body or {})
    if isinstance(poisoned, dict):
        # Form fields views read raw; on the API a key no schema knows (a NUL is refused wherever it is).
        extra = RAW_FIELDS if case.fmt != "json" else ("note",)
        poisoned = {name: "a\x00b" for name in extra} | poisoned
    return poisoned


@pytest.mark.usefixtures("plans", "acts", "reps")
@pytest.mark.parametrize("case", WRITE_CASES, ids=lambda c: f"{c.method} {c.route}")
def test_a_nul_in_a_written_value_is_a_clear_400_and_changes_nothing(world: Any, case: Any) -> None:
    target = case.targets[0]
    # The first writer the matrix lets act here; a write nobody of these may do is still sent (by the admin).
    persona = next((p for p in WRITERS if case.expect[target][p] < 400), "admin")
    client = Client(raise_request_exception=False)
    client.force_login(world.users[persona])
    url = case.url(world, target)  # may itself create what it acts on: before counting the audit
    body = _body(case, world, target, persona)
    audited = _history_rows()
    response = _request(client, case, url, body)
    assert response.status_code == 400, f"{case.route} as {persona}: {response.status_code}"
    text = response.json()["detail"] if case.route.startswith("API") else response.content.decode()
    assert "ký tự NUL" in text, text[:300]
    assert _history_rows() == audited, f"{case.route}: something was written"


def test_the_commendation_form_refuses_a_nul_in_the_unit(world: Any) -> None:
    """The case a review found: the unit code read straight from the form reached PostgreSQL's comparison."""
    client = Client()
    client.force_login(world.users["coordinator"])
    response = client.post("/scores/commendations/?year=2026", {"unit": "a\x00b", "title": "Bằng khen"})
    assert response.status_code == 400 and "ký tự NUL" in response.content.decode()


@pytest.mark.parametrize("nesting", ["[" * 100_000 + "]" * 100_000, '{"a":' * 50_000 + "1" + "}" * 50_000])
def test_json_nested_past_the_parser_is_a_400_not_a_500(world: Any, nesting: str) -> None:
    """The NUL check reads JSON bodies before the API does: a body too deep to parse is left to the API's refusal."""
    client = Client(raise_request_exception=False)
    client.force_login(world.users["editor"])
    response = client.post("/api/activities", nesting, content_type="application/json")
    assert response.status_code == 400 and response.json()["code"] == "bad_request"
