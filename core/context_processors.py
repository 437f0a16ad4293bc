from django.urls import NoReverseMatch, reverse, translate_url
from django.utils.translation import gettext_lazy as _

# The main navigation: (section, URL name, label). A section whose pages do not exist yet is left
# out rather than shown as a dead link.
SECTIONS = [
    ("directory", "directory:org-list", _("Directory")),
    ("projects", "projects:project-list", _("Projects")),
    ("governance", "governance:index", _("Governance")),
    ("news", "content:news-list", _("News & events")),
    ("documents", "content:document-list", _("Documents")),
    ("dashboards", "reports:dashboard", _("Dashboards")),
]


# Path sections that belong to a navigation section of another name.
SECTION_ALIASES = {
    "events": "news",
    "opportunities": "news",
    "feeds": "news",
    "digest": "news",
    "api": "dashboards",
}


def navigation(current: str) -> list[dict]:
    current = SECTION_ALIASES.get(current, current)
    items = []
    for section, url_name, label in SECTIONS:
        try:
            items.append({"url": reverse(url_name), "label": label, "current": section == current})
        except NoReverseMatch:
            continue
    return items


def site(request):
    """What the base layout needs on every page: the navigation and the same page in the other language."""
    parts = request.path.split("/")
    section = parts[2] if len(parts) > 2 else ""
    return {
        "nav_sections": navigation(section),
        "page_in_lao": translate_url(request.path, "lo"),
        "page_in_english": translate_url(request.path, "en"),
    }
