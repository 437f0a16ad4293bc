"""Every main flow (search, apply for membership, submit a report, register for an event) works with
JavaScript turned off: many phones here run old or stripped browsers, and a script that fails to
arrive on a slow link must not break a page."""

import re

import pytest

from tests.browser.conftest import sign_in

pytestmark = pytest.mark.browser


def test_it_searches_opens_the_menu_and_applies_for_membership_without_javascript(
    browser, live_server, world
):
    context = browser.new_context(viewport={"width": 360, "height": 740}, java_script_enabled=False)
    page = context.new_page()
    base = live_server.url

    # Search from the header, open a result.
    page.goto(base + "/lo/")
    page.get_by_role("searchbox", name="ຄົ້ນຫາໃນແພລັດຟອມ").fill("ບ້ານນາ")
    page.get_by_role("searchbox", name="ຄົ້ນຫາໃນແພລັດຟອມ").press("Enter")
    page.get_by_role("link", name="ສະມາຄົມພັດທະນາຊຸມຊົນບ້ານນາ").click()
    assert page.get_by_text("Ban Na Community Development Association").is_visible()

    # The folded phone menu opens without a script.
    about = page.get_by_role("link", name="ກ່ຽວກັບພວກເຮົາ")
    assert not about.is_visible()
    page.locator(".nav-menu > summary").click()
    about.click()
    page.wait_for_url("**/lo/about/")

    # Apply for membership: a mistake is shown beside its field, then the application goes through.
    page.goto(base + "/lo/directory/")
    page.get_by_role("link", name="ສະໝັກເປັນສະມາຊິກ").click()
    page.get_by_label("ຊື່ພາສາລາວ").fill("ສະມາຄົມຊ່ວຍເຫຼືອຊາວປະມົງ")
    page.get_by_role("button", name="ສົ່ງໃບສະໝັກ").click()
    assert page.locator("[aria-invalid=true]").count() >= 2
    assert page.get_by_label("ຊື່ພາສາລາວ").input_value() == "ສະມາຄົມຊ່ວຍເຫຼືອຊາວປະມົງ"
    page.get_by_label("ຊື່ພາສາອັງກິດ").fill("Fishers' Support Association")
    page.get_by_label("ແຂວງທີ່ຕັ້ງສຳນັກງານໃຫຍ່").select_option(label="ສາລະວັນ")
    page.get_by_label("ກຸ່ມຂະແໜງການຫຼັກ").select_option(label="ກະສິກຳ, ປ່າໄມ້ & ການພັດທະນາຊົນນະບົດ")
    page.get_by_label(re.compile("^ຜູ້ປະສານງານ")).fill("ນາງ ບົວພັນ")
    page.get_by_label("ອີເມວຂອງທ່ານ").fill("bouaphan@fishers.example.org")
    page.get_by_label("ຊື່ ແລະ ນາມສະກຸນຂອງທ່ານ").fill("ນາງ ບົວພັນ")
    page.get_by_label("ຕັ້ງລະຫັດຜ່ານ").fill("ປານ້ອຍລອຍຢູ່ໃນນ້ຳຂອງ")
    page.get_by_role("button", name="ສົ່ງໃບສະໝັກ").click()
    assert page.get_by_role("heading", name="ໄດ້ຮັບໃບສະໝັກແລ້ວ").is_visible()

    from directory.models import MembershipApplication

    assert MembershipApplication.objects.filter(applicant__email="bouaphan@fishers.example.org").exists()
    context.close()


def test_an_editor_submits_a_report_and_registers_for_an_event_without_javascript(
    browser, live_server, open_report
):
    from datetime import timedelta

    from django.utils import timezone

    from accounts.models import User
    from content import services
    from content.models import EventRegistration

    path, project = open_report
    line = f"line-{project.pk}"
    page = sign_in(browser, live_server.url, "editor.a@test.laocso.org", java_script_enabled=False)

    # The report: a mistake is shown beside its field, then the report is submitted.
    page.goto(live_server.url + path)
    page.get_by_role("link", name="Fill in the report").click()
    for name, value in [
        ("staff_women", "7"),
        ("staff_men", "5"),
        ("volunteers_women", "3"),
        ("volunteers_men", "2"),
        ("spending_amount", "50,000"),
    ]:
        page.locator(f"#id_{name}").fill(value)
    page.locator(f"#id_{line}-spending_amount").fill("20000")
    for key, value in [("women", "-120"), ("men", "100"), ("girls", "40"), ("boys", "35")]:
        page.locator(f"#id_{line}-{key}").fill(value)
    page.locator(f"#id_{line}-results_en").fill("Wells built")
    page.get_by_role("button", name="Save and submit for review").click()
    assert page.locator(f"#id_{line}-women").get_attribute("aria-invalid") == "true"
    assert page.locator(f"#id_{line}-results_en").input_value() == "Wells built"
    page.locator(f"#id_{line}-women").fill("120")
    page.get_by_role("button", name="Save and submit for review").click()
    assert page.locator("#report-status").inner_text() == "Submitted"

    # An event: the organization registers two women and one man.
    starts = timezone.now() + timedelta(days=10)
    event = services.event_create(
        data={
            "title_lo": "ຝຶກອົບຮົມການຂຽນບົດລາຍງານ",
            "title_en": "Report writing training",
            "kind": "training",
            "starts_at": starts,
            "ends_at": starts + timedelta(hours=4),
            "status": "published",
            "registration_open": True,
        },
        m2m={},
        by=User.objects.get(email="secretariat@test.laocso.org"),
    )
    page.goto(f"{live_server.url}/en/events/{event.slug}/")
    page.get_by_role("link", name="Register my organization").click()
    page.get_by_label("Participants: women").fill("2")
    page.get_by_label("Participants: men").fill("1")
    page.get_by_role("button", name="Register").click()
    assert page.get_by_text("Your organization is registered.").is_visible()
    registration = EventRegistration.objects.get(event=event)
    assert (registration.participants_women, registration.participants_men) == (2, 1)
    page.context.close()
