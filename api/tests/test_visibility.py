"""The API shows what the pages show to the same person, and nothing more: members-only records and
fields never reach anonymous callers, in any list or detail; a token reads at a member's level,
never at the secretariat's; the website's sign-in gives the API nothing."""

import pytest

from api.tests.conftest import SECRET


def record_paths(world) -> dict[str, list[str]]:
    """Every record of the world behind each detail operation, public and members-only alike."""
    projects = [
        world.project_public,
        world.project_members,
        world.project_secret,
        world.project_b,
        world.project_b_members,
    ]
    return {
        "/api/v1/organizations/{slug}": [world.org_a.slug, world.org_b.slug],
        "/api/v1/projects/{project_id}": [str(project.pk) for project in projects],
        "/api/v1/sector-groups/{code}": ["FARD", "EDSP"],
        "/api/v1/meetings/{meeting_id}": [str(world.meeting.pk), str(world.meeting_members.pk)],
        "/api/v1/events/{slug}": [world.event.slug, world.event_members.slug],
        "/api/v1/news/{slug}": [world.news.slug, world.news_members.slug, world.news_draft.slug],
        "/api/v1/documents/{slug}": [world.document.slug, world.document_members.slug],
        "/api/v1/opportunities/{slug}": [world.opportunity.slug, world.opportunity_members.slug],
        "/api/v1/dashboard/provinces/{code}": ["LA13", "LA06"],
    }


EXTRA_QUERIES = [
    "/organizations?q=Ban+Na",
    "/projects?limit=100&order=newest",
    "/meetings?when=past",
    "/events?when=past",
    "/opportunities?open=false",
]


def every_answer(api, world, token=None) -> dict[str, object]:
    """The answer of every read operation of the OpenAPI description, for every record of the world
    (members-only ones included, by their address): nothing is left out."""
    description = api.get("/openapi.json").json()
    records = record_paths(world)
    paths = list(EXTRA_QUERIES)
    for template, methods in description["paths"].items():
        if "get" not in methods or template == "/api/v1/me" or template.startswith("/api/v1/me/"):
            continue
        if "{" in template:
            assert template in records, f"no record to read for {template}"
            paths += [template.split("{")[0].removeprefix("/api/v1") + value for value in records[template]]
        else:
            paths.append(template.removeprefix("/api/v1"))
    answers = {}
    for path in paths:
        response = api.get(path, token=token)
        assert response.status_code in (200, 404), (path, response.status_code, response.content[:300])
        answers[path] = response
    return answers


def test_it_never_shows_members_only_records_or_fields_to_anonymous_callers(api, world):
    answers = every_answer(api, world)
    leaks = [path for path, response in answers.items() if SECRET.encode() in response.content]
    assert leaks == []
    assert b"meet.example.org" not in b"".join(response.content for response in answers.values())
    for path in (
        f"/projects/{world.project_members.pk}",
        f"/projects/{world.project_secret.pk}",
        f"/meetings/{world.meeting_members.pk}",
        f"/events/{world.event_members.slug}",
        f"/news/{world.news_members.slug}",
        f"/news/{world.news_draft.slug}",
        f"/documents/{world.document_members.slug}",
        f"/opportunities/{world.opportunity_members.slug}",
    ):
        assert answers[path].status_code == 404, path
    profile = answers[f"/organizations/{world.org_a.slug}"].json()
    assert profile["contacts"] is None  # shared with members by default
    assert profile["staff"] is None
    assert profile["registration"] is not None  # public by default
    assert world.org_a.phone not in answers[f"/organizations/{world.org_a.slug}"].content.decode()
    assert answers[f"/meetings/{world.meeting.pk}"].json()["resolutions"] is None  # minutes for members


def test_it_shows_a_member_what_members_see_but_not_what_the_secretariat_sees(api, world, token_b):
    answers = every_answer(api, world, token=token_b)
    assert answers[f"/projects/{world.project_members.pk}"].status_code == 200
    assert answers[f"/projects/{world.project_secret.pk}"].status_code == 404
    assert answers[f"/news/{world.news_members.slug}"].status_code == 200
    assert answers[f"/news/{world.news_draft.slug}"].status_code == 404
    assert answers[f"/meetings/{world.meeting.pk}"].json()["resolutions"][0]["text_en"].startswith("Resolved")
    profile = answers[f"/organizations/{world.org_a.slug}"].json()
    assert profile["contacts"]["phone"] == world.org_a.phone
    listed = {item["id"] for item in answers["/projects?limit=100&order=newest"].json()["items"]}
    assert world.project_members.pk in listed and world.project_secret.pk not in listed
    assert b"meet.example.org" not in b"".join(response.content for response in answers.values())


def test_it_shows_an_editor_every_project_of_their_own_organization(api, world, token_a):
    response = api.get(f"/projects/{world.project_secret.pk}", token=token_a)
    assert response.status_code == 200
    assert response.json()["visibility"] == "secretariat"


@pytest.mark.parametrize("persona", ["secretariat", "committee"])
def test_it_ignores_the_website_sign_in(api, client, world, personas, persona):
    """A browser signed in as the secretariat reads the API as anyone else: the API has no cookie
    authentication (and so no CSRF surface)."""
    client.force_login(getattr(personas, persona))
    answers = every_answer(api, world)
    assert [path for path, response in answers.items() if SECRET.encode() in response.content] == []


def test_it_gives_a_token_of_the_secretariat_no_more_than_a_member_sees(
    api, world, personas, org_b, make_token
):
    """Someone on the secretariat who also edits an organization gets a token with that
    organization's rights only: the secretariat's view needs the two-factor sign-in of the site."""
    from directory.models import OrganizationRole

    OrganizationRole.objects.create(organization=org_b, user=personas.secretariat, kind="editor")
    token = make_token(personas.secretariat)
    assert api.get(f"/projects/{world.project_secret.pk}", token=token).status_code == 404
    assert api.get(f"/projects/{world.project_members.pk}", token=token).status_code == 200


def test_it_does_not_reveal_hidden_organizations_through_the_org_filter(api, world, org_b):
    from directory.models import Organization

    Organization.objects.filter(pk=org_b.pk).update(status=Organization.Status.SUSPENDED)
    unknown = api.get("/projects", {"org": "no-such-organization"})
    hidden = api.get("/projects", {"org": org_b.slug})
    assert unknown.status_code == hidden.status_code == 422
    assert unknown.json() == hidden.json()
    assert api.get(f"/organizations/{org_b.slug}").status_code == 404
