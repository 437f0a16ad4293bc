"""schemathesis over the whole OpenAPI description, in-process through the WSGI application (every
middleware included), as an anonymous caller and as an organization editor with a token: valid and
invalid requests for every operation; no server error, no answer outside the description (status,
content type, headers, schema).

Bounded: a dozen cases an operation and mode, the same on every run (derandomized)."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode, checks

CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_schema_conformance,
    checks.response_headers_conformance,
]
FUZZ = settings(
    max_examples=10,
    deadline=None,
    derandomize=True,  # the same cases on every run: a failure can be replayed
    database=None,  # no .hypothesis folder in the project
    suppress_health_check=list(HealthCheck),
)


@pytest.fixture
def wsgi_app():
    """Django's WSGI handler, which must not close the database connection after each request: the
    test runs inside a transaction."""
    from django.core.wsgi import get_wsgi_application

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield get_wsgi_application()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def fuzz(app, headers: dict) -> tuple[int, list[str]]:
    """Run every operation; returns how many operations ran and the failures, one line each."""
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    failures, operations = [], 0
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1
        cases = st.one_of(
            operation.as_strategy(GenerationMode.POSITIVE), operation.as_strategy(GenerationMode.NEGATIVE)
        )

        @FUZZ
        @given(case=cases)
        def run(case):
            # The WSGI transport does not decompress: ask for plain answers (GZipMiddleware).
            case.call_and_validate(checks=CHECKS, headers={"Accept-Encoding": "identity", **headers})

        try:
            run()
        except Exception as error:
            failures.append(f"{operation.label}: {str(error)[:2000]}")
    return operations, failures


def test_it_answers_anonymous_callers_within_the_description(wsgi_app, world, reporting_round):
    operations, failures = fuzz(wsgi_app, {})
    assert operations >= 30
    assert failures == []


def test_it_answers_an_editor_with_a_token_within_the_description(wsgi_app, world, reporting_round, token_a):
    operations, failures = fuzz(wsgi_app, {"Authorization": f"Bearer {token_a}"})
    assert operations >= 30
    assert failures == []
