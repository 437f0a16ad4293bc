"""The committee: the 2019 and 2021 terms as structure, seats and their holders, the history pages."""

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client

from core.models import AuditEvent
from governance import services
from governance.models import CommitteeSeat, CommitteeTerm, Decision, Person
from governance.reference import committee_history_load

pytestmark = pytest.mark.django_db


def test_it_loads_the_2019_and_2021_committees_as_structure_without_names(history):
    term_2019, term_2021 = CommitteeTerm.objects.order_by("starts_on")
    assert (term_2019.seat_count, term_2019.seats.count()) == (9, 9)
    assert set(term_2019.seats.values_list("status", flat=True)) == {"not_recorded"}
    assert term_2019.starts_year_only and str(term_2019.ends_on) == "2021-10-22"
    seats = term_2021.seats.all()
    assert seats.count() == 11 and term_2021.ends_on is None
    assert seats.filter(kind="sector_head").count() == 7
    assert seats.exclude(kind="sector_head").count() == 4
    assert seats.filter(kind="sector_head").values("sector_group").distinct().count() == 7
    agreement = term_2021.endorsing_decision
    assert (agreement.number, str(agreement.issued_on)) == ("12/ກພລ", "2021-10-22")
    assert "Ministry of Home Affairs" in agreement.issuing_body_en
    assert not Person.objects.exists() and not seats.filter(holder__isnull=False).exists()


def test_it_loads_the_history_only_once(history):
    assert committee_history_load() == {"decisions": 0, "terms": 0, "seats": 0}
    assert CommitteeTerm.objects.count() == 2 and Decision.objects.filter(number="12/ກພລ").count() == 1


def test_it_shows_the_current_committee_and_the_earlier_one(history, client):
    page = client.get("/en/governance/committee/").content.decode()
    assert "Coordination committee 2021" in page and "12/ກພລ" in page
    assert page.count('<th scope="row">') == 11
    assert "Head of a sector group: Public Health" in page
    older = CommitteeTerm.objects.get(starts_on__year=2019)
    history_page = client.get(f"/en/governance/committee/terms/{older.pk}/").content.decode()
    assert "Coordination committee 2019" in history_page and history_page.count("Not recorded") >= 9
    assert client.get("/lo/governance/committee/terms/").status_code == 200


def test_it_lets_only_the_secretariat_fill_a_seat_and_records_it(history, client_as, personas, org_a):
    seat = CommitteeSeat.objects.get(term__starts_on__year=2021, kind="chair")
    url = f"/en/governance/committee/seats/{seat.pk}/"
    data = {
        "new_organization": org_a.pk,
        "new_name_lo": "ນາງ ທົດສອບ",
        "new_name_en": "Ms Test",
        "new_sex": "female",
    }
    assert client_as(personas.committee).post(url, data).status_code == 403
    assert client_as(personas.secretariat).post(url, data).status_code == 302
    seat.refresh_from_db()
    assert seat.holder.name_en == "Ms Test" and seat.status == "filled"
    assert AuditEvent.objects.filter(action="committee_seat.assign", target_id=str(seat.pk)).exists()
    with pytest.raises(PermissionDenied):
        services.seat_assign(seat=seat, person=None, by=personas.editor_a)


def test_it_shows_a_seat_holders_contacts_to_members_only(history, client_as, personas, org_a):
    person = services.person_create(
        organization=org_a,
        data={"name_en": "Mr Contact", "phone": "020 9999 1234", "email": "contact@bncda.example.org"},
        by=personas.secretariat,
    )
    seat = CommitteeSeat.objects.get(term__starts_on__year=2021, kind="chair")
    services.seat_assign(seat=seat, person=person, by=personas.secretariat)
    public = Client().get("/en/governance/committee/").content.decode()
    assert "Mr Contact" in public and "020 9999 1234" not in public
    member = client_as(personas.editor_b).get("/en/governance/committee/").content.decode()
    assert "020 9999 1234" in member
