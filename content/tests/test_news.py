"""News: written by the secretariat in Lao and/or English, drafts and scheduled publication, lists by
sector group, related news, cover images and link previews for Facebook."""

import re
from datetime import timedelta

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import timezone

from content import services
from content.models import NewsItem
from content.tests.helpers import png_bytes, stored_files, upload
from core.models import SectorGroup
from search.models import SearchEntry

pytestmark = pytest.mark.django_db


def news_form(**extra) -> dict:
    return {
        "title_lo": "ກອງປະຊຸມໃຫຍ່ ປະຈຳປີ",
        "title_en": "",
        "body_lo": "ກອງປະຊຸມ **ສຳຄັນ** ຂອງເຄືອຂ່າຍ.\n\n- ຮັບຮອງບົດລາຍງານ",
        "body_en": "",
        "visibility": "public",
        "status": "published",
        "published_at": "",
        **extra,
    }


def test_it_publishes_a_lao_news_item_with_a_cover_that_facebook_can_preview(client_as, personas, client):
    farming = SectorGroup.objects.get(code="FARD")
    response = client_as(personas.secretariat).post(
        "/lo/news/new/",
        news_form(sector_groups=[farming.pk], cover_upload=upload(png_bytes((1200, 630)), "photo.png")),
    )
    news = NewsItem.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/lo/news/{news.slug}/"
    assert news.is_live and news.created_by == personas.secretariat

    client.logout()
    page = client.get(f"/lo/news/{news.slug}/").content.decode()
    assert "ກອງປະຊຸມໃຫຍ່ ປະຈຳປີ" in page
    assert "<strong>ສຳຄັນ</strong>" in page and "<li>ຮັບຮອງບົດລາຍງານ</li>" in page
    cover = f"http://testserver/lo/news/{news.slug}/cover/"
    assert f'<meta property="og:image" content="{cover}">' in page
    assert '<meta property="og:title" content="ກອງປະຊຸມໃຫຍ່ ປະຈຳປີ">' in page
    assert '<meta property="og:locale" content="lo_LA">' in page
    assert '<meta name="twitter:card" content="summary_large_image">' in page
    assert re.search(r'<meta property="og:description" content="ກອງປະຊຸມ ສຳຄັນ', page)
    image = client.get(f"/lo/news/{news.slug}/cover/")
    assert image.status_code == 200 and image["Content-Type"] == "image/jpeg"
    assert image["X-Content-Type-Options"] == "nosniff"
    assert f"/lo/news/{news.slug}/" in client.get("/lo/news/").content.decode()
    assert f"/lo/news/{news.slug}/" in client.get("/lo/news/?sector=FARD").content.decode()
    assert f"/lo/news/{news.slug}/" not in client.get("/lo/news/?sector=PH").content.decode()


def test_it_keeps_drafts_from_everyone_but_the_secretariat(client, client_as, personas, make_news):
    draft = make_news(status="draft", title_en="Unfinished story")
    assert draft.published_at is None
    assert client.get(f"/en/news/{draft.slug}/").status_code == 404
    assert "Unfinished story" not in client.get("/en/news/").content.decode()
    assert not SearchEntry.objects.filter(kind="news").exists()
    assert client_as(personas.editor_a).get(f"/en/news/{draft.slug}/").status_code == 404
    secretariat = client_as(personas.secretariat)
    assert secretariat.get(f"/en/news/{draft.slug}/").status_code == 200
    assert "Unfinished story" in secretariat.get("/en/news/").content.decode()


def test_it_publishes_a_scheduled_item_when_its_time_comes(client, make_news, committed):
    later = timezone.now() + timedelta(hours=2)
    news = make_news(title_en="Tree planting day", published_at=later)
    assert news.is_scheduled
    assert client.get(f"/en/news/{news.slug}/").status_code == 404
    assert "Tree planting day" not in client.get("/en/feeds/news.rss").content.decode()
    assert f"/en/news/{news.slug}/" not in client.get("/en/search/?q=tree+planting").content.decode()
    assert services.publish_due() == 0

    NewsItem.objects.filter(pk=news.pk).update(
        published_at=timezone.now() - timedelta(minutes=1)
    )  # time passes
    assert client.get(f"/en/news/{news.slug}/").status_code == 200
    with committed():  # the scheduled command's commit renews the visitors' cached pages
        assert services.publish_due() == 1
    assert f"/en/news/{news.slug}/" in client.get("/en/search/?q=tree+planting").content.decode()
    assert services.publish_due() == 0  # announced once


def test_it_shows_related_news_of_the_same_sector_group(client, make_news):
    health, education = SectorGroup.objects.get(code="PH"), SectorGroup.objects.get(code="EDSP")
    news = make_news(title_en="Clinic opens", sector_groups=[health])
    related = make_news(title_en="Vaccination week", sector_groups=[health])
    other = make_news(title_en="School fair", sector_groups=[education])
    page = client.get(f"/en/news/{news.slug}/").content.decode()
    assert f"/en/news/{related.slug}/" in page and f"/en/news/{other.slug}/" not in page


def test_it_sanitizes_html_and_script_links_typed_into_the_text(client, make_news):
    news = make_news(
        body_lo='<script>alert("x")</script> <img src=x onerror=alert(1)> [ກົດ](javascript:alert(1))'
    )
    page = client.get(f"/lo/news/{news.slug}/").content.decode()
    assert '<script>alert("x")' not in page and "<img src=x" not in page
    assert 'href="javascript:' not in page
    assert "&lt;script&gt;" in page


def test_it_asks_for_a_title_in_the_language_of_the_text(client_as, personas):
    client = client_as(personas.secretariat)
    response = client.post("/en/news/new/", news_form(title_lo="", body_lo=""))
    assert "Give a title in Lao or in English." in response.context["form"].errors["title_lo"]
    response = client.post("/en/news/new/", news_form(body_en="Some English text"))
    assert "title_en" in response.context["form"].errors
    assert not NewsItem.objects.exists()


def test_it_refuses_a_cover_that_is_not_an_image_and_stores_nothing(client_as, personas, media_root):
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'
    response = client_as(personas.secretariat).post(
        "/en/news/new/", news_form(cover_upload=upload(svg, "a.png"))
    )
    assert "cover_upload" in response.context["form"].errors
    assert not NewsItem.objects.exists() and stored_files(media_root) == []


def test_it_lets_only_the_secretariat_write_news(client, client_as, personas, make_news):
    news = make_news()
    for persona in [personas.editor_a, personas.sector_head, personas.visitor]:
        editor = client_as(persona)
        assert editor.get("/en/news/new/").status_code == 403
        assert editor.post("/en/news/new/", news_form()).status_code == 403
        assert editor.post(f"/en/news/{news.slug}/edit/", news_form(version=news.version)).status_code == 403
    client.logout()
    assert client.get("/en/news/new/").status_code == 302  # to the sign-in page
    assert NewsItem.objects.count() == 1


def test_it_refuses_a_stale_edit_instead_of_overwriting(client_as, personas, make_news):
    news = make_news(title_en="First")
    client = client_as(personas.secretariat)
    assert (
        client.post(f"/en/news/{news.slug}/edit/", news_form(title_en="Second", version=1)).status_code == 302
    )
    response = client.post(f"/en/news/{news.slug}/edit/", news_form(title_en="Third", version=1))
    assert response.status_code == 409
    news.refresh_from_db()
    assert news.title_en == "Second"


def test_it_removes_the_old_cover_file_when_the_cover_is_replaced(client_as, personas, media_root, committed):
    client = client_as(personas.secretariat)
    client.post("/en/news/new/", news_form(cover_upload=upload(png_bytes(), "one.png")))
    news = NewsItem.objects.get()
    first = news.cover.name
    with committed():
        client.post(
            f"/en/news/{news.slug}/edit/",
            news_form(version=news.version, cover_upload=upload(png_bytes(colour=(0, 0, 200)), "two.png")),
        )
    news.refresh_from_db()
    assert news.cover.name != first
    assert [path.name for path in stored_files(media_root)] == [news.cover.name.split("/")[1]]


def test_it_gives_the_home_page_the_latest_news_the_viewer_may_see(make_news, personas):
    public = make_news(title_en="Open news")
    private = make_news(title_en="Members news", visibility="members")
    request = RequestFactory().get("/en/")
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    html = Template("{% load content_tags %}{% latest_news 3 %}").render(Context({"request": request}))
    assert public.slug in html and private.slug not in html
    request.user = personas.editor_a
    html = Template("{% load content_tags %}{% latest_news 3 %}").render(Context({"request": request}))
    assert private.slug in html


def test_it_lists_news_in_a_constant_number_of_queries(client, make_news, django_assert_max_num_queries):
    groups = list(SectorGroup.objects.all()[:2])
    for number in range(3):
        make_news(title_en=f"Item {number}", sector_groups=groups)
    with django_assert_max_num_queries(12) as few:
        client.get("/en/news/")
    for number in range(15):
        make_news(title_en=f"More {number}", sector_groups=groups)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/en/news/")
