"""Reading: lists with pages and whitelisted filters, details, reference lists, and clear 422s for
what the API cannot answer (an unknown code, a page too large)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext


def test_it_lists_organizations_in_pages_with_the_total(api, world):
    first = api.get("/organizations", {"limit": 1}).json()
    second = api.get("/organizations", {"limit": 1, "offset": 1}).json()
    assert first["count"] == second["count"] == 2
    assert first["items"][0]["slug"] != second["items"][0]["slug"]
    assert first["items"][0]["url"].startswith("http://testserver/")


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"limit": 101}, "limit"),
        ({"limit": 0}, "limit"),
        ({"offset": 10_001}, "offset"),
        ({"offset": -1}, "offset"),
        ({"limit": "many"}, "limit"),
    ],
)
def test_it_refuses_a_page_size_beyond_the_maximum_naming_the_parameter(api, params, field):
    response = api.get("/projects", params)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", field]


@pytest.mark.parametrize(
    ("path", "params", "field"),
    [
        ("/projects", {"province": "LA99"}, "province"),
        ("/projects", {"district": "LA9999"}, "district"),
        ("/projects", {"sector": "NOPE"}, "sector"),
        ("/projects", {"theme": "NOPE"}, "theme"),
        ("/projects", {"outcome": "NSEDP9-99"}, "outcome"),
        ("/projects", {"status": "finished"}, "status"),
        ("/projects", {"sdg": 18}, "sdg"),
        ("/projects", {"province": "LA01\x00"}, "province"),
        ("/organizations", {"form": "cooperative"}, "form"),
        ("/organizations", {"province": "la01"}, "province"),
        ("/meetings", {"sector": "XX"}, "sector"),
        ("/events", {"province": "LA77"}, "province"),
        ("/documents", {"language": "fr"}, "language"),
        ("/reference/districts", {"province": "LA00"}, "province"),
    ],
)
def test_it_answers_an_unknown_filter_value_with_a_422_naming_it(api, path, params, field):
    response = api.get(path, params)
    assert response.status_code == 422, response.content
    problem = response.json()["detail"][0]
    assert problem["loc"] == ["query", field]
    assert problem["msg"]


def test_it_ignores_parameters_that_are_not_filters(api, world):
    """Only whitelisted parameters reach the database; others (ORM lookups included) do nothing."""
    everything = api.get("/projects").json()
    tried = api.get(
        "/projects", {"visibility": "members", "organization__status": "former", "title_en__icontains": "x"}
    )
    assert tried.status_code == 200
    assert tried.json() == everything


def test_it_filters_projects_with_the_codes_of_the_reference_lists(api, world):
    def ids(**params):
        return {item["id"] for item in api.get("/projects", params).json()["items"]}

    assert ids(province="LA06") == {world.project_b.pk}
    assert ids(province="LA13") == {world.project_public.pk}
    assert ids(org=world.org_b.slug) == {world.project_b.pk}
    assert ids(sdg=6) == {world.project_public.pk, world.project_b.pk}
    assert ids(sdg=4) == set()
    assert ids(partner="MEKONG community fund") == {world.project_public.pk, world.project_b.pk}
    assert ids(year=2025, status="ongoing") == {world.project_public.pk, world.project_b.pk}
    assert ids(year=2030) == set()


def test_it_gives_a_project_with_its_places_goals_partners_and_budget(api, world):
    project = api.get(f"/projects/{world.project_public.pk}").json()
    assert project["organization"]["slug"] == world.org_a.slug
    assert project["locations"][0]["province"] == "LA13"
    assert project["sdg_targets"] == ["6.1", "6.2"]
    assert project["partners"] == [{"role": "donor", "name": "Mekong Community Fund", "organization": None}]
    assert project["budget"] == {"amount": "120000.00", "currency": "USD"}
    assert project["version"] == 1


@pytest.mark.parametrize(
    "path",
    [
        "/projects/999999",
        "/organizations/no-such-organization",
        "/meetings/999999",
        "/events/no-such-event",
        "/news/no-such-news",
        "/documents/no-such-document",
        "/opportunities/no-such-opportunity",
        "/sector-groups/NOPE",
    ],
)
def test_it_answers_an_unknown_record_with_a_json_404(api, path):
    response = api.get(path)
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["detail"]


def test_it_gives_the_reference_lists_whole(api):
    assert api.get("/reference/provinces").json()["count"] == 18
    assert api.get("/reference/sdg-goals").json()["count"] == 17
    assert api.get("/reference/sdg-targets", {"goal": 6}).json()["items"][0]["code"] == "6.1"
    districts = api.get("/reference/districts", {"province": "LA13"}).json()["items"]
    assert districts and {row["province"] for row in districts} == {"LA13"}
    outcomes = api.get("/reference/plan-outcomes").json()["items"]
    assert outcomes[0]["code"] == f"{outcomes[0]['framework']}-{outcomes[0]['number']}"
    assert api.get("/reference/ethnic-groups").json()["count"] == 50


def test_it_writes_lao_as_utf8_not_as_escapes(api, world):
    response = api.get(f"/organizations/{world.org_a.slug}")
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert world.org_a.name_lo.encode() in response.content


def test_it_gives_sector_groups_with_their_member_counts(api, world):
    groups = {group["code"]: group for group in api.get("/sector-groups").json()["items"]}
    assert len(groups) == 7
    assert groups["FARD"]["member_organizations"] == 1  # organization A
    assert api.get("/sector-groups/EDSP").json()["member_organizations"] == 1


def test_its_counts_follow_new_projects_and_membership_changes(api, world, make_project, committed):
    from directory.services import membership_status_set

    assert api.get("/projects").json()["count"] == 2  # the public ones, counted once and kept
    assert api.get("/sector-groups/FARD").json()["member_organizations"] == 1
    with committed():
        make_project(world.org_b, title_en="More schools of B")
    assert api.get("/projects").json()["count"] == 3
    with committed():
        membership_status_set(organization=world.org_a, status="suspended", by=None)
    assert api.get("/projects").json()["count"] == 2  # B's two: A's project left public view
    assert api.get("/sector-groups/FARD").json()["member_organizations"] == 0


def test_it_lists_upcoming_meetings_events_and_open_opportunities(api, world):
    assert [item["id"] for item in api.get("/meetings").json()["items"]] == [world.meeting.pk]
    assert [item["slug"] for item in api.get("/events", {"sector": "FARD"}).json()["items"]] == [
        world.event.slug
    ]
    assert api.get("/events", {"when": "past"}).json()["count"] == 0
    assert [item["slug"] for item in api.get("/opportunities").json()["items"]] == [world.opportunity.slug]
    assert api.get("/opportunities", {"open": "false"}).json()["count"] == 0
    document = api.get(f"/documents/{world.document.slug}").json()
    assert document["download_url"].endswith(f"/documents/{world.document.slug}/download/")


def test_it_reads_a_list_in_the_same_number_of_queries_however_long_it_is(api, world, make_project, org_b):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert api.get("/projects", {"limit": 100}).status_code == 200
        return len(captured)

    queries()  # warms what is cached between requests (the few inactive organizations)
    before = queries()
    for number in range(6):
        make_project(org_b, title_en=f"More {number}")
    assert queries() == before


def test_it_describes_every_operation_with_its_error_answers(api):
    description = api.get("/openapi.json").json()
    operations = [
        (path, method, details)
        for path, methods in description["paths"].items()
        for method, details in methods.items()
    ]
    assert len(operations) >= 30
    for path, method, details in operations:
        statuses = set(details["responses"])
        assert {"200", "401", "429"} <= statuses or {"201", "401", "429"} <= statuses, (path, method)
        if "{" in path:
            assert "404" in statuses, (path, method)
        if details.get("parameters") or "requestBody" in details:
            assert "422" in statuses, (path, method)
        if path == "/api/v1/me" or path.startswith("/api/v1/me/"):
            assert details["security"] == [{"BearerToken": []}]
            if method != "get":
                assert {"400", "403"} <= statuses, (path, method)
            if method != "get" and "{" in path:
                assert "409" in statuses, (path, method)
        else:
            assert {} in details["security"]  # the token is optional
    assert description["components"]["securitySchemes"]["BearerToken"]["scheme"] == "bearer"


def test_deep_pages_read_their_ids_first_and_list_the_same_records(api, org_a, org_b, monkeypatch):
    import random
    from io import StringIO

    from api import common
    from projects.demo import seed_bulk

    seed_bulk(projects=40, rng=random.Random(2), stdout=StringIO(), batch=40)
    path = "/projects"
    whole = [item["url"] for item in api.get(path, {"limit": 100}).json()["items"]]
    monkeypatch.setattr(common, "IDS_FIRST_FROM", 5)
    paged, queries_made = [], []
    for offset in range(0, len(whole), 5):
        with CaptureQueriesContext(connection) as queries:
            paged += [item["url"] for item in api.get(path, {"limit": 5, "offset": offset}).json()["items"]]
        queries_made.append(len(queries))
    assert paged == whole and len(whole) > 5
    # The first page in one query; the deeper ones read their ids, then their records.
    assert set(queries_made[1:]) == {queries_made[0] + 1}
