from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

from api.api import api
from content.seo import robots_txt, sitemap_xml
from core.views import root, service_worker, web_manifest
from laocso.views import search_results

urlpatterns = [
    path("", root, name="root"),
    path("i18n/setlang/", set_language, name="set_language"),
    # Root-level, outside the language prefix: a service worker's scope is its own folder and below.
    path("sw.js", service_worker, name="service-worker"),
    path("manifest.webmanifest", web_manifest, name="web-manifest"),
    path("api/v1/", api.urls),
    path("robots.txt", robots_txt, name="robots"),
    path("sitemap.xml", sitemap_xml, name="sitemap"),
]

urlpatterns += i18n_patterns(
    path("", include("core.urls")),
    path("accounts/", include("accounts.urls")),
    path("directory/", include("directory.urls")),
    path("projects/", include("projects.urls")),
    path("governance/", include("governance.urls")),
    path("", include("content.urls")),  # news/, events/, documents/, opportunities/, feeds
    path("dashboards/", include("reports.urls")),
    path("search/", search_results, name="search"),
    path("api/", include("api.urls")),
    path("admin/", admin.site.urls),
    prefix_default_language=True,
)
