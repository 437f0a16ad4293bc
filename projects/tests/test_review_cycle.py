"""Reports go through not started → draft → submitted → returned → submitted → accepted (locked),
every step recorded; only the right people may take each step."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from projects import services
from projects.models import Report, ReportTransition, ReviewComment
from projects.tests.conftest import filled_report_data

pytestmark = pytest.mark.django_db


def report_url(report, suffix=""):
    return f"/en/projects/rounds/{report.round_id}/{report.organization.slug}/{suffix}"


def form_post(report, **line_changes) -> dict:
    """The report edit form as a browser posts it, complete."""
    data, lines = filled_report_data(report, **line_changes)
    post = {key: "" if value is None else str(value) for key, value in data.items()}
    post["version"] = str(report.version)
    for project_id, line in lines.items():
        for key, value in line.items():
            if key == "ethnic_groups":
                continue
            post[f"line-{project_id}-{key}"] = "" if value is None else str(value)
    return post


def test_it_runs_the_whole_review_cycle_with_comments_and_locks_the_accepted_report(
    client_as, personas, org_a, project_a, reporting_round, mailoutbox, committed
):
    report = reporting_round.reports.get(organization=org_a)
    assert report.status == Report.Status.NOT_STARTED
    editor = client_as(personas.editor_a)
    assert editor.get(report_url(report, "edit/")).status_code == 200
    response = editor.post(report_url(report, "edit/"), form_post(report, results_en="Wells built"))
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == Report.Status.DRAFT
    assert report.lines.get().results_en == "Wells built"

    with committed():
        assert editor.post(report_url(report, "submit/")).status_code == 302
    report.refresh_from_db()
    assert report.status == Report.Status.SUBMITTED
    assert any(personas.sector_head.email in mail.to for mail in mailoutbox)  # the group's head is told

    line = report.lines.get()
    head = client_as(personas.sector_head)
    with committed():
        response = head.post(
            report_url(report, "review/"),
            {"decision": "return", "comment": "", f"line_{line.pk}": "Say how many wells, not just 'built'."},
        )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == Report.Status.RETURNED
    comment = ReviewComment.objects.get()
    assert comment.line == line and "how many wells" in comment.text
    assert any(personas.editor_a.email in mail.to and "how many wells" in mail.body for mail in mailoutbox)

    editor = client_as(personas.editor_a)
    page = editor.get(report_url(report, "edit/")).content.decode()
    assert "how many wells" in page  # the comment is beside the project it is about
    response = editor.post(
        report_url(report, "edit/"), {**form_post(report, results_en="12 wells built"), "then": "submit"}
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == Report.Status.SUBMITTED

    response = client_as(personas.secretariat).post(report_url(report, "review/"), {"decision": "accept"})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == Report.Status.ACCEPTED and report.accepted_at is not None

    # Locked: no form, no save, no upload, no second submission.
    editor = client_as(personas.editor_a)
    assert editor.get(report_url(report, "edit/")).status_code == 403
    assert (
        editor.post(report_url(report, "edit/"), form_post(report, results_en="Changed")).status_code == 403
    )
    assert editor.post(report_url(report, "upload/")).status_code == 403
    with pytest.raises(ValidationError):
        data, lines = filled_report_data(report)
        services.report_save(
            report=report, data=data, lines=lines, expected_version=report.version, by=personas.editor_a
        )
    assert report.lines.get().results_en == "12 wells built"

    steps = list(report.transitions.values_list("action", "by__email"))
    assert steps == [
        ("start", personas.editor_a.email),
        ("submit", personas.editor_a.email),
        ("return", personas.sector_head.email),
        ("submit", personas.editor_a.email),
        ("accept", personas.secretariat.email),
    ]
    history = editor.get(report_url(report, "history/")).content.decode()
    assert "how many wells" in history and "Accepted" in history


def submitted(report, by):
    data, lines = filled_report_data(report)
    report = services.report_save(
        report=report, data=data, lines=lines, expected_version=report.version, by=by
    )
    return services.report_submit(report=report, by=by)


def test_it_lets_only_the_secretariat_reopen_an_accepted_report_and_only_with_a_reason(
    client_as, personas, org_a, project_a, reporting_round
):
    report = submitted(reporting_round.reports.get(organization=org_a), personas.editor_a)
    services.report_accept(report=report, by=personas.sector_head)
    report.refresh_from_db()
    assert (
        client_as(personas.sector_head).post(report_url(report, "reopen/"), {"reason": "x"}).status_code
        == 403
    )
    assert (
        client_as(personas.editor_a).post(report_url(report, "reopen/"), {"reason": "x"}).status_code == 403
    )
    client_as(personas.secretariat).post(report_url(report, "reopen/"), {"reason": "  "})
    report.refresh_from_db()
    assert report.status == Report.Status.ACCEPTED
    client_as(personas.secretariat).post(
        report_url(report, "reopen/"), {"reason": "Spending in the wrong currency."}
    )
    report.refresh_from_db()
    assert report.status == Report.Status.RETURNED
    step = report.transitions.last()
    assert step.action == ReportTransition.Action.REOPEN and step.comment == "Spending in the wrong currency."
    assert step.by == personas.secretariat


def test_it_keeps_an_editor_away_from_another_organizations_draft_report(
    client_as, personas, org_a, org_b, project_a, reporting_round
):
    report = reporting_round.reports.get(organization=org_a)
    data, lines = filled_report_data(report)
    services.report_save(
        report=report, data=data, lines=lines, expected_version=report.version, by=personas.editor_a
    )
    report.refresh_from_db()
    version = report.version
    other = client_as(personas.editor_b)
    for suffix in ["", "edit/", "history/", "spreadsheet.xlsx", "upload/"]:
        assert other.get(report_url(report, suffix)).status_code == 404, suffix
    assert other.post(report_url(report, "edit/"), form_post(report)).status_code == 404
    assert other.post(report_url(report, "submit/")).status_code == 404
    assert "ສ້າງນ້ຳສ້າງ" not in other.get(f"/lo/projects/rounds/{reporting_round.pk}/").content.decode()
    report.refresh_from_db()
    assert report.status == Report.Status.DRAFT and report.version == version
    # Nor may an anonymous visitor or a signed-in non-member.
    assert client_as(personas.visitor).get(report_url(report)).status_code == 404


def test_it_lets_a_sector_head_review_only_their_own_groups_reports(
    client_as, personas, org_a, org_b, make_project, reporting_round
):
    make_project(org_a)
    make_project(org_b, data={"sector_group": org_b.primary_sector_group})
    report_a = submitted(reporting_round.reports.get(organization=org_a), personas.editor_a)  # FARD
    report_b = submitted(reporting_round.reports.get(organization=org_b), personas.editor_b)  # EDSP
    head = client_as(personas.sector_head)  # head of FARD
    assert head.get(report_url(report_b)).status_code == 404
    assert head.post(report_url(report_b, "review/"), {"decision": "accept"}).status_code == 404
    with pytest.raises(PermissionDenied):
        services.report_accept(report=report_b, by=personas.sector_head)
    report_b.refresh_from_db()
    assert report_b.status == Report.Status.SUBMITTED
    progress = head.get(f"/en/projects/rounds/{reporting_round.pk}/").content.decode()
    assert org_a.name_en in progress and org_b.name_en not in progress
    assert head.post(report_url(report_a, "review/"), {"decision": "accept"}).status_code == 302
    report_a.refresh_from_db()
    assert report_a.status == Report.Status.ACCEPTED


def test_it_refuses_a_review_by_the_organizations_own_editor(personas, org_a, project_a, reporting_round):
    from accounts.services import role_grant

    role_grant(user=personas.editor_a, kind="sector_head", sector_group=org_a.primary_sector_group, by=None)
    personas.editor_a._roles_cache = None
    del personas.editor_a._roles_cache
    report = submitted(reporting_round.reports.get(organization=org_a), personas.editor_a)
    with pytest.raises(PermissionDenied):
        services.report_accept(report=report, by=personas.editor_a)
    report.refresh_from_db()
    assert report.status == Report.Status.SUBMITTED


def test_it_requires_a_comment_to_return_a_report(client_as, personas, org_a, project_a, reporting_round):
    report = submitted(reporting_round.reports.get(organization=org_a), personas.editor_a)
    client_as(personas.sector_head).post(
        report_url(report, "review/"), {"decision": "return", "comment": " "}
    )
    report.refresh_from_db()
    assert report.status == Report.Status.SUBMITTED
    assert not ReviewComment.objects.exists()


def test_it_lists_what_is_missing_instead_of_submitting_an_incomplete_report(
    client_as, personas, org_a, project_a, reporting_round
):
    report = reporting_round.reports.get(organization=org_a)
    data, lines = filled_report_data(report, women=None, results_lo="", results_en="")
    services.report_save(
        report=report, data=data, lines=lines, expected_version=report.version, by=personas.editor_a
    )
    client = client_as(personas.editor_a)
    response = client.post(report_url(report, "submit/"), follow=True)
    page = response.content.decode()
    assert "Women reached" in page or "women reached" in page
    assert "describe the results" in page
    report.refresh_from_db()
    assert report.status == Report.Status.DRAFT


def test_it_points_at_the_field_when_figures_are_impossible(
    client_as, personas, org_a, project_a, reporting_round
):
    report = reporting_round.reports.get(organization=org_a)
    post = form_post(report)
    line = f"line-{project_a.pk}"
    post[f"{line}-women"] = "-5"
    post[f"{line}-disabled_men"] = "500"  # more than the 100 men reached
    post[f"{line}-girls"] = "ສິບ"  # text, not a number
    post[f"{line}-boys"] = "໓໕"  # Lao digits: 35, fine
    response = client_as(personas.editor_a).post(report_url(report, "edit/"), post)
    assert response.status_code == 422
    page = response.content.decode()
    assert f'id="id_{line}-women_error"' in page
    assert f'id="id_{line}-disabled_men_error"' in page
    assert f'id="id_{line}-girls_error"' in page
    assert f'id="id_{line}-boys_error"' not in page
    report.refresh_from_db()
    assert report.status == Report.Status.NOT_STARTED and not report.lines.exists()


def test_it_accepts_lao_digits_and_thousands_separators(
    client_as, personas, org_a, project_a, reporting_round
):
    report = reporting_round.reports.get(organization=org_a)
    post = form_post(report)
    post["spending_amount"] = "໑,໕໐໐,໐໐໐.໕໐"
    post[f"line-{project_a.pk}-women"] = "໑໒໐"
    assert client_as(personas.editor_a).post(report_url(report, "edit/"), post).status_code == 302
    report.refresh_from_db()
    assert str(report.spending_amount) == "1500000.50"
    assert report.lines.get().women == 120
