"""Erasing a person removes their name and contacts from governance; the seat history stays."""

import pytest

from accounts.privacy import person_erase
from core import privacy
from governance import services
from governance.models import CommitteeSeat, Person

pytestmark = pytest.mark.django_db


def test_it_exports_and_erases_a_persons_governance_data(history, personas, org_a):
    person = services.person_create(
        organization=org_a,
        data={
            "name_lo": "ນາງ ລຶບອອກ",
            "name_en": "Ms Erase Me",
            "phone": "020 1234 5678",
            "email": "me@x.org",
        },
        by=None,
    )
    person.user = personas.editor_a
    person.save()
    seat = CommitteeSeat.objects.filter(term__ends_on__isnull=True).first()
    services.seat_assign(seat=seat, person=person, by=personas.secretariat)
    exported = privacy.personal_data(personas.editor_a)["governance"]
    assert exported["person_records"][0]["name_en"] == "Ms Erase Me"
    person_erase(user=personas.editor_a, by=personas.secretariat)
    person.refresh_from_db()
    assert (person.name_lo, person.phone, person.email, person.user) == ("", "", "", None)
    assert CommitteeSeat.objects.get(pk=seat.pk).holder == person  # the seat was held; by whom is erased
    assert not Person.objects.filter(name_en__contains="Erase").exists()
