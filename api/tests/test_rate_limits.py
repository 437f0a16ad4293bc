"""Rate limits: anonymous callers per address (a forged X-Forwarded-For does not reset the count),
token holders per person with a higher limit; beyond it a 429 with Retry-After."""

import json

from django.test import Client

from api.tests.conftest import ApiClient


def test_it_limits_anonymous_callers_per_address(api, settings):
    settings.API_RATE_ANONYMOUS = "5/min"
    statuses = [api.get("/reference/provinces").status_code for _ in range(5)]
    assert statuses == [200] * 5
    refused = api.get("/reference/provinces")
    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 61
    assert refused.json()["detail"]
    forged = api.get("/reference/provinces", HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert forged.status_code == 429  # no proxy is trusted: the header changes nothing


def test_it_counts_behind_a_trusted_proxy_by_the_address_it_reports(api, settings):
    settings.API_RATE_ANONYMOUS = "2/min"
    settings.TRUSTED_PROXY_COUNT = 1
    for _ in range(2):
        assert api.get("/reference/provinces", HTTP_X_FORWARDED_FOR="198.51.100.1").status_code == 200
    assert api.get("/reference/provinces", HTTP_X_FORWARDED_FOR="198.51.100.1").status_code == 429
    assert api.get("/reference/provinces", HTTP_X_FORWARDED_FOR="198.51.100.2").status_code == 200


def test_it_gives_token_holders_their_own_higher_limit(api, settings, token_a, token_b):
    settings.API_RATE_ANONYMOUS = "2/min"
    settings.API_RATE_TOKEN = "4/min"
    for _ in range(2):
        api.get("/reference/provinces")
    assert api.get("/reference/provinces").status_code == 429
    assert [api.get("/reference/provinces", token=token_a).status_code for _ in range(4)] == [200] * 4
    assert api.get("/me", token=token_a).status_code == 429
    assert api.get("/me", token=token_b).status_code == 200  # another person counts apart


def test_it_needs_no_csrf_token_because_it_reads_no_cookie(db, token_a, org_a, personas):
    from api.tests.test_writes import project_body

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(personas.editor_a)
    body = json.dumps(project_body(org_a))
    signed_in_only = strict.post("/api/v1/me/projects", body, content_type="application/json")
    assert signed_in_only.status_code == 401  # the session is not a credential here
    with_token = ApiClient(strict, token_a).post("/me/projects", project_body(org_a))
    assert with_token.status_code == 201
