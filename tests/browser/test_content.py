"""Information sharing in the browser: the secretariat publishes a Lao news item with a photo, visitors
find it on the home page (or the news list) and in the Lao feed, and download a public document."""

import io
from pathlib import Path
from urllib.parse import unquote

import pytest
from PIL import Image

from tests.browser.conftest import sign_in_on

pytestmark = pytest.mark.browser

TITLE = "ກອງປະຊຸມໃຫຍ່ ອົງການຈັດຕັ້ງສັງຄົມ ປີ 2025"
HOME = Path(__file__).resolve().parents[2] / "templates" / "core" / "home.html"


def photo() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (1200, 630), (46, 125, 50)).save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_it_publishes_lao_news_with_a_photo_that_visitors_see_and_follow(page, browser, media):
    sign_in_on(page, page.base_url, "secretariat@test.laocso.org")
    page.goto(page.base_url + "/lo/news/new/")
    page.locator("#id_title_lo").fill(TITLE)
    page.locator("#id_body_lo").fill("ອົງການຈັດຕັ້ງສັງຄົມ **ຫຼາຍກວ່າ 120 ອົງການ** ໄດ້ເຂົ້າຮ່ວມ.")
    page.locator("input[name=sector_groups]").first.check()
    page.locator("#id_cover_upload").set_input_files(
        files=[{"name": "ພາບກອງປະຊຸມ.png", "mimeType": "image/png", "buffer": photo()}]
    )
    page.locator("#id_cover_alt_lo").fill("ຜູ້ເຂົ້າຮ່ວມກອງປະຊຸມ")
    page.locator("input[name=status][value=published]").check()
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/lo/news/*/")
    assert page.locator("h1").inner_text() == TITLE
    cover = page.locator("main figure img")
    assert cover.evaluate("image => image.complete && image.naturalWidth") == 1200  # the re-encoded photo
    news_url = page.url

    visitor = browser.new_context(viewport={"width": 360, "height": 740}, locale="lo-LA").new_page()
    if "latest_news" in HOME.read_text():  # the home page shows the latest news once the lead wires the tag
        visitor.goto(page.base_url + "/lo/")
    else:
        visitor.goto(page.base_url + "/lo/news/")
    visitor.get_by_role("link", name=TITLE).click()
    assert visitor.url == news_url
    assert visitor.locator("meta[property='og:image']").get_attribute("content").endswith("/cover/")
    feed = visitor.request.get(page.base_url + "/lo/feeds/news.rss")
    assert feed.ok and f"<title>{TITLE}</title>" in feed.text()
    assert page.errors == []


def test_it_lets_a_visitor_download_a_public_document(page, media):
    from django.core.files.base import ContentFile

    from accounts.models import User
    from content import services
    from content.files import checked_document
    from content.lao_pdf import lao_pdf

    content = lao_pdf(title="ຄູ່ມື", blocks=[("title", "ຄູ່ມື ການລາຍງານ"), ("p", "ຂັ້ນຕອນ ການປ້ອນຂໍ້ມູນ")])
    services.document_create(
        checked=checked_document(ContentFile(content, name="ຄູ່ມືການລາຍງານ.pdf")),
        data={"title_lo": "ຄູ່ມື ການລາຍງານ", "kind": "guideline", "language": "lo", "status": "published"},
        m2m={},
        by=User.objects.get(email="secretariat@test.laocso.org"),
    )
    page.goto(page.base_url + "/lo/documents/")
    page.get_by_role("link", name="ຄູ່ມື ການລາຍງານ").click()
    with page.expect_download() as download_info:
        page.locator("a[href$='/download/']").click()
    download = download_info.value
    assert unquote(download.suggested_filename) == "ຄູ່ມືການລາຍງານ.pdf"
    assert Path(download.path()).read_bytes() == content
    assert page.errors == []


def test_it_reads_the_lao_words_of_a_pdf_printed_by_chromium(page):
    """Real PDFs come from Word, LibreOffice and browsers, not from our writer. Chromium writes ຳ as
    ໍ + າ (normalized on the way in), and for some mark variants of the site's font it records no
    letter at all (NUL): those marks are lost, and the NULs must not reach the database."""
    from django.core.files.base import ContentFile

    from content.files import checked_document

    page.goto(page.base_url + "/lo/")  # the page's font comes from our own static files
    page.set_content('<html lang="lo"><body><p class="lead">ການປູກຝັງແບບກະສິກຳອິນຊີ ຢູ່ແຄມແມ່ນ້ຳຂອງ</p></body></html>')
    page.add_style_tag(url=page.base_url + "/static/css/site.css")
    text = checked_document(ContentFile(page.pdf(), name="printed.pdf")).text
    assert "ກະສິກຳອິນຊີ" in text and "ແຄມແມ່ນ" in text
    assert "\x00" not in text
