"""The demo seed gives the demo editor an API token, once, and prints it so that it can be tried."""

import io
import random

import pytest

from accounts.models import User
from api.demo import DEMO_EDITOR, seed_demo
from api.models import ApiToken
from directory.models import OrganizationRole

pytestmark = pytest.mark.django_db


def test_it_gives_the_demo_editor_one_token_and_prints_it(client, org_a):
    editor = User.objects.create_user(DEMO_EDITOR)  # no password: hashing one is slow
    OrganizationRole.objects.create(organization=org_a, user=editor)
    out = io.StringIO()
    seed_demo(rng=random.Random(1), stdout=out)
    raw = out.getvalue().split("Bearer ")[1].split("'")[0]
    me = client.get("/api/v1/me", headers={"Authorization": f"Bearer {raw}"})
    assert me.status_code == 200
    assert me.json()["organizations"][0]["slug"] == org_a.slug
    seed_demo(rng=random.Random(2), stdout=io.StringIO())
    assert ApiToken.objects.filter(user=editor).count() == 1
