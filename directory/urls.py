from django.urls import path

from directory import views

app_name = "directory"
urlpatterns = [
    path("", views.org_list, name="org-list"),
    path("export.<str:fmt>", views.org_export, name="org-export"),
    path("apply/", views.apply, name="apply"),
    path("apply/sent/<int:pk>/", views.application_sent, name="application-sent"),
    path("apply/confirm/<str:token>/", views.application_verify, name="application-verify"),
    path("applications/", views.application_list, name="application-list"),
    path("applications/<int:pk>/", views.application_review, name="application-review"),
    path("applications/<int:pk>/certificate/", views.application_certificate, name="application-certificate"),
    path("invitations/<str:token>/", views.invitation_accept, name="invitation-accept"),
    path("<slug:slug>/", views.org_detail, name="org-detail"),
    path("<slug:slug>/edit/", views.org_edit, name="org-edit"),
    path("<slug:slug>/logo/", views.org_logo, name="org-logo"),
    path("<slug:slug>/history/", views.org_history, name="org-history"),
    path("<slug:slug>/history/<int:version>/restore/", views.org_restore, name="org-restore"),
    path("<slug:slug>/editors/", views.org_editors, name="org-editors"),
]
