import pytest
from django.test import Client

from accounts import totp
from accounts.two_factor import two_factor_enable
from conftest import PASSWORD

pytestmark = pytest.mark.django_db


def sign_in(client, email, password=PASSWORD, **extra):
    return client.post("/en/accounts/sign-in/", {"username": email, "password": password}, **extra)


def enable(user) -> tuple[str, list[str]]:
    secret = totp.new_secret()
    codes = two_factor_enable(user=user, secret=secret, code=totp.code_at(secret, totp.current_step() - 1))
    return secret, codes


def test_it_asks_for_the_code_after_the_password_and_signs_in_only_with_it(client, personas):
    secret, _codes = enable(personas.secretariat)
    response = sign_in(client, personas.secretariat.email)
    assert response["Location"].startswith("/en/accounts/sign-in/code/")
    assert "_auth_user_id" not in client.session  # the password alone is not enough
    assert client.post("/en/accounts/sign-in/code/", {"code": "000000"}).status_code == 200
    assert "_auth_user_id" not in client.session
    response = client.post("/en/accounts/sign-in/code/", {"code": totp.code_at(secret, totp.current_step())})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(personas.secretariat.pk)


def test_it_accepts_each_code_only_once(client, personas):
    secret, _codes = enable(personas.committee)
    code = totp.code_at(secret, totp.current_step())
    sign_in(client, personas.committee.email)
    client.post("/en/accounts/sign-in/code/", {"code": code})
    client.post("/en/accounts/sign-out/")
    sign_in(client, personas.committee.email)
    client.post("/en/accounts/sign-in/code/", {"code": code})  # replayed
    assert "_auth_user_id" not in client.session


def test_it_accepts_a_recovery_code_once(client, personas):
    _secret, codes = enable(personas.committee)
    sign_in(client, personas.committee.email)
    client.post("/en/accounts/sign-in/code/", {"code": codes[0].upper()})
    assert client.session["_auth_user_id"] == str(personas.committee.pk)
    client.post("/en/accounts/sign-out/")
    sign_in(client, personas.committee.email)
    client.post("/en/accounts/sign-in/code/", {"code": codes[0]})
    assert "_auth_user_id" not in client.session


def test_it_makes_the_secretariat_set_up_two_factor_before_anything_else(client_as, personas, settings):
    settings.TWO_FACTOR_REQUIRED = True
    client = client_as(personas.secretariat)
    assert client.get("/en/directory/applications/")["Location"] == "/en/accounts/security/"
    page = client.get("/en/accounts/security/")
    secret = client.session["two_factor_setup_secret"]
    assert secret.replace(" ", "")[:4] in page.content.decode().replace(" ", "")
    response = client.post("/en/accounts/security/", {"code": totp.code_at(secret, totp.current_step())})
    assert "recovery codes" in response.content.decode()
    assert client.get("/en/directory/applications/").status_code == 200
    # Members need no second factor.
    assert client_as(personas.editor_a).get("/en/directory/").status_code == 200


def test_it_keeps_two_factor_after_a_password_reset(client, personas, committed, mailoutbox):
    enable(personas.secretariat)
    with committed():
        client.post("/en/accounts/password/reset/", {"email": personas.secretariat.email})
    link = next(line for line in mailoutbox[0].body.split() if "/password/reset/" in line)
    form = client.get(link.split("testserver", 1)[1], follow=True)
    client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "another long passphrase 7", "new_password2": "another long passphrase 7"},
    )
    response = sign_in(client, personas.secretariat.email, "another long passphrase 7")
    assert response["Location"].startswith("/en/accounts/sign-in/code/")


def test_it_shortens_privileged_sessions(client, personas, settings):
    settings.PRIVILEGED_SESSION_AGE = 3600
    sign_in(client, personas.editor_a.email)
    assert client.session.get_expiry_age() == settings.SESSION_COOKIE_AGE
    client.post("/en/accounts/sign-out/")
    secret, _codes = enable(personas.committee)
    sign_in(client, personas.committee.email)
    client.post("/en/accounts/sign-in/code/", {"code": totp.code_at(secret, totp.current_step())})
    assert client.session.get_expiry_age() == 3600


def test_it_ends_the_session_of_a_deactivated_account(client_as, personas):
    client = client_as(personas.editor_a)
    assert client.get("/en/accounts/security/").status_code == 200
    personas.editor_a.is_active = False
    personas.editor_a.save()
    assert client.get("/en/accounts/security/").status_code == 302


def test_it_ends_other_sessions_when_the_password_changes(client_as, personas):
    other = Client()
    other.force_login(personas.editor_a)
    mine = client_as(personas.editor_a)
    mine.post(
        "/en/accounts/password/change/",
        {"old_password": PASSWORD, "new_password1": "ນ້ຳຂອງໄຫຼຍາວໄກ 99", "new_password2": "ນ້ຳຂອງໄຫຼຍາວໄກ 99"},
    )
    assert mine.get("/en/accounts/security/").status_code == 200
    assert other.get("/en/accounts/security/").status_code == 302
