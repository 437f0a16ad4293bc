"""The API in the browser: the docs pages (no script needed, no console errors), and an editor who
creates a personal token on the tokens page, uses it, and revokes it."""

import pytest

from tests.browser.conftest import sign_in_on

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("language", ["lo", "en"])
def test_it_documents_the_api_on_pages_that_need_no_script(page, language):
    page.goto(f"{page.base_url}/{language}/api/")
    assert page.locator("html").get_attribute("lang") == language
    assert page.locator("text=GET /api/v1/projects").first.is_visible()
    page.locator("a[href$='/api/projects/']").first.click()
    page.wait_for_url(f"**/{language}/api/projects/")
    operation = page.locator("section[aria-labelledby='op-project_list']")
    assert operation.locator("h2").is_visible()
    example = operation.locator("details").last
    example.locator("summary").click()  # the example answer opens without any script
    assert '"items"' in example.locator("pre").inner_text()
    assert page.errors == []


def test_it_lets_an_editor_create_use_and_revoke_a_token(page):
    sign_in_on(page, page.base_url, "editor.a@test.laocso.org", "en")
    page.goto(page.base_url + "/en/api/tokens/")
    page.get_by_label("Name of the token").fill("Monitoring sheet")
    page.get_by_label("Valid for").select_option("90")
    page.get_by_role("button", name="Create the token").click()
    token = page.get_by_label("Token", exact=True).input_value()
    assert token.startswith("lcso_")

    answer = page.request.get(page.base_url + "/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert answer.status == 200
    assert answer.json()["token"]["name"] == "Monitoring sheet"

    page.goto(page.base_url + "/en/api/tokens/")
    assert token not in page.content()  # shown once only
    page.get_by_role("button", name="Revoke the token Monitoring sheet").click()
    page.wait_for_load_state()
    assert page.get_by_text("has been revoked").is_visible()
    refused = page.request.get(page.base_url + "/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert refused.status == 401
    assert page.errors == []
