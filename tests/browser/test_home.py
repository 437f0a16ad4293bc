import pytest

pytestmark = pytest.mark.browser

LAO_FONT_LOADED = """() => document.fonts.ready.then(() => [...document.fonts].some(
    face => face.family.replace(/"/g, '') === 'Noto Sans Lao' && face.status === 'loaded'))"""

FONT_OF_HEADING = "() => getComputedStyle(document.querySelector('h1')).fontFamily"


def test_it_shows_the_lao_home_page_in_the_lao_font_and_switches_to_english_on_the_same_page(page):
    page.goto(page.base_url + "/lo/about/")
    assert page.locator("html").get_attribute("lang") == "lo"
    heading = page.locator("h1")
    assert heading.inner_text() == "ກ່ຽວກັບເຄືອຂ່າຍ"
    assert page.evaluate(LAO_FONT_LOADED), "the self-hosted Noto Sans Lao font did not load"
    assert page.evaluate(FONT_OF_HEADING).startswith('"Noto Sans Lao"')
    # Lao glyphs are really drawn (a missing font would leave tofu boxes or nothing).
    assert heading.bounding_box()["width"] > 50

    page.get_by_role("link", name="English").click()
    page.wait_for_url("**/en/about/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").inner_text() == "About the network"
    assert page.errors == []
