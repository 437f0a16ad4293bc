"""The spreadsheet round trip: download, fill offline, upload. An upload applies completely or not at
all, and every problem names its sheet, row and column."""

import functools
import io
import zipfile
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from openpyxl import load_workbook

from core.models import AuditEvent, District, Province
from projects import spreadsheets
from projects.models import (
    Project,
    ProjectLocation,
    ProjectPartner,
    ProjectVersion,
    Report,
    ReportProject,
    ReportVersion,
)
from search.models import SearchEntry

pytestmark = pytest.mark.django_db

PROJECTS, LOCATIONS, REPORT, ORGANIZATION = (
    spreadsheets.SHEET_PROJECTS,
    spreadsheets.SHEET_LOCATIONS,
    spreadsheets.SHEET_REPORT,
    spreadsheets.SHEET_ORGANIZATION,
)


def column(columns, key) -> int:
    return 1 + [c.key for c in columns].index(key)


P = lambda key: column(spreadsheets.PROJECT_COLUMNS, key)  # noqa: E731
L = lambda key: column(spreadsheets.LOCATION_COLUMNS, key)  # noqa: E731
R = lambda key: column(spreadsheets.REPORT_COLUMNS, key)  # noqa: E731


def report_url(report, suffix=""):
    return f"/en/projects/rounds/{report.round_id}/{report.organization.slug}/{suffix}"


def download(client, report):
    response = client.get(report_url(report, "spreadsheet.xlsx"))
    assert response.status_code == 200
    return load_workbook(io.BytesIO(response.content))


def as_upload(workbook, name="report.xlsx") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/octet-stream")


def upload(client, report, file):
    return client.post(report_url(report, "upload/"), {"file": file})


def fill_report_rows(workbook, row=3):
    sheet = workbook[REPORT]
    for key, value in {
        "spending_amount": 20000,
        "spending_currency": "USD",
        "women": 120,
        "men": 100,
        "girls": 40,
        "boys": 35,
        "disabled_women": 3,
        "ethnic_groups": "1, 2",
        "results_lo": "ສ້າງນ້ຳສ້າງ 12 ແຫ່ງ",
        "results_en": "12 wells",
    }.items():
        sheet.cell(row=row, column=R(key), value=value)
    sheet = workbook[ORGANIZATION]
    for number, value in ((4, 7), (5, 5), (6, 2), (7, 1), (8, 50000)):
        sheet.cell(row=number, column=3, value=value)


def add_new_project(workbook, *, code="N1", row=None, province="LA13", district=None, **cells):
    sheet = workbook[PROJECTS]
    row = row or sheet.max_row + 1
    values = {
        "code": code,
        "title_en": "New school garden",
        "status": "ongoing",
        "starts_on": date(2025, 2, 1),
        "ends_on": date(2026, 1, 31),
        "sector_group": "FARD",
        "visibility": "public",
        "budget_amount": 5000,
        "budget_currency": "USD",
        "themes": "AGRI",
        "sdg_targets": "2.3, 4.1",
        "donors": "Green Valley Fund",
        **cells,
    }
    for key, value in values.items():
        sheet.cell(row=row, column=P(key), value=value)
    locations = workbook[LOCATIONS]
    place = locations.max_row + 1
    locations.cell(row=place, column=L("code"), value=code)
    locations.cell(row=place, column=L("province"), value=province)
    if district:
        locations.cell(row=place, column=L("district"), value=district)
    return row, place


def test_it_round_trips_a_report_with_new_and_changed_projects(
    client_as, personas, org_a, project_a, reporting_round
):
    report = reporting_round.reports.get(organization=org_a)
    client = client_as(personas.editor_a)
    workbook = download(client, report)
    assert workbook.sheetnames[:5] == [
        spreadsheets.SHEET_INSTRUCTIONS,
        ORGANIZATION,
        PROJECTS,
        LOCATIONS,
        REPORT,
    ]
    projects = workbook[PROJECTS]
    assert projects.cell(row=1, column=P("title_en")).value  # Lao header row
    assert projects.cell(row=2, column=P("title_en")).value == "Title in English"
    assert projects.cell(row=3, column=P("code")).value == f"P{project_a.pk}"
    assert projects.cell(row=3, column=P("title_en")).value == "Clean water for Ban Na"
    assert any("'ລາຍການ Lists'" in v.formula1 for v in projects.data_validations.dataValidation)
    assert workbook[spreadsheets.SHEET_LISTS].sheet_state == "hidden"

    projects.cell(row=3, column=P("title_en"), value="Clean water for Ban Na and Ban Don")
    fill_report_rows(workbook)
    add_new_project(workbook, district=District.objects.filter(province__code="LA13").first().code)
    response = upload(client, report, as_upload(workbook))
    assert response.status_code == 302, response.context and response.context.get("problems")

    project_a.refresh_from_db()
    assert project_a.title_en == "Clean water for Ban Na and Ban Don" and project_a.version == 2
    new = Project.objects.get(title_en="New school garden")
    assert new.organization == org_a and new.budget_currency == "USD" and str(new.budget_amount) == "5000.00"
    assert sorted(new.sdg_targets.values_list("code", flat=True)) == ["2.3", "4.1"]
    assert new.locations.get().district.province.code == "LA13"
    assert new.versions.get().changed_by == personas.editor_a
    report.refresh_from_db()
    assert (
        report.status == Report.Status.DRAFT
        and report.staff_women == 7
        and str(report.spending_amount) == "50000.00"
    )
    line = report.lines.get(project=project_a)
    assert (line.women, line.men, line.girls, line.boys, line.disabled_women) == (120, 100, 40, 35, 3)
    assert sorted(line.ethnic_groups.values_list("number", flat=True)) == [1, 2]
    assert report.versions.first().note == "spreadsheet"

    # A second download shows what was saved; uploading it unchanged changes nothing.
    again = download(client, report)
    assert again[REPORT].cell(row=3, column=R("women")).value == 120
    versions = ProjectVersion.objects.count()
    assert upload(client, report, as_upload(again)).status_code == 302
    assert ProjectVersion.objects.count() == versions


def table_state() -> dict:
    """Every row of every table an upload may write, to compare before and after."""
    models = [
        Project,
        ProjectLocation,
        ProjectPartner,
        ProjectVersion,
        Report,
        ReportProject,
        ReportVersion,
        AuditEvent,
        SearchEntry,
        Project.themes.through,
        Project.sdg_targets.through,
        ReportProject.ethnic_groups.through,
    ]
    return {model._meta.db_table: sorted(map(repr, model.objects.values_list())) for model in models}


def problems_of(response) -> list[tuple]:
    assert response.status_code == 422
    return [(p.sheet, p.row, p.column, p.message) for p in response.context["problems"]]


def test_it_writes_nothing_when_any_cell_is_wrong_and_lists_every_problem(
    client_as, personas, org_a, project_a, reporting_round
):
    report = reporting_round.reports.get(organization=org_a)
    client = client_as(personas.editor_a)
    workbook = download(client, report)
    fill_report_rows(workbook)
    workbook[PROJECTS].cell(row=3, column=P("title_en"), value="Changed title")
    other_district = District.objects.filter(province__code="LA06").first()
    row, place = add_new_project(workbook, code="N1", district=other_district.code)  # district outside LA13
    add_new_project(
        workbook, code="N2", starts_on=date(2025, 6, 1), ends_on=date(2024, 1, 1)
    )  # dates reversed
    add_new_project(workbook, code="N3", budget_amount=-100)  # negative
    add_new_project(workbook, code="N4", budget_amount="about ten thousand")  # text in a number cell
    add_new_project(workbook, code="N5", sector_group="NOPE")  # unknown code in a drop-down column
    add_new_project(workbook, code="N6", budget_amount="໑໒໐໐໐")  # Lao digits: fine
    workbook[REPORT].cell(row=3, column=R("women"), value="ສິບ")

    before = table_state()
    response = upload(client, report, as_upload(workbook))
    found = problems_of(response)
    assert table_state() == before

    def has(sheet, row_number, letter, words):
        return any(p[0] == sheet and p[1] == row_number and p[2] == letter and words in p[3] for p in found)

    letter = lambda number: spreadsheets.get_column_letter(number)  # noqa: E731
    assert has(LOCATIONS, place, letter(L("district")), "not in the chosen province")
    assert has(PROJECTS, row + 1, letter(P("ends_on")), "end date is before")
    assert has(PROJECTS, row + 2, letter(P("budget_amount")), "negative")
    assert has(PROJECTS, row + 3, letter(P("budget_amount")), "number is expected")
    assert has(PROJECTS, row + 4, letter(P("sector_group")), "NOPE")
    assert has(REPORT, 3, letter(R("women")), "number is expected")
    assert not any(p[1] == row + 5 for p in found if p[0] == PROJECTS)  # the Lao digits row is fine
    assert len(found) == 6
    page = response.content.decode()
    assert "Nothing was saved" in page and LOCATIONS in page


def test_it_gives_the_messages_in_the_users_language(client_as, personas, org_a, project_a, reporting_round):
    report = reporting_round.reports.get(organization=org_a)
    client = client_as(personas.editor_a)
    workbook = download(client, report)
    add_new_project(workbook, code="N1", budget_amount="lots")
    response = client.post(
        f"/lo/projects/rounds/{report.round_id}/{org_a.slug}/upload/", {"file": as_upload(workbook)}
    )
    message = response.context["problems"][0].message
    from django.utils import translation

    with translation.override("lo"):
        from django.utils.translation import gettext

        expected = gettext("A number is expected here, found “%(value)s”.") % {"value": "lots"}
    assert message == expected


@pytest.mark.parametrize("damage", ["renamed sheet", "moved columns", "removed column", "added column"])
def test_it_refuses_a_workbook_whose_layout_was_changed(
    client_as, personas, org_a, project_a, reporting_round, damage
):
    report = reporting_round.reports.get(organization=org_a)
    client = client_as(personas.editor_a)
    workbook = download(client, report)
    sheet = workbook[PROJECTS]
    if damage == "renamed sheet":
        sheet.title = "My projects"
    elif damage == "moved columns":
        sheet.move_range("H1:I20", cols=1)  # start and end dates shifted right over the sector group
    elif damage == "removed column":
        sheet.delete_cols(P("summary_lo"))
    else:
        sheet.cell(row=2, column=len(spreadsheets.PROJECT_COLUMNS) + 1, value="My notes")
    before = table_state()
    found = problems_of(upload(client, report, as_upload(workbook)))
    assert table_state() == before
    if damage == "renamed sheet":
        assert any(p[0] == PROJECTS and "renamed" in p[3] for p in found)
    else:
        assert all(p[0] == PROJECTS and p[1] == 2 for p in found if p[0] == PROJECTS)
        assert any(("Expected the column" in p[3] or "must not be added" in p[3]) for p in found)


@functools.cache
def bomb(size: int = 100 * 1024 * 1024) -> bytes:
    """A zip with the entries of an XLSX whose sheet expands to `size` bytes (about 100 KB packed)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        with archive.open("xl/worksheets/sheet1.xml", "w") as handle:
            chunk = b"<row/>" * (1024 * 1024 // 6)
            for _ in range(size // len(chunk)):
                handle.write(chunk)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"title,budget\nWells,100\n", "not an XLSX"),
        (b"%PDF-1.4\n%%EOF\n", "not an XLSX"),
        (b"PK\x03\x04 not really a zip", "not an XLSX"),
        (b"", "empty"),
        ("bomb", "expands"),
    ],
)
def test_it_refuses_files_that_are_not_spreadsheets_before_parsing(
    client_as, personas, org_a, reporting_round, content, words
):
    report = reporting_round.reports.get(organization=org_a)
    if content == "bomb":
        content = bomb()
        assert len(content) < 1024 * 1024
    client = client_as(personas.editor_a)
    before = table_state()
    response = upload(client, report, SimpleUploadedFile("report.xlsx", content))
    if content == b"":
        assert response.status_code == 200 and "empty" in response.content.decode()  # the form refuses it
    else:
        found = problems_of(response)
        assert len(found) == 1 and words in found[0][3]
    assert table_state() == before


def test_it_checks_declared_sizes_without_decompressing(client_as, personas):
    import time

    content = bomb()
    started = time.monotonic()
    with pytest.raises(spreadsheets.Problems):
        spreadsheets.check_file(SimpleUploadedFile("x.xlsx", content))
    assert time.monotonic() - started < 0.5


def test_it_refuses_a_row_changed_on_the_platform_since_the_download(
    client_as, personas, org_a, project_a, reporting_round
):
    from projects.tests.test_projects import form_data

    report = reporting_round.reports.get(organization=org_a)
    client = client_as(personas.editor_a)
    workbook = download(client, report)
    client.post(f"/en/projects/{project_a.pk}/edit/", form_data(project_a, title_en="Changed online"))
    workbook[PROJECTS].cell(row=3, column=P("title_en"), value="Changed offline")
    found = problems_of(upload(client, report, as_upload(workbook)))
    assert any(p[0] == PROJECTS and p[1] == 3 and "changed on the platform" in p[3] for p in found)
    project_a.refresh_from_db()
    assert project_a.title_en == "Changed online"


def test_it_refuses_codes_of_another_organizations_projects(
    client_as, personas, org_a, org_b, make_project, reporting_round
):
    theirs = make_project(org_b, data={"title_en": "Their project"})
    report = reporting_round.reports.get(organization=org_a)
    client = client_as(personas.editor_a)
    workbook = download(client, report)
    add_new_project(workbook, code=f"P{theirs.pk}", title_en="Hijacked")
    found = problems_of(upload(client, report, as_upload(workbook)))
    assert any("no project" in p[3] for p in found)
    theirs.refresh_from_db()
    assert theirs.title_en == "Their project"


def test_it_neutralizes_formulas_in_the_download(client_as, personas, org_a, make_project, reporting_round):
    make_project(org_a, data={"title_en": '=HYPERLINK("http://evil")'})
    report = reporting_round.reports.get(organization=org_a)
    workbook = download(client_as(personas.editor_a), report)
    values = [
        cell.value for row in workbook[PROJECTS].iter_rows() for cell in row if isinstance(cell.value, str)
    ]
    assert '\'=HYPERLINK("http://evil")' in values and not any(v.startswith("=") for v in values)


def test_it_lets_the_secretariat_import_projects_of_many_organizations(
    client_as, personas, org_a, org_b, committed
):
    client = client_as(personas.secretariat)
    response = client.get("/en/projects/import/?template=1")
    workbook = load_workbook(io.BytesIO(response.content))
    add_new_project(workbook, code="A1", organization=org_a.acronym, title_en="Garden A")
    add_new_project(workbook, code="B1", organization=org_b.slug, title_en="Garden B", province="LA06")
    with committed():  # the search rows of imported projects are written after the commit
        response = client.post("/en/projects/import/", {"file": as_upload(workbook)})
    assert response.status_code == 302
    assert Project.objects.get(title_en="Garden A").organization == org_a
    assert Project.objects.get(title_en="Garden B").organization == org_b
    assert SearchEntry.objects.filter(kind="project").count() == 4

    add_new_project(workbook, code="C1", organization="Nobody we know", title_en="Garden C")
    before = table_state()
    found = problems_of(client.post("/en/projects/import/", {"file": as_upload(workbook)}))
    assert table_state() == before
    assert any(p[0] == PROJECTS and "Nobody we know" in p[3] for p in found)
    assert client_as(personas.editor_a).get("/en/projects/import/").status_code == 403
    assert (
        client_as(personas.editor_a).post("/en/projects/import/", {"file": as_upload(workbook)}).status_code
        == 403
    )


def test_it_refuses_an_upload_for_a_submitted_report(client_as, personas, org_a, project_a, reporting_round):
    report = reporting_round.reports.get(organization=org_a)
    client = client_as(personas.editor_a)
    workbook = download(client, report)
    fill_report_rows(workbook)
    assert upload(client, report, as_upload(workbook)).status_code == 302
    report.refresh_from_db()
    from projects.services import report_submit

    report_submit(report=report, by=personas.editor_a)
    assert upload(client, report, as_upload(download(client, report))).status_code == 403
    with pytest.raises(spreadsheets.Problems):
        spreadsheets.upload_report(
            report=Report.objects.get(pk=report.pk), upload=as_upload(workbook), by=personas.editor_a
        )


def test_the_layout_used_for_validation_matches_the_database_vendor():
    assert connection.vendor in {"sqlite", "postgresql"}
    assert Province.objects.count() == 18


def test_it_indexes_a_large_import_for_search_after_the_commit(personas, org_a, committed):
    from django.core.management import call_command

    from projects import index, services
    from projects.tests.conftest import project_input

    rows = [
        services.NewProject(
            organization=org_a, **project_input(data={"title_en": f"Imported garden {number}"})
        )
        for number in range(index.INLINE + 5)
    ]
    with committed():
        services.projects_import(rows=rows, by=personas.secretariat)
    assert Project.objects.filter(index_pending=True).count() == 5  # the first INLINE were indexed at once
    call_command("index_pending_projects", stdout=io.StringIO())
    assert not Project.objects.filter(index_pending=True).exists()
    assert SearchEntry.objects.filter(kind="project").count() == 2 * (index.INLINE + 5)
