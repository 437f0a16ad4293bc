"""Members-only content never reaches the public: not in lists, search, feeds, the calendar feed, the
sitemap, nor by its direct address (a 404, as if it did not exist)."""

import pytest
from django.utils import timezone

from content.tests.helpers import pdf_bytes

pytestmark = [pytest.mark.django_db, pytest.mark.urls("content.tests.urls")]

SECRET = "ຂໍ້ມູນລັບສະມາຊິກ"  # a Lao phrase found only in the members-only items
SECRET_EN = "Membersonlyzebra"


@pytest.fixture
def members_only(make_news, make_event, make_document, make_opportunity):
    common = {"visibility": "members", "title_lo": f"ບົດລາຍງານ {SECRET}", "title_en": f"{SECRET_EN} report"}
    return {
        "news": make_news(**common),
        "event": make_event(**common, starts_at=timezone.now() + timezone.timedelta(days=2)),
        "document": make_document(content=pdf_bytes(f"ເນື້ອໃນ {SECRET} ພາຍໃນ"), name="minutes.pdf", **common),
        "opportunity": make_opportunity(**common),
    }


PUBLIC_PAGES = [
    "/lo/news/",
    "/en/news/",
    "/lo/events/",
    "/lo/documents/",
    "/en/documents/?kind=report",
    "/lo/opportunities/",
    "/lo/feeds/news.rss",
    "/en/feeds/news.atom",
    "/lo/feeds/opportunities.rss",
    "/en/feeds/opportunities.atom",
    "/lo/events/calendar.ics",
    "/sitemap.xml",
]


def detail_urls(items) -> list[str]:
    return [
        f"/lo/news/{items['news'].slug}/",
        f"/lo/events/{items['event'].slug}/",
        f"/lo/events/{items['event'].slug}/event.ics",
        f"/lo/documents/{items['document'].slug}/",
        f"/lo/documents/{items['document'].slug}/download/",
        f"/lo/opportunities/{items['opportunity'].slug}/",
    ]


def everything(client, items) -> str:
    today = timezone.localdate() + timezone.timedelta(days=2)
    pages = [*PUBLIC_PAGES, f"/lo/events/calendar/{today.year}/{today.month}/"]
    responses = [client.get(url) for url in pages]
    assert all(response.status_code == 200 for response in responses), [r.status_code for r in responses]
    return " ".join(response.content.decode() for response in responses)


@pytest.mark.parametrize("who", ["anonymous", "visitor"])
def test_it_keeps_members_only_content_from_the_public_everywhere(
    client, client_as, personas, members_only, who
):
    if who == "visitor":  # signed in, but not staff of a member organization
        client = client_as(personas.visitor)
    seen = everything(client, members_only)
    assert SECRET not in seen and SECRET_EN not in seen
    for item in members_only.values():
        assert f"/{item.slug}/" not in seen
    # Searches echo the words searched for, so there the results themselves are checked.
    assert client.get(f"/lo/search/?q={SECRET}").context["total"] == 0
    assert client.get(f"/en/search/?q={SECRET_EN}").context["total"] == 0
    assert client.get(f"/lo/documents/?q={SECRET}").context["page"].paginator.count == 0
    for url in detail_urls(members_only):
        assert client.get(url).status_code == 404, url


def test_it_shows_members_only_content_to_staff_of_member_organizations(client_as, personas, members_only):
    client = client_as(personas.editor_a)
    for url in detail_urls(members_only):
        assert client.get(url).status_code == 200, url
    assert (
        f"/lo/documents/{members_only['document'].slug}/"
        in client.get(f"/lo/search/?q={SECRET}").content.decode()
    )
    assert members_only["news"].slug in client.get("/lo/news/").content.decode()
    assert members_only["document"].slug in client.get(f"/lo/documents/?q={SECRET}").content.decode()


def test_it_leaves_members_only_content_out_of_feeds_even_for_members(client_as, personas, members_only):
    client = client_as(personas.editor_a)
    for url in [
        "/lo/feeds/news.rss",
        "/lo/feeds/opportunities.rss",
        "/lo/events/calendar.ics",
        "/sitemap.xml",
    ]:
        assert SECRET not in client.get(url).content.decode(), url


def test_it_audits_downloads_of_members_only_documents(client_as, personas, members_only):
    from core.models import AuditEvent

    document = members_only["document"]
    client_as(personas.editor_a).get(f"/lo/documents/{document.slug}/download/")
    event = AuditEvent.objects.get(action="document.download")
    assert event.actor_id == personas.editor_a.pk and event.target_id == str(document.pk)


def test_it_does_not_serve_a_members_only_page_from_the_public_cache(
    client, client_as, personas, members_only
):
    news = members_only["news"]
    member = client_as(personas.editor_a)
    assert member.get(f"/lo/news/{news.slug}/").status_code == 200
    member.logout()
    assert client.get(f"/lo/news/{news.slug}/").status_code == 404
