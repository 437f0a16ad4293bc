"""The project's URLs plus the root files that the lead adds to laocso/urls.py (sitemap.xml, robots.txt)."""

from django.urls import path

from content.seo import robots_txt, sitemap_xml
from laocso.urls import urlpatterns as project_urlpatterns

urlpatterns = [
    path("robots.txt", robots_txt, name="robots"),
    path("sitemap.xml", sitemap_xml, name="sitemap"),
    *project_urlpatterns,
]
