from django.urls import path

from projects import views

app_name = "projects"
report = "rounds/<int:round_pk>/<slug:slug>/"
urlpatterns = [
    path("", views.project_list, name="project-list"),
    path("export.<str:fmt>", views.project_export, name="project-export"),
    path("mine/", views.my_projects, name="mine"),
    path("new/", views.project_create, name="project-create"),
    path("import/", views.project_import, name="project-import"),
    path("<int:pk>/", views.project_detail, name="project-detail"),
    path("<int:pk>/edit/", views.project_edit, name="project-edit"),
    path("<int:pk>/history/", views.project_history, name="project-history"),
    path("<int:pk>/history/<int:version>/restore/", views.project_restore, name="project-restore"),
    path("rounds/", views.round_list, name="round-list"),
    path("rounds/new/", views.round_create, name="round-create"),
    path("rounds/<int:pk>/", views.round_detail, name="round-detail"),
    path("rounds/<int:pk>/edit/", views.round_edit, name="round-edit"),
    path("rounds/<int:pk>/rates/", views.round_rates, name="round-rates"),
    path("rounds/<int:pk>/status/", views.round_status, name="round-status"),
    path("rounds/<int:pk>/add/", views.round_add_organization, name="round-add-organization"),
    path("rounds/<int:pk>/progress.csv", views.round_export, name="round-export"),
    path(report, views.report_detail, name="report-detail"),
    path(report + "edit/", views.report_edit, name="report-edit"),
    path(report + "submit/", views.report_submit, name="report-submit"),
    path(report + "review/", views.report_review, name="report-review"),
    path(report + "reopen/", views.report_reopen, name="report-reopen"),
    path(report + "history/", views.report_history, name="report-history"),
    path(report + "spreadsheet.xlsx", views.report_download, name="report-download"),
    path(report + "upload/", views.report_upload, name="report-upload"),
    path(report + "lines/<int:line_pk>/photo/", views.report_photo_add, name="report-photo-add"),
    path(report + "photos/<int:photo_pk>/", views.report_photo, name="report-photo"),
    path(report + "photos/<int:photo_pk>/delete/", views.report_photo_delete, name="report-photo-delete"),
]
