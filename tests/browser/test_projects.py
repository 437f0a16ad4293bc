"""A report's review cycle in the browser, on a phone: an editor fills in and submits, the sector
head returns it with a comment, the editor corrects it, the secretariat accepts it and it locks."""

import pytest

from tests.browser.conftest import sign_in

pytestmark = pytest.mark.browser


def test_it_takes_a_report_through_return_and_acceptance_until_it_locks(page, browser, open_report):
    from projects.models import Report

    path, project = open_report
    report_url = page.base_url + path
    line = f"line-{project.pk}"

    # The editor fills in the report on a phone and submits it.
    editor = sign_in(browser, page.base_url, "editor.a@test.laocso.org")
    editor.goto(report_url)
    editor.get_by_role("link", name="Fill in the report").click()
    for name, value in [
        ("staff_women", "7"),
        ("staff_men", "5"),
        ("volunteers_women", "໓"),
        ("volunteers_men", "2"),
        ("spending_amount", "50,000"),
    ]:
        editor.locator(f"#id_{name}").fill(value)
    editor.locator(f"#id_{line}-spending_amount").fill("20000")
    editor.locator(f"#id_{line}-spending_currency").select_option("USD")
    for key, value in [("women", "120"), ("men", "100"), ("girls", "40"), ("boys", "35")]:
        editor.locator(f"#id_{line}-{key}").fill(value)
    editor.locator(f"#id_{line}-results_en").fill("Wells built")
    editor.get_by_role("button", name="Save and submit for review").click()
    assert editor.locator("#report-status").inner_text() == "Submitted"

    # The head of the sector group returns it with a comment on the project.
    head = sign_in(browser, page.base_url, "sectorhead@test.laocso.org")
    head.goto(report_url)
    head.get_by_label("Comment on: Clean water for Ban Na").fill("How many wells? Please give the number.")
    head.get_by_role("button", name="Return with these comments").click()
    assert head.locator("#report-status").inner_text() == "Returned for corrections"

    # The editor sees the comment beside the project, corrects and submits again.
    editor.goto(report_url)
    assert editor.get_by_text("How many wells? Please give the number.").is_visible()
    editor.get_by_role("link", name="Edit the report").click()
    assert editor.get_by_text("How many wells? Please give the number.").is_visible()
    editor.locator(f"#id_{line}-results_en").fill("12 wells built")
    editor.get_by_role("button", name="Save and submit for review").click()
    assert editor.locator("#report-status").inner_text() == "Submitted"

    # The secretariat accepts it; it is locked.
    secretariat_page = sign_in(browser, page.base_url, "secretariat@test.laocso.org")
    secretariat_page.goto(report_url)
    assert secretariat_page.get_by_text("12 wells built").is_visible()
    secretariat_page.get_by_role("button", name="Accept", exact=True).click()
    assert secretariat_page.locator("#report-status").inner_text() == "Accepted"

    editor.goto(report_url)
    assert editor.locator("#report-status").inner_text() == "Accepted"
    assert editor.get_by_role("link", name="Edit the report").count() == 0
    for each in (editor, head, secretariat_page):
        assert each.errors == []
    response = editor.goto(report_url + "edit/")
    assert response.status == 403
    report = Report.objects.get(round__title_en="CSO contributions 2025", organization__acronym="BNCDA")
    assert report.status == "accepted" and report.lines.get().results_en == "12 wells built"
    assert [step.action for step in report.transitions.all()] == [
        "start",
        "submit",
        "return",
        "submit",
        "accept",
    ]
