from django.urls import path

from api import views

app_name = "api"
urlpatterns = [
    path("", views.docs, name="docs"),
    path("schemas/", views.docs_schemas, name="docs-schemas"),
    path("tokens/", views.tokens, name="tokens"),
    path("tokens/<int:pk>/revoke/", views.token_revoke, name="token-revoke"),
    path("<slug:slug>/", views.docs_section, name="docs-section"),
]
