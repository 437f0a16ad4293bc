from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.models import SectorGroup, Theme
from reports.iati import dac_codes
from reports.models import DacSectorMapping, IatiPublisher, NationalReport


class DacSectorMappingForm(forms.ModelForm):
    class Meta:
        model = DacSectorMapping
        fields = ["source", "code", "dac_code"]

    def clean(self):
        cleaned = super().clean()
        source, code, dac = cleaned.get("source"), cleaned.get("code"), cleaned.get("dac_code")
        if source and code:
            model = SectorGroup if source == DacSectorMapping.Source.SECTOR_GROUP else Theme
            if not model.objects.filter(code=code).exists():
                self.add_error("code", _("There is no sector group or theme with this code."))
        if dac and dac not in dac_codes():
            self.add_error("dac_code", _("This is not an active OECD DAC 5-digit purpose code."))
        return cleaned


@admin.register(DacSectorMapping)
class DacSectorMappingAdmin(admin.ModelAdmin):
    """The secretariat maps the network's sector groups and themes to OECD DAC sectors for IATI."""

    form = DacSectorMappingForm
    list_display = ["source", "code", "dac_code", "dac_name"]
    list_filter = ["source"]
    search_fields = ["code", "dac_code"]

    @admin.display(description=_("DAC sector"))
    def dac_name(self, obj):
        return dac_codes().get(obj.dac_code, "")


@admin.register(IatiPublisher)
class IatiPublisherAdmin(admin.ModelAdmin):
    """For looking up; organizations edit their settings on the site (validated and audited)."""

    list_display = ["identifier", "organization", "organisation_type", "in_network_file", "updated_at"]
    list_filter = ["in_network_file", "organisation_type"]
    search_fields = ["identifier", "organization__name_lo", "organization__name_en"]
    readonly_fields = [
        "organization",
        "identifier",
        "organisation_type",
        "in_network_file",
        "updated_at",
        "updated_by",
    ]

    def has_add_permission(self, request):
        return False


@admin.register(NationalReport)
class NationalReportAdmin(admin.ModelAdmin):
    list_display = ["round", "font", "updated_at"]
    readonly_fields = ["round", "font", "foreword_lo", "foreword_en", "updated_at", "updated_by"]

    def has_add_permission(self, request):
        return False
