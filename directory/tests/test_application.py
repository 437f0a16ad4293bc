import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from core.models import Province, SectorGroup
from directory.models import MembershipApplication, Organization

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def application(**changes) -> dict:
    province = Province.objects.get(code="LA16")
    data = {
        "name_lo": "ສະມາຄົມນ້ຳສະອາດຈຳປາສັກ",
        "name_en": "Champasak Clean Water Association",
        "acronym": "CCWA",
        "legal_form": "association",
        "registration_number": "77/ພນ",
        "registration_authority": "moha",
        "registration_date": "໑໕/໐໖/໒໐໑໙",  # Lao digits are accepted
        "head_office_province": str(province.pk),
        "provinces": [str(province.pk)],
        "primary_sector_group": str(SectorGroup.objects.get(code="PH").pk),
        "year_founded": "2015",
        "mission_lo": "ນ້ຳສະອາດ ແລະ ສຸຂະອະນາໄມ ສຳລັບທຸກບ້ານ",
        "contact_name": "ນາງ ດາວວອນ",
        "account_email": "daovone@ccwa.example.org",
        "account_name": "ນາງ ດາວວອນ",
        "account_password": "ນ້ຳໃສໄຫຼເຢັນ ຈຳປາສັກ",
        "certificate": SimpleUploadedFile("ໃບທະບຽນ.pdf", PDF, content_type="application/pdf"),
        "contacts_visibility": "members",
        "staff_visibility": "members",
        "registration_visibility": "public",
    }
    data.update(changes)
    return data


def test_it_takes_a_newcomer_from_application_to_the_directory_and_search(
    client, client_as, personas, mailoutbox, committed
):
    with committed():
        response = client.post("/lo/directory/apply/", application())
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    organization = Organization.objects.get(acronym="CCWA")
    assert organization.status == "applicant"
    assert organization.registration_date.isoformat() == "2019-06-15"
    assert client.get("/lo/directory/?q=ນ້ຳສະອາດ").content.decode().count("CCWA") == 0

    # The application reaches the secretariat only once the email address is confirmed.
    assert "ຢືນຢັນ" in mailoutbox[0].subject  # in the language of the application
    secretariat = client_as(personas.secretariat)
    assert "CCWA" not in secretariat.get("/lo/directory/applications/").content.decode()
    link = re.search(r"/lo/directory/apply/confirm/\S+/", mailoutbox[0].body).group(0)
    client.get(link)
    queue = secretariat.get("/lo/directory/applications/").content.decode()
    assert "ສະມາຄົມນ້ຳສະອາດຈຳປາສັກ" in queue

    pending = MembershipApplication.objects.get(organization=organization)
    assert secretariat.get(f"/lo/directory/applications/{pending.pk}/certificate/").status_code == 200
    with committed():
        response = secretariat.post(f"/lo/directory/applications/{pending.pk}/", {"decision": "approve"})
    assert response.status_code == 302
    organization.refresh_from_db()
    assert organization.status == "active"
    assert organization.roles.get().user.email == "daovone@ccwa.example.org"
    assert organization.membership_events.count() == 2
    assert "ຍິນດີຕ້ອນຮັບ" in mailoutbox[-1].body

    client.logout()
    assert "CCWA" in client.get("/lo/directory/?q=ນ້ຳສະອາດ").content.decode()
    assert "CCWA" in client.get("/en/directory/?q=champasak").content.decode()


def test_it_refuses_a_duplicate_registration_number_with_a_message_and_saves_nothing(client, org_a):
    org_a.registration_number, org_a.registration_authority = "77/ພນ", "moha"
    org_a.save()
    before = Organization.objects.count()
    response = client.post("/lo/directory/apply/", application())
    assert response.status_code == 200
    assert "ມີອົງການອື່ນ ລົງທະບຽນດ້ວຍເລກນີ້ແລ້ວ" in response.content.decode()
    assert Organization.objects.count() == before


@pytest.mark.parametrize(
    "name, content",
    [
        ("certificate.pdf", b"<html><script>alert(1)</script></html>"),  # HTML renamed .pdf
        ("certificate.pdf", b""),
        ("certificate.png", b"\x89PNG\r\n\x1a\n" + b"not really a png"),
    ],
)
def test_it_refuses_a_certificate_that_is_not_what_it_claims(client, name, content):
    response = client.post(
        "/lo/directory/apply/",
        application(certificate=SimpleUploadedFile(name, content, content_type="application/pdf")),
    )
    assert response.status_code == 200
    assert response.context["form"].errors["certificate"]
    assert not Organization.objects.filter(acronym="CCWA").exists()


def test_it_asks_for_a_reason_before_rejecting(client_as, personas, client, mailoutbox, committed):
    with committed():
        client.post("/lo/directory/apply/", application())
    client.get(re.search(r"/lo/directory/apply/confirm/\S+/", mailoutbox[0].body).group(0))
    pending = MembershipApplication.objects.get(organization__acronym="CCWA")
    secretariat = client_as(personas.secretariat)
    response = secretariat.post(
        f"/lo/directory/applications/{pending.pk}/", {"decision": "reject", "message": ""}
    )
    assert response.status_code == 200
    pending.refresh_from_db()
    assert pending.status == "submitted"
    secretariat.post(
        f"/lo/directory/applications/{pending.pk}/", {"decision": "reject", "message": "Not registered"}
    )
    pending.refresh_from_db()
    assert pending.status == "rejected" and pending.organization.status == "former"


def test_it_lets_only_the_secretariat_review_applications(client_as, personas):
    for persona in [personas.visitor, personas.editor_a, personas.sector_head]:
        assert client_as(persona).get("/lo/directory/applications/").status_code == 403


def test_it_asks_an_existing_account_holder_to_sign_in_first(client, personas):
    response = client.post("/lo/directory/apply/", application(account_email=personas.visitor.email.upper()))
    assert response.status_code == 200
    assert "account_email" in response.context["form"].errors
