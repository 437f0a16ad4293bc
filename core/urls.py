from django.urls import path

from core import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("about/", views.about, name="about"),
    path("audit/", views.audit_log, name="audit-log"),
    path("offline/", views.offline, name="offline"),
]
