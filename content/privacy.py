"""Personal data the content app holds about a person: the digest subscription and the event
registrations they made for their organization."""

from content.models import EventRegistration, NewsItem, Subscription


def export(user) -> dict:
    subscription = Subscription.objects.filter(user=user).first()
    return {
        "weekly_digest": {
            "active": subscription.is_active,
            "language": subscription.language,
            "sector_groups": sorted(subscription.sector_groups.values_list("code", flat=True)),
            "digests_sent": subscription.deliveries.count(),
        }
        if subscription
        else None,
        "event_registrations_you_made": [
            {
                "event": registration.event.title_lo or registration.event.title_en,
                "organization": registration.organization.name_lo,
                "women": registration.participants_women,
                "men": registration.participants_men,
                "state": registration.state,
            }
            for registration in EventRegistration.objects.filter(registered_by=user).select_related(
                "event", "organization"
            )
        ],
    }


def erase(user) -> int:
    # Registrations belong to the organization and stay (the event's counts rely on them); only the
    # link to the person goes. A byline that is the person's name is blanked.
    touched = Subscription.objects.filter(user=user).delete()[0]
    touched += EventRegistration.objects.filter(registered_by=user).update(registered_by=None)
    if user.full_name.strip():
        touched += NewsItem.objects.filter(byline=user.full_name).update(byline="")
    return touched
