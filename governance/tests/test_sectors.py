"""Sector group pages: description, member organizations, elected leadership, meetings, hooks."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from accounts.models import Role
from directory.services import organization_update
from governance import hooks, services
from governance.models import SectorLeadership

pytestmark = pytest.mark.django_db


def test_it_shows_a_group_with_its_members_and_leadership(
    client, fard, org_a, personas, make_meeting, history
):
    head = services.person_create(organization=org_a, data={"name_en": "Ms Head of Farming"}, by=None)
    services.leadership_record(
        sector_group=fard, person=head, role="head", starts_on=date(2024, 5, 1), by=personas.secretariat
    )
    make_meeting(title_en="Quarterly farming meeting")
    page = client.get("/en/governance/sectors/FARD/").content.decode()
    assert "Agriculture, Forestry &amp; Rural Development" in page
    assert "Ms Head of Farming" in page and "since 1 May 2024" in page
    assert org_a.name_en in page and "Quarterly farming meeting" in page
    assert client.get("/en/governance/sectors/fard/").status_code == 200
    assert client.get("/en/governance/sectors/NOPE/").status_code == 404


def test_it_lists_an_organization_once_it_chooses_the_group_in_its_profile(
    client, org_b, fard, personas, committed
):
    link = f"/en/directory/{org_b.slug}/"
    assert link not in client.get("/en/governance/sectors/FARD/").content.decode()
    groups = [*org_b.sector_groups.values_list("pk", flat=True), fard.pk]
    with committed():
        organization_update(
            organization=org_b,
            data={"primary_sector_group": org_b.primary_sector_group},
            m2m={"sector_groups": groups},
            expected_version=org_b.version,
            by=personas.editor_b,
        )
    assert (
        link in client.get("/en/governance/sectors/FARD/").content.decode()
    )  # the cached page was refreshed


def test_it_lets_the_secretariat_and_the_groups_head_edit_its_description(client_as, personas):
    data = {"description_lo": "ກຸ່ມນີ້...", "description_en": "This group gathers farmers' associations."}
    assert client_as(personas.sector_head).post("/en/governance/sectors/FARD/edit/", data).status_code == 302
    assert client_as(personas.sector_head).post("/en/governance/sectors/EDSP/edit/", data).status_code == 403
    assert client_as(personas.editor_a).post("/en/governance/sectors/FARD/edit/", data).status_code == 403
    assert "farmers&#x27; associations" in Client().get("/en/governance/sectors/FARD/").content.decode()


def test_a_new_head_ends_the_previous_term_and_takes_over_the_role(
    fard, org_a, personas, make_member, history
):
    from accounts.services import user_create

    old_user = user_create(email="old.head@example.org", password=None)
    old = services.person_create(organization=org_a, data={"name_en": "Old head"}, by=None)
    old.user = old_user
    old.save()
    services.leadership_record(
        sector_group=fard, person=old, role="head", starts_on=date(2022, 1, 1), by=personas.secretariat
    )
    assert Role.objects.filter(user=old_user, kind="sector_head", sector_group=fard).exists()
    other = make_member("NEW")
    new = services.person_create(organization=other.org, data={"name_en": "New head"}, by=None)
    new.user = other.owner
    new.save()
    services.leadership_record(
        sector_group=fard, person=new, role="head", starts_on=date(2025, 1, 1), by=personas.secretariat
    )
    assert SectorLeadership.objects.get(person=old).ends_on == date(2025, 1, 1)
    assert SectorLeadership.objects.current().get(sector_group=fard, role="head").person == new
    assert not Role.objects.filter(user=old_user, kind="sector_head").exists()
    assert Role.objects.filter(user=other.owner, kind="sector_head", sector_group=fard).exists()
    with pytest.raises(ValidationError):
        services.leadership_end(
            leadership=SectorLeadership.objects.get(person=new),
            ends_on=date(2024, 1, 1),
            by=personas.secretariat,
        )


def test_it_shows_what_other_apps_hand_to_the_group_page(client, monkeypatch):
    monkeypatch.setattr(hooks, "_providers", {})
    hooks.register_sector_panel(
        "news",
        lambda group, viewer: hooks.SectorPanel(
            title="News of the group",
            items=[hooks.PanelItem(title=f"{group.code} harvest story", url="/n/1/")],
        ),
    )
    page = client.get("/en/governance/sectors/FARD/").content.decode()
    assert "News of the group" in page and "FARD harvest story" in page
    with pytest.raises(ValueError):
        hooks.register_sector_panel("weather", lambda group, viewer: None)
