import hashlib
import json
from datetime import date

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from django.utils.cache import get_conditional_response
from django.utils.translation import check_for_language, gettext
from django.views.decorators.gzip import gzip_page
from django.views.decorators.http import require_safe

from core.cache import cache_public_page
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
@cache_public_page("content")  # the latest news and upcoming events
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
            # order_by first: with the model's ordering (newest first) DISTINCT would run over
            # (action, time) and list the latest events' actions, repeated, instead of every action.
            "actions": list(
                AuditEvent.objects.order_by("action").values_list("action", flat=True).distinct()[:200]
            ),
        },
    )


# == Offline use: the service worker, the web app manifest and the offline page ==
# The service worker lives at the site root so that its scope covers every page; see static/js/offline.js
# for what it does and for the offline drafts of forms.

# Static files the service worker keeps from its first visit on, so that saved pages look right offline.
OFFLINE_STATIC_FILES = [
    "css/site.css",
    "js/offline.js",
    "fonts/noto-sans-lao.woff2",
    "fonts/noto-sans-lao-bold.woff2",
    "fonts/noto-sans-latin.woff2",
    "img/logo.svg",
]
MANIFEST_ICONS = [
    ("img/icon-192.png", "192x192", "any"),
    ("img/icon-512.png", "512x512", "any"),
    ("img/icon-maskable-512.png", "512x512", "maskable"),
]


def _in_each_language(url_name: str) -> dict[str, str]:
    paths = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            paths[code] = reverse(url_name)
    return paths


def _conditional(request, response: HttpResponse) -> HttpResponse:
    """An ETag from the body, so that a browser's revalidation costs a 304 of a few hundred bytes."""
    etag = '"' + hashlib.sha256(response.content).hexdigest()[:32] + '"'
    response["ETag"] = etag
    return get_conditional_response(request, etag=etag, response=response)


@require_safe
@gzip_page
def service_worker(request):
    """The service worker script. Its version is a hash of its text, which holds the hashed names of
    the static files, so a deployment that changes any of them installs a new worker and drops the old
    static cache. Browsers revalidate it on each visit (`no-cache`), usually getting a 304."""
    context = {
        "precache": json.dumps([static(name) for name in OFFLINE_STATIC_FILES]),
        "offline_pages": json.dumps(_in_each_language("core:offline")),
        "sign_in_out": json.dumps(
            sorted(
                {
                    *_in_each_language("accounts:login").values(),
                    *_in_each_language("accounts:logout").values(),
                }
            )
        ),
        "static_prefix": json.dumps(settings.STATIC_URL),
        "languages": json.dumps([code for code, _name in settings.LANGUAGES]),
    }
    body = render_to_string("core/sw.js", {**context, "version": ""})
    context["version"] = hashlib.sha256(body.encode()).hexdigest()[:16]
    response = HttpResponse(
        render_to_string("core/sw.js", context), content_type="text/javascript; charset=utf-8"
    )
    response["Service-Worker-Allowed"] = "/"
    response["Cache-Control"] = "no-cache"
    return _conditional(request, response)


@require_safe
@gzip_page
def web_manifest(request):
    """The web app manifest (for "add to home screen"), in the language asked for by `?lang=`."""
    language = request.GET.get("lang", settings.LANGUAGE_CODE)
    if language not in dict(settings.LANGUAGES):
        language = settings.LANGUAGE_CODE
    with translation.override(language):
        manifest = {
            "id": "/",
            "name": gettext("Lao CSO Platform"),
            "short_name": gettext("Lao CSOs"),
            "description": gettext(
                "The platform of the Lao civil society organizations network: who works where, projects, "
                "governance, news and data."
            ),
            "lang": language,
            "dir": "ltr",
            "start_url": reverse("core:home"),
            "scope": "/",
            "display": "standalone",
            "background_color": "#ffffff",
            "theme_color": "#1a5c46",
            "icons": [
                {"src": static(name), "sizes": sizes, "type": "image/png", "purpose": purpose}
                for name, sizes, purpose in MANIFEST_ICONS
            ],
        }
    response = HttpResponse(
        json.dumps(manifest, ensure_ascii=False, indent=1), content_type="application/manifest+json"
    )
    response["Cache-Control"] = "public, max-age=86400"
    return _conditional(request, response)


@require_safe
def offline(request):
    """What the service worker shows for a page that was not saved on the device while there is no
    connection (it keeps a copy of this page in each language)."""
    return render(request, "core/offline.html")
