"""Demo data of the API app: a personal API token for the demo editor, to try the write API.

The token is printed once, like the tokens page shows it once; run the demo seed again and nothing
new is made (revoke the demo token on the tokens page to get a new one from the next seed)."""

import random

from accounts.models import User
from api.models import ApiToken
from api.services import may_have_tokens, token_create

DEMO_EDITOR = "editor@demo.laocso.org"
DEMO_TOKEN_NAME = "Demo script (seed_demo)"  # noqa: S105 (a label, not a secret)


def seed_demo(*, rng: random.Random, stdout=None) -> None:
    editor = User.objects.filter(email=DEMO_EDITOR).first()
    if editor is None or not may_have_tokens(editor):
        return
    if ApiToken.objects.usable().filter(user=editor, name=DEMO_TOKEN_NAME).exists():
        return
    _token, raw = token_create(user=editor, name=DEMO_TOKEN_NAME, days=365)
    if stdout is not None:
        stdout.write(
            f"API token of {DEMO_EDITOR} (shown once; the API docs are at /en/api/):\n"
            f"  curl -H 'Authorization: Bearer {raw}' http://127.0.0.1:8000/api/v1/me\n"
        )
