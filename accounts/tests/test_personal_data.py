"""A person's data can be downloaded by them and erased on request, leaving no trace of their name,
phone or email anywhere in the database."""

import json
import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from accounts.privacy import person_erase
from core.models import AuditEvent
from directory.tests.test_application import application

pytestmark = pytest.mark.django_db

NAME, PHONE, EMAIL = "ນາງ ແກ້ວມະນີ ພົມມະຈັນ", "020 9876 5432", "kaeomany.phommachan@erase.example.org"


def everything_in_the_database() -> str:
    out = StringIO()
    call_command("dumpdata", stdout=out)
    with connection.cursor() as cursor:  # the search tables are not models
        cursor.execute("SELECT search_text, plain_text, title FROM search_searchentry")
        out.write(repr(cursor.fetchall()))
    return out.getvalue()


@pytest.fixture
def applicant(client, committed, mailoutbox):
    with committed():
        client.post(
            "/lo/directory/apply/",
            application(account_email=EMAIL, account_name=NAME, contact_name=NAME, contact_phone=PHONE),
        )
    from accounts.models import User

    return User.objects.get(email=EMAIL)


def test_it_gives_a_person_everything_held_about_them(client, applicant):
    response = client.get("/en/accounts/my-data/")
    assert response.status_code == 200
    data = json.loads(response.content)
    assert data["account"]["email"] == EMAIL
    assert data["directory"]["applications"][0]["contact_phone"] == PHONE
    assert data["mail"]["emails_sent_to_you"]


def test_it_asks_for_the_password_again_before_a_stale_session_downloads_personal_data(client, applicant):
    session = client.session
    session["auth_at"] = 0
    session.save()
    assert client.get("/en/accounts/my-data/")["Location"].startswith("/en/accounts/confirm-password/")


def test_it_erases_a_person_from_the_database_but_keeps_the_events(applicant, personas):
    before = everything_in_the_database()
    assert NAME in before and PHONE in before and EMAIL in before
    number = applicant.pk
    person_erase(user=applicant, by=personas.secretariat)
    after = everything_in_the_database()
    for value in [NAME, PHONE, EMAIL, "kaeomany", "phommachan"]:
        assert not re.search(re.escape(value), after, re.IGNORECASE), value
    assert AuditEvent.objects.filter(actor_id=number, action="application.submit").exists()
    assert AuditEvent.objects.filter(action="person.erase", details__account=number).exists()
