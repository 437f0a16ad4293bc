import pytest
from django.db import IntegrityError, transaction

from accounts.models import Role
from accounts.services import role_grant, role_revoke
from core.models import AuditEvent, SectorGroup

pytestmark = pytest.mark.django_db


def test_it_requires_a_sector_group_for_a_sector_head_and_only_for_one(personas):
    with pytest.raises(IntegrityError), transaction.atomic():
        Role.objects.create(user=personas.visitor, kind=Role.Kind.SECTOR_HEAD)
    with pytest.raises(IntegrityError), transaction.atomic():
        Role.objects.create(
            user=personas.visitor, kind=Role.Kind.COMMITTEE, sector_group=SectorGroup.objects.first()
        )


def test_it_knows_which_groups_a_sector_head_leads(personas):
    assert [group.code for group in personas.sector_head.headed_sector_groups] == ["FARD"]
    assert personas.visitor.headed_sector_groups == []


def test_it_audits_granting_and_revoking_the_secretariat_role_and_follows_it_with_admin_access(personas):
    role = role_grant(user=personas.visitor, kind=Role.Kind.SECRETARIAT, by=personas.secretariat)
    personas.visitor.refresh_from_db()
    assert personas.visitor.is_staff
    role_revoke(role=role, by=personas.secretariat)
    personas.visitor.refresh_from_db()
    assert not personas.visitor.is_staff
    actions = list(
        AuditEvent.objects.filter(target_id=str(personas.visitor.pk)).values_list("action", "actor_id")
    )
    assert ("role.grant", personas.secretariat.pk) in actions
    assert ("role.revoke", personas.secretariat.pk) in actions
