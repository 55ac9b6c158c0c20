"""Schemathesis over the API's own OpenAPI schema: requests made up from it, with an analyst's
token, never answer 5xx, and what answers 200 matches the schema."""

import pytest
import schemathesis
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from readouts.api.tokens import ApiToken

schema = schemathesis.openapi.from_dict(SchemaGenerator().get_schema(request=None, public=True))
schema.app = WSGIHandler()  # in this process: the test's database and its transaction


@pytest.fixture
def keep_connection():
    """As Django's test client does: a request's start and end must not close the test's
    database connection, which holds its transaction."""
    for signal in (signals.request_started, signals.request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (signals.request_started, signals.request_finished):
        signal.connect(close_old_connections)


@pytest.fixture
def token(analyst):
    return ApiToken.issue(analyst, "schemathesis", 5)[1]


@schema.parametrize()
@settings(
    max_examples=30,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_no_request_the_schema_allows_answers_5xx(case, world, token, keep_connection):
    case.call_and_validate(
        headers={"Authorization": f"Bearer {token}"},
        checks=[not_a_server_error, response_schema_conformance],
    )
