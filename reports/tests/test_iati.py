"""IATI 2.03: activity files valid against the official schema, only public projects, identifiers
checked, settings edited by the organization's own editors."""

from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path

import pytest
from django.urls import reverse
from lxml import etree

from reports.iati import budget_periods, percentages
from reports.models import DacSectorMapping, IatiPublisher

pytestmark = pytest.mark.django_db
SCHEMA = Path(__file__).resolve().parents[1] / "iati" / "schema" / "iati-activities-schema.xsd"


@cache
def schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMA)))


def valid(xml: bytes) -> etree._Element:
    document = etree.fromstring(xml)
    if not schema().validate(document):
        raise AssertionError(str(schema().error_log))
    return document


def publish(organization, identifier, *, network=True):
    return IatiPublisher.objects.create(
        organization=organization, identifier=identifier, in_network_file=network
    )


def get_xml(client, url) -> bytes:
    response = client.get(url)
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"].startswith("application/xml")
    return b"".join(response.streaming_content)


def test_an_organizations_file_is_valid_iati_2_03_with_its_public_projects_only(client, contributions):
    publish(contributions.org_a, "LA-TEST-0001")
    document = valid(get_xml(client, reverse("reports:iati-file", args=[contributions.org_a.slug])))
    activities = document.findall("iati-activity")
    assert [a.findtext("iati-identifier") for a in activities] == [f"LA-TEST-0001-{contributions.a1.pk}"]
    activity = activities[0]
    assert activity.find("reporting-org").get("ref") == "LA-TEST-0001"
    assert [t.get("code") for t in activity.findall("tag[@vocabulary='3']")] == ["1.4", "2.3"]
    sectors = activity.findall("sector[@vocabulary='1']")
    assert [(s.get("code"), s.get("percentage")) for s in sectors] == [("31120", "100")]  # theme AGRI
    location = activity.find("location")
    assert location.get("ref").startswith(contributions.la13.code)
    assert "province LA13" in location.findtext("description/narrative")
    budgets = activity.findall("budget")
    assert sum(Decimal(b.findtext("value")) for b in budgets) == Decimal("120000")
    assert len(budgets) == 3  # 2024, 2025, 2026
    transaction = activity.find("transaction")
    assert transaction.find("transaction-type").get("code") == "4"
    assert transaction.findtext("value") == "10000.00"
    assert "Members-only" not in etree.tostring(document, encoding="unicode")


def test_the_network_file_holds_the_organizations_that_take_part(client, contributions):
    publish(contributions.org_a, "LA-TEST-0001")
    publish(contributions.org_b, "LA-TEST-0002", network=False)
    publish(contributions.org_d, "LA-TEST-0004")  # suspended since: left out
    document = valid(get_xml(client, reverse("reports:iati-network")))
    identifiers = [a.findtext("iati-identifier") for a in document.findall("iati-activity")]
    assert identifiers == [f"LA-TEST-0001-{contributions.a1.pk}"]
    IatiPublisher.objects.filter(identifier="LA-TEST-0002").update(in_network_file=True)
    document = valid(get_xml(client, reverse("reports:iati-network")))
    b1 = next(
        a
        for a in document.findall("iati-activity")
        if a.findtext("iati-identifier").endswith(f"-{contributions.b1.pk}")
    )
    assert {loc.get("ref").split("-")[0] for loc in b1.findall("location")} == {
        contributions.la06.code,
        "LA01",
    }
    assert b1.find("sector[@vocabulary='1']").get("code") == "11120"  # no theme: its sector group's code


def test_the_dac_mapping_can_be_changed(client, contributions):
    publish(contributions.org_a, "LA-TEST-0001")
    DacSectorMapping.objects.filter(source="theme", code="AGRI").update(dac_code="31191")
    document = valid(get_xml(client, reverse("reports:iati-file", args=[contributions.org_a.slug])))
    assert document.find(".//sector[@vocabulary='1']").get("code") == "31191"


def test_without_an_identifier_or_public_projects_there_is_no_file_but_a_page_that_says_why(
    client, contributions
):
    url = reverse("reports:iati-file", args=[contributions.org_c.slug])
    response = client.get(url)
    assert response.status_code == 404 and "does not publish to IATI" in response.content.decode()
    from projects.models import Project

    publish(contributions.org_c, "LA-TEST-0003")
    Project.objects.filter(organization=contributions.org_c).update(visibility="members")
    response = client.get(url)
    assert response.status_code == 404 and "No public projects" in response.content.decode()


@pytest.mark.parametrize(
    "identifier, message",
    [
        ("LA MOHA 1234", "no spaces"),
        ("LA-MOHA/1234", "may not contain"),
        ("LAMOHA1234", "prefix"),
        ("ລາວ-1234", "Latin letters"),
    ],
)
def test_an_editor_sets_the_identifier_and_a_bad_one_is_explained_at_the_field(
    client_as, contributions, personas, identifier, message
):
    url = reverse("reports:iati-settings", args=[contributions.org_a.slug])
    client = client_as(personas.editor_a)
    response = client.post(
        url, {"identifier": identifier, "organisation_type": "22", "in_network_file": "on"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_identifier_error"' in html and message in html
    assert not IatiPublisher.objects.exists()
    response = client.post(url, {"identifier": "LA-MOHA-1234", "organisation_type": "22"})
    assert response.status_code == 302
    publisher = IatiPublisher.objects.get(organization=contributions.org_a)
    assert (publisher.identifier, publisher.in_network_file) == ("LA-MOHA-1234", False)


def test_only_the_organizations_editors_and_the_secretariat_change_its_settings(
    client, client_as, contributions, personas
):
    url = reverse("reports:iati-settings", args=[contributions.org_a.slug])
    assert client.get(url).status_code == 302  # to the sign-in page
    other = client_as(personas.editor_b)
    assert other.get(url).status_code == 403
    assert other.post(url, {"identifier": "LA-EVIL-1", "organisation_type": "22"}).status_code == 403
    assert not IatiPublisher.objects.exists()
    publish(contributions.org_b, "LA-TEST-0002")
    secretariat = client_as(personas.secretariat)
    response = secretariat.post(url, {"identifier": "la-test-0002", "organisation_type": "22"})
    assert "Another organization already uses" in response.content.decode()
    assert secretariat.post(url, {"identifier": "LA-TEST-0001", "organisation_type": "60"}).status_code == 302


def test_budgets_are_split_into_years_that_add_up():
    periods = budget_periods(date(2024, 7, 1), date(2026, 6, 30), Decimal("1000.00"))
    assert [(start.isoformat(), end.isoformat()) for start, end, _share in periods] == [
        ("2024-07-01", "2025-06-30"),
        ("2025-07-01", "2026-06-30"),
    ]
    assert sum(share for *_dates, share in periods) == Decimal("1000.00")
    assert sum(percentages(3)) == 100 and percentages(3) == [34, 33, 33]
