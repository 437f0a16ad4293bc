from django.contrib import admin

from directory.models import MembershipApplication, MembershipEvent, Organization, OrganizationRole


class RoleInline(admin.TabularInline):
    model = OrganizationRole
    extra = 0
    raw_id_fields = ["user"]


class MembershipEventInline(admin.TabularInline):
    model = MembershipEvent
    extra = 0
    readonly_fields = ["status", "at", "by", "note"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    """For looking things up; profile edits go through the site's own forms (versioned and audited)."""

    list_display = ["name_lo", "name_en", "acronym", "status", "head_office_province", "primary_sector_group"]
    list_filter = ["status", "legal_form", "primary_sector_group", "head_office_province"]
    search_fields = ["name_lo", "name_en", "acronym", "registration_number"]
    readonly_fields = [field.name for field in Organization._meta.concrete_fields] + [
        "provinces",
        "sector_groups",
        "themes",
    ]
    inlines = [RoleInline, MembershipEventInline]

    def has_add_permission(self, request):
        return False


@admin.register(MembershipApplication)
class MembershipApplicationAdmin(admin.ModelAdmin):
    list_display = ["organization", "status", "submitted_at", "decided_at"]
    list_filter = ["status"]
    readonly_fields = [
        "organization",
        "applicant",
        "status",
        "submitted_at",
        "decided_at",
        "decided_by",
        "message",
    ]
