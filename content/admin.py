from django.contrib import admin

from content.models import (
    DigestDelivery,
    Document,
    Event,
    EventRegistration,
    NewsItem,
    Opportunity,
    Subscription,
)


class LookUpOnly(admin.ModelAdmin):
    """For looking things up; writes go through the site's own forms (audited, indexed for search)."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(NewsItem)
class NewsItemAdmin(LookUpOnly):
    list_display = ["title_lo", "title_en", "status", "published_at", "visibility"]
    list_filter = ["status", "visibility", "sector_groups"]
    search_fields = ["title_lo", "title_en", "slug"]


@admin.register(Event)
class EventAdmin(LookUpOnly):
    list_display = ["title_lo", "title_en", "kind", "starts_at", "status", "visibility", "capacity"]
    list_filter = ["kind", "status", "visibility"]
    search_fields = ["title_lo", "title_en", "slug"]


@admin.register(EventRegistration)
class EventRegistrationAdmin(LookUpOnly):
    list_display = ["event", "organization", "participants_women", "participants_men", "state", "created_at"]
    list_filter = ["state"]


@admin.register(Document)
class DocumentAdmin(LookUpOnly):
    list_display = ["title_lo", "title_en", "kind", "language", "year", "file_type", "visibility", "status"]
    list_filter = ["kind", "language", "file_type", "visibility", "status"]
    search_fields = ["title_lo", "title_en", "original_name", "sha256"]
    exclude = ["text"]


@admin.register(Opportunity)
class OpportunityAdmin(LookUpOnly):
    list_display = ["title_lo", "title_en", "kind", "deadline", "status", "visibility"]
    list_filter = ["kind", "status", "visibility"]


@admin.register(Subscription)
class SubscriptionAdmin(LookUpOnly):
    list_display = ["user", "language", "is_active", "updated_at"]
    list_filter = ["is_active", "language"]


@admin.register(DigestDelivery)
class DigestDeliveryAdmin(LookUpOnly):
    list_display = ["subscription", "week", "sent_at", "items"]
