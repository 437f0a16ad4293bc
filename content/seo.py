"""sitemap.xml and robots.txt, at the site root (outside the language prefix).

The sitemap lists the public pages only — what an anonymous visitor may open — in both languages,
each with its other-language alternate, so that search engines show Lao pages to Lao searchers.
"""

from xml.sax.saxutils import escape, quoteattr

from django.conf import settings
from django.http import HttpResponse
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.views.decorators.http import require_safe

from content.models import Document, Event, NewsItem, Opportunity
from core.cache import cache_public_page
from directory.models import Organization
from directory.visibility import ANONYMOUS

LANGUAGES = [code for code, _name in settings.LANGUAGES]
PAGES = [
    "core:home",
    "core:about",
    "directory:org-list",
    "content:news-list",
    "content:event-list",
    "content:document-list",
    "content:opportunity-list",
]
DETAILS = [
    (NewsItem, "content:news-detail"),
    (Event, "content:event-detail"),
    (Document, "content:document-detail"),
    (Opportunity, "content:opportunity-detail"),
]


def _urls(name: str, args=()) -> dict[str, str] | None:
    paths = {}
    for language in LANGUAGES:
        with translation.override(language):
            try:
                paths[language] = reverse(name, args=args)
            except NoReverseMatch:
                return None
    return paths


def sitemap_entries() -> list[tuple[dict[str, str], object]]:
    """(paths by language, last modified date or None) of every public page."""
    entries = [(paths, None) for name in PAGES if (paths := _urls(name))]
    for organization in Organization.objects.listed().only("slug", "updated_at").order_by("pk"):
        entries.append((_urls("directory:org-detail", [organization.slug]), organization.updated_at))
    for model, name in DETAILS:
        for item in model.objects.visible_to(ANONYMOUS).only("slug", "updated_at").order_by("pk"):
            entries.append((_urls(name, [item.slug]), item.updated_at))
    return entries


@require_safe
@cache_public_page("content", "directory")
def sitemap_xml(request):
    base = request.build_absolute_uri("/").rstrip("/")
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">',
    ]
    for paths, modified in sitemap_entries():
        alternates = "".join(
            f'<xhtml:link rel="alternate" hreflang={quoteattr(language)} href={quoteattr(base + path)}/>'
            for language, path in paths.items()
        )
        lastmod = f"<lastmod>{modified.date().isoformat()}</lastmod>" if modified else ""
        for path in paths.values():
            lines.append(f"<url><loc>{escape(base + path)}</loc>{lastmod}{alternates}</url>")
    lines.append("</urlset>")
    return HttpResponse("\n".join(lines) + "\n", content_type="application/xml; charset=utf-8")


@require_safe
def robots_txt(request):
    private = ["accounts/", "admin/", "search/", "digest/"]
    lines = ["User-agent: *"]
    lines += [f"Disallow: /{language}/{path}" for language in LANGUAGES for path in private]
    lines += ["Disallow: /i18n/", "", f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}"]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
