"""Personal data governance holds about a person with an account: their person record (name, sex,
position, contacts) when linked to the account, and the acts done through the account (ballots cast
for an organization, never how; registrations; voting representation)."""

from governance.models import MeetingRegistration, Person, Representative, VoteRecord

ERASED_NAME = "—"


def export(user) -> dict:
    return {
        "person_records": [
            {
                "name_lo": person.name_lo,
                "name_en": person.name_en,
                "sex": person.sex,
                "organization": person.organization.name_lo,
                "position_lo": person.position_lo,
                "position_en": person.position_en,
                "phone": person.phone,
                "email": person.email,
            }
            for person in Person.objects.filter(user=user).select_related("organization")
        ],
        "voting_representative_of": [
            row.organization.name_lo
            for row in Representative.objects.filter(user=user).select_related("organization")
        ],
        "ballots_you_cast_for": [
            {
                "election": row.election.title_en or row.election.title_lo,
                "organization": row.organization.name_lo,
            }
            for row in VoteRecord.objects.filter(cast_by=user).select_related("election", "organization")
        ],
        "meeting_registrations_you_made": [
            {
                "meeting": row.meeting.title_en or row.meeting.title_lo,
                "organization": row.organization.name_lo,
            }
            for row in MeetingRegistration.objects.filter(registered_by=user).select_related(
                "meeting", "organization"
            )
        ],
    }


def erase(user) -> int:
    """The seat, the leadership term and the candidacy stay (the organization held them); the person's
    name, position and contacts go. Ballots never named anyone; the record that an organization
    voted stays, without the account."""
    touched = Person.objects.filter(user=user).update(
        name_lo="", name_en=ERASED_NAME, position_lo="", position_en="", phone="", email="", user=None
    )
    touched += Representative.objects.filter(user=user).delete()[0]
    touched += VoteRecord.objects.filter(cast_by=user).update(cast_by=None)
    touched += MeetingRegistration.objects.filter(registered_by=user).update(registered_by=None)
    return touched
