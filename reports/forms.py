from django import forms
from django.utils.translation import gettext_lazy as _

from core.models import Province, SectorGroup
from reports.models import IatiPublisher, NationalReport
from reports.services import iati_identifier_problem


class NationalReportForm(forms.ModelForm):
    """The secretariat's choices for a round's national report. Only fonts present on the server are
    offered."""

    class Meta:
        model = NationalReport
        fields = ["font", "foreword_lo", "foreword_en"]
        widgets = {
            "foreword_lo": forms.Textarea(attrs={"rows": 6, "lang": "lo"}),
            "foreword_en": forms.Textarea(attrs={"rows": 6, "lang": "en"}),
        }
        help_texts = {
            "foreword_lo": _("Printed after the cover of the Lao report. Leave empty for none."),
            "foreword_en": _("Printed after the cover of the English report. Leave empty for none."),
        }

    def __init__(self, *args, fonts: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["font"].choices = [
            (key, label) for key, label in NationalReport.Font.choices if key in fonts
        ]


class HighlightFilterForm(forms.Form):
    """Narrow the results the secretariat chooses from."""

    sector = forms.ModelChoiceField(
        SectorGroup.objects.all(), required=False, to_field_name="code", label=_("Sector group")
    )
    province = forms.ModelChoiceField(
        Province.objects.all(), required=False, to_field_name="code", label=_("Province")
    )

    def apply(self, candidates):
        if self.cleaned_data.get("sector"):
            candidates = candidates.filter(project__sector_group=self.cleaned_data["sector"])
        if self.cleaned_data.get("province"):
            candidates = candidates.filter(
                project__locations__province=self.cleaned_data["province"]
            ).distinct()
        return candidates


class IatiPublisherForm(forms.ModelForm):
    class Meta:
        model = IatiPublisher
        fields = ["identifier", "organisation_type", "in_network_file"]
        widgets = {"identifier": forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"})}

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.organization = organization
        if self.instance.pk is None and organization.legal_form == "foundation":
            self.initial.setdefault("organisation_type", IatiPublisher.OrganisationType.FOUNDATION)

    def clean_identifier(self):
        # The raw value: a space inside is an error to explain, not something to strip silently.
        value = self.data.get(self.add_prefix("identifier"), "")
        value = value.strip()
        problem = iati_identifier_problem(value)
        if problem:
            raise forms.ValidationError(problem)
        return value

    def validate_unique(self):
        """Uniqueness is checked by the service, with a message that names the problem."""
