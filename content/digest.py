"""The weekly email digest: subscriptions, the signed unsubscribe link, and the weekly run."""

from datetime import datetime, timedelta

from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import User
from content import emails
from content.models import DigestDelivery, Document, Event, NewsItem, Opportunity, Subscription
from core.audit import audit_record
from core.mail import queue_templated_mail
from directory.visibility import viewer_for

UNSUBSCRIBE_SALT = "content.digest.unsubscribe"
FIRST_DIGEST_DAYS = 7
LONGEST_GAP_DAYS = 14  # a subscriber back after a pause gets two weeks of news, not months
EVENT_DAYS_AHEAD = 30
MAX_ITEMS = 10  # of each kind


def unsubscribe_token(subscription: Subscription) -> str:
    """A token for the unsubscribe link: signed, so it cannot be forged or pointed at someone else,
    and without expiry, so an old digest's link still works."""
    return signing.dumps(subscription.pk, salt=UNSUBSCRIBE_SALT)


def subscription_from_token(token: str) -> Subscription | None:
    try:
        pk = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    return Subscription.objects.select_related("user").filter(pk=pk).first()


@transaction.atomic
def subscription_save(*, user: User, is_active: bool, language: str, sector_groups: list) -> Subscription:
    """A signed-in user opts in to (or out of) the weekly digest."""
    subscription, _created = Subscription.objects.update_or_create(
        user=user, defaults={"is_active": is_active, "language": language}
    )
    subscription.full_clean()
    subscription.sector_groups.set(sector_groups)
    audit_record(
        actor=user, action="digest.subscribe" if is_active else "digest.unsubscribe", target=subscription
    )
    return subscription


@transaction.atomic
def subscription_unsubscribe(*, subscription: Subscription) -> None:
    """Stop the digest from the link in an email (no sign-in needed)."""
    if subscription.is_active:
        subscription.is_active = False
        subscription.save(update_fields=["is_active", "updated_at"])
        audit_record(actor=subscription.user, action="digest.unsubscribe", target=subscription, via="link")


def week_key(moment: datetime) -> str:
    year, week, _day = timezone.localtime(moment).isocalendar()
    return f"{year}-W{week:02d}"


def _in_groups(queryset: QuerySet, groups: list) -> QuerySet:
    """Items of the chosen groups, and items of no group (news for everyone)."""
    if not groups:
        return queryset
    return queryset.filter(Q(sector_groups__in=groups) | Q(sector_groups__isnull=True)).distinct()


def digest_items(subscription: Subscription, *, since: datetime, now: datetime) -> dict[str, list]:
    """What one subscriber's digest holds: only what their account may see."""
    viewer = viewer_for(subscription.user)
    groups = list(subscription.sector_groups.all())
    news = _in_groups(NewsItem.objects.visible_to(viewer, now=now).filter(published_at__gt=since), groups)
    events = _in_groups(
        Event.objects.visible_to(viewer, now=now).filter(
            starts_at__gte=now, starts_at__lt=now + timedelta(days=EVENT_DAYS_AHEAD)
        ),
        groups,
    )
    documents = _in_groups(
        Document.objects.visible_to(viewer, now=now).filter(published_at__gt=since), groups
    )
    opportunities = _in_groups(
        Opportunity.objects.visible_to(viewer, now=now).filter(
            published_at__gt=since, deadline__gte=timezone.localdate(now)
        ),
        groups,
    )
    return {
        "news": list(news.order_by("-published_at")[:MAX_ITEMS]),
        "events": list(events.order_by("starts_at")[:MAX_ITEMS]),
        "documents": list(documents.order_by("-published_at")[:MAX_ITEMS]),
        "opportunities": list(opportunities.order_by("deadline")[:MAX_ITEMS]),
    }


def _queue(subscription: Subscription, items: dict[str, list]) -> None:
    """Queue one subscriber's digest (core.mail sends it after the commit and retries if needed)."""
    language = subscription.language
    url_names = {"news": "news", "events": "event", "documents": "document", "opportunities": "opportunity"}
    with translation.override(language):
        unsubscribe = emails.site_url(
            reverse("content:digest-unsubscribe", args=[unsubscribe_token(subscription)])
        )
        entries = {
            kind: [(item, emails.site_url(reverse(f"content:{url_names[kind]}-detail", args=[item.slug])))
                   for item in rows]
            for kind, rows in items.items()
        }  # fmt: skip
        settings_link = emails.site_url(reverse("content:digest-settings"))
    queue_templated_mail(
        to=subscription.user.email,
        language=language,
        template="content/email/digest",
        context={"items": entries, "unsubscribe": unsubscribe, "settings_link": settings_link},
        # One-click unsubscribe from the mail program (RFC 8058); the link works without signing in.
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )


def send_weekly_digest(*, now: datetime | None = None) -> int:
    """Queue this week's digest for every active subscriber who has not had it yet and has something
    new to read. At most one a week each: the week is claimed in the database (a unique constraint)
    in the same transaction that queues the mail, so overlapping runs cannot both send it. Returns
    how many digests were queued. For the send_weekly_digest command."""
    now = now or timezone.now()
    week = week_key(now)
    queued = 0
    subscriptions = (
        Subscription.objects.filter(is_active=True, user__is_active=True)
        .exclude(deliveries__week=week)
        .select_related("user")
        .order_by("pk")
    )
    for subscription in subscriptions:
        last = subscription.deliveries.order_by("-sent_at").first()
        since = max(last.sent_at if last else now - timedelta(days=FIRST_DIGEST_DAYS),
                    now - timedelta(days=LONGEST_GAP_DAYS))  # fmt: skip
        items = digest_items(subscription, since=since, now=now)
        count = sum(len(rows) for rows in items.values())
        if not count:
            continue
        try:
            with transaction.atomic():
                DigestDelivery.objects.create(subscription=subscription, week=week, items=count, sent_at=now)
                _queue(subscription, items)
        except IntegrityError:  # another run of the command claimed this week first
            continue
        queued += 1
    return queued
