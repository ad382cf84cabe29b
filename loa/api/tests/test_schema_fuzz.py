"""The API against its own OpenAPI document (schemathesis, bounded examples, a coordinator's API key): no input it
accepts or refuses gives a server error, and every answer matches the schema it declares."""

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error, response_schema_conformance

from loa.org.services import api_token_create
from loa.wsgi import application

schema = schemathesis.openapi.from_wsgi("/api/openapi.json", application)


@pytest.fixture
def keep_connection() -> Iterator[None]:
    """Django closes the database connection after each request it serves (`request_finished`). Its test client
    stops that for the request; a WSGI call does not, and on PostgreSQL the test's transaction lost its connection
    ("the connection is closed" on every operation)."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def token(world: Any, keep_connection: None) -> str:
    return api_token_create(actor=world.users["coordinator"], user=world.users["coordinator"], name="schemathesis")[1]


@schema.parametrize()
@settings(max_examples=4, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_every_operation_answers_within_its_schema(case: Any, token: str) -> None:
    response = case.call_and_validate(
        headers={"Authorization": f"Bearer {token}"}, checks=[not_a_server_error, response_schema_conformance]
    )
    assert response.status_code != 401, "the key was not accepted: the run would test nothing but the refusal"
