from datetime import date

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import check_for_language
from django.views.decorators.http import require_safe

from core.models import AuditEvent, Milestone, SectorGroup


@require_safe
def root(request):
    """`/` goes to the Lao site unless the visitor chose English before (the language cookie).
    Browsers' Accept-Language is ignored on purpose: most phones here are set to English."""
    language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, settings.LANGUAGE_CODE)
    if not check_for_language(language) or language not in dict(settings.LANGUAGES):
        language = settings.LANGUAGE_CODE
    return redirect(f"/{language}/")


@require_safe
def home(request):
    return render(request, "core/home.html", {"sector_groups": SectorGroup.objects.all()})


@require_safe
def about(request):
    return render(
        request,
        "core/about.html",
        {
            "milestones": Milestone.objects.all(),
            "sector_groups": SectorGroup.objects.all(),
        },
    )


AUDIT_PAGE_SIZE = 50


@require_safe
def audit_log(request):
    """The audit log, for the secretariat: filter by action, account number, record type and dates."""
    if not (request.user.is_authenticated and (request.user.is_superuser or request.user.is_secretariat)):
        raise PermissionDenied
    events = AuditEvent.objects.all()
    action = request.GET.get("action", "").strip()[:60]
    if action:
        events = events.filter(action__startswith=action)
    actor = request.GET.get("actor", "").strip()
    if actor.isdigit():
        events = events.filter(actor_id=int(actor))
    record = request.GET.get("record", "").strip()[:60]
    if record:
        events = events.filter(target_type=record)
    for name, lookup in [("from", "at__date__gte"), ("to", "at__date__lte")]:
        try:
            day = date.fromisoformat(request.GET.get(name, ""))
        except ValueError:
            continue
        events = events.filter(**{lookup: day})
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "core/audit_log.html",
        {
            "page": Paginator(events, AUDIT_PAGE_SIZE).get_page(request.GET.get("page")),
            "querystring": params.urlencode(),
            "filters": request.GET,
            "actions": sorted(AuditEvent.objects.values_list("action", flat=True).distinct()[:200]),
        },
    )
