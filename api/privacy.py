"""Personal data the API app holds about a person: their API tokens (names and dates; the tokens
themselves are not stored)."""

from api.models import ApiToken


def export(user) -> dict:
    return {
        "api_tokens": [
            {
                "name": token.name,
                "starts_with": token.prefix,
                "created": token.created_at.isoformat(),
                "expires": token.expires_at.isoformat(),
                "last_used": token.last_used_at.isoformat() if token.last_used_at else None,
                "revoked": token.revoked_at.isoformat() if token.revoked_at else None,
            }
            for token in ApiToken.objects.filter(user=user)
        ]
    }


def erase(user) -> int:
    return ApiToken.objects.filter(user=user).delete()[0]
