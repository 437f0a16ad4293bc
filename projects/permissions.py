"""Who may see and do what with projects and reports. Views, services, exports and search all ask
here; none of them decides on its own.

Projects follow their `visibility` (DESIGN §6), and so do their money and beneficiary figures.
Reports are never public: the organization's own people, the head of its sector group (for review),
the secretariat and the committee see them.
"""

from directory.models import Organization, Visibility
from directory.visibility import Viewer, viewer_for
from projects.models import Project, Report, ReportingRound


def is_secretariat(user) -> bool:
    return bool(
        user and user.is_authenticated and user.is_active and (user.is_secretariat or user.is_superuser)
    )


def can_view_project(viewer: Viewer, project: Project) -> bool:
    if project.organization_id in viewer.own_organization_ids:
        return True
    if viewer.clearance == Visibility.SECRETARIAT:
        return True
    return project.visibility in viewer.levels and project.organization.status == Organization.Status.ACTIVE


def can_edit_project(user, project: Project) -> bool:
    """Editors of the organization edit its projects (of no other); the secretariat may correct any.
    The committee sees everything but edits nothing."""
    return project.organization_id in viewer_for(user).own_organization_ids or is_secretariat(user)


def editable_organizations(user):
    """Organizations whose projects the user may create: those they edit (any member status but former)."""
    viewer = viewer_for(user)
    return Organization.objects.filter(pk__in=viewer.own_organization_ids).exclude(
        status=Organization.Status.FORMER
    )


# --- reports ------------------------------------------------------------------------------------


def headed_group_ids(user) -> set[int]:
    if not (user and user.is_authenticated and user.is_active):
        return set()
    return {group.pk for group in user.headed_sector_groups}


def can_view_report(user, report: Report) -> bool:
    if not (user and user.is_authenticated and user.is_active):
        return False
    if report.organization_id in viewer_for(user).own_organization_ids:
        return True
    if is_secretariat(user) or user.is_committee_member:
        return True
    return report.organization.primary_sector_group_id in headed_group_ids(user)


def can_edit_report(user, report: Report) -> bool:
    """The organization's editors fill the report while it is open to them; the secretariat may enter
    it on an organization's behalf (a report sent on paper)."""
    if not report.is_editable or report.round.status != ReportingRound.Status.OPEN:
        return False
    return report.organization_id in viewer_for(user).own_organization_ids or is_secretariat(user)


def can_review_report(user, report: Report) -> bool:
    """The head of the organization's sector group and the secretariat review; nobody reviews a report
    of an organization they edit."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    if report.organization_id in viewer_for(user).own_organization_ids:
        return False
    return is_secretariat(user) or report.organization.primary_sector_group_id in headed_group_ids(user)


def can_reopen_report(user, report: Report) -> bool:
    return (
        report.is_locked
        and is_secretariat(user)
        and (report.organization_id not in viewer_for(user).own_organization_ids)
    )


def can_follow_round(user, reporting_round: ReportingRound) -> bool:
    """Round progress: the secretariat and the committee see every organization, sector heads their
    groups' organizations."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    return is_secretariat(user) or user.is_committee_member or bool(headed_group_ids(user))
