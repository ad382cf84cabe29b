"""Every GET page and API read of the permission matrix, with every query parameter Loa reads set to a value nobody
means: a clear answer (200, 400, 404, 422), never a 500. The names are those the views read (`request.GET`)."""

from typing import Any
from urllib.parse import urlencode

import pytest
from django.test import Client

from .test_permission_matrix import CASES, acts, plans, reps  # noqa: F401 (fixtures the matrix's URLs need)

PARAMETERS = [
    "area", "channel", "format", "from", "inline", "month", "page", "period", "q", "recipient", "show", "status",
    "subtree", "task", "to", "type", "unit", "year", "limit", "offset", "code", "kind",
]  # fmt: skip
VALUES = {
    "superscript": "²",  # a digit to str.isdigit(), not to int()
    "arabic-indic": "٣",
    "twenty-digits": "99999999999999999999",  # past a 64-bit column
    "nul": "a\x00b",  # PostgreSQL refuses NUL in text
    "markup": "<script>'\"",
    "long": "x" * 5000,
}
READERS = ("anon", "editor", "coordinator", "leader", "admin")
GET_CASES = sorted((c for c in CASES if c.method == "GET"), key=lambda c: c.route)


@pytest.mark.usefixtures("plans", "acts", "reps")
@pytest.mark.parametrize("case", GET_CASES, ids=lambda c: c.route)
def test_odd_query_values_are_never_a_500(world: Any, case: Any) -> None:
    target = case.targets[0]
    # The first signed-in reader the matrix lets in (a 200, or a redirect to where it acts), else the sign-in page.
    persona = next((p for p in READERS[1:] if case.expect[target][p] < 400), "anon")
    client = Client(raise_request_exception=False)
    if persona != "anon":
        client.force_login(world.users[persona])
    url = case.url(world, target)
    joiner = "&" if "?" in url else "?"
    answers = {
        kind: client.get(url + joiner + urlencode({name: value for name in PARAMETERS})).status_code
        for kind, value in VALUES.items()
    }
    assert all(status < 500 for status in answers.values()), f"{case.route} as {persona}: {answers}"


def test_a_nul_in_a_query_string_is_a_clear_400_on_pages_and_the_api(world: Any) -> None:
    client = Client()
    client.force_login(world.users["editor"])
    page = client.get("/activities/", {"unit": "a\x00b"})
    assert page.status_code == 400 and "ký tự không hợp lệ (ký tự NUL)" in page.content.decode()
    api = client.get("/api/activities", {"q": "\x00"})
    assert api.status_code == 400 and "ký tự NUL" in api.json()["detail"] and api.json()["code"] == "bad_request"
