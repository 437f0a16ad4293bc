"""Offline: recently visited public pages stay readable with a clear notice, and a form marked
`data-offline-draft` can be filled in offline, is kept on the device and is sent once when the
connection returns (static/js/offline.js, templates/core/sw.js).

The draft test runs against a small reference form defined here, which answers the way a real form
must (the reporting-round report will): it accepts an `idempotency_key` once, answers a second
sending of the same key as a duplicate without applying it, and refuses a draft started from an
older version with a 409 that says so."""

import uuid

import pytest
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template import RequestContext, Template
from django.urls import path

from laocso.urls import urlpatterns as site_urlpatterns

pytestmark = pytest.mark.browser

# == A reference form that answers offline drafts (served only in this test) ==

RECORD = {}

FORM_PAGE = Template("""{% extends "base.html" %}{% block content %}
<h1>Field report</h1>
{% if message %}<div class="form-errors" role="alert"><p>{{ message }}</p></div>{% endif %}
<form method="post" data-offline-draft="Field report">{% csrf_token %}
  <input type="hidden" name="idempotency_key" value="{{ key }}">
  <input type="hidden" name="version" value="{{ version }}">
  <div class="field"><label for="id_women">Women reached</label>
    <input id="id_women" name="women" value="{{ women }}"></div>
  <div class="field"><label for="id_note">Note</label>
    <textarea id="id_note" name="note">{{ note }}</textarea></div>
  <button type="submit" class="button">Send the report</button>
</form>{% endblock %}""")


def draft_form(request):
    def page(status=200, message="", **values):
        context = {
            "key": uuid.uuid4(),
            "version": RECORD["version"],
            "women": RECORD["women"],
            "note": RECORD["note"],
        }
        context.update(values, message=message)
        response = HttpResponse(FORM_PAGE.render(RequestContext(request, context)), status=status)
        response["Cache-Control"] = "private, no-store"
        response["X-Offline-Cache"] = "private"  # may be kept on the device to be filled in offline
        return response

    def answered(outcome):
        if request.headers.get("X-Offline-Draft"):
            response = HttpResponse(status=200)
            response["X-Draft-Status"] = outcome
            response["X-Draft-Location"] = "/en/about/"
            return response
        return redirect("/en/about/")

    if request.method != "POST":
        return page()
    try:
        key = uuid.UUID(request.POST.get("idempotency_key", ""))
    except ValueError:
        return HttpResponse("A form without its idempotency key.", status=400)
    if key in RECORD["keys"]:
        return answered("duplicate")
    if request.POST.get("version") != str(RECORD["version"]):
        response = page(409, "Someone changed this report meanwhile.", women=request.POST.get("women", ""))
        response["X-Draft-Status"] = "conflict"
        return response
    if not request.POST.get("women", "").isdigit():
        response = page(400, "Women reached: a number, please.", women=request.POST.get("women", ""))
        response["X-Draft-Status"] = "invalid"
        return response
    RECORD.update(
        women=request.POST["women"], note=request.POST.get("note", ""), version=RECORD["version"] + 1
    )
    RECORD["keys"].add(key)
    RECORD["writes"] += 1
    return answered("saved")


urlpatterns = [path("en/draft-test/", draft_form), *site_urlpatterns]


@pytest.fixture
def reference_form(settings):
    settings.ROOT_URLCONF = __name__
    RECORD.clear()
    RECORD.update(version=1, women="", note="", keys=set(), writes=0)
    return RECORD


FIRST_DRAFT = "Object.keys(localStorage).find(key => key.startsWith('laocso:draft:'))"


def phone(browser):
    return browser.new_context(
        viewport={"width": 360, "height": 740}, locale="lo-LA", service_workers="allow"
    )


def controlled(page, url):
    """Opens the page, waits for the service worker, then opens it again under the worker's control."""
    page.goto(url)
    page.evaluate("() => navigator.serviceWorker.ready")
    page.goto(url)
    assert page.evaluate("() => !!navigator.serviceWorker.controller")


def test_it_keeps_visited_public_pages_readable_offline_with_a_notice(browser, live_server, main_pages):
    context = phone(browser)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    directory = live_server.url + main_pages("lo")[1][1]
    controlled(page, directory)
    page.goto(live_server.url + main_pages("lo")[2][1])
    notice = page.locator("#offline-notice")
    assert not notice.is_visible()

    context.set_offline(True)
    page.goto(directory)
    assert page.get_by_role("heading", level=1).inner_text() == "ລາຍຊື່ອົງການສະມາຊິກ"
    assert notice.is_visible()
    assert page.locator("#offline-notice [data-offline-saved]").inner_text().strip()
    assert page.locator("[lang]").first.get_attribute("lang") == "lo"

    # A page never visited: the offline page, in Lao, listing what can be read.
    page.goto(live_server.url + "/lo/about/")
    assert page.url.endswith("/lo/about/")
    saved = page.locator("[data-saved-pages] a")
    saved.first.wait_for()
    assert directory in [saved.nth(i).get_attribute("href") for i in range(saved.count())]
    assert page.locator("html").get_attribute("lang") == "lo"

    # The connection returns: the live page, without the notice.
    context.set_offline(False)
    page.goto(live_server.url + "/lo/about/")
    assert page.get_by_role("heading", level=1).inner_text() == "ກ່ຽວກັບເຄືອຂ່າຍ"
    assert not notice.is_visible()
    assert errors == []
    context.close()


def test_it_never_keeps_pages_seen_by_a_signed_in_user(browser, live_server, main_pages):
    from conftest import PASSWORD

    context = phone(browser)
    page = context.new_page()
    controlled(page, live_server.url + "/en/accounts/sign-in/")
    page.get_by_label("Email address").fill("editor.a@test.laocso.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    profile = live_server.url + main_pages("en")[2][1]
    response = page.goto(profile)
    assert "no-store" in response.headers["cache-control"]
    page.wait_for_timeout(500)  # the worker keeps pages after answering
    kept = page.evaluate("""async () => {
        const cache = await caches.open('laocso-pages');
        return (await cache.keys()).map(request => request.url);
    }""")
    assert profile not in kept
    context.close()


def test_it_sends_a_report_filled_in_offline_once_when_the_connection_returns(
    browser, live_server, reference_form
):
    context = phone(browser)
    page = context.new_page()
    form_url = live_server.url + "/en/draft-test/"
    controlled(page, form_url)  # the worker keeps this form (X-Offline-Cache: private)

    # Offline: the form opens from the device, is filled in and sent; it waits on the phone.
    context.set_offline(True)
    page.goto(form_url)
    assert page.locator("#offline-notice").is_visible()
    page.get_by_label("Women reached").fill("42")
    page.get_by_label("Note").fill("ບ້ານນາ: ຝຶກອົບຮົມ")
    page.get_by_role("button", name="Send the report").click()
    status = page.locator(".draft-status")
    status.wait_for()
    assert "connection" in status.inner_text() or "ເຊື່ອມຕໍ່" in status.inner_text()
    assert reference_form["writes"] == 0
    draft = page.evaluate(f"() => JSON.parse(localStorage.getItem({FIRST_DRAFT}))")
    assert draft["status"] == "queued" and ["women", "42"] in draft["fields"]

    # The connection returns: the draft is sent by itself, and the editor lands on the answer's page.
    with page.expect_navigation(url="**/en/about/"):
        context.set_offline(False)
    assert reference_form["writes"] == 1
    assert reference_form["women"] == "42" and reference_form["note"] == "ບ້ານນາ: ຝຶກອົບຮົມ"
    assert page.evaluate(f"() => {FIRST_DRAFT} === undefined")

    # The same draft sent a second time (say the answer was lost on the way) is not applied again.
    draft["status"] = "queued"
    page.evaluate("draft => localStorage.setItem('laocso:draft:' + draft.url, JSON.stringify(draft))", draft)
    page.reload()
    notice = page.locator("#draft-notices")
    notice.wait_for()
    assert "Field report" in notice.inner_text()
    assert reference_form["writes"] == 1 and reference_form["version"] == 2
    context.close()


def test_it_tells_the_editor_when_the_report_changed_since_the_offline_draft(
    browser, live_server, reference_form
):
    context = phone(browser)
    page = context.new_page()
    form_url = live_server.url + "/en/draft-test/"
    controlled(page, form_url)
    context.set_offline(True)
    page.goto(form_url)
    page.get_by_label("Women reached").fill("7")
    page.get_by_role("button", name="Send the report").click()
    page.locator(".draft-status").wait_for()

    # Meanwhile a colleague changes the report on the server.
    reference_form.update(version=5, women="30")

    # Back online on another page: the draft is sent, refused as stale, and the editor is told.
    page.goto(live_server.url + "/en/about/")
    context.set_offline(False)
    page.evaluate("() => window.dispatchEvent(new Event('online'))")
    notice = page.locator("#draft-notices")
    notice.wait_for()
    assert "Field report" in notice.inner_text()
    assert reference_form["writes"] == 0 and reference_form["women"] == "30"

    # Opening it puts the editor's answers back over the current version, and sending overwrites knowingly.
    notice.get_by_role("link").click()
    page.wait_for_url(form_url)
    assert page.get_by_label("Women reached").input_value() == "7"
    assert page.locator("input[name=version]").input_value() == "5"
    page.get_by_role("button", name="Send the report").click()
    page.wait_for_url("**/en/about/")
    assert reference_form["writes"] == 1 and reference_form["women"] == "7"
    context.close()
