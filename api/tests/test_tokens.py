"""Personal API tokens: an editor creates one on the tokens page (shown once, only its hash kept),
sees when it was used, revokes it; the API refuses a malformed, unknown, revoked or expired token,
or one of a deactivated account, with a 401, and slows down an address that keeps trying."""

from datetime import timedelta

import pytest
from django.utils import timezone

from api.models import ApiToken
from api.services import token_hash
from core.models import AuditEvent

TOKENS_URL = "/en/api/tokens/"


def test_it_shows_a_new_token_once_and_keeps_only_its_hash(client_as, personas, api):
    client = client_as(personas.editor_a)
    response = client.post(TOKENS_URL, {"name": "Monitoring sheet", "days": "90"})
    assert response.status_code == 200
    raw = response.context["new_token"]
    assert raw.startswith("lcso_") and raw.encode() in response.content
    token = ApiToken.objects.get(user=personas.editor_a)
    assert token.name == "Monitoring sheet"
    assert token.token_hash == token_hash(raw) and raw not in token.token_hash
    assert timedelta(days=89) < token.expires_at - timezone.now() <= timedelta(days=90)
    assert response["Cache-Control"] == "private, no-store"
    assert raw.encode() not in client.get(TOKENS_URL).content  # never shown again
    event = AuditEvent.objects.get(action="api_token.create")
    assert event.actor_id == personas.editor_a.pk and raw not in str(event.details)
    me = api.get("/me", token=raw).json()
    assert [row["role"] for row in me["organizations"]] == ["owner"]
    assert me["token"]["name"] == "Monitoring sheet"


def test_it_refuses_a_token_without_a_name_pointing_at_the_field(client_as, personas):
    response = client_as(personas.editor_a).post(TOKENS_URL, {"name": "   ", "days": "90"})
    assert response.status_code == 422
    assert response.context["form"].errors["name"]
    assert not ApiToken.objects.exists()


def test_it_limits_the_number_of_valid_tokens(client_as, personas, make_token):
    for number in range(10):
        make_token(personas.editor_a, name=f"Token {number}")
    response = client_as(personas.editor_a).post(TOKENS_URL, {"name": "One too many", "days": "30"})
    assert response.status_code == 422
    assert ApiToken.objects.filter(user=personas.editor_a).count() == 10


def test_it_offers_tokens_only_to_editors_of_an_organization(client_as, personas, client):
    assert client_as(personas.visitor).get(TOKENS_URL).status_code == 403
    assert client_as(personas.visitor).post(TOKENS_URL, {"name": "x", "days": "30"}).status_code == 403
    assert not ApiToken.objects.exists()
    client.logout()
    assert client.get(TOKENS_URL).status_code == 302  # to the sign-in page


def test_it_revokes_a_token_at_once(client_as, personas, api, token_a):
    assert api.get("/me", token=token_a).status_code == 200
    token = ApiToken.objects.get(user=personas.editor_a)
    response = client_as(personas.editor_a).post(f"/en/api/tokens/{token.pk}/revoke/")
    assert response.status_code == 302
    assert api.get("/me", token=token_a).status_code == 401
    assert AuditEvent.objects.filter(action="api_token.revoke", target_id=str(token.pk)).count() == 1


def test_it_lets_nobody_revoke_another_persons_token(client_as, personas, token_a, api):
    token = ApiToken.objects.get(user=personas.editor_a)
    assert client_as(personas.editor_b).post(f"/en/api/tokens/{token.pk}/revoke/").status_code == 404
    assert client_as(personas.editor_b).get(f"/en/api/tokens/{token.pk}/revoke/").status_code == 405
    assert api.get("/me", token=token_a).status_code == 200


def test_it_records_when_a_token_was_last_used(api, token_a, personas):
    token = ApiToken.objects.get(user=personas.editor_a)
    assert token.last_used_at is None
    api.get("/projects", token=token_a)
    token.refresh_from_db()
    assert token.last_used_at is not None


@pytest.mark.parametrize(
    "header",
    [
        "Bearer",
        "Bearer ",
        "Token lcso_abc",
        "Basic dXNlcjpwYXNz",
        "Bearer lcso_tooshort",
        "Bearer lcso_" + "x" * 43,  # well formed, unknown
        "Bearer " + "ລາວ" * 20,
        "Bearer lcso_" + "x" * 43 + " extra",
    ],
)
def test_it_answers_a_bad_token_with_401_even_where_no_token_is_needed(client, db, header):
    response = client.get("/api/v1/projects", headers={"Authorization": header})
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert response.json()["detail"]


def test_it_refuses_expired_tokens_and_tokens_of_deactivated_accounts(api, token_a, token_b, personas):
    ApiToken.objects.filter(user=personas.editor_a).update(
        created_at=timezone.now() - timedelta(days=40), expires_at=timezone.now() - timedelta(seconds=1)
    )
    assert api.get("/projects", token=token_a).status_code == 401
    personas.editor_b.is_active = False
    personas.editor_b.save(update_fields=["is_active"])
    assert api.get("/projects", token=token_b).status_code == 401


def test_it_needs_a_token_for_your_organization(api, db):
    for path in ("/me", "/me/projects", "/me/reports"):
        response = api.get(path)
        assert response.status_code == 401
        assert response.json()["detail"]


def test_it_slows_down_an_address_that_keeps_sending_bad_tokens(api, settings, token_a):
    settings.API_RATE_FAILED_TOKENS = "3/min"
    for _ in range(3):
        assert api.get("/projects", token="lcso_" + "y" * 43).status_code == 401
    blocked = api.get("/projects", token="lcso_" + "y" * 43)
    assert blocked.status_code == 429
    assert int(blocked["Retry-After"]) > 0
    assert api.get("/projects", token=token_a).status_code == 429  # even a good one, from there


def test_it_exports_and_erases_a_persons_tokens(personas, token_a):
    from core import privacy

    exported = privacy.personal_data(personas.editor_a)["api"]["api_tokens"]
    assert exported[0]["name"] == "Test script" and token_a not in str(exported)
    privacy.erase_all(personas.editor_a)
    assert not ApiToken.objects.filter(user=personas.editor_a).exists()


def test_it_lets_the_secretariat_revoke_a_leaked_token_but_no_other_editor(api, token_a, personas):
    from django.core.exceptions import PermissionDenied

    from api.services import token_revoke

    token = ApiToken.objects.get(user=personas.editor_a)
    with pytest.raises(PermissionDenied):
        token_revoke(token=token, by=personas.editor_b)
    assert api.get("/me", token=token_a).status_code == 200
    token_revoke(token=token, by=personas.secretariat)
    assert api.get("/me", token=token_a).status_code == 401
    assert AuditEvent.objects.get(action="api_token.revoke").actor_id == personas.secretariat.pk


def test_it_keeps_answers_read_with_a_token_out_of_every_cache(api, token_a, db):
    with_token = api.get("/reference/provinces", token=token_a)
    assert with_token["Cache-Control"] == "private, no-store"
    assert "Authorization" in with_token["Vary"]
    assert "no-store" not in api.get("/reference/provinces").get("Cache-Control", "")
