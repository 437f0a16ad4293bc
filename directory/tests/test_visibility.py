"""A field shared with members only never reaches the public: pages, exports, search."""

import io

import pytest
from openpyxl import load_workbook

pytestmark = pytest.mark.django_db

PHONE = "020 5555 0005"  # org A's phone, shared with members only (the default)


def everything_public(client, org) -> str:
    pages = [
        client.get(f"/lo/directory/{org.slug}/"),
        client.get(f"/en/directory/{org.slug}/"),
        client.get("/lo/directory/"),
        client.get("/lo/directory/?q=ບ້ານນາ"),
        client.get("/en/search/?q=BNCDA"),
        client.get("/lo/directory/export.csv"),
    ]
    assert all(page.status_code == 200 for page in pages), [page.status_code for page in pages]
    workbook = load_workbook(io.BytesIO(client.get("/lo/directory/export.xlsx").content))
    cells = " ".join(str(cell) for row in workbook.active.iter_rows(values_only=True) for cell in row)
    return " ".join(page.content.decode() for page in pages) + cells


def test_it_keeps_members_only_contacts_from_anonymous_visitors_everywhere(client, org_a):
    assert org_a.phone == PHONE and org_a.contacts_visibility == "members"
    seen = everything_public(client, org_a)
    assert "ສະມາຄົມພັດທະນາຊຸມຊົນບ້ານນາ" in seen  # the public part is there
    assert PHONE not in seen and org_a.email not in seen


def test_it_keeps_members_only_contacts_from_a_signed_in_non_member(client_as, personas, org_a):
    seen = everything_public(client_as(personas.visitor), org_a)
    assert PHONE not in seen


def test_it_shows_members_only_contacts_to_staff_of_another_member_and_to_the_secretariat(
    client_as, personas, org_a
):
    for persona in [personas.editor_b, personas.secretariat]:
        client = client_as(persona)
        assert PHONE in client.get(f"/lo/directory/{org_a.slug}/").content.decode()
        assert PHONE in client.get("/lo/directory/export.csv").content.decode()


def test_it_shows_contacts_to_everyone_when_the_organization_makes_them_public(client, org_a):
    org_a.contacts_visibility = "public"
    org_a.save()
    assert PHONE in client.get(f"/lo/directory/{org_a.slug}/").content.decode()


def test_it_never_puts_contacts_or_staff_figures_in_the_search_index(org_a):
    from search.models import SearchEntry

    texts = " ".join(
        SearchEntry.objects.filter(object_id=str(org_a.pk)).values_list("search_text", flat=True)
    )
    assert "ຊຸມຊົນ" in texts
    assert "5555" not in texts and "example.org" not in texts


def test_it_hides_an_applicant_from_the_public_and_from_other_members(client, client_as, personas, org_a):
    org_a.status = "applicant"
    org_a.save()
    assert client.get(f"/lo/directory/{org_a.slug}/").status_code == 404
    assert client_as(personas.editor_b).get(f"/lo/directory/{org_a.slug}/").status_code == 404
    assert client_as(personas.editor_a).get(f"/lo/directory/{org_a.slug}/").status_code == 200
    assert client_as(personas.secretariat).get(f"/lo/directory/{org_a.slug}/").status_code == 200
