from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from content.files import checked_document
from content.models import Document, Event, NewsItem, Opportunity, Status
from content.services import FIELDS, M2M_FIELDS
from core.forms import LaoDigitsMixin
from core.images import reencode_image
from core.models import Province, SectorGroup
from directory.models import Organization

MARKDOWN_HELP = _(
    "Blank line: new paragraph. **bold**, *italic*, [text](https://…) for a link, # for a heading, "
    "- or 1. at the start of a line for a list. HTML is shown as text."
)
DATETIME = {"attrs": {"type": "datetime-local"}, "format": "%Y-%m-%dT%H:%M"}
TEXTS_BY_LANGUAGE = {
    "lo": ["body_lo", "description_lo", "location_lo", "supported_by_lo", "cover_alt_lo"],
    "en": ["body_en", "description_en", "location_en", "supported_by_en", "cover_alt_en"],
}


class PublicationForm(LaoDigitsMixin, forms.ModelForm):
    """What every content form shares: titles in two languages, the audience, draft or published
    (now or at a later time), sector groups, and the version for edits."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["version"] = self.instance.version
        for name, field in self.fields.items():
            if name.endswith("_lo"):
                field.widget.attrs["lang"] = "lo"
            elif name.endswith("_en"):
                field.widget.attrs["lang"] = "en"
        if "status" in self.fields:
            self.fields["status"].widget = forms.RadioSelect(choices=Status.choices)
        if "published_at" in self.fields:
            self.fields["published_at"].widget = forms.DateTimeInput(**DATETIME)
        if "sector_groups" in self.fields:
            self.fields["sector_groups"].queryset = SectorGroup.objects.all()
            self.fields["sector_groups"].widget = forms.CheckboxSelectMultiple(
                choices=self.fields["sector_groups"].choices
            )
        for name in ["organizations", "organizers", "organization"]:
            if name in self.fields:
                self.fields[name].queryset = Organization.objects.listed().order_by("name_lo_sort", "pk")
        for name, field in self.fields.items():
            if name.endswith(("body_lo", "body_en", "description_lo", "description_en")):
                field.help_text = MARKDOWN_HELP
                field.widget.attrs["rows"] = 10

    def clean(self):
        data = super().clean()
        if data.get("status") == Status.PUBLISHED and not data.get("published_at"):
            data["published_at"] = timezone.now()  # publish now
        # A field with an error here is left out of the model's constraint checks, so each rule
        # reads as a message at its field rather than a generic "constraint violated".
        if not data.get("title_lo") and not data.get("title_en"):
            self.add_error("title_lo", _("Give a title in Lao or in English."))
        for language, names in TEXTS_BY_LANGUAGE.items():
            title = f"title_{language}"
            if not data.get(title) and any(data.get(name) for name in names if name in self.fields):
                self.add_error(
                    title,
                    _("Give the title in Lao too, or leave the other Lao texts empty.")
                    if language == "lo"
                    else _("Give the title in English too, or leave the other English texts empty."),
                )
        return data

    def service_data(self) -> tuple[dict, dict]:
        """The cleaned data split into plain fields and many-to-many fields, for the services."""
        model = self._meta.model
        data = {name: self.cleaned_data[name] for name in FIELDS[model] if name in self.cleaned_data}
        m2m = {name: list(self.cleaned_data[name]) for name in M2M_FIELDS[model] if name in self.cleaned_data}
        return data, m2m


class NewsForm(PublicationForm):
    cover_upload = forms.FileField(
        label=_("Cover image"),
        required=False,
        help_text=_("A JPEG or PNG photo, at most 5 MB; 1200 × 630 pixels suits Facebook best."),
    )
    remove_cover = forms.BooleanField(label=_("Remove the cover image"), required=False)

    class Meta:
        model = NewsItem
        fields = [
            "title_lo",
            "title_en",
            "body_lo",
            "body_en",
            "sector_groups",
            "organizations",
            "cover_alt_lo",
            "cover_alt_en",
            "byline",
            "supported_by_lo",
            "supported_by_en",
            "visibility",
            "status",
            "published_at",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.cover:
            del self.fields["remove_cover"]
        order = [*self.fields]
        order.remove("cover_upload")
        order.insert(order.index("cover_alt_lo"), "cover_upload")
        self.order_fields(order)

    def clean_cover_upload(self):
        upload = self.cleaned_data.get("cover_upload")
        return reencode_image(upload, max_side=1200) if upload else None


class EventForm(PublicationForm):
    class Meta:
        model = Event
        fields = [
            "title_lo",
            "title_en",
            "kind",
            "starts_at",
            "ends_at",
            "description_lo",
            "description_en",
            "location_lo",
            "location_en",
            "province",
            "online_url",
            "sector_groups",
            "organizers",
            "registration_open",
            "registration_closes_at",
            "capacity",
            "visibility",
            "status",
            "published_at",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ["starts_at", "ends_at", "registration_closes_at"]:
            self.fields[name].widget = forms.DateTimeInput(**DATETIME)
        self.fields["province"].choices = [("", "—")] + [
            (province.pk, province.name) for province in Province.objects.all().in_viewer_order()
        ]

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("The event ends before it starts: check the end date and time."))
        closes = data.get("registration_closes_at")
        if closes and ends and closes > ends:
            self.add_error("registration_closes_at", _("Registration must close before the event ends."))
        return data


class DocumentForm(PublicationForm):
    upload = forms.FileField(
        label=_("File"),
        help_text=_("PDF, Word (DOCX), Excel (XLSX), or a JPEG or PNG image; at most 20 MB."),
    )

    class Meta:
        model = Document
        fields = [
            "title_lo",
            "title_en",
            "kind",
            "language",
            "year",
            "description_lo",
            "description_en",
            "sector_groups",
            "organization",
            "visibility",
            "status",
            "published_at",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["upload"]
        else:
            self.order_fields(["upload"])
        self.fields["year"].widget = forms.NumberInput(attrs={"min": 1950, "max": 2100})

    def clean_upload(self):
        upload = self.cleaned_data.get("upload")
        return checked_document(upload) if upload else None

    def clean_year(self):
        year = self.cleaned_data.get("year")
        if year is not None and not 1950 <= year <= 2100:
            raise ValidationError(_("Give a year between 1950 and 2100."))
        return year


class OpportunityForm(PublicationForm):
    class Meta:
        model = Opportunity
        fields = [
            "title_lo",
            "title_en",
            "kind",
            "deadline",
            "description_lo",
            "description_en",
            "organization",
            "offered_by",
            "apply_url",
            "sector_groups",
            "visibility",
            "status",
            "published_at",
        ]
        widgets = {"deadline": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}


class RegistrationForm(LaoDigitsMixin, forms.Form):
    organization = forms.ModelChoiceField(label=_("Organization"), queryset=Organization.objects.none())
    participants_women = forms.IntegerField(
        label=_("Participants: women"), min_value=0, max_value=1000, initial=0
    )
    participants_men = forms.IntegerField(
        label=_("Participants: men"), min_value=0, max_value=1000, initial=0
    )
    note = forms.CharField(
        label=_("Note to the organizers"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Optional: for example, access needs. Please do not write participants' personal details."
        ),
    )

    def __init__(self, *args, organizations=(), **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["organization"]
        field.queryset = Organization.objects.filter(
            pk__in=[organization.pk for organization in organizations]
        )
        field.choices = [(organization.pk, organization.name) for organization in organizations]
        if len(organizations) == 1:
            self.initial.setdefault("organization", organizations[0].pk)

    def clean(self):
        data = super().clean()
        women, men = data.get("participants_women"), data.get("participants_men")
        if women is not None and men is not None and women + men < 1:
            self.add_error("participants_women", _("Register at least one participant."))
        return data


class SubscriptionForm(forms.Form):
    is_active = forms.BooleanField(label=_("Send me the weekly digest by email"), required=False)
    language = forms.ChoiceField(
        label=_("Language of the digest"),
        choices=[("lo", "ລາວ"), ("en", "English")],
        widget=forms.RadioSelect,
    )
    sector_groups = forms.ModelMultipleChoiceField(
        label=_("Sector groups"),
        queryset=SectorGroup.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Only news of these groups, and news for everyone. None chosen: all news."),
    )
