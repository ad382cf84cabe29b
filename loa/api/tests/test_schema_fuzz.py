"""The API against its own OpenAPI document (schemathesis, bounded examples, a coordinator's API key): no input it
accepts or refuses gives a server error, and every answer matches the schema it declares."""

from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error, response_schema_conformance

from loa.org.services import api_token_create
from loa.wsgi import application

schema = schemathesis.openapi.from_wsgi("/api/openapi.json", application)


@pytest.fixture
def token(world: Any) -> str:
    return api_token_create(actor=world.users["coordinator"], user=world.users["coordinator"], name="schemathesis")[1]


@schema.parametrize()
@settings(max_examples=4, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_every_operation_answers_within_its_schema(case: Any, token: str) -> None:
    response = case.call_and_validate(
        headers={"Authorization": f"Bearer {token}"}, checks=[not_a_server_error, response_schema_conformance]
    )
    assert response.status_code != 401, "the key was not accepted: the run would test nothing but the refusal"
