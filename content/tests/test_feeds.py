"""RSS and Atom feeds per language and per sector group, for news and opportunities."""

from datetime import timedelta
from xml.etree import ElementTree

import pytest
from django.utils import timezone

from core.models import SectorGroup

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def rss_titles(client, url) -> list[str]:
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"].startswith("application/rss+xml")
    return [item.findtext("title") for item in ElementTree.fromstring(response.content).iter("item")]  # noqa: S314


def atom_titles(client, url) -> list[str]:
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"].startswith("application/atom+xml")
    return [
        entry.findtext(f"{ATOM}title")
        for entry in ElementTree.fromstring(response.content).iter(f"{ATOM}entry")  # noqa: S314 (our own feed)
    ]


def test_it_puts_news_in_the_feed_of_each_language_it_is_written_in(client, make_news):
    make_news(title_lo="ຂ່າວພາສາລາວ", title_en="", body_lo="ເນື້ອໃນ **ສຳຄັນ**")
    make_news(title_lo="", title_en="English only news", body_en="Text")
    make_news(title_lo="ຂ່າວສອງພາສາ", title_en="News in both languages")
    assert rss_titles(client, "/lo/feeds/news.rss") == ["ຂ່າວສອງພາສາ", "ຂ່າວພາສາລາວ"]
    assert atom_titles(client, "/en/feeds/news.atom") == ["News in both languages", "English only news"]
    feed = client.get("/lo/feeds/news.rss").content.decode()
    assert "&lt;strong&gt;ສຳຄັນ&lt;/strong&gt;" in feed  # the text as (escaped) HTML
    assert "<language>lo</language>" in feed and "http://testserver/lo/news/" in feed


def test_it_gives_each_sector_group_its_own_feed(client, make_news, make_opportunity):
    health = SectorGroup.objects.get(code="PH")
    make_news(title_en="Clinic opens", sector_groups=[health])
    make_news(title_en="School fair")
    make_opportunity(title_en="Nurse trainer", sector_groups=[health])
    make_opportunity(title_en="Accountant")
    assert rss_titles(client, "/en/feeds/news/PH.rss") == ["Clinic opens"]
    assert atom_titles(client, "/en/feeds/news/PH.atom") == ["Clinic opens"]
    assert rss_titles(client, "/en/feeds/opportunities/PH.rss") == ["Nurse trainer"]
    assert client.get("/en/feeds/news/NOPE.rss").status_code == 404


def test_it_lists_only_open_opportunities_in_their_feed(client, make_opportunity):
    make_opportunity(title_en="Open call")
    make_opportunity(title_en="Past call", deadline=timezone.localdate() - timedelta(days=1))
    assert rss_titles(client, "/en/feeds/opportunities.rss") == ["Open call"]
    assert atom_titles(client, "/en/feeds/opportunities.atom") == ["Open call"]


def test_it_lists_the_feeds_on_a_page_and_announces_them_to_browsers(client):
    page = client.get("/en/feeds/").content.decode()
    assert "/en/feeds/news/FARD.rss" in page and "/en/feeds/opportunities.atom" in page
    assert 'type="application/rss+xml"' in client.get("/en/news/").content.decode()
