"""The one place that decides what a viewer may see of an organization (DESIGN §6).

Pages, exports, search and the API all ask here; none of them decides on its own.
"""

from dataclasses import dataclass

from directory.models import Organization, OrganizationRole, Visibility

# Each level sees its own fields and those of the wider levels.
LEVELS = [Visibility.PUBLIC, Visibility.MEMBERS, Visibility.SECRETARIAT]

# The fields in each field group whose visibility an organization chooses.
FIELD_GROUPS = {
    "contacts": ["phone", "email", "address"],
    "staff": ["staff_women", "staff_men", "volunteers_women", "volunteers_men", "budget_band"],
    "registration": [
        "registration_number",
        "registration_date",
        "registration_authority",
        "registration_province",
        "supervising_ministry",
    ],
}


@dataclass(frozen=True)
class Viewer:
    """What a user is to the directory: their clearance, the organizations they edit, and whether
    they run the directory (the secretariat: edit any profile and its editors). The committee sees
    what the secretariat sees, but edits only its own organizations."""

    clearance: str
    own_organization_ids: frozenset[int]
    owned_organization_ids: frozenset[int]
    runs_directory: bool = False

    @property
    def levels(self) -> list[str]:
        return LEVELS[: LEVELS.index(self.clearance) + 1]


ANONYMOUS = Viewer(Visibility.PUBLIC, frozenset(), frozenset())


def viewer_for(user) -> Viewer:
    """Secretariat and committee see everything; staff of an active member organization see what
    is shared with members; everyone else sees what is public. Cached on the user object."""
    if user is None or not user.is_authenticated or not user.is_active:
        return ANONYMOUS
    cached = getattr(user, "_directory_viewer", None)
    if cached is not None:
        return cached
    roles = list(
        OrganizationRole.objects.filter(user=user).values_list(
            "organization_id", "kind", "organization__status"
        )
    )
    own = frozenset(org_id for org_id, _kind, _status in roles)
    owned = frozenset(org_id for org_id, kind, _status in roles if kind == OrganizationRole.Kind.OWNER)
    if user.is_superuser or user.is_secretariat or user.is_committee_member:
        clearance = Visibility.SECRETARIAT
    elif any(status == Organization.Status.ACTIVE for _org, _kind, status in roles):
        clearance = Visibility.MEMBERS
    else:
        clearance = Visibility.PUBLIC
    user._directory_viewer = Viewer(clearance, own, owned, user.is_superuser or user.is_secretariat)
    return user._directory_viewer


def can_see_group(viewer: Viewer, organization: Organization, group: str) -> bool:
    if organization.pk in viewer.own_organization_ids:
        return True
    return getattr(organization, f"{group}_visibility") in viewer.levels


def visible_groups(viewer: Viewer, organization: Organization) -> set[str]:
    return {group for group in FIELD_GROUPS if can_see_group(viewer, organization, group)}


def hidden_fields(viewer: Viewer, organization: Organization) -> set[str]:
    """Fields of this organization the viewer may not see (in pages, exports, API and search)."""
    return {
        field
        for group, fields in FIELD_GROUPS.items()
        if not can_see_group(viewer, organization, group)
        for field in fields
    }


def publicly_changed(changed: list[str], before: dict, after: dict) -> bool:
    """Whether a profile change shows to the public (its pages, the search index, public counts):
    not when every changed field belongs to a group that was hidden from the public before and after
    (a members-only phone number, say)."""
    unseen = {
        field
        for group, fields in FIELD_GROUPS.items()
        if Visibility.PUBLIC not in (before[f"{group}_visibility"], after[f"{group}_visibility"])
        for field in fields
    }
    return any(field not in unseen for field in changed)


def can_view_organization(viewer: Viewer, organization: Organization) -> bool:
    """Active members are public; applicants, suspended and former members are seen only by their own
    people and the secretariat."""
    if organization.status == Organization.Status.ACTIVE:
        return True
    return organization.pk in viewer.own_organization_ids or viewer.clearance == Visibility.SECRETARIAT


def can_edit_organization(viewer: Viewer, organization: Organization) -> bool:
    return organization.pk in viewer.own_organization_ids or viewer.runs_directory


def can_manage_editors(viewer: Viewer, organization: Organization) -> bool:
    return organization.pk in viewer.owned_organization_ids or viewer.runs_directory
