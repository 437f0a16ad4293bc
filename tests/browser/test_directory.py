import re

import pytest
from django.core import mail

from tests.browser.conftest import sign_in_on

pytestmark = pytest.mark.browser


def test_it_takes_a_newcomer_from_a_lao_application_to_a_member_found_by_lao_search(page, browser):
    # A newcomer applies, in Lao.
    page.goto(page.base_url + "/lo/directory/")
    page.get_by_role("link", name="ສະໝັກເປັນສະມາຊິກ").click()
    page.get_by_label("ຊື່ພາສາລາວ").fill("ສະມາຄົມສົ່ງເສີມການລ້ຽງເຜິ້ງ")
    page.get_by_label("ຊື່ພາສາອັງກິດ").fill("Beekeeping Promotion Association")
    page.get_by_label("ແຂວງທີ່ຕັ້ງສຳນັກງານໃຫຍ່").select_option(label="ອັດຕະປື")
    page.get_by_label("ກຸ່ມຂະແໜງການຫຼັກ").select_option(label="ກະສິກຳ, ປ່າໄມ້ & ການພັດທະນາຊົນນະບົດ")
    page.get_by_label(re.compile("^ຜູ້ປະສານງານ")).fill("ທ້າວ ສົມພອນ")
    page.get_by_label("ອີເມວຂອງທ່ານ").fill("somphone@bees.example.org")
    page.get_by_label("ຊື່ ແລະ ນາມສະກຸນຂອງທ່ານ").fill("ທ້າວ ສົມພອນ")
    page.get_by_label("ຕັ້ງລະຫັດຜ່ານ").fill("ເຜິ້ງນ້ອຍບິນໄປຫາດອກໄມ້")
    page.get_by_role("button", name="ສົ່ງໃບສະໝັກ").click()
    assert page.get_by_role("heading", name="ໄດ້ຮັບໃບສະໝັກແລ້ວ").is_visible()

    # The confirmation email's link sends the application to the secretariat.
    link = re.search(r"/lo/directory/apply/confirm/\S+/", mail.outbox[-1].body).group(0)
    page.goto(page.base_url + link)

    secretariat = browser.new_context(viewport={"width": 360, "height": 740}).new_page()
    secretariat.base_url = page.base_url
    sign_in_on(secretariat, secretariat.base_url, "secretariat@test.laocso.org")
    secretariat.goto(page.base_url + "/lo/directory/applications/")
    secretariat.get_by_role("link", name="ສະມາຄົມສົ່ງເສີມການລ້ຽງເຜິ້ງ").click()
    secretariat.get_by_label("ອະນຸມັດ: ອົງການກາຍເປັນສະມາຊິກ").check()
    secretariat.get_by_role("button", name="ບັນທຶກການຕັດສິນ").click()
    assert secretariat.get_by_text("ບັນທຶກການຕັດສິນ ແລະ ແຈ້ງຜູ້ສະໝັກແລ້ວ.").is_visible()

    # Anyone now finds the new member with a Lao word from inside its name.
    visitor = browser.new_context(viewport={"width": 360, "height": 740}).new_page()
    visitor.goto(page.base_url + "/lo/")
    visitor.get_by_role("searchbox", name="ຄົ້ນຫາໃນແພລັດຟອມ").fill("ເຜິ້ງ")
    visitor.get_by_role("searchbox", name="ຄົ້ນຫາໃນແພລັດຟອມ").press("Enter")
    result = visitor.get_by_role("link", name="ສະມາຄົມສົ່ງເສີມການລ້ຽງເຜິ້ງ")
    assert result.is_visible()
    result.click()
    assert visitor.get_by_text("Beekeeping Promotion Association").is_visible()
    assert page.errors == []
