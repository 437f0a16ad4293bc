"""Projects: editors manage their own organization's, the public sees what each project shares."""

import io
from datetime import date

import pytest
from django.core.cache import cache
from openpyxl import load_workbook

from core.models import AuditEvent, District, Province, SectorGroup
from projects.models import Project
from search.models import SearchEntry

pytestmark = pytest.mark.django_db


def form_data(project: Project | None = None, **changes) -> dict:
    """The project form as a browser posts it."""
    province = Province.objects.get(code="LA13")
    district = District.objects.filter(province=province).first()
    data = {
        "title_lo": "ໂຄງການນ້ຳສະອາດ",
        "title_en": "Clean water",
        "summary_lo": "",
        "summary_en": "Wells.",
        "status": "ongoing",
        "starts_on": "2024-01-01",
        "ends_on": "2026-12-31",
        "sector_group": str(SectorGroup.objects.get(code="FARD").pk),
        "government_counterpart": "",
        "budget_amount": "120000",
        "budget_currency": "USD",
        "visibility": "public",
        "version": str(project.version if project else 0),
        "location-TOTAL_FORMS": "2",
        "location-INITIAL_FORMS": "0",
        "location-0-province": str(province.pk),
        "location-0-district": str(district.pk),
        "location-0-village": "ບ້ານນາ",
        "location-1-province": "",
        "location-1-district": "",
        "location-1-village": "",
        "partner-TOTAL_FORMS": "1",
        "partner-INITIAL_FORMS": "0",
        "partner-0-role": "donor",
        "partner-0-name": "Mekong Community Fund",
    }
    data.update(changes)
    return data


def test_it_lets_an_editor_add_a_project_to_their_organization(client_as, personas, org_a):
    client = client_as(personas.editor_a)
    response = client.post("/en/projects/new/", form_data(organization="ignored", title_en="Clean water"))
    assert response.status_code == 302
    project = Project.objects.get()
    assert project.organization == org_a and project.title_en == "Clean water"
    assert project.locations.get().village == "ບ້ານນາ"
    assert project.partners.get().name == "Mekong Community Fund"
    assert project.versions.get().changed_by == personas.editor_a
    assert AuditEvent.objects.filter(action="project.create").exists()
    page = client.get(f"/en/projects/{project.pk}/").content.decode()
    assert "Clean water" in page and "Mekong Community Fund" in page


def test_it_refuses_an_editor_of_another_organization(client_as, personas, project_a):
    client = client_as(personas.editor_b)
    assert client.get(f"/en/projects/{project_a.pk}/edit/").status_code == 403
    response = client.post(f"/en/projects/{project_a.pk}/edit/", form_data(project_a, title_en="Taken over"))
    assert response.status_code == 403
    assert client.get(f"/en/projects/{project_a.pk}/history/").status_code == 403
    project_a.refresh_from_db()
    assert project_a.title_en == "Clean water for Ban Na"


def test_it_records_who_changed_what_and_refuses_a_stale_form(client_as, personas, project_a):
    client = client_as(personas.editor_a)
    stale = form_data(project_a, title_en="My change")
    assert (
        client.post(
            f"/en/projects/{project_a.pk}/edit/", form_data(project_a, title_en="Colleague")
        ).status_code
        == 302
    )
    response = client.post(f"/en/projects/{project_a.pk}/edit/", stale)
    assert response.status_code == 409
    assert "not saved" in response.content.decode()
    project_a.refresh_from_db()
    assert project_a.title_en == "Colleague" and project_a.version == 2
    latest = project_a.versions.first()
    assert latest.changed_by == personas.editor_a and "title_en" in latest.changed_fields
    history = client.get(f"/en/projects/{project_a.pk}/history/").content.decode()
    assert "title_en" in history
    # The secretariat sees the history too and may restore; the committee may not.
    assert client_as(personas.secretariat).get(f"/en/projects/{project_a.pk}/history/").status_code == 200
    response = client_as(personas.secretariat).post(f"/en/projects/{project_a.pk}/history/1/restore/")
    assert response.status_code == 302
    project_a.refresh_from_db()
    assert project_a.title_en == "Clean water for Ban Na"


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"starts_on": "2025-06-01", "ends_on": "2024-01-01"}, "ends_on", "end date is before"),
        ({"location-0-district": "other-province"}, "location-0-district", "not in the chosen province"),
        ({"budget_amount": "-5"}, "budget_amount", ""),
        ({"budget_amount": "lots"}, "budget_amount", ""),
        ({"title_lo": "", "title_en": ""}, "title_lo", "title"),
        (
            {"location-0-province": "", "location-0-district": "", "location-0-village": ""},
            "location-0-province",
            "province",
        ),
        ({"starts_on": "1066-10-14"}, "starts_on", "not plausible"),
    ],
)
def test_it_explains_bad_input_at_the_field_and_saves_nothing(
    client_as, personas, org_a, changes, field, message
):
    if changes.get("location-0-district") == "other-province":
        changes["location-0-district"] = str(District.objects.filter(province__code="LA06").first().pk)
    response = client_as(personas.editor_a).post("/en/projects/new/", form_data(**changes))
    assert response.status_code == 200
    page = response.content.decode()
    assert f'id="id_{field}_error"' in page
    assert message in page
    assert not Project.objects.exists()


def test_it_accepts_lao_digits_in_dates_and_amounts(client_as, personas, org_a):
    response = client_as(personas.editor_a).post(
        "/en/projects/new/", form_data(starts_on="໒໐໒໔-໐໑-໐໑", budget_amount="໑໒໐,໐໐໐")
    )
    assert response.status_code == 302
    project = Project.objects.get()
    assert project.starts_on == date(2024, 1, 1) and str(project.budget_amount) == "120000.00"


def test_it_shows_each_project_only_to_those_it_is_shared_with(
    client, client_as, personas, make_project, org_a
):
    public = make_project(org_a, data={"title_en": "Open water project"})
    private = make_project(org_a, data={"title_en": "Quiet members project", "visibility": "members"})
    secret = make_project(org_a, data={"title_en": "Secretariat only project", "visibility": "secretariat"})

    def seen(client) -> str:
        pages = [
            client.get("/en/projects/"),
            client.get("/en/projects/?q=project"),
            client.get("/en/search/?q=project"),
            client.get("/en/projects/export.csv"),
        ]
        assert all(page.status_code == 200 for page in pages)
        workbook = load_workbook(io.BytesIO(client.get("/en/projects/export.xlsx").content))
        cells = " ".join(str(cell) for row in workbook.active.iter_rows(values_only=True) for cell in row)
        return " ".join(page.content.decode() for page in pages) + cells

    anonymous = seen(client)
    assert "Open water project" in anonymous
    assert "Quiet members project" not in anonymous and "Secretariat only project" not in anonymous
    assert client.get(f"/en/projects/{private.pk}/").status_code == 404
    assert client.get(f"/en/projects/{public.pk}/").status_code == 200

    member = seen(client_as(personas.editor_b))
    assert "Quiet members project" in member and "Secretariat only project" not in member
    assert client_as(personas.editor_b).get(f"/en/projects/{secret.pk}/").status_code == 404

    for persona in (personas.editor_a, personas.secretariat):
        assert "Secretariat only project" in seen(client_as(persona))


def test_it_filters_counts_and_sorts_in_lao_order(client, make_project, org_a, org_b):
    savannakhet = Province.objects.get(code="LA13")
    luang_prabang = Province.objects.get(code="LA06")
    make_project(org_a, data={"title_lo": "ໂຄງການ ກ", "title_en": "B project"})
    make_project(org_a, data={"title_lo": "ເຂົ້າ ໂຄງການ", "title_en": "A project"})
    make_project(
        org_b,
        data={
            "title_lo": "ສຸຂະພາບ",
            "title_en": "Health",
            "sector_group": SectorGroup.objects.get(code="PH"),
            "starts_on": date(2019, 1, 1),
            "ends_on": date(2020, 12, 31),
            "status": "completed",
        },
        locations=[{"province": luang_prabang, "district": None, "village": ""}],
    )
    page = client.get("/lo/projects/").content.decode()
    # Lao order: ເຂົ້າ sorts by its consonant ຂ, before ໂຄງການ (ຄ), before ສ; code-point order would
    # put ສ (U+0E2A) first and the words that begin with a vowel sign (U+0EC0…) last.
    assert page.index("ເຂົ້າ ໂຄງການ") < page.index("ໂຄງການ ກ") < page.index("ສຸຂະພາບ")
    filtered = client.get(f"/en/projects/?province={savannakhet.code}").content.decode()
    assert "A project" in filtered and "Health" not in filtered and "2 projects" in filtered
    by_year = client.get("/en/projects/?year=2020").content.decode()
    assert "Health" in by_year and "A project" not in by_year
    by_sector = client.get("/en/projects/?sector=PH&status=completed").content.decode()
    assert "1 project" in by_sector and "Health" in by_sector
    # Counts beside the filters: two projects in Savannakhet, one in Luang Prabang.
    assert 'href="?province=LA13"' in client.get("/en/projects/").content.decode()


def test_a_search_with_a_filter_code_that_names_nothing_lists_nothing(client, make_project, org_a):
    make_project(org_a, data={"title_en": "Clean water for schools"})
    assert "Clean water" in client.get("/en/projects/?q=schools").content.decode()
    response = client.get("/en/projects/?q=schools&province=LA99")
    assert response.status_code == 200 and "Clean water" not in response.content.decode()


def test_a_new_filter_combination_is_counted_without_reading_the_projects_again(make_project, org_a, org_b):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from directory.visibility import ANONYMOUS
    from projects.selectors import ProjectQuery, list_summary

    luang_prabang = Province.objects.get(code="LA06")
    make_project(org_a, data={"title_en": "Rice"})
    make_project(
        org_b, data={"title_en": "Clinics"}, locations=[{"province": luang_prabang, "district": None}]
    )
    base = Project.objects.visible_to(ANONYMOUS)
    list_summary(ProjectQuery(), base, ANONYMOUS)  # the unfiltered list, as on the landing page

    with CaptureQueriesContext(connection) as queries:
        total, facets = list_summary(ProjectQuery(province="LA13", sector="FARD"), base, ANONYMOUS)
    # The other provinces, with the other filters as they are, counted from the tally's bit sets: no
    # statement reads the projects, their places or their facet rows (only the codes chosen are looked
    # up, and the partners of the project listed, by id).
    provinces = {option.value: option.count for option in facets[0].options if option.count}
    assert (total, provinces) == (1, {"LA13": 1, "LA06": 1})
    tables = {"projects_project", "projects_projectlocation", "projects_projectfacet"}
    assert not [sql for sql in (query["sql"] for query in queries) if any(f'"{t}"' in sql for t in tables)]


def test_members_share_the_counts_and_see_their_own_hidden_projects_counted(
    client_as, personas, make_project, org_a, org_b
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from directory.visibility import viewer_for
    from projects.selectors import ProjectQuery, list_summary

    make_project(org_a, data={"title_en": "Open water project"})
    make_project(org_b, data={"title_en": "Schools"})
    make_project(org_a, data={"title_en": "Secretariat only project", "visibility": "secretariat"})

    counting: list[int] = []

    def summary(user) -> tuple[int, dict]:
        viewer = viewer_for(user)
        with CaptureQueriesContext(connection) as queries:
            total, facets = list_summary(ProjectQuery(), Project.objects.visible_to(viewer), viewer)
        counting.append(sum("COUNT(" in query["sql"] for query in queries))
        return total, {facet.name: {o.value: o.count for o in facet.options if o.count} for facet in facets}

    # In both orders: the counts of organization B's editor (cached first or second) never include A's
    # secretariat-only project, and A's editor always does. B's editor, second, counts nothing: the
    # counts of the members' level are shared.
    for order in ([personas.editor_b, personas.editor_a], [personas.editor_a, personas.editor_b]):
        cache.clear()
        counting.clear()
        results = {user: summary(user) for user in order}
        if order[1] == personas.editor_b:
            assert counting[1] == 0 < counting[0]
        (total_a, facets_a), (total_b, facets_b) = results[personas.editor_a], results[personas.editor_b]
        assert (total_a, total_b) == (3, 2)
        assert facets_a["status"]["ongoing"] == facets_b["status"]["ongoing"] + 1
        assert facets_a["sector"]["FARD"] == facets_b["sector"]["FARD"] + 1
        assert list(facets_a["partner"].values()) == [3] and list(facets_b["partner"].values()) == [2]
    assert "3 projects" in client_as(personas.editor_a).get("/en/projects/").content.decode()


def test_it_answers_a_filtered_list_in_a_fixed_number_of_queries(
    client, make_project, org_a, django_assert_max_num_queries
):
    for number in range(5):
        make_project(org_a, data={"title_en": f"Project {number}"})
    with django_assert_max_num_queries(30):
        response = client.get("/en/projects/?province=LA13&sector=FARD&theme=AGRI&sdg=6&partner=x&year=2025")
    assert response.status_code == 200


def test_it_indexes_projects_for_search_at_their_visibility(make_project, org_a):
    project = make_project(org_a, data={"visibility": "members"})
    entries = SearchEntry.objects.filter(kind="project", object_id=str(project.pk))
    assert entries.count() == 2 and set(entries.values_list("visibility", flat=True)) == {"members"}
    assert "120000" not in " ".join(entries.values_list("search_text", flat=True))


@pytest.mark.parametrize("inline_max", [500, 0], ids=["few-inactive-listed", "many-inactive-subquery"])
def test_it_keeps_projects_of_organizations_that_left_out_of_public_view(
    client, project_a, org_a, monkeypatch, inline_max
):
    from directory.services import membership_status_set

    monkeypatch.setattr("projects.models.INLINE_INACTIVE_MAX", inline_max)
    membership_status_set(organization=org_a, status="suspended", by=None)
    assert client.get(f"/en/projects/{project_a.pk}/").status_code == 404
    assert "Clean water for Ban Na" not in client.get("/en/projects/").content.decode()


def test_it_offers_the_sector_group_page_its_projects_and_reporting_progress(
    make_project, org_a, reporting_round
):
    from core.models import SectorGroup
    from directory.visibility import ANONYMOUS
    from projects.selectors import sector_reporting_panel

    make_project(org_a, data={"title_en": "Rice terraces"})
    make_project(org_a, data={"title_en": "Hidden rice", "visibility": "members"})
    from django.utils import translation

    with translation.override("en"):
        panel = sector_reporting_panel(SectorGroup.objects.get(code="FARD"), ANONYMOUS)
    titles = [item.title for item in panel.items]
    assert titles == ["Rice terraces"]  # the members-only project is not offered to the public
    assert "0 of 1" in panel.summary and panel.more_url.endswith("?sector=FARD")
    assert sector_reporting_panel(SectorGroup.objects.get(code="PH"), ANONYMOUS) is None
