from django.contrib import admin

from projects.models import ExchangeRate, Project, Report, ReportingRound, ReportTransition


class ReadOnlyAdmin(admin.ModelAdmin):
    """For looking things up; writes go through the site's own forms (versioned, audited, locked)."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Project)
class ProjectAdmin(ReadOnlyAdmin):
    list_display = ["title_lo", "title_en", "organization", "status", "sector_group", "visibility"]
    list_filter = ["status", "visibility", "sector_group"]
    search_fields = ["title_lo", "title_en", "organization__name_lo", "organization__acronym"]
    list_select_related = ["organization", "sector_group"]
    show_full_result_count = False  # a million rows: no COUNT(*) on every page


class RateInline(admin.TabularInline):
    model = ExchangeRate
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ReportingRound)
class ReportingRoundAdmin(ReadOnlyAdmin):
    list_display = ["title_lo", "title_en", "period_start", "period_end", "deadline", "status"]
    inlines = [RateInline]


class TransitionInline(admin.TabularInline):
    model = ReportTransition
    extra = 0
    fields = ["action", "from_status", "to_status", "by", "at", "comment"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Report)
class ReportAdmin(ReadOnlyAdmin):
    list_display = ["organization", "round", "status", "submitted_at", "accepted_at"]
    list_filter = ["status", "round"]
    search_fields = ["organization__name_lo", "organization__acronym"]
    list_select_related = ["organization", "round"]
    inlines = [TransitionInline]
