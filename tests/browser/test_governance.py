"""A sector group meeting from start to finish in the browser: scheduled, two organizations register,
attendance is recorded, the group elects its head with three voters, and the new head appears on
the group's page."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from conftest import PASSWORD

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}


def open_as(browser, base_url: str, email: str):
    """A page of its own (cookies apart) signed in through the real form."""
    page = browser.new_context(viewport=PHONE).new_page()
    page.errors = []
    page.on("console", lambda message: message.type == "error" and page.errors.append(message.text))
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.base_url = base_url
    page.goto(base_url + "/en/accounts/sign-in/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    return page


def local(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def third_member():
    """A third member organization of the farming group, with its owner's account."""
    from accounts.services import user_create
    from core.models import Province, SectorGroup
    from directory.models import OrganizationRole
    from directory.services import organization_create

    fard, province = SectorGroup.objects.get(code="FARD"), Province.objects.get(code="LA08")
    organization = organization_create(
        data={
            "name_lo": "ສະມາຄົມຊາວກະສິກອນ ຫົວພັນ",
            "name_en": "Houaphanh Farmers Association",
            "acronym": "HFA",
            "head_office_province": province,
            "primary_sector_group": fard,
        },
        m2m={"provinces": [province], "sector_groups": [fard]},
        status="active",
        by=None,
    )
    owner = user_create(email="owner@hfa.example.org", password=PASSWORD, full_name="HFA owner")
    OrganizationRole.objects.create(organization=organization, user=owner, kind=OrganizationRole.Kind.OWNER)
    return organization


def test_it_runs_a_sector_group_meeting_and_elects_the_groups_head(page, browser):
    from core.models import SectorGroup
    from directory.models import Organization

    # Editor B's organization has joined the farming group too (organizations choose their groups).
    org_b = Organization.objects.get(acronym="FCE")
    org_b.sector_groups.add(SectorGroup.objects.get(code="FARD"))
    third_member()
    base = page.base_url
    now = timezone.now()

    # The secretariat schedules the group's meeting (it has just begun: people are arriving).
    secretariat = open_as(browser, base, "secretariat@test.laocso.org")
    secretariat.goto(base + "/en/governance/meetings/new/")
    secretariat.get_by_label("Kind of meeting").select_option(label="Sector group meeting")
    secretariat.get_by_label("Sector group").select_option(label="Agriculture, Forestry & Rural Development")
    secretariat.get_by_label("Title in Lao").fill("ກອງປະຊຸມກຸ່ມກະສິກຳ ປະຈຳໄຕມາດ")
    secretariat.get_by_label("Title in English").fill("Farming group: quarterly meeting")
    secretariat.get_by_label("Starts").fill(local(now - timedelta(minutes=10)))
    secretariat.get_by_label("Ends").fill(local(now + timedelta(hours=3)))
    secretariat.get_by_label("Venue in English").fill("Secretariat meeting room")
    secretariat.get_by_role("button", name="Schedule the meeting").click()
    secretariat.get_by_role("heading", name="Farming group: quarterly meeting").wait_for()
    meeting_url = secretariat.url

    # Two member organizations register, each with how many of its people come.
    for email, women, men in [("editor.a@test.laocso.org", "2", "1"), ("editor.b@test.laocso.org", "1", "1")]:
        editor = open_as(browser, base, email)
        editor.goto(meeting_url)
        editor.get_by_role("link", name="Register your organization").click()
        editor.get_by_label(re.compile(r"^Women\b")).fill(women)
        editor.get_by_label(re.compile(r"^Men\b")).fill(men)
        editor.get_by_role("button", name="Register").click()
        assert editor.get_by_text("is registered for this meeting").first.is_visible()
        assert editor.errors == []
        editor.context.close()

    # The secretariat records the attendance as the network reports it; the counts must add up.
    secretariat.goto(meeting_url)
    secretariat.get_by_role("link", name="Record attendance").click()
    secretariat.get_by_label("Participants in all").fill("30")
    secretariat.get_by_label(re.compile(r"^Women\b")).fill("9")
    secretariat.get_by_label(re.compile(r"^Men\b")).fill("20")
    secretariat.get_by_role("button", name="Save").click()
    assert secretariat.get_by_text("The counts do not add up").is_visible()
    secretariat.get_by_label(re.compile(r"^Men\b")).fill("21")
    secretariat.get_by_label("Ban Na Community Development Association").check()
    secretariat.get_by_label("Foundation for Children's Education").check()
    secretariat.get_by_role("button", name="Save").click()
    assert secretariat.get_by_text("30 participants: 9 women, 21 men").is_visible()

    # The secretariat prepares the election of the group's head at this meeting.
    secretariat.get_by_role("link", name="Prepare an election at this meeting").click()
    secretariat.get_by_label("Title in English").fill("Election of the farming group's head")
    secretariat.get_by_label("Voting opens").fill(local(now - timedelta(minutes=5)))
    secretariat.get_by_label("Voting closes").fill(local(now + timedelta(hours=2)))
    secretariat.get_by_role("button", name="Save").click()
    secretariat.get_by_role("link", name="Nominate a candidate").click()
    secretariat.get_by_label("Organization of the new person").select_option(
        label="Ban Na Community Development Association"
    )
    secretariat.get_by_label("Name in Lao").fill("ນາງ ຄຳແພງ ສີວົງ")
    secretariat.get_by_label("Name in English").fill("Ms Khamphaeng Sivong")
    secretariat.get_by_role("button", name="Save").click()
    secretariat.get_by_role("link", name="Record the nominee's answer").click()
    secretariat.get_by_label("Accepts the nomination").check()
    secretariat.get_by_role("button", name="Save").click()
    secretariat.get_by_role("button", name="Open voting").click()
    assert secretariat.get_by_text("Voting has been opened.").is_visible()
    election_url = secretariat.url

    # Three member organizations vote, each through its representative (here: its owner).
    for email in ["editor.a@test.laocso.org", "editor.b@test.laocso.org", "owner@hfa.example.org"]:
        voter = open_as(browser, base, email)
        voter.goto(election_url)
        assert voter.get_by_role("heading", name="Who can see what").is_visible()
        voter.get_by_label("Ms Khamphaeng Sivong").check()
        voter.get_by_role("button", name="Cast the ballot").click()
        assert voter.get_by_text("has been recorded").is_visible()
        assert voter.get_by_text("Ms Khamphaeng Sivong").count() >= 1  # the candidate list, not the choice
        assert voter.errors == []
        voter.context.close()

    # Everyone on the roll has voted: the secretariat closes and the count is published.
    secretariat.goto(election_url)
    secretariat.get_by_role("button", name="Close and count").click()
    assert secretariat.get_by_text("The election has been closed and counted.").is_visible()
    assert secretariat.get_by_text("3 ballots cast, 0 of them blank").is_visible()

    # The new head is on the group's public page.
    page.goto(base + "/en/governance/sectors/FARD/")
    leadership = page.locator("#leadership")
    assert "Ms Khamphaeng Sivong" in leadership.inner_text()
    assert page.errors == [] and secretariat.errors == []
