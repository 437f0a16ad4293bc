"""The report form answers drafts filled in offline (static/js/offline.js): a draft carries an
idempotency key and is applied once however often it is sent; a draft started from an older version
is refused with 409 and the form comes back with the current version; a plain form post (no
JavaScript) goes the same way, with redirects instead of headers."""

import uuid

import pytest

from projects.models import AppliedDraft, Report, ReportVersion
from projects.tests.test_review_cycle import form_post, report_url

pytestmark = pytest.mark.django_db

OFFLINE = {"HTTP_X_OFFLINE_DRAFT": "1"}


@pytest.fixture
def report(org_a, project_a, reporting_round):
    return reporting_round.reports.get(organization=org_a)


@pytest.fixture
def editor(client_as, personas):
    return client_as(personas.editor_a)


def test_the_form_may_be_kept_on_the_device_and_carries_a_new_key_each_time(editor, report):
    first = editor.get(report_url(report, "edit/"))
    second = editor.get(report_url(report, "edit/"))
    assert first["X-Offline-Cache"] == "private" and "no-store" in first["Cache-Control"]
    assert 'data-offline-draft="CSO contributions 2025' in first.content.decode()
    keys = [page.context["figures"]["idempotency_key"].value() for page in (first, second)]
    assert keys[0] != keys[1]


def test_a_draft_sent_twice_is_applied_once(editor, report, project_a):
    post = form_post(report, women="42") | {"idempotency_key": str(uuid.uuid4())}
    first = editor.post(report_url(report, "edit/"), post, **OFFLINE)
    assert first.status_code == 200 and first["X-Draft-Status"] == "saved"
    assert first["X-Draft-Location"] == report_url(report)
    report.refresh_from_db()
    assert report.status == Report.Status.DRAFT and report.lines.get().women == 42
    versions = ReportVersion.objects.filter(report=report).count()

    again = editor.post(report_url(report, "edit/"), post | {f"line-{project_a.pk}-women": "99"}, **OFFLINE)
    assert again.status_code == 200 and again["X-Draft-Status"] == "duplicate"
    report.refresh_from_db()
    assert report.lines.get().women == 42
    assert ReportVersion.objects.filter(report=report).count() == versions
    assert AppliedDraft.objects.filter(report=report).count() == 1


def test_a_draft_sent_again_after_it_was_submitted_is_a_duplicate_not_a_refusal(editor, report):
    post = form_post(report) | {"idempotency_key": str(uuid.uuid4()), "then": "submit"}
    assert editor.post(report_url(report, "edit/"), post, **OFFLINE)["X-Draft-Status"] == "saved"
    report.refresh_from_db()
    assert report.status == Report.Status.SUBMITTED
    again = editor.post(report_url(report, "edit/"), post, **OFFLINE)
    assert again.status_code == 200 and again["X-Draft-Status"] == "duplicate"
    # Without JavaScript: back to the report, with a message that nothing changed.
    page = editor.post(report_url(report, "edit/"), post, follow=True).content.decode()
    assert "already been saved from this form" in page


def test_a_draft_from_an_older_version_is_refused_and_comes_back_with_the_current_version(
    editor, client_as, personas, report, project_a
):
    stale = form_post(report, women="7") | {"idempotency_key": str(uuid.uuid4())}
    colleague = form_post(report, women="30") | {"idempotency_key": str(uuid.uuid4())}
    assert client_as(personas.editor_a).post(report_url(report, "edit/"), colleague).status_code == 302
    report.refresh_from_db()

    refused = editor.post(report_url(report, "edit/"), stale, **OFFLINE)
    assert refused.status_code == 409 and refused["X-Draft-Status"] == "conflict"
    page = refused.content.decode()
    assert "Someone else saved this report after you opened it" in page
    assert f'name="version" value="{report.version}"' in page
    assert f'name="line-{project_a.pk}-women" value="7"' in page  # what the editor typed stays
    assert report.lines.get().women == 30

    # Sending the form as it came back is a deliberate overwrite, and it is applied.
    overwrite = stale | {"version": str(report.version)}
    assert editor.post(report_url(report, "edit/"), overwrite, **OFFLINE)["X-Draft-Status"] == "saved"
    report.refresh_from_db()
    assert report.lines.get().women == 7


def test_an_invalid_draft_comes_back_with_its_errors(editor, report, project_a):
    post = form_post(report, women="-1") | {"idempotency_key": str(uuid.uuid4())}
    response = editor.post(report_url(report, "edit/"), post, **OFFLINE)
    assert response.status_code == 422 and response["X-Draft-Status"] == "invalid"
    assert f'id="id_line-{project_a.pk}-women_error"' in response.content.decode()
    assert not AppliedDraft.objects.exists()


def test_another_organizations_editor_cannot_use_a_key_to_learn_of_a_report(
    client_as, personas, editor, report
):
    key = str(uuid.uuid4())
    editor.post(report_url(report, "edit/"), form_post(report) | {"idempotency_key": key}, **OFFLINE)
    other = client_as(personas.editor_b).post(
        report_url(report, "edit/"), form_post(report) | {"idempotency_key": key}, **OFFLINE
    )
    assert other.status_code == 404
