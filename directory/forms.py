import time

from django import forms
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from core.forms import LaoDigitsMixin, QuickCheckboxSelectMultiple, QuickSelect
from core.images import reencode_image
from core.models import District, Province, SectorGroup, Theme
from core.uploads import checked_certificate
from directory.models import Organization

PROFILE_FORM_FIELDS = [
    "name_lo",
    "name_en",
    "acronym",
    "legal_form",
    "registration_number",
    "registration_date",
    "registration_authority",
    "registration_province",
    "supervising_ministry",
    "head_office_province",
    "head_office_district",
    "address",
    "provinces",
    "primary_sector_group",
    "sector_groups",
    "themes",
    "mission_lo",
    "mission_en",
    "description_lo",
    "description_en",
    "year_founded",
    "staff_women",
    "staff_men",
    "volunteers_women",
    "volunteers_men",
    "budget_band",
    "phone",
    "email",
    "website",
    "facebook",
    "contacts_visibility",
    "staff_visibility",
    "registration_visibility",
]
M2M_FIELDS = ["provinces", "sector_groups", "themes"]


REFERENCE_SECONDS = 300  # a rename in the admin shows in the profile forms within this time
_reference_lists: dict[tuple, tuple[float, dict]] = {}


def choice_label(row) -> str:
    return f"{row.name} ({row.province.name})" if isinstance(row, District) else row.name


def reference_choices() -> dict[str, list[tuple[int, str]]]:
    """The profile form's reference lists in the viewer's language (Lao order in Lao), kept in the
    process's memory for REFERENCE_SECONDS: building them (149 districts with their provinces, in
    Lao order) took a fifth of the form's time on every request. The key holds each table's row
    count and highest id, so reference data loaded again (new ids) is read again at once."""
    tables = [model._meta.db_table for model in (Province, District, SectorGroup, Theme)]
    counts = ", ".join(f"(SELECT count(*) FROM {t}), (SELECT max(id) FROM {t})" for t in tables)  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + counts)  # the models' own table names, no input
        key = (get_language(), *cursor.fetchone())
    found = _reference_lists.get(key)
    if found and time.monotonic() - found[0] < REFERENCE_SECONDS:
        return found[1]
    provinces = [(row.pk, choice_label(row)) for row in Province.objects.all().in_viewer_order()]
    groups = [(row.pk, choice_label(row)) for row in SectorGroup.objects.all()]
    districts = District.objects.select_related("province").all().in_viewer_order()
    lists = {
        "head_office_province": provinces,
        "registration_province": provinces,
        "provinces": provinces,
        "primary_sector_group": groups,
        "sector_groups": groups,
        "themes": [(row.pk, choice_label(row)) for row in Theme.objects.all()],
        "head_office_district": [(row.pk, choice_label(row)) for row in districts],
    }
    if len(_reference_lists) > 8:  # older keys: languages times reloads
        _reference_lists.clear()
    _reference_lists[key] = (time.monotonic(), lists)
    return lists


class ProfileForm(LaoDigitsMixin, forms.ModelForm):
    """The organization profile, as an applicant or an editor fills it in. Reference lists show in
    Lao order in Lao and alphabetical order in English."""

    class Meta:
        model = Organization
        fields = PROFILE_FORM_FIELDS
        widgets = {
            **dict.fromkeys(["provinces", "sector_groups", "themes"], QuickCheckboxSelectMultiple),
            **dict.fromkeys(
                [
                    "legal_form",
                    "registration_authority",
                    "registration_province",
                    "head_office_province",
                    "head_office_district",
                    "primary_sector_group",
                    "budget_band",
                    "contacts_visibility",
                    "staff_visibility",
                    "registration_visibility",
                ],
                QuickSelect,
            ),
            "registration_date": forms.DateInput(attrs={"type": "date"}),
            "mission_lo": forms.Textarea(attrs={"rows": 3, "lang": "lo"}),
            "mission_en": forms.Textarea(attrs={"rows": 3, "lang": "en"}),
            "description_lo": forms.Textarea(attrs={"rows": 5, "lang": "lo"}),
            "description_en": forms.Textarea(attrs={"rows": 5, "lang": "en"}),
            "name_lo": forms.TextInput(attrs={"lang": "lo"}),
            "name_en": forms.TextInput(attrs={"lang": "en"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, choices in reference_choices().items():
            field = self.fields[name]
            blank = [] if isinstance(field, forms.ModelMultipleChoiceField) else [("", "—")]
            field.choices = blank + choices

    def clean(self):
        data = super().clean()
        district, province = data.get("head_office_district"), data.get("head_office_province")
        if district and province and district.province_id != province.pk:
            self.add_error("head_office_district", _("This district is not in the head office province."))
        if data.get("registration_authority") == Organization.RegistrationAuthority.PROVINCE and not data.get(
            "registration_province"
        ):
            self.add_error("registration_province", _("Which province's office registered the organization?"))
        number = data.get("registration_number")
        if number:
            clash = Organization.objects.filter(
                registration_number=number, registration_authority=data.get("registration_authority")
            )
            if data.get("registration_authority") == Organization.RegistrationAuthority.PROVINCE:
                clash = clash.filter(registration_province=data.get("registration_province"))
            if self.instance.pk:
                clash = clash.exclude(pk=self.instance.pk)
            if clash.exists():
                self.add_error(
                    "registration_number", _("Another organization is already registered with this number.")
                )
        for pair in [("staff_women", "staff_men"), ("volunteers_women", "volunteers_men")]:
            for name in pair:
                if (data.get(name) or 0) > 1_000_000:
                    self.add_error(name, _("This number is too large."))
        return data

    def profile_data(self) -> tuple[dict, dict]:
        """The cleaned data split into plain fields and many-to-many fields, for the services."""
        data = {
            key: self.cleaned_data[key]
            for key in self._meta.fields
            if key not in M2M_FIELDS and key in self.cleaned_data
        }
        m2m = {key: list(self.cleaned_data.get(key) or []) for key in M2M_FIELDS}
        primary = self.cleaned_data.get("primary_sector_group")
        if primary and primary not in m2m["sector_groups"]:
            m2m["sector_groups"].append(primary)  # the main group is one of the organization's groups
        return data, m2m


class EditProfileForm(ProfileForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    logo_upload = forms.FileField(
        label=_("New logo"),
        required=False,
        help_text=_("PNG or JPEG, at most 5 MB. It is resized and cleaned."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["version"] = self.instance.version

    def clean_logo_upload(self):
        upload = self.cleaned_data.get("logo_upload")
        return reencode_image(upload) if upload else None


class ApplicationForm(ProfileForm):
    """A newcomer's application: the profile, a contact person, the certificate and, for a person
    who is not signed in, the account to create."""

    contact_name = forms.CharField(label=_("Contact person"), max_length=200)
    contact_phone = forms.CharField(label=_("Contact phone"), max_length=40, required=False)
    certificate = forms.FileField(
        label=_("Registration certificate"),
        required=False,
        help_text=_("A PDF file or a photo (JPEG or PNG), at most 10 MB."),
    )
    account_email = forms.EmailField(label=_("Your email address"))
    account_name = forms.CharField(label=_("Your full name"), max_length=200)
    account_password = forms.CharField(
        label=_("Choose a password"),
        widget=forms.PasswordInput,
        min_length=10,
        help_text=_("At least 10 characters. A Lao phrase is fine."),
    )

    class Meta(ProfileForm.Meta):
        fields = [field for field in PROFILE_FORM_FIELDS if not field.endswith("_visibility")]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if user is not None and user.is_authenticated:
            for name in ["account_email", "account_name", "account_password"]:
                del self.fields[name]

    def clean_account_email(self):
        email = self.cleaned_data["account_email"]
        if User.objects.filter(email__iexact=email).exists():
            raise ValidationError(
                _("An account with this email address exists already. Please sign in first, then apply.")
            )
        return email

    def clean_certificate(self):
        upload = self.cleaned_data.get("certificate")
        return checked_certificate(upload) if upload else None


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        widget=forms.RadioSelect,
        choices=[
            ("approve", _("Approve: the organization becomes an active member")),
            ("more_info", _("Ask the applicant for more information")),
            ("reject", _("Reject")),
        ],
    )
    message = forms.CharField(
        label=_("Message to the applicant"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Required when you ask for information or reject."),
    )


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("Email address of the new editor"))
