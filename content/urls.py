from django.urls import path

from content import feeds, views

app_name = "content"
urlpatterns = [
    path("news/", views.news_list, name="news-list"),
    path("news/new/", views.news_create, name="news-create"),
    path("news/<slug:slug>/", views.news_detail, name="news-detail"),
    path("news/<slug:slug>/edit/", views.news_edit, name="news-edit"),
    path("news/<slug:slug>/cover/", views.news_cover, name="news-cover"),
    path("events/", views.event_list, name="event-list"),
    path("events/new/", views.event_create, name="event-create"),
    path("events/calendar/", views.event_calendar, name="event-calendar"),
    path("events/calendar/<int:year>/<int:month>/", views.event_calendar, name="event-calendar-month"),
    path("events/calendar.ics", views.events_ics, name="event-feed"),
    path("events/<slug:slug>/", views.event_detail, name="event-detail"),
    path("events/<slug:slug>/edit/", views.event_edit, name="event-edit"),
    path("events/<slug:slug>/event.ics", views.event_ics, name="event-ics"),
    path("events/<slug:slug>/register/", views.event_register, name="event-register"),
    path("events/<slug:slug>/registrations/", views.event_registrations, name="event-registrations"),
    path(
        "events/<slug:slug>/registrations/<int:pk>/cancel/",
        views.registration_cancel,
        name="registration-cancel",
    ),
    path("documents/", views.document_list, name="document-list"),
    path("documents/upload/", views.document_create, name="document-create"),
    path("documents/<slug:slug>/", views.document_detail, name="document-detail"),
    path("documents/<slug:slug>/edit/", views.document_edit, name="document-edit"),
    path("documents/<slug:slug>/download/", views.document_download, name="document-download"),
    path("documents/<slug:slug>/delete/", views.document_delete, name="document-delete"),
    path("opportunities/", views.opportunity_list, name="opportunity-list"),
    path("opportunities/new/", views.opportunity_create, name="opportunity-create"),
    path("opportunities/<slug:slug>/", views.opportunity_detail, name="opportunity-detail"),
    path("opportunities/<slug:slug>/edit/", views.opportunity_edit, name="opportunity-edit"),
    path("feeds/", views.feed_index, name="feeds"),
    path("feeds/news.rss", feeds.news_rss, name="feed-news-rss"),
    path("feeds/news.atom", feeds.news_atom, name="feed-news-atom"),
    path("feeds/news/<slug:sector>.rss", feeds.news_rss, name="feed-news-sector-rss"),
    path("feeds/news/<slug:sector>.atom", feeds.news_atom, name="feed-news-sector-atom"),
    path("feeds/opportunities.rss", feeds.opportunities_rss, name="feed-opportunities-rss"),
    path("feeds/opportunities.atom", feeds.opportunities_atom, name="feed-opportunities-atom"),
    path(
        "feeds/opportunities/<slug:sector>.rss", feeds.opportunities_rss, name="feed-opportunities-sector-rss"
    ),
    path(
        "feeds/opportunities/<slug:sector>.atom",
        feeds.opportunities_atom,
        name="feed-opportunities-sector-atom",
    ),
    path("digest/", views.digest_settings, name="digest-settings"),
    path("digest/unsubscribe/<str:token>/", views.digest_unsubscribe, name="digest-unsubscribe"),
]
