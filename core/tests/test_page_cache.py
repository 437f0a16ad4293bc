"""Whole cached pages for anonymous visitors, served before most of the middleware runs."""

import pytest

pytestmark = pytest.mark.django_db

HEADERS = ["Content-Security-Policy", "X-Frame-Options", "Content-Language", "Vary", "Referrer-Policy"]


def test_an_anonymous_visitor_gets_the_same_page_and_headers_again_without_a_query(
    client, org_a, django_assert_num_queries
):
    url = "/en/directory/?sector=FARD"
    first = client.get(url)
    assert first.status_code == 200 and org_a.name_en in first.content.decode()

    with django_assert_num_queries(0):
        again = client.get(url)

    assert not hasattr(again.wsgi_request, "user")  # served before the authentication middleware
    assert again.content == first.content
    assert [again.headers.get(name) for name in HEADERS] == [first.headers.get(name) for name in HEADERS]
    assert "default-src" in again.headers["Content-Security-Policy"]


def test_a_signed_in_member_gets_a_fresh_page(client, client_as, personas, org_a):
    url = f"/en/directory/{org_a.slug}/"
    client.get(url)
    assert not hasattr(client.get(url).wsgi_request, "user")  # served from the cache

    member = client_as(personas.editor_b)
    assert member.get(url).context is not None  # rendered


def test_the_site_search_is_cached_for_visitors_and_follows_every_change_to_the_index(client, committed):
    from search.services import index_delete, index_upsert

    url = "/en/search/?q=marigold"
    assert 'href="/x/"' not in client.get(url).content.decode()
    assert not hasattr(client.get(url).wsgi_request, "user")  # the second time, from the cache

    entry = {"kind": "example", "object_id": 1, "title": "Marigold growers", "snippet": "", "url": "/x/"}
    with committed():
        index_upsert(**entry, language="en", visibility="public", texts=["Marigold growers"])
    assert 'href="/x/"' in client.get(url).content.decode()

    with committed():
        index_delete(kind="example", object_id=1)
    assert 'href="/x/"' not in client.get(url).content.decode()


def test_the_home_page_is_cached_for_visitors_and_shows_new_news_at_once(client, personas, committed):
    from content import services

    assert "Seed fair in Pakse" not in client.get("/en/").content.decode()
    assert not hasattr(client.get("/en/").wsgi_request, "user")  # the second time, from the cache
    news = {"title_lo": "ຂ່າວໃໝ່", "title_en": "Seed fair in Pakse", "status": "published"}
    with committed():
        services.news_create(
            data=news, m2m={"sector_groups": [], "organizations": []}, by=personas.secretariat
        )
    assert "Seed fair in Pakse" in client.get("/en/").content.decode()
