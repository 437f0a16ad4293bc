"""The docs pages: rendered on the server from the OpenAPI description, in Lao and English, without
scripts; every operation is on them with its parameters, answers and an example."""

import re

import pytest


def operations(client) -> list[tuple[str, str]]:
    description = client.get("/api/v1/openapi.json").json()
    return [(method.upper(), path) for path, methods in description["paths"].items() for method in methods]


@pytest.mark.parametrize("language", ["lo", "en"])
def test_it_lists_every_operation_on_the_api_page(client, db, language):
    response = client.get(f"/{language}/api/")
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    for method, path in operations(client):
        assert f"{method} {path}" in html, (method, path)
    assert "/api/v1/openapi.json" in html
    assert not re.search(r"<script(?![^>]*\bsrc=)", html)  # no inline script
    assert " style=" not in html


def test_it_documents_each_section_with_parameters_answers_and_examples(client, db):
    html = client.get("/en/api/projects/").content.decode()
    assert "GET /api/v1/projects" in html and "GET /api/v1/projects/{project_id}" in html
    assert "<code>province</code>" in html and "<code>limit</code>" in html
    for status in ("200", "401", "404", "422", "429"):
        assert f'<th scope="row">{status}</th>' in html
    assert "curl &quot;http://testserver/api/v1/projects&quot;" in html
    writes = client.get("/en/api/your-organization/").content.decode()
    assert "PUT /api/v1/me/projects/{project_id}" in writes
    assert "Authorization: Bearer $TOKEN" in writes


def test_it_documents_every_schema(client, db):
    html = client.get("/en/api/schemas/").content.decode()
    for name in ("ProjectOut", "ProjectCreateIn", "OrganizationOut", "ErrorOut", "ValidationErrorOut"):
        assert f'id="schema-{name}"' in html


def test_it_answers_an_unknown_section_with_404(client, db):
    assert client.get("/en/api/no-such-section/").status_code == 404


def test_it_links_the_tokens_page(client, db):
    assert 'href="/en/api/tokens/"' in client.get("/en/api/").content.decode()
