"""List pages make the same number of queries however many rows they show."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from governance import services

pytestmark = pytest.mark.django_db


def queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def test_its_lists_do_not_query_once_per_row(client_as, personas, make_meeting, org_a, fard, history):
    client = client_as(personas.editor_a)  # signed in: no page cache
    urls = [
        "/en/governance/",
        "/en/governance/meetings/",
        "/en/governance/decisions/",
        "/en/governance/sectors/FARD/",
        "/en/governance/sectors/",
        "/en/governance/committee/",
    ]

    def add(number: int) -> None:
        for n in range(number):
            make_meeting(starts_at=timezone.now() + timedelta(days=n + 1), organizers=[org_a])
            services.decision_create(
                data={
                    "number": f"{n}/T{number}",
                    "issued_on": date(2025, 1, 1),
                    "issuing_body_en": "Secretariat",
                    "title_en": f"Notice {n}",
                    "visibility": "public",
                },
                by=personas.secretariat,
            )
            person = services.person_create(
                organization=org_a, data={"name_en": f"Deputy {number}-{n}"}, by=None
            )
            services.leadership_record(
                sector_group=fard,
                person=person,
                role="deputy",
                starts_on=date(2025, 1, 1),
                by=personas.secretariat,
            )

    add(2)
    for url in urls:  # warm what is cached between requests (e.g. the few inactive organizations)
        queries(client, url)
    before = {url: queries(client, url) for url in urls}
    add(6)
    assert {url: queries(client, url) for url in urls} == before
