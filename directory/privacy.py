"""Personal data the directory holds about a person: roles, applications, invitations."""

from directory.models import Invitation, MembershipApplication, OrganizationRole


def export(user) -> dict:
    return {
        "organizations_you_edit": [
            {"organization": role.organization.name_lo, "role": role.kind}
            for role in OrganizationRole.objects.filter(user=user).select_related("organization")
        ],
        "applications": [
            {
                "organization": application.organization.name_lo,
                "contact_name": application.contact_name,
                "contact_phone": application.contact_phone,
                "status": application.status,
            }
            for application in MembershipApplication.objects.filter(applicant=user).select_related(
                "organization"
            )
        ],
        "invitations": [
            {"organization": invitation.organization.name_lo, "email": invitation.email}
            for invitation in Invitation.objects.filter(email__iexact=user.email).select_related(
                "organization"
            )
        ],
    }


def erase(user) -> int:
    # The organization's profile is the organization's, not the person's: it stays. The contact
    # person named in an application was the applicant; the contact details go with them.
    touched = MembershipApplication.objects.filter(applicant=user).update(
        contact_name="", contact_phone="", applicant=None
    )
    touched += Invitation.objects.filter(email__iexact=user.email).delete()[0]
    touched += OrganizationRole.objects.filter(user=user).delete()[0]
    return touched
