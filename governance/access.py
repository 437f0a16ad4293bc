"""Who may see and do what in governance. Views, search, feeds and services all ask here.

Seeing follows directory.visibility: a record is `public` or for `members` (staff of active member
organizations, the secretariat and the committee). Managing is for the secretariat; a sector group's
head also manages the meetings and the description of their own group.
"""

from django.db.models import Q

from directory.models import Organization, OrganizationRole
from directory.visibility import Viewer, viewer_for
from governance.models import Election, Meeting, Representative


def is_secretariat(user) -> bool:
    return bool(
        user and user.is_authenticated and user.is_active and (user.is_secretariat or user.is_superuser)
    )


def headed_group_ids(user) -> set[int]:
    if not (user and user.is_authenticated and user.is_active):
        return set()
    return {group.pk for group in user.headed_sector_groups}


def can_see(viewer: Viewer, visibility: str) -> bool:
    return visibility in viewer.levels


def can_manage_group(user, sector_group_id: int | None) -> bool:
    """The secretariat, or the head of this sector group."""
    return is_secretariat(user) or (sector_group_id is not None and sector_group_id in headed_group_ids(user))


def can_create_meetings(user) -> bool:
    return is_secretariat(user) or bool(headed_group_ids(user))


def can_manage_meeting(user, meeting: Meeting) -> bool:
    if is_secretariat(user):
        return True
    return meeting.kind == Meeting.Kind.SECTOR_GROUP and meeting.sector_group_id in headed_group_ids(user)


def can_update_action_item(user, item) -> bool:
    """The meeting's managers, or editors of the organization responsible for the action item."""
    return can_manage_meeting(user, item.meeting) or bool(
        item.responsible_organization_id
        and user.is_authenticated
        and OrganizationRole.objects.filter(
            user=user, organization_id=item.responsible_organization_id
        ).exists()
    )


def can_see_meeting(user, meeting: Meeting) -> bool:
    return can_see(viewer_for(user), meeting.visibility) or can_manage_meeting(user, meeting)


def can_see_minutes(user, meeting: Meeting) -> bool:
    """Minutes, resolutions, action items and the list of registered organizations are shown at the
    narrower of the meeting's and the minutes' visibility."""
    viewer = viewer_for(user)
    visible = can_see(viewer, meeting.visibility) and can_see(viewer, meeting.minutes_visibility)
    return visible or can_manage_meeting(user, meeting)


def can_see_election(user, election: Election) -> bool:
    return can_see(viewer_for(user), election.visibility) or is_secretariat(user)


def editable_organizations(user):
    """Active member organizations the user owns or edits: the ones they may register for a meeting
    or nominate from."""
    if not (user and user.is_authenticated and user.is_active):
        return Organization.objects.none()
    return Organization.objects.listed().filter(roles__user=user).distinct()


def represented_organizations(user):
    """Active member organizations whose ballot this user casts: those that designated them, and
    those without a designation that they own."""
    if not (user and user.is_authenticated and user.is_active):
        return Organization.objects.none()
    designated = Representative.objects.filter(user=user).values("organization")
    owned_without_designation = (
        OrganizationRole.objects.filter(user=user, kind=OrganizationRole.Kind.OWNER)
        .exclude(organization__governance_representative__isnull=False)
        .values("organization")
    )
    still_on_staff = OrganizationRole.objects.filter(user=user).values("organization")
    return (
        Organization.objects.listed()
        .filter(Q(pk__in=designated) | Q(pk__in=owned_without_designation))
        .filter(pk__in=still_on_staff)
    )


def may_represent(user, organization: Organization) -> bool:
    """Whether this user casts this organization's ballot (whatever the organization's status)."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    if not OrganizationRole.objects.filter(user=user, organization=organization).exists():
        return False
    designation = Representative.objects.filter(organization=organization).first()
    if designation is not None:
        return designation.user_id == user.pk
    return OrganizationRole.objects.filter(
        user=user, organization=organization, kind=OrganizationRole.Kind.OWNER
    ).exists()
