import re

import pytest
from django.core import mail

from accounts.demo import demo_accounts_create
from conftest import PASSWORD

pytestmark = pytest.mark.django_db


def test_it_signs_in_with_an_email_address_in_any_case(client, personas):
    response = client.post(
        "/lo/accounts/sign-in/", {"username": "Visitor@Test.LaoCSO.org", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert client.get("/lo/").context["user"] == personas.visitor


def test_it_explains_a_wrong_password_in_lao_without_saying_which_part_was_wrong(client, personas):
    response = client.post("/lo/accounts/sign-in/", {"username": personas.visitor.email, "password": "nope"})
    assert response.status_code == 200
    assert "ອີເມວ ຫຼື ລະຫັດຜ່ານ ບໍ່ຖືກຕ້ອງ" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_it_gives_a_new_session_key_at_sign_in_and_ends_the_session_at_sign_out(client, personas):
    client.get("/lo/accounts/sign-in/")
    before = client.cookies.get("laocso_session")
    client.post("/lo/accounts/sign-in/", {"username": personas.visitor.email, "password": PASSWORD})
    after = client.cookies["laocso_session"].value
    assert before is None or before.value != after
    assert client.get("/lo/accounts/sign-out/").status_code == 405  # GET never signs out
    client.post("/lo/accounts/sign-out/")
    assert "_auth_user_id" not in client.session


def test_it_resets_a_forgotten_password_by_email(client, personas, committed):
    with committed():
        client.post("/lo/accounts/password/reset/", {"email": personas.visitor.email})
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [personas.visitor.email]
    assert "ລະຫັດຜ່ານ" in message.subject  # the email is in the language of the page
    link = re.search(r"http://testserver(/lo/accounts/password/reset/\S+/)", message.body).group(1)
    form_page = client.get(link, follow=True)
    new_password = "ນ້ຳຕົກຕາດຄອນພະເພັງ 2025"  # a Lao passphrase
    response = client.post(
        form_page.redirect_chain[-1][0], {"new_password1": new_password, "new_password2": new_password}
    )
    assert response.status_code == 302
    personas.visitor.refresh_from_db()
    assert personas.visitor.check_password(new_password)


def test_a_reset_asked_while_the_mail_server_is_down_waits_in_the_queue(
    client, personas, committed, settings
):
    from core.mail import send_queued
    from core.models import OutgoingMail

    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2  # nothing listens
    with committed():
        response = client.post("/lo/accounts/password/reset/", {"email": personas.visitor.email})
    assert response.status_code == 302
    waiting = OutgoingMail.objects.get(to=personas.visitor.email)
    assert waiting.sent_at is None and waiting.attempts == 1 and "refused" in waiting.last_error.lower()

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"  # the server is back
    assert send_queued() == (1, 0)
    assert "/lo/accounts/password/reset/" in mail.outbox[0].body


def test_it_does_not_say_whether_an_address_has_an_account(client):
    response = client.post("/lo/accounts/password/reset/", {"email": "nobody@example.org"}, follow=True)
    assert response.status_code == 200
    assert len(mail.outbox) == 0
    assert response.redirect_chain[-1][0] == "/lo/accounts/password/reset/sent/"


def test_it_opens_the_admin_to_the_secretariat_only(client_as, personas):
    assert client_as(personas.secretariat).get("/lo/admin/core/province/").status_code == 200
    for persona in [personas.committee, personas.sector_head, personas.visitor]:
        response = client_as(persona).get("/lo/admin/core/province/")
        assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_it_lets_the_secretariat_correct_a_reference_name_in_the_admin(client_as, personas):
    from core.models import SectorGroup

    group = SectorGroup.objects.get(code="PH")
    client = client_as(personas.secretariat)
    response = client.post(
        f"/en/admin/core/sectorgroup/{group.pk}/change/",
        {
            "name_lo": "ສາທາລະນະສຸກ ແລະ ໂພຊະນາການ",
            "name_en": "Public Health",
            "code": "PH",
            "order": 7,
            "name_lo_is_draft": "on",
        },
    )
    assert response.status_code == 302
    group.refresh_from_db()
    assert group.name_lo == "ສາທາລະນະສຸກ ແລະ ໂພຊະນາການ"


def test_it_creates_demo_accounts_only_in_development(settings):
    settings.DEV = False
    with pytest.raises(Exception, match="only in development"):
        demo_accounts_create()
    settings.DEV = True
    first = demo_accounts_create()
    assert {email for email, _role in first} >= {
        "secretariat@demo.laocso.org",
        "committee@demo.laocso.org",
        "sectorhead@demo.laocso.org",
    }
    assert demo_accounts_create() == first  # idempotent
