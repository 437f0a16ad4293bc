"""Offline: recently visited public pages stay readable with a clear notice, and an organization
editor can fill in the reporting-round report offline: the draft is kept on the device and sent once
when the connection returns (static/js/offline.js, templates/core/sw.js; the report form's answers are
tested in projects/tests/test_offline_drafts.py)."""

import pytest

from tests.browser.conftest import sign_in

pytestmark = pytest.mark.browser

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


EDITOR = "editor.a@test.laocso.org"


def report_of_org_a():
    from projects.models import Report

    return Report.objects.get(round__title_en="CSO contributions 2025", organization__acronym="BNCDA")


def fill_in(page, line: str, women: str) -> None:
    for name, value in [("staff_women", "7"), ("staff_men", "5"), ("volunteers_women", "3")]:
        page.locator(f"#id_{name}").fill(value)
    page.locator(f"#id_{line}-women").fill(women)
    page.locator(f"#id_{line}-results_lo").fill("ບ້ານນາ: ຝຶກອົບຮົມ")


def test_it_sends_a_report_filled_in_offline_once_when_the_connection_returns(
    browser, live_server, open_report
):
    from projects.models import AppliedDraft, ReportVersion

    path, project = open_report
    line = f"line-{project.pk}"
    page = sign_in(browser, live_server.url, EDITOR, service_workers="allow")
    context = page.context
    form_url = live_server.url + path + "edit/"
    controlled(page, form_url)  # the worker keeps this form (X-Offline-Cache: private)

    # Offline: the form opens from the device, is filled in and sent; it waits on the phone.
    context.set_offline(True)
    page.goto(form_url)
    assert page.locator("#offline-notice").is_visible()
    fill_in(page, line, women="42")
    page.get_by_role("button", name="Save as a draft").click()
    status = page.locator(".draft-status")
    status.wait_for()
    assert "connection" in status.inner_text()
    assert report_of_org_a().status == "not_started"
    draft = page.evaluate(f"() => JSON.parse(localStorage.getItem({FIRST_DRAFT}))")
    assert draft["status"] == "queued" and [f"{line}-women", "42"] in draft["fields"]

    # The connection returns: the draft is sent by itself, and the editor lands on the report.
    with page.expect_navigation(url=form_url.removesuffix("edit/")):
        context.set_offline(False)
    report = report_of_org_a()
    assert report.status == "draft" and report.lines.get().women == 42
    assert report.lines.get().results_lo == "ບ້ານນາ: ຝຶກອົບຮົມ"
    assert page.get_by_text("The report has been saved as a draft.").is_visible()
    assert page.evaluate(f"() => {FIRST_DRAFT} === undefined")
    versions = ReportVersion.objects.filter(report=report).count()

    # The same draft sent a second time (say the answer was lost on the way) is not applied again.
    draft["status"] = "queued"
    page.evaluate("draft => localStorage.setItem('laocso:draft:' + draft.url, JSON.stringify(draft))", draft)
    page.reload()
    notice = page.locator("#draft-notices")
    notice.wait_for()
    assert "CSO contributions 2025" in notice.inner_text()
    assert AppliedDraft.objects.filter(report=report).count() == 1
    assert ReportVersion.objects.filter(report=report).count() == versions
    assert [
        error for error in page.errors if "Failed to load resource" not in error
    ] == []  # offline, by design
    context.close()


def test_it_tells_the_editor_when_the_report_changed_since_the_offline_draft(
    browser, live_server, open_report
):
    from projects import services
    from projects.tests.conftest import filled_report_data

    path, project = open_report
    line = f"line-{project.pk}"
    page = sign_in(browser, live_server.url, EDITOR, service_workers="allow")
    context = page.context
    form_url = live_server.url + path + "edit/"
    controlled(page, form_url)
    context.set_offline(True)
    page.goto(form_url)
    fill_in(page, line, women="7")
    page.get_by_role("button", name="Save as a draft").click()
    page.locator(".draft-status").wait_for()

    # Meanwhile a colleague saves the report from another computer.
    report = report_of_org_a()
    data, lines = filled_report_data(report, women=30)
    services.report_save(report=report, data=data, lines=lines, expected_version=report.version, by=None)

    # Back online on another page: the draft is sent, refused as stale, and the editor is told.
    page.goto(live_server.url + "/en/about/")
    context.set_offline(False)
    page.evaluate("() => window.dispatchEvent(new Event('online'))")
    notice = page.locator("#draft-notices")
    notice.wait_for()
    assert "CSO contributions 2025" in notice.inner_text()
    assert report_of_org_a().lines.get().women == 30

    # Opening it puts the editor's answers back over the current version; saving overwrites knowingly.
    notice.get_by_role("link").click()
    page.wait_for_url(form_url)
    assert page.locator(f"#id_{line}-women").input_value() == "7"
    assert page.locator("input[name=version]").input_value() == str(report_of_org_a().version)
    page.get_by_role("button", name="Save as a draft").click()
    page.wait_for_url(form_url.removesuffix("edit/"))
    assert report_of_org_a().lines.get().women == 7
    context.close()
