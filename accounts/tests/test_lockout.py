import pytest

from conftest import PASSWORD
from core.models import AuditEvent

pytestmark = pytest.mark.django_db


def attempt(client, email, password, **headers):
    return client.post("/en/accounts/sign-in/", {"username": email, "password": password}, **headers)


def test_it_pauses_an_account_after_five_failures_even_with_the_right_password(client, personas):
    for _ in range(5):
        attempt(client, personas.visitor.email, "wrong guess")
    response = attempt(client, personas.visitor.email, PASSWORD)
    assert response.status_code == 200
    assert "Too many failed attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_it_is_not_fooled_by_a_forged_forwarded_for_header(client, personas, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    # Each attempt claims another client address, but the proxy's own entry (the last) is the same.
    for number in range(31):
        attempt(
            client,
            f"nobody{number}@example.org",
            "guess",
            HTTP_X_FORWARDED_FOR=f"10.0.0.{number}, 203.0.113.9",
        )
    response = attempt(client, personas.visitor.email, PASSWORD, HTTP_X_FORWARDED_FOR="10.9.9.9, 203.0.113.9")
    assert "Too many failed attempts" in response.content.decode()
    # Another real client is not affected.
    response = attempt(client, personas.visitor.email, PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.50")
    assert response.status_code == 302


def test_it_ignores_forwarded_for_without_a_trusted_proxy(client, personas, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    for number in range(5):
        attempt(client, personas.visitor.email, "guess", HTTP_X_FORWARDED_FOR=f"198.51.100.{number}")
    response = attempt(client, personas.visitor.email, PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.77")
    assert "Too many failed attempts" in response.content.decode()


def test_it_audits_sign_ins_and_failures_without_storing_the_typed_address(client, personas):
    attempt(client, personas.visitor.email, "wrong")
    attempt(client, "stranger@example.org", "wrong")
    attempt(client, personas.visitor.email, PASSWORD)
    events = list(AuditEvent.objects.filter(action__startswith="signin").values_list("action", "target_id"))
    assert ("signin.failure", str(personas.visitor.pk)) in events
    assert ("signin.failure", "") in events
    assert ("signin.success", str(personas.visitor.pk)) in events
    assert "stranger" not in str(list(AuditEvent.objects.values_list("details", flat=True)))
