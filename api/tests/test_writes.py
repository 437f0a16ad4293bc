"""Writing with a token: an editor adds and changes their own organization's projects and fills
their report, through the projects app's services (versions, optimistic locking, audit). Another
organization's project or report is a 404; bad data is a 422 naming each field; nothing is half
written."""

from decimal import Decimal

import pytest

from core.models import AuditEvent
from projects.models import Project, Report, ReportProject


def project_body(organization=None, **changes) -> dict:
    body = {
        "title_lo": "ໂຄງການສວນຄົວ",
        "title_en": "Kitchen gardens",
        "summary_en": "Seeds and training for 40 families.",
        "status": "ongoing",
        "starts_on": "2025-01-01",
        "ends_on": "2026-06-30",
        "sector_group": "FARD",
        "themes": [],
        "sdg_targets": ["2.3"],
        "plan_outcomes": [],
        "budget_amount": "15000.50",
        "budget_currency": "USD",
        "visibility": "public",
        "locations": [{"province": "LA13", "district": None, "village": "ບ້ານນາ"}],
        "partners": [{"role": "donor", "name": "Village Fund"}],
    }
    if organization is not None:
        body["organization"] = organization.slug
    body.update(changes)
    return body


def test_it_adds_a_project_to_your_organization(api_a, org_a, personas):
    response = api_a.post("/me/projects", project_body(org_a))
    assert response.status_code == 201, response.content
    created = response.json()
    project = Project.objects.get(pk=created["id"])
    assert project.organization == org_a and project.title_en == "Kitchen gardens"
    assert project.budget_amount == Decimal("15000.50")
    assert created["version"] == 1 and created["sdg_targets"] == ["2.3"]
    assert project.versions.count() == 1
    assert AuditEvent.objects.filter(action="project.create", target_id=str(project.pk)).exists()
    write = AuditEvent.objects.get(action="api.write", target_id=str(project.pk))
    assert write.actor_id == personas.editor_a.pk and write.details["operation"] == "project.create"


def test_it_refuses_to_add_a_project_to_another_organization(api_a, org_b):
    response = api_a.post("/me/projects", project_body(org_b))
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "organization"]
    assert not Project.objects.filter(title_en="Kitchen gardens").exists()


def test_it_names_every_unknown_code_and_saves_nothing(api_a, org_a):
    body = project_body(
        org_a,
        sector_group="NOPE",
        sdg_targets=["2.3", "99.9"],
        locations=[{"province": "LA99"}, {"province": "LA13", "district": "LA0101"}],
    )
    response = api_a.post("/me/projects", body)
    assert response.status_code == 422
    locations = {tuple(problem["loc"]) for problem in response.json()["detail"]}
    assert ("body", "sector_group") in locations
    assert ("body", "sdg_targets", 1) in locations
    assert ("body", "locations", 0, "province") in locations
    assert not Project.objects.filter(title_en="Kitchen gardens").exists()


def test_it_passes_on_the_services_checks_pointing_at_the_fields(api_a, org_a):
    body = project_body(
        org_a,
        title_lo="",
        title_en="",
        ends_on="2024-01-01",
        locations=[{"province": "LA13", "district": "LA0101"}],
    )
    response = api_a.post("/me/projects", body)
    assert response.status_code == 422
    locations = {tuple(problem["loc"]) for problem in response.json()["detail"]}
    assert {("body", "title_lo"), ("body", "ends_on"), ("body", "locations", 0, "district")} <= locations
    assert not Project.objects.filter(organization=org_a).exists()


@pytest.mark.parametrize(
    ("extra", "value"),
    [("organization_id", 2), ("is_staff", True), ("version", 7), ("index_pending", True)],
)
def test_it_refuses_fields_it_does_not_take(api_a, org_a, extra, value):
    response = api_a.post("/me/projects", project_body(org_a, **{extra: value}))
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", extra]
    assert not Project.objects.filter(organization=org_a).exists()


def test_it_changes_a_project_with_the_version_read(api_a, world, personas):
    project = world.project_public
    response = api_a.put(f"/me/projects/{project.pk}", project_body(title_en="Wells, phase 2", version=1))
    assert response.status_code == 200, response.content
    assert response.json()["version"] == 2
    project.refresh_from_db()
    assert project.title_en == "Wells, phase 2" and project.version == 2
    assert AuditEvent.objects.filter(action="api.write", target_id=str(project.pk)).count() == 1


def test_it_refuses_a_stale_version_without_changing_anything(api_a, world):
    project = world.project_public
    assert (
        api_a.put(f"/me/projects/{project.pk}", project_body(title_en="First", version=1)).status_code == 200
    )
    stale = api_a.put(f"/me/projects/{project.pk}", project_body(title_en="Second", version=1))
    assert stale.status_code == 409
    assert stale.json()["detail"]
    project.refresh_from_db()
    assert project.title_en == "First" and project.version == 2


def test_it_refuses_to_move_a_project_to_another_organization(api_a, world, org_b):
    response = api_a.put(f"/me/projects/{world.project_public.pk}", project_body(org_b, version=1))
    assert response.status_code == 422
    assert Project.objects.get(pk=world.project_public.pk).organization_id == world.org_a.pk


def test_it_answers_a_write_to_another_organizations_project_with_404(api_a, world):
    for project in (world.project_b, world.project_b_members):
        before = Project.objects.get(pk=project.pk)
        response = api_a.put(f"/me/projects/{project.pk}", project_body(title_en="Taken over", version=1))
        assert response.status_code == 404
        assert Project.objects.get(pk=project.pk).title_en == before.title_en
    missing = api_a.put("/me/projects/999999", project_body(version=1))
    assert missing.status_code == 404
    assert missing.json() == response.json()  # the same answer: no way to tell which exists


def test_it_refuses_writes_for_an_organization_that_left_the_network(api_a, world, org_a):
    from directory.models import Organization

    Organization.objects.filter(pk=org_a.pk).update(status=Organization.Status.FORMER)
    response = api_a.put(f"/me/projects/{world.project_public.pk}", project_body(version=1))
    assert response.status_code == 403
    assert api_a.post("/me/projects", project_body(org_a)).status_code == 403


def test_it_answers_a_body_that_is_not_json_with_400(api_a, world):
    response = api_a.put(f"/me/projects/{world.project_public.pk}", "{not json")
    assert response.status_code == 400
    assert response.json()["detail"]


def test_it_lists_your_projects_whoever_may_see_them(api_a, world):
    ids = {item["id"] for item in api_a.get("/me/projects").json()["items"]}
    assert ids == {world.project_public.pk, world.project_members.pk, world.project_secret.pk}


# --- reports -----------------------------------------------------------------------------------


@pytest.fixture
def report_a(reporting_round, org_a, world):
    return Report.objects.get(round=reporting_round, organization=org_a)


def report_body(report: Report, **changes) -> dict:
    lines = [
        {
            "project": project.pk,
            "spending_amount": "2000.00",
            "spending_currency": "USD",
            "women": 120,
            "men": 100,
            "girls": 40,
            "boys": 35,
            "disabled_women": 4,
            "results_en": "12 wells built",
            "ethnic_groups": [1, 2],
        }
        for project in Project.objects.filter(organization=report.organization_id).order_by("pk")
    ]
    body = {
        "version": report.version,
        "staff_women": 7,
        "staff_men": 5,
        "volunteers_women": 3,
        "volunteers_men": 2,
        "spending_amount": "50000.00",
        "spending_currency": "USD",
        "lines": lines,
    }
    body.update(changes)
    return body


def test_it_lists_and_reads_your_reports(api_a, report_a):
    listed = api_a.get("/me/reports").json()
    assert [item["id"] for item in listed["items"]] == [report_a.pk]
    report = api_a.get(f"/me/reports/{report_a.pk}").json()
    assert report["status"] == "not_started" and report["editable"] is True
    assert {project["id"] for project in report["projects"]} == set(
        Project.objects.filter(organization=report_a.organization_id).values_list("pk", flat=True)
    )


def test_it_fills_a_draft_report_and_submits_it(api_a, report_a, personas):
    saved = api_a.put(f"/me/reports/{report_a.pk}", report_body(report_a))
    assert saved.status_code == 200, saved.content
    answer = saved.json()
    assert answer["status"] == "draft" and answer["missing"] == []
    line = ReportProject.objects.filter(report=report_a).first()
    assert line.women == 120 and sorted(group.number for group in line.ethnic_groups.all()) == [1, 2]
    submitted = api_a.post(f"/me/reports/{report_a.pk}/submit", {"version": answer["version"]})
    assert submitted.status_code == 200, submitted.content
    assert submitted.json()["status"] == "submitted"
    after = api_a.put(f"/me/reports/{report_a.pk}", report_body(Report.objects.get(pk=report_a.pk)))
    assert after.status_code == 409
    operations = set(
        AuditEvent.objects.filter(action="api.write").values_list("details__operation", flat=True)
    )
    assert operations == {"report.save", "report.submit"}


def test_it_lists_what_is_missing_before_a_report_can_be_submitted(api_a, report_a):
    saved = api_a.put(f"/me/reports/{report_a.pk}", report_body(report_a, staff_men=None, lines=[]))
    assert saved.json()["missing"]
    refused = api_a.post(f"/me/reports/{report_a.pk}/submit", {"version": saved.json()["version"]})
    assert refused.status_code == 422
    assert len(refused.json()["detail"]) == len(saved.json()["missing"])
    assert Report.objects.get(pk=report_a.pk).status == "draft"


def test_it_checks_report_figures_field_by_field(api_a, report_a):
    body = report_body(report_a)
    body["lines"][0]["disabled_women"] = 500  # more than the women reached
    response = api_a.put(f"/me/reports/{report_a.pk}", body)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "lines", 0, "disabled_women"]
    assert not ReportProject.objects.filter(report=report_a).exists()


def test_it_refuses_a_line_for_a_project_outside_the_report(api_a, report_a, world):
    body = report_body(report_a)
    body["lines"].append({"project": world.project_b.pk, "women": 1})
    response = api_a.put(f"/me/reports/{report_a.pk}", body)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "lines", 3, "project"]


def test_it_refuses_a_stale_report(api_a, report_a):
    assert api_a.put(f"/me/reports/{report_a.pk}", report_body(report_a)).status_code == 200
    assert api_a.put(f"/me/reports/{report_a.pk}", report_body(report_a)).status_code == 409


def test_it_answers_another_organizations_report_with_404(api_a, reporting_round, org_b, world):
    report = Report.objects.get(round=reporting_round, organization=org_b)
    assert api_a.get(f"/me/reports/{report.pk}").status_code == 404
    assert api_a.put(f"/me/reports/{report.pk}", report_body(report)).status_code == 404
    assert api_a.post(f"/me/reports/{report.pk}/submit", {"version": 1}).status_code == 404
    assert Report.objects.get(pk=report.pk).status == "not_started"
