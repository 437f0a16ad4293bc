"""The admin site shows governance records for looking things up and for corrections of the
historical structure (a term's dates, a seat's kind). Meetings, decisions, elections and seat holders
are changed through the site's own pages, which are validated and audited. Ballots are never shown."""

from django.contrib import admin

from core.audit import audit_record
from governance.models import CommitteeSeat, CommitteeTerm, Election, Person


class AuditedAdmin(admin.ModelAdmin):
    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        audit_record(
            actor=request.user,
            action=f"{obj._meta.model_name}.admin_{'update' if change else 'create'}",
            target=obj,
            fields=sorted(form.changed_data),
        )

    def has_delete_permission(self, request, obj=None):
        return False


class SeatInline(admin.TabularInline):
    model = CommitteeSeat
    extra = 0
    fields = ["order", "kind", "sector_group", "sector_label_lo", "sector_label_en", "status", "holder"]
    readonly_fields = ["status", "holder"]
    can_delete = False


@admin.register(CommitteeTerm)
class CommitteeTermAdmin(AuditedAdmin):
    list_display = ["name_en", "starts_on", "ends_on", "seat_count", "endorsing_decision"]
    raw_id_fields = ["endorsing_decision", "elected_at"]
    inlines = [SeatInline]


@admin.register(Person)
class PersonAdmin(AuditedAdmin):
    list_display = ["name_lo", "name_en", "organization", "position_en", "is_demo"]
    list_filter = ["is_demo", "sex"]
    search_fields = ["name_lo", "name_en", "organization__name_lo", "organization__acronym"]
    raw_id_fields = ["organization", "user"]


@admin.register(Election)
class ElectionAdmin(admin.ModelAdmin):
    """Read only: elections are run from their page."""

    list_display = ["title_en", "kind", "sector_group", "status", "opens_at", "closes_at"]
    list_filter = ["status", "kind"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
