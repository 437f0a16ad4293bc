from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

from core.views import root
from laocso.views import search_results

urlpatterns = [
    path("", root, name="root"),
    path("i18n/setlang/", set_language, name="set_language"),
]

urlpatterns += i18n_patterns(
    path("", include("core.urls")),
    path("accounts/", include("accounts.urls")),
    path("directory/", include("directory.urls")),
    path("projects/", include("projects.urls")),
    path("governance/", include("governance.urls")),
    path("", include("content.urls")),  # news/, events/, documents/, opportunities/, feeds
    path("search/", search_results, name="search"),
    path("admin/", admin.site.urls),
    prefix_default_language=True,
)
