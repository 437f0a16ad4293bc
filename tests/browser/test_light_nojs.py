"""Every main flow works with JavaScript turned off (many phones here run old or stripped browsers,
and a script that fails to arrive on a slow link must not break a page)."""

import re

import pytest

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
