"""A sector group's page shows the group's news, documents, projects and reporting progress, each as
the visitor may see it, and shows a change at once (laocso/apps.py wires the panels in)."""

import pytest

from content.tests.conftest import media_root  # noqa: F401 (autouse: uploads go to a temporary folder)
from core.models import SectorGroup
from projects.models import Report
from projects.tests.conftest import filled_report_data

pytestmark = pytest.mark.django_db

PAGE = "/en/governance/sectors/FARD/"


@pytest.fixture
def fard():
    return SectorGroup.objects.get(code="FARD")


def test_it_shows_the_news_and_documents_of_the_group_to_each_visitor_as_they_may_see_them(
    client, client_as, committed, personas, make_news, make_document, fard
):
    health = SectorGroup.objects.get(code="PH")
    make_news(title_en="Rice seed fair in Savannakhet", sector_groups=[fard])
    make_news(title_en="Members-only briefing on land", sector_groups=[fard], visibility="members")
    make_news(title_en="Vaccination week", sector_groups=[health])
    make_document(title_en="Farmer field school manual", kind="guideline", year=2025, sector_groups=[fard])

    page = client.get(PAGE).content.decode()
    assert "News of the group" in page and "Rice seed fair in Savannakhet" in page
    assert "Members-only briefing on land" not in page
    assert "Vaccination week" not in page
    assert "/en/news/?sector=FARD" in page
    assert "Documents of the group" in page and "Farmer field school manual" in page
    assert "/en/documents/?sector=FARD" in page

    member_page = client_as(personas.editor_a).get(PAGE).content.decode()
    assert "Members-only briefing on land" in member_page

    # News published after a visit shows at once, although the page is cached for visitors.
    with committed():
        make_news(title_en="Harvest report from Champasak", sector_groups=[fard])
    assert "Harvest report from Champasak" in client.get(PAGE).content.decode()


def test_it_shows_the_groups_projects_and_how_many_members_have_reported(
    client, committed, personas, make_project, org_a, reporting_round
):
    from projects import services

    make_project(org_a, by=personas.editor_a)
    page = client.get(PAGE).content.decode()
    assert "Projects and reporting" in page and "Clean water for Ban Na" in page
    assert "0 of 1 member organizations have reported for CSO contributions 2025." in page

    report = Report.objects.get(round=reporting_round, organization=org_a)
    with committed():
        data, lines = filled_report_data(report)
        report = services.report_save(
            report=report, data=data, lines=lines, expected_version=report.version, by=personas.editor_a
        )
        services.report_submit(report=report, by=personas.editor_a)
    assert "1 of 1 member organizations have reported" in client.get(PAGE).content.decode()


def test_it_leaves_out_panels_with_nothing_to_show(client):
    page = client.get("/en/governance/sectors/PH/").content.decode()
    assert "News of the group" not in page and "Documents of the group" not in page
    assert "Projects and reporting" not in page
