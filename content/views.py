from datetime import date, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import F
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from content import digest, selectors, services
from content.calendar import external_entries
from content.forms import (
    DocumentForm,
    EventForm,
    NewsForm,
    OpportunityForm,
    RegistrationForm,
    SubscriptionForm,
)
from content.ical import CalendarItem, calendar
from content.markdown import plain_text
from content.markdown import render as markdown
from content.models import Document, Event, EventRegistration, NewsItem, Opportunity, Subscription
from core.audit import audit_record
from core.cache import cache_public_page
from core.exports import csv_response
from core.models import SectorGroup
from directory.models import Visibility
from directory.visibility import ANONYMOUS, viewer_for
from search.selectors import InHitOrder, list_hits

PAGE_SIZE = 20
CACHE = services.CACHE_NAMESPACE


def get_item_for_user(request, model, slug: str, *, manage: bool = False):
    """Fetch and authorize in one step: an item the viewer may not see (a draft, a scheduled item,
    a members-only item for a visitor) is a 404; editing without the right is a 403."""
    item = get_object_or_404(model, slug=slug)
    manager = services.can_manage_content(request.user)
    if not manager and not (item.is_live and item.visibility in viewer_for(request.user).levels):
        raise Http404
    if manage and not manager:
        raise PermissionDenied
    return item


def require_manager(request) -> None:
    if not services.can_manage_content(request.user):
        raise PermissionDenied


def paginate(request, items):
    return Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))


def querystring_without_page(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def edit_page(
    request, form, *, title: str, cancel_url: str, item=None, stale: bool = False, status: int = 200
):
    context = {"form": form, "item": item, "title": title, "stale": stale, "cancel_url": cancel_url}
    return render(request, "content/edit.html", context, status=status)


def add_service_error(form, error: ValidationError) -> None:
    """Put a service's refusal on the form: on the field it names when the form has that field."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def save_form(request, form, *, save, title: str, cancel_url: str, item=None):
    """Run the create or update service for a valid form. Returns (saved item, None), or (None, the
    form page again) when the service refuses: a stale edit (409) or a validation error."""
    data, m2m = form.service_data()
    try:
        if item is None:
            saved = save(data=data, m2m=m2m, by=request.user)
        else:
            saved = save(
                data=data, m2m=m2m, expected_version=form.cleaned_data["version"] or 0, by=request.user
            )
    except services.StaleEdit as error:
        messages.error(request, error.messages[0])
        page = edit_page(request, form, title=title, cancel_url=cancel_url, item=item, stale=True, status=409)
        return None, page
    except ValidationError as error:
        add_service_error(form, error)
        return None, edit_page(request, form, title=title, cancel_url=cancel_url, item=item)
    messages.success(request, _("Saved."))
    return saved, None


# --- news ---------------------------------------------------------------------------------------


@require_safe
@cache_public_page(CACHE)
def news_list(request):
    code = request.GET.get("sector", "")
    sector = SectorGroup.objects.filter(code=code).first() if code else None
    manager = services.can_manage_content(request.user)
    news = selectors.news_list(viewer_for(request.user), sector=sector, manager=manager)
    return render(
        request,
        "content/news_list.html",
        {
            "page": paginate(request, news),
            "sector": sector,
            "sector_groups": SectorGroup.objects.all(),
            "querystring": querystring_without_page(request),
            "manager": manager,
        },
    )


@require_safe
@cache_public_page(CACHE)
def news_detail(request, slug: str):
    news = get_item_for_user(request, NewsItem, slug)
    viewer = viewer_for(request.user)
    return render(
        request,
        "content/news_detail.html",
        {
            "item": news,
            "body_html": markdown(news.body),
            "description": plain_text(news.body),
            "sector_groups": news.sector_groups.all(),
            "organizations": news.organizations.all(),
            "related": selectors.related_news(news, viewer),
            "manager": services.can_manage_content(request.user),
            "cover_url": request.build_absolute_uri(reverse("content:news-cover", args=[news.slug]))
            if news.cover
            else "",
            "page_url": request.build_absolute_uri(news_url(news)),
        },
    )


def news_url(news: NewsItem) -> str:
    return reverse("content:news-detail", args=[news.slug])


@require_safe
def news_cover(request, slug: str):
    news = get_item_for_user(request, NewsItem, slug)
    if not news.cover:
        raise Http404
    content_type = "image/png" if news.cover.name.endswith(".png") else "image/jpeg"
    response = FileResponse(news.cover.open("rb"), content_type=content_type)
    public = news.is_live and news.visibility == Visibility.PUBLIC
    response["Cache-Control"] = "public, max-age=86400" if public else "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def news_create(request):
    require_manager(request)
    title, cancel = _("Write a news item"), reverse("content:news-list")
    form = NewsForm(request.POST or None, request.FILES or None, initial={"byline": request.user.full_name})
    if request.method == "POST" and form.is_valid():
        cover = form.cleaned_data.get("cover_upload")
        news, failed = save_form(
            request,
            form,
            save=lambda **kwargs: services.news_create(cover=cover, **kwargs),
            title=title,
            cancel_url=cancel,
        )
        return failed or redirect(news_url(news))
    return edit_page(request, form, title=title, cancel_url=cancel)


@login_required
@require_http_methods(["GET", "POST"])
def news_edit(request, slug: str):
    news = get_item_for_user(request, NewsItem, slug, manage=True)
    title, cancel = _("Edit the news item"), news_url(news)
    form = NewsForm(request.POST or None, request.FILES or None, instance=news)
    if request.method == "POST" and form.is_valid():
        cover, remove = form.cleaned_data.get("cover_upload"), form.cleaned_data.get("remove_cover", False)
        saved, failed = save_form(
            request,
            form,
            save=lambda **kwargs: services.news_update(news=news, cover=cover, remove_cover=remove, **kwargs),
            title=title,
            cancel_url=cancel,
            item=news,
        )
        return failed or redirect(news_url(saved))
    return edit_page(request, form, title=title, cancel_url=cancel, item=news)


# --- events -------------------------------------------------------------------------------------


@require_safe
def event_list(request):
    viewer = viewer_for(request.user)
    manager = services.can_manage_content(request.user)
    past = request.GET.get("when") == "past"
    if past:
        entries = paginate(request, selectors.past_events(viewer, manager=manager))
    else:
        entries = paginate(request, selectors.upcoming_events(viewer, manager=manager))
    today = timezone.localdate()
    return render(
        request,
        "content/event_list.html",
        {
            "page": entries,
            "past": past,
            "manager": manager,
            "querystring": querystring_without_page(request),
            "month_url": reverse("content:event-calendar-month", args=[today.year, today.month]),
        },
    )


@require_safe
def event_calendar(request, year: int | None = None, month: int | None = None):
    today = timezone.localdate()
    year, month = year or today.year, month or today.month
    if not (2000 <= year <= 2100 and 1 <= month <= 12):
        raise Http404
    first = date(year, month, 1)
    previous = date(year - (month == 1), (month - 2) % 12 + 1, 1)
    following = date(year + (month == 12), month % 12 + 1, 1)
    return render(
        request,
        "content/event_calendar.html",
        {
            "weeks": selectors.month_grid(viewer_for(request.user), year, month),
            "month": first,
            "today": today,
            "previous": previous,
            "following": following,
            "weekdays": [date(2024, 1, day) for day in range(1, 8)],  # 1 January 2024 was a Monday
        },
    )


def registration_context(request, event: Event) -> dict:
    user = request.user
    organizations = services.registrable_organizations(user)
    own = {organization.pk for organization in organizations}
    manager = services.can_manage_content(user)
    registrations = list(
        event.registrations.exclude(state=EventRegistration.State.CANCELLED).select_related("organization")
    )
    confirmed = sum(r.participants for r in registrations if r.state == EventRegistration.State.CONFIRMED)
    mine = [r for r in registrations if r.organization_id in own]
    registered = {r.organization_id for r in mine}
    return {
        "my_registrations": mine,
        "confirmed": confirmed,
        "waiting": sum(1 for r in registrations if r.state == EventRegistration.State.WAITING),
        "places_left": None if event.capacity is None else max(event.capacity - confirmed, 0),
        "can_register": event.registration_is_open
        and event.is_live
        and any(pk not in registered for pk in own),
        "show_online_link": manager or any(r.state == EventRegistration.State.CONFIRMED for r in mine),
        "manager": manager,
    }


@require_safe
def event_detail(request, slug: str):
    event = get_item_for_user(request, Event, slug)
    return render(
        request,
        "content/event_detail.html",
        {
            "item": event,
            "description_html": markdown(event.description),
            "description": plain_text(event.description),
            "sector_groups": event.sector_groups.all(),
            "organizers": event.organizers.all(),
            "page_url": request.build_absolute_uri(reverse("content:event-detail", args=[event.slug])),
            **registration_context(request, event),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def event_register(request, slug: str):
    event = get_item_for_user(request, Event, slug)
    organizations = services.registrable_organizations(request.user)
    if not organizations:
        return render(
            request,
            "content/message.html",
            {
                "title": _("Only member organizations can register"),
                "text": _(
                    "Sign in with the account of an owner or editor of a member organization to register it."
                ),
            },
            status=403,
        )
    form = RegistrationForm(request.POST or None, organizations=organizations)
    if request.method == "POST" and form.is_valid():
        try:
            registration = services.registration_create(
                event=event,
                organization=form.cleaned_data["organization"],
                women=form.cleaned_data["participants_women"],
                men=form.cleaned_data["participants_men"],
                note=form.cleaned_data["note"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if registration.state == EventRegistration.State.CONFIRMED:
                messages.success(
                    request, _("Your organization is registered. A confirmation has been emailed.")
                )
            else:
                messages.warning(
                    request,
                    _(
                        "The event is full: your organization is on the waiting list. "
                        "We will email you if places open."
                    ),
                )
            return redirect("content:event-detail", slug=event.slug)
    return render(
        request,
        "content/event_register.html",
        {"item": event, "form": form, **registration_context(request, event)},
    )


@login_required
@require_POST
def registration_cancel(request, slug: str, pk: int):
    event = get_item_for_user(request, Event, slug)
    registration = get_object_or_404(EventRegistration, event=event, pk=pk)
    services.registration_cancel(registration=registration, by=request.user)  # checks who may
    messages.success(request, _("The registration has been cancelled."))
    if services.can_manage_content(request.user):
        return redirect("content:event-registrations", slug=event.slug)
    return redirect("content:event-detail", slug=event.slug)


@login_required
@require_safe
def event_registrations(request, slug: str):
    event = get_item_for_user(request, Event, slug, manage=True)
    registrations = list(event.registrations.select_related("organization", "registered_by"))
    active = [r for r in registrations if r.state != EventRegistration.State.CANCELLED]
    totals = {
        state: {
            "women": sum(r.participants_women for r in active if r.state == state),
            "men": sum(r.participants_men for r in active if r.state == state),
            "organizations": sum(1 for r in active if r.state == state),
        }
        for state in [EventRegistration.State.CONFIRMED, EventRegistration.State.WAITING]
    }
    for total in totals.values():
        total["all"] = total["women"] + total["men"]
    if request.GET.get("format") == "csv":
        audit_record(actor=request.user, action="event.export_registrations", target=event)
        return csv_response(
            f"registrations-{event.slug}",
            [_("Organization"), _("Women"), _("Men"), _("State"), _("Registered")],
            [
                [
                    r.organization.name,
                    r.participants_women,
                    r.participants_men,
                    r.get_state_display(),
                    timezone.localtime(r.created_at).strftime("%Y-%m-%d %H:%M"),
                ]
                for r in registrations
            ],
        )
    return render(
        request,
        "content/event_registrations.html",
        {
            "item": event,
            "registrations": registrations,
            "confirmed": totals["confirmed"],
            "waiting": totals["waiting"],
        },
    )


def calendar_items(request, events, external=()) -> list[CalendarItem]:
    host = request.get_host().split(":")[0]
    items = [
        CalendarItem(
            uid=f"event-{event.pk}@{host}",
            title=event.title,
            starts_at=event.starts_at,
            ends_at=event.ends_at,
            url=request.build_absolute_uri(reverse("content:event-detail", args=[event.slug])),
            description=plain_text(event.description),
            location=", ".join(
                part for part in [event.location, event.province.name if event.province else ""] if part
            ),
            updated_at=event.updated_at,
            sequence=event.version,
            categories=(event.get_kind_display(),),
        )
        for event in events
    ]
    items += [
        CalendarItem(
            uid=f"{entry.uid}@{host}",
            title=entry.title,
            starts_at=entry.starts_at,
            ends_at=entry.ends_at,
            url=request.build_absolute_uri(entry.url),
            location=entry.location,
            categories=(entry.kind,) if entry.kind else (),
        )
        for entry in external
    ]
    return items


def ics_response(text: str, filename: str, *, attachment: bool) -> HttpResponse:
    response = HttpResponse(text, content_type="text/calendar; charset=utf-8")
    disposition = "attachment" if attachment else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_safe
def event_ics(request, slug: str):
    event = get_item_for_user(request, Event, slug)
    return ics_response(
        calendar(calendar_items(request, [event]), name=event.title), f"{event.slug}.ics", attachment=True
    )


@require_safe
def events_ics(request):
    """The public calendar feed (subscribe in a calendar app): public events from a year back."""
    since = timezone.now() - timedelta(days=365)
    events = Event.objects.visible_to(ANONYMOUS).filter(ends_at__gt=since).select_related("province")
    external = external_entries(
        start=since, end=timezone.now() + timedelta(days=3650), levels=ANONYMOUS.levels
    )
    text = calendar(calendar_items(request, events, external), name=_("Lao CSO Platform: events"))
    return ics_response(text, f"laocso-events-{get_language()}.ics", attachment=False)


@login_required
@require_http_methods(["GET", "POST"])
def event_create(request):
    require_manager(request)
    title, cancel = _("Add an event"), reverse("content:event-list")
    form = EventForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        event, failed = save_form(request, form, save=services.event_create, title=title, cancel_url=cancel)
        return failed or redirect("content:event-detail", slug=event.slug)
    return edit_page(request, form, title=title, cancel_url=cancel)


@login_required
@require_http_methods(["GET", "POST"])
def event_edit(request, slug: str):
    event = get_item_for_user(request, Event, slug, manage=True)
    title, cancel = _("Edit the event"), reverse("content:event-detail", args=[event.slug])
    form = EventForm(request.POST or None, instance=event)
    if request.method == "POST" and form.is_valid():
        saved, failed = save_form(
            request,
            form,
            save=lambda **kwargs: services.event_update(event=event, **kwargs),
            title=title,
            cancel_url=cancel,
            item=event,
        )
        return failed or redirect("content:event-detail", slug=saved.slug)
    return edit_page(request, form, title=title, cancel_url=cancel, item=event)


# --- documents ----------------------------------------------------------------------------------


@require_safe
@cache_public_page(CACHE)
def document_list(request):
    viewer = viewer_for(request.user)
    manager = services.can_manage_content(request.user)
    query = selectors.DocumentQuery.from_params(request.GET)
    base = selectors.for_viewer(Document.objects.all(), viewer, manager=manager)
    documents = query.filtered(base).select_related("organization").prefetch_related("sector_groups")
    if query.q:
        documents = InHitOrder(
            documents, list_hits(query.q, kind="document", visibility_levels=viewer.levels)
        )
    else:
        latest = F("published_at").desc(nulls_first=True)
        documents = documents.order_by(latest, "-created_at", "-pk").distinct()
    page = paginate(request, documents)
    return render(
        request,
        "content/document_list.html",
        {
            "page": page,
            "query": query,
            "kinds": Document.Kind.choices,
            "languages": Document.Language.choices,
            "years": selectors.document_years(base),
            "sector_groups": SectorGroup.objects.all(),
            "querystring": querystring_without_page(request),
            "manager": manager,
        },
    )


@require_safe
@cache_public_page(CACHE)
def document_detail(request, slug: str):
    document = get_item_for_user(request, Document, slug)
    return render(
        request,
        "content/document_detail.html",
        {
            "item": document,
            "description_html": markdown(document.description),
            "description": plain_text(document.description),
            "sector_groups": document.sector_groups.all(),
            "manager": services.can_manage_content(request.user),
            "page_url": request.build_absolute_uri(reverse("content:document-detail", args=[document.slug])),
        },
    )


CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "png": "image/png",
    "jpeg": "image/jpeg",
}


@require_safe
def document_download(request, slug: str):
    """The file, only through this view (media are not served by the web server): checked access,
    always as a download, never sniffed. Downloads of non-public documents are audited."""
    document = get_item_for_user(request, Document, slug)
    try:
        handle = document.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=document.original_name,
        content_type=CONTENT_TYPES[document.file_type],
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    if document.visibility != Visibility.PUBLIC or not document.is_live:
        response["Cache-Control"] = "private, no-store"
        audit_record(actor=request.user, action="document.download", target=document)
    else:
        response["Cache-Control"] = "public, max-age=3600"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def document_create(request):
    require_manager(request)
    title, cancel = _("Add a document"), reverse("content:document-list")
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        checked = form.cleaned_data["upload"]
        document, failed = save_form(
            request,
            form,
            save=lambda **kwargs: services.document_create(checked=checked, **kwargs),
            title=title,
            cancel_url=cancel,
        )
        return failed or redirect("content:document-detail", slug=document.slug)
    return edit_page(request, form, title=title, cancel_url=cancel)


@login_required
@require_http_methods(["GET", "POST"])
def document_edit(request, slug: str):
    document = get_item_for_user(request, Document, slug, manage=True)
    title, cancel = _("Edit the document's details"), reverse("content:document-detail", args=[document.slug])
    form = DocumentForm(request.POST or None, instance=document)
    if request.method == "POST" and form.is_valid():
        saved, failed = save_form(
            request,
            form,
            save=lambda **kwargs: services.document_update(document=document, **kwargs),
            title=title,
            cancel_url=cancel,
            item=document,
        )
        return failed or redirect("content:document-detail", slug=saved.slug)
    return edit_page(request, form, title=title, cancel_url=cancel, item=document)


@login_required
@require_POST
def document_delete(request, slug: str):
    document = get_item_for_user(request, Document, slug, manage=True)
    services.document_delete(document=document, by=request.user)
    messages.success(request, _("The document has been removed from the library."))
    return redirect("content:document-list")


# --- opportunities ------------------------------------------------------------------------------


@require_safe
def opportunity_list(request):
    viewer = viewer_for(request.user)
    manager = services.can_manage_content(request.user)
    closed = request.GET.get("show") == "closed"
    items = (selectors.closed_opportunities if closed else selectors.open_opportunities)(
        viewer, manager=manager
    )
    return render(
        request,
        "content/opportunity_list.html",
        {
            "page": paginate(request, items.select_related("organization")),
            "closed": closed,
            "manager": manager,
            "querystring": querystring_without_page(request),
        },
    )


@require_safe
def opportunity_detail(request, slug: str):
    opportunity = get_item_for_user(request, Opportunity, slug)
    return render(
        request,
        "content/opportunity_detail.html",
        {
            "item": opportunity,
            "description_html": markdown(opportunity.description),
            "description": plain_text(opportunity.description),
            "sector_groups": opportunity.sector_groups.all(),
            "manager": services.can_manage_content(request.user),
            "page_url": request.build_absolute_uri(
                reverse("content:opportunity-detail", args=[opportunity.slug])
            ),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def opportunity_create(request):
    require_manager(request)
    title, cancel = _("Add an opportunity"), reverse("content:opportunity-list")
    form = OpportunityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        opportunity, failed = save_form(
            request, form, save=services.opportunity_create, title=title, cancel_url=cancel
        )
        return failed or redirect("content:opportunity-detail", slug=opportunity.slug)
    return edit_page(request, form, title=title, cancel_url=cancel)


@login_required
@require_http_methods(["GET", "POST"])
def opportunity_edit(request, slug: str):
    opportunity = get_item_for_user(request, Opportunity, slug, manage=True)
    title, cancel = _("Edit the opportunity"), reverse("content:opportunity-detail", args=[opportunity.slug])
    form = OpportunityForm(request.POST or None, instance=opportunity)
    if request.method == "POST" and form.is_valid():
        saved, failed = save_form(
            request,
            form,
            save=lambda **kwargs: services.opportunity_update(opportunity=opportunity, **kwargs),
            title=title,
            cancel_url=cancel,
            item=opportunity,
        )
        return failed or redirect("content:opportunity-detail", slug=saved.slug)
    return edit_page(request, form, title=title, cancel_url=cancel, item=opportunity)


# --- feeds and digest ---------------------------------------------------------------------------


@require_safe
def feed_index(request):
    return render(request, "content/feeds.html", {"sector_groups": SectorGroup.objects.all()})


@login_required
@require_http_methods(["GET", "POST"])
def digest_settings(request):
    subscription = Subscription.objects.filter(user=request.user).first()
    initial = {"is_active": True, "language": get_language() if get_language() in ("lo", "en") else "lo"}
    if subscription:
        initial = {
            "is_active": subscription.is_active,
            "language": subscription.language,
            "sector_groups": list(subscription.sector_groups.all()),
        }
    form = SubscriptionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        digest.subscription_save(
            user=request.user,
            is_active=form.cleaned_data["is_active"],
            language=form.cleaned_data["language"],
            sector_groups=list(form.cleaned_data["sector_groups"]),
        )
        if form.cleaned_data["is_active"]:
            messages.success(request, _("You will receive the weekly digest."))
        else:
            messages.success(request, _("You will not receive the weekly digest."))
        return redirect("content:digest-settings")
    return render(request, "content/digest_settings.html", {"form": form, "subscription": subscription})


@csrf_exempt  # the signed token is the authorization; mail programs post here without a form (RFC 8058)
@require_http_methods(["GET", "POST"])
def digest_unsubscribe(request, token: str):
    """Stop the digest from the link in an email, without signing in. GET only asks; POST stops it."""
    subscription = digest.subscription_from_token(token)
    if subscription is None:
        return render(
            request,
            "content/message.html",
            {
                "title": _("This link is not valid"),
                "text": _("The link may be damaged. Sign in to change your digest settings."),
            },
            status=404,
        )
    if request.method == "POST":
        digest.subscription_unsubscribe(subscription=subscription)
        return render(
            request, "content/digest_unsubscribe.html", {"done": True, "subscription": subscription}
        )
    return render(request, "content/digest_unsubscribe.html", {"done": False, "subscription": subscription})
