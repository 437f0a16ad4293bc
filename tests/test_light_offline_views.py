"""The root-level files that make the platform installable and readable offline: the service worker,
the web app manifest and the offline page."""

import json

import pytest

pytestmark = pytest.mark.django_db


def test_it_serves_the_service_worker_at_the_root_with_its_scope_and_revalidation(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Service-Worker-Allowed"] == "/"
    assert response["Cache-Control"] == "no-cache"
    body = response.content.decode()
    # It knows the static files and the offline page of each language, and has a version.
    assert "/static/css/site.css" in body and '"/lo/offline/"' in body and '"/en/offline/"' in body
    assert 'const VERSION = "";' not in body
    # A browser checking for an update gets a 304 while nothing changed.
    again = client.get("/sw.js", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304 and again.content == b""


def test_it_changes_the_service_worker_version_when_a_static_file_changes(client, settings):
    first = client.get("/sw.js").content
    settings.STATIC_URL = "/assets/"
    second = client.get("/sw.js").content
    version = lambda body: body.decode().split('const VERSION = "', 1)[1][:16]  # noqa: E731
    assert version(first) != version(second)


def test_it_describes_the_installable_app_in_the_language_asked_for(client):
    lao = json.loads(client.get("/manifest.webmanifest?lang=lo").content)
    english = client.get("/manifest.webmanifest?lang=en")
    assert english["Content-Type"] == "application/manifest+json"
    english = json.loads(english.content)
    assert lao["lang"] == "lo" and lao["start_url"] == "/lo/"
    assert english["name"] == "Lao CSO Platform" and english["start_url"] == "/en/"
    assert english["display"] == "standalone" and english["scope"] == "/"
    sizes = {(icon["sizes"], icon["purpose"]) for icon in english["icons"]}
    assert {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")} <= sizes
    # An unknown language falls back to Lao rather than failing.
    assert json.loads(client.get("/manifest.webmanifest?lang=xx").content)["lang"] == "lo"


def test_it_links_the_manifest_and_the_deferred_script_from_every_page_without_inline_code(client):
    page = client.get("/en/").content.decode()
    assert '<link rel="manifest" href="/manifest.webmanifest?lang=en">' in page
    assert 'src="/static/js/offline.js" defer data-sw="/sw.js"' in page
    assert "data-offline-notice hidden" in page  # what the service worker switches on in a saved copy


def test_it_shows_the_offline_page_with_the_texts_of_the_draft_messages(client):
    response = client.get("/en/offline/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "You are offline" in page
    for name in ["queued", "sent", "duplicate", "conflict", "invalid", "signin", "refused", "restored"]:
        assert f'data-text="{name}"' in page
