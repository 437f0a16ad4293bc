from django.urls import path

from reports import views

app_name = "reports"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("sectors/", views.dashboard, {"section": "sectors"}, name="sectors"),
    path("goals/", views.dashboard, {"section": "goals"}, name="goals"),
    path("people/", views.dashboard, {"section": "people"}, name="people"),
    path("trends/", views.dashboard, {"section": "trends"}, name="trends"),
    path("provinces/<str:code>/", views.province, name="province"),
    path("data/<str:name>.csv", views.table_csv, name="table-csv"),
    path("national-report/", views.national_report_page, name="national-report"),
    path(
        "national-report/<int:round_pk>/prepare/",
        views.national_report_prepare,
        name="national-report-prepare",
    ),
    path(
        "national-report/<int:round_pk>/<str:language>.<str:fmt>",
        views.national_report_file,
        name="national-report-file",
    ),
    path("open-data/", views.open_data, name="open-data"),
    path("open-data/<str:dataset>.<str:fmt>", views.open_data_file, name="open-data-file"),
    path("iati/", views.iati_index, name="iati"),
    path("iati/activities.xml", views.iati_network_file, name="iati-network"),
    path("iati/organizations/<slug:slug>.xml", views.iati_file, name="iati-file"),
    path("iati/organizations/<slug:slug>/settings/", views.iati_settings, name="iati-settings"),
]
