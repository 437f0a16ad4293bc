from django.contrib import admin
from django.core.cache import cache

from core.audit import audit_record
from core.models import (
    AuditEvent,
    District,
    EthnicGroup,
    Milestone,
    PlanFramework,
    PlanOutcome,
    Province,
    SdgGoal,
    SdgTarget,
    SectorGroup,
    SiteSwitch,
    Theme,
)


@admin.register(Province)
class ProvinceAdmin(admin.ModelAdmin):
    list_display = ["code", "iso_code", "name_lo", "name_en"]
    search_fields = ["code", "name_lo", "name_en", "name_en_alt"]


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin):
    list_display = ["code", "name_lo", "name_en", "province"]
    list_filter = ["province"]
    search_fields = ["code", "name_lo", "name_en", "name_en_alt", "name_lo_alt"]
    list_select_related = ["province"]


@admin.register(SectorGroup)
class SectorGroupAdmin(admin.ModelAdmin):
    list_display = ["code", "order", "name_lo", "name_en", "name_lo_is_draft"]
    list_editable = ["order"]


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["code", "order", "name_lo", "name_en", "suggested_sector_group"]
    list_editable = ["order"]


class SdgTargetInline(admin.TabularInline):
    model = SdgTarget
    extra = 0
    fields = ["code", "title_en", "title_lo", "lao_is_draft"]


@admin.register(SdgGoal)
class SdgGoalAdmin(admin.ModelAdmin):
    list_display = ["number", "short_title_en", "short_title_lo", "lao_is_draft"]
    inlines = [SdgTargetInline]


@admin.register(SdgTarget)
class SdgTargetAdmin(admin.ModelAdmin):
    list_display = ["code", "goal", "title_en", "lao_is_draft"]
    list_filter = ["goal", "lao_is_draft"]
    search_fields = ["code", "title_en", "title_lo"]


class PlanOutcomeInline(admin.StackedInline):
    model = PlanOutcome
    extra = 0


@admin.register(PlanFramework)
class PlanFrameworkAdmin(admin.ModelAdmin):
    list_display = ["code", "name_lo", "name_en", "starts_year", "ends_year"]
    inlines = [PlanOutcomeInline]


@admin.register(EthnicGroup)
class EthnicGroupAdmin(admin.ModelAdmin):
    list_display = ["number", "name_lo", "name_en", "family_en", "name_lo_confidence"]
    list_filter = ["family_en", "name_lo_confidence"]
    search_fields = ["name_lo", "name_en", "name_en_alt"]


@admin.register(Milestone)
class MilestoneAdmin(admin.ModelAdmin):
    list_display = ["date", "year_only", "text_en"]


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: the audit log is written by services, never edited."""

    list_display = ["at", "actor_id", "action", "target_type", "target_id"]
    list_filter = ["action", "target_type"]
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(SiteSwitch)
class SiteSwitchAdmin(admin.ModelAdmin):
    list_display = ["__str__", "read_only"]

    def has_add_permission(self, request):
        return not SiteSwitch.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        cache.delete("site-switch")
        audit_record(actor=request.user, action="site.read_only", target=obj, read_only=obj.read_only)
