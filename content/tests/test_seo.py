"""sitemap.xml lists the public pages in both languages; robots.txt points to it."""

from xml.etree import ElementTree

import pytest

pytestmark = [pytest.mark.django_db, pytest.mark.urls("content.tests.urls")]
NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def test_it_lists_public_pages_in_both_languages_with_alternates(client, org_a, make_news, make_document):
    news = make_news(title_en="Public news")
    document = make_document()
    draft = make_news(title_en="Draft news", status="draft")
    response = client.get("/sitemap.xml")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/xml")
    tree = ElementTree.fromstring(response.content)  # noqa: S314 (our own sitemap)
    locations = [url.findtext(f"{NS}loc") for url in tree.iter(f"{NS}url")]
    for path in [f"/lo/news/{news.slug}/", f"/en/news/{news.slug}/", f"/lo/documents/{document.slug}/",
                 f"/en/directory/{org_a.slug}/", "/lo/", "/en/events/"]:  # fmt: skip
        assert f"http://testserver{path}" in locations, path
    assert not any(draft.slug in location for location in locations)
    assert 'hreflang="lo"' in response.content.decode() and 'hreflang="en"' in response.content.decode()


def test_it_points_robots_to_the_sitemap_and_away_from_private_pages(client):
    text = client.get("/robots.txt").content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in text
    assert "Disallow: /lo/accounts/" in text and "Disallow: /en/admin/" in text
