"""Forms of the governance pages. They check what a person can fix on the form; the services check
again (and decide who may do what)."""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from core.forms import LaoDigitsMixin
from core.models import District, Province, SectorGroup
from directory.models import Organization
from governance.models import (
    ActionItem,
    CommitteeSeat,
    Decision,
    Election,
    Meeting,
    MeetingMinutes,
    Person,
    SectorLeadership,
    Sex,
)
from governance.uploads import checked_document

DATETIME_WIDGET = {"type": "datetime-local"}
DATETIME_FORMAT = "%Y-%m-%dT%H:%M"
LAO = {"lang": "lo"}
ENGLISH = {"lang": "en"}


def datetime_input():
    return forms.DateTimeInput(attrs=DATETIME_WIDGET, format=DATETIME_FORMAT)


def date_input():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def named_choices(rows, blank: bool = True) -> list:
    return ([("", "—")] if blank else []) + [(row.pk, str(row)) for row in rows]


def meeting_choices(limit: int = 200) -> list:
    """The latest meetings, for linking a decision or an election to one (the field's queryset still
    accepts any meeting)."""
    return [("", "—")] + [
        (meeting.pk, f"{meeting.starts_at:%Y-%m-%d} · {meeting.title}")
        for meeting in Meeting.objects.order_by("-starts_at")[:limit]
    ]


def organizations_from_text(text: str) -> tuple[list[Organization], list[str]]:
    """Member organizations named by web address (slug) or acronym, separated by commas."""
    found, unknown = [], []
    for token in [part.strip() for part in text.replace(";", ",").split(",") if part.strip()]:
        matches = list(
            Organization.objects.listed().filter(Q(slug__iexact=token) | Q(acronym__iexact=token))[:2]
        )
        exact = [org for org in matches if org.slug.lower() == token.lower()]
        if exact or len(matches) == 1:
            found.append((exact or matches)[0])
        else:
            unknown.append(token)
    return list(dict.fromkeys(found)), unknown


class MeetingForm(LaoDigitsMixin, forms.ModelForm):
    """Schedule or change a meeting. A sector group's head sees only their own groups."""

    organizer_list = forms.CharField(
        label=_("Organizing member organizations"),
        required=False,
        max_length=500,
        help_text=_("Acronyms or web addresses in the directory, separated by commas, e.g. BNCDA, FCE."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Meeting
        fields = [
            "kind",
            "sector_group",
            "title_lo",
            "title_en",
            "starts_at",
            "ends_at",
            "province",
            "district",
            "venue_lo",
            "venue_en",
            "organizers_lo",
            "organizers_en",
            "agenda_lo",
            "agenda_en",
            "visibility",
            "minutes_visibility",
            "registration_open",
        ]
        widgets = {
            "starts_at": datetime_input(),
            "ends_at": datetime_input(),
            "title_lo": forms.TextInput(attrs=LAO),
            "title_en": forms.TextInput(attrs=ENGLISH),
            "venue_lo": forms.TextInput(attrs=LAO),
            "venue_en": forms.TextInput(attrs=ENGLISH),
            "organizers_lo": forms.TextInput(attrs=LAO),
            "organizers_en": forms.TextInput(attrs=ENGLISH),
            "agenda_lo": forms.Textarea(attrs={"rows": 5, **LAO}),
            "agenda_en": forms.Textarea(attrs={"rows": 5, **ENGLISH}),
        }
        help_texts = {
            "agenda_lo": _("One item a line."),
            "organizers_lo": _(
                "Bodies that are not member organizations, e.g. the Ministry of Home Affairs."
            ),
            "minutes_visibility": _("Minutes are never shown more widely than the meeting itself."),
        }

    def __init__(self, *args, group_ids: set[int] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        groups = SectorGroup.objects.all()
        if group_ids is not None:  # a sector head, not the secretariat
            groups = groups.filter(pk__in=group_ids)
            self.fields["kind"].choices = [(Meeting.Kind.SECTOR_GROUP, Meeting.Kind.SECTOR_GROUP.label)]
            self.fields["sector_group"].required = True
        self.fields["sector_group"].queryset = groups
        self.fields["sector_group"].choices = named_choices(groups, blank=group_ids is None)
        self.fields["province"].choices = named_choices(Province.objects.all().in_viewer_order())
        self.fields["district"].choices = [("", "—")] + [
            (row.pk, f"{row.name} ({row.province.name})")
            for row in District.objects.select_related("province").all().in_viewer_order()
        ]
        self.fields["title_lo"].help_text = _("A title in Lao, in English, or both.")
        if self.instance.pk and not self.is_bound:
            self.initial["version"] = self.instance.version
            self.initial["organizer_list"] = ", ".join(
                org.acronym or org.slug for org in self.instance.organizer_organizations.all()
            )

    def clean_organizer_list(self):
        organizations, unknown = organizations_from_text(self.cleaned_data.get("organizer_list", ""))
        if unknown:
            raise ValidationError(
                _("No active member organization has this acronym or web address: %(names)s."),
                params={"names": ", ".join(unknown)},
            )
        self.organizer_organizations = organizations
        return self.cleaned_data["organizer_list"]

    def _post_clean(self):
        # The service validates and saves; the model's own checks would repeat them with worse messages.
        pass

    def meeting_data(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in self._meta.fields}


class RegistrationForm(LaoDigitsMixin, forms.Form):
    organization = forms.ModelChoiceField(label=_("Organization"), queryset=Organization.objects.none())
    participants_women = forms.IntegerField(label=_("Women"), min_value=0, max_value=500, initial=0)
    participants_men = forms.IntegerField(label=_("Men"), min_value=0, max_value=500, initial=0)
    participants_unspecified = forms.IntegerField(
        label=_("Sex not stated"), min_value=0, max_value=500, initial=0, required=False
    )
    note = forms.CharField(label=_("Note for the organizers"), max_length=300, required=False)

    def __init__(self, *args, organizations=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = (
            organizations if organizations is not None else Organization.objects.none()
        )
        if organizations is not None and len(organizations) == 1:
            self.initial["organization"] = organizations[0].pk

    def clean(self):
        data = super().clean()
        total = sum(
            data.get(name) or 0
            for name in ["participants_women", "participants_men", "participants_unspecified"]
        )
        if not self.errors and total == 0:
            self.add_error("participants_women", _("How many people will come? At least one, please."))
        return data


class AttendanceForm(LaoDigitsMixin, forms.Form):
    attendance_total = forms.IntegerField(label=_("Participants in all"), min_value=0, max_value=100_000)
    attendance_women = forms.IntegerField(label=_("Women"), min_value=0, max_value=100_000)
    attendance_men = forms.IntegerField(label=_("Men"), min_value=0, max_value=100_000)
    attendance_unspecified = forms.IntegerField(
        label=_("Sex not stated"), min_value=0, max_value=100_000, initial=0, required=False
    )
    attended = forms.MultipleChoiceField(
        label=_("Registered organizations that came"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, registrations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attended"].choices = [
            (str(registration.organization_id), registration.organization.name)
            for registration in registrations
        ]
        if not registrations:
            del self.fields["attended"]

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        total, women, men = data["attendance_total"], data["attendance_women"], data["attendance_men"]
        unspecified = data.get("attendance_unspecified") or 0
        if women + men + unspecified != total:
            self.add_error(
                "attendance_total",
                _(
                    "The counts do not add up: %(women)s women + %(men)s men + %(unspecified)s not stated "
                    "make %(sum)s, not %(total)s."
                )
                % {
                    "women": women,
                    "men": men,
                    "unspecified": unspecified,
                    "sum": women + men + unspecified,
                    "total": total,
                },
            )
        return data


class MinutesForm(forms.Form):
    language = forms.ChoiceField(
        label=_("Language of these minutes"), choices=MeetingMinutes.Language.choices
    )
    text = forms.CharField(label=_("Minutes"), required=False, widget=forms.Textarea(attrs={"rows": 12}))
    upload = forms.FileField(
        label=_("File of the minutes"),
        required=False,
        help_text=_("A PDF file, or a JPEG or PNG photo of the signed paper, at most 10 MB."),
    )
    remove_file = forms.BooleanField(label=_("Remove the file saved before"), required=False)

    def clean_upload(self):
        upload = self.cleaned_data.get("upload")
        return checked_document(upload) if upload else None


class ResolutionForm(forms.Form):
    text_lo = forms.CharField(
        label=_("Resolution in Lao"), required=False, widget=forms.Textarea(attrs={"rows": 3, **LAO})
    )
    text_en = forms.CharField(
        label=_("Resolution in English"), required=False, widget=forms.Textarea(attrs={"rows": 3, **ENGLISH})
    )

    def clean(self):
        data = super().clean()
        if not (data.get("text_lo", "").strip() or data.get("text_en", "").strip()):
            self.add_error("text_lo", _("Write the resolution, in Lao or in English."))
        return data


class ActionItemForm(LaoDigitsMixin, forms.Form):
    task_lo = forms.CharField(
        label=_("What, in Lao"), required=False, widget=forms.Textarea(attrs={"rows": 2, **LAO})
    )
    task_en = forms.CharField(
        label=_("What, in English"), required=False, widget=forms.Textarea(attrs={"rows": 2, **ENGLISH})
    )
    responsible_organization = forms.CharField(
        label=_("Responsible member organization"),
        required=False,
        max_length=80,
        help_text=_("Its acronym or web address in the directory."),
    )
    responsible_lo = forms.CharField(label=_("Who, in Lao"), required=False, max_length=200)
    responsible_en = forms.CharField(label=_("Who, in English"), required=False, max_length=200)
    due_on = forms.DateField(label=_("By when"), required=False, widget=date_input())
    resolution = forms.TypedChoiceField(
        label=_("Under resolution"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args, resolutions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.resolutions = {resolution.pk: resolution for resolution in resolutions}
        self.fields["resolution"].choices = [("", "—")] + [
            (resolution.pk, f"{resolution.number}. {resolution.text[:60]}") for resolution in resolutions
        ]

    def clean_responsible_organization(self):
        text = self.cleaned_data.get("responsible_organization", "").strip()
        if not text:
            return None
        found, unknown = organizations_from_text(text)
        if unknown or len(found) != 1:
            raise ValidationError(_("No active member organization has this acronym or web address."))
        return found[0]

    def clean(self):
        data = super().clean()
        if not (data.get("task_lo", "").strip() or data.get("task_en", "").strip()):
            self.add_error("task_lo", _("What is to be done? Write it in Lao or in English."))
        if "responsible_organization" not in self.errors and not (
            data.get("responsible_organization") or data.get("responsible_lo") or data.get("responsible_en")
        ):
            self.add_error(
                "responsible_lo", _("Who is responsible? Choose a member organization or write a name.")
            )
        data["resolution"] = self.resolutions.get(data.get("resolution"))
        return data


class ActionStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ActionItem.Status.choices)


class DecisionForm(LaoDigitsMixin, forms.ModelForm):
    upload = forms.FileField(
        label=_("File"),
        required=False,
        help_text=_("A PDF file, or a JPEG or PNG photo of the paper document, at most 10 MB."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Decision
        fields = [
            "number",
            "issued_on",
            "kind",
            "issuing_body_lo",
            "issuing_body_en",
            "title_lo",
            "title_en",
            "summary_lo",
            "summary_en",
            "term",
            "meeting",
            "visibility",
        ]
        widgets = {
            "issued_on": date_input(),
            "number": forms.TextInput(attrs=LAO),
            "issuing_body_lo": forms.TextInput(attrs=LAO),
            "issuing_body_en": forms.TextInput(attrs=ENGLISH),
            "title_lo": forms.TextInput(attrs=LAO),
            "title_en": forms.TextInput(attrs=ENGLISH),
            "summary_lo": forms.Textarea(attrs={"rows": 4, **LAO}),
            "summary_en": forms.Textarea(attrs={"rows": 4, **ENGLISH}),
        }
        help_texts = {"number": _("As written on the document, e.g. 12/ກພລ.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].choices = meeting_choices()
        if self.instance.pk and not self.is_bound:
            self.initial["version"] = self.instance.version

    def clean_upload(self):
        upload = self.cleaned_data.get("upload")
        return checked_document(upload) if upload else None

    def _post_clean(self):
        pass  # the service validates and saves

    def decision_data(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in self._meta.fields}


class ElectionForm(LaoDigitsMixin, forms.ModelForm):
    class Meta:
        model = Election
        fields = [
            "kind",
            "sector_group",
            "committee_seat",
            "seats",
            "title_lo",
            "title_en",
            "meeting",
            "opens_at",
            "closes_at",
            "tie_rule",
            "term_ends_on",
            "visibility",
        ]
        widgets = {
            "opens_at": datetime_input(),
            "closes_at": datetime_input(),
            "term_ends_on": date_input(),
            "title_lo": forms.TextInput(attrs=LAO),
            "title_en": forms.TextInput(attrs=ENGLISH),
            "tie_rule": forms.RadioSelect,
        }
        help_texts = {
            "seats": _("For deputy heads only; a head or a committee seat is one person."),
            "committee_seat": _("Only for an election to a committee seat."),
            "tie_rule": _("Recorded on the election; it cannot change once voting opens."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sector_group"].choices = named_choices(SectorGroup.objects.all())
        seats = CommitteeSeat.objects.filter(term__ends_on__isnull=True).select_related(
            "term", "sector_group"
        )
        self.fields["committee_seat"].choices = named_choices(seats)
        self.fields["meeting"].choices = meeting_choices()

    def _post_clean(self):
        pass  # the service validates and saves

    def election_data(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in self._meta.fields}


class PersonFields(forms.Form):
    """Choose a person already recorded, or record a new one (a name, sex and position only)."""

    person = forms.ModelChoiceField(
        label=_("A person already recorded"), queryset=Person.objects.none(), required=False
    )
    new_organization = forms.ModelChoiceField(
        label=_("Organization of the new person"), queryset=Organization.objects.none(), required=False
    )
    new_name_lo = forms.CharField(
        label=_("Name in Lao"), max_length=200, required=False, widget=forms.TextInput(attrs=LAO)
    )
    new_name_en = forms.CharField(
        label=_("Name in English"), max_length=200, required=False, widget=forms.TextInput(attrs=ENGLISH)
    )
    new_sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices, initial=Sex.UNSPECIFIED, required=False)
    new_position_lo = forms.CharField(label=_("Position in Lao"), max_length=200, required=False)
    new_position_en = forms.CharField(label=_("Position in English"), max_length=200, required=False)

    person_required = True

    def __init__(self, *args, organizations=None, **kwargs):
        super().__init__(*args, **kwargs)
        organizations = organizations if organizations is not None else Organization.objects.listed()
        self.fields["new_organization"].queryset = organizations
        self.fields["new_organization"].choices = [("", "—")] + [(org.pk, org.name) for org in organizations]
        people = Person.objects.filter(organization__in=organizations).select_related("organization")
        self.fields["person"].queryset = people
        self.fields["person"].choices = [("", "—")] + [
            (person.pk, f"{person.name} ({person.organization.name})") for person in people
        ]

    def clean(self):
        data = super().clean()
        new_name = (data.get("new_name_lo") or "").strip() or (data.get("new_name_en") or "").strip()
        if data.get("person") and new_name:
            self.add_error("person", _("Choose a person already recorded, or record a new one, not both."))
        elif not data.get("person") and new_name and not data.get("new_organization"):
            self.add_error("new_organization", _("Which member organization does the new person work for?"))
        elif not data.get("person") and not new_name and self.person_required:
            self.add_error("person", _("Choose a person, or give the name of a new one."))
        return data

    def new_person_data(self) -> dict:
        return {
            "name_lo": self.cleaned_data.get("new_name_lo", ""),
            "name_en": self.cleaned_data.get("new_name_en", ""),
            "sex": self.cleaned_data.get("new_sex") or Sex.UNSPECIFIED,
            "position_lo": self.cleaned_data.get("new_position_lo", ""),
            "position_en": self.cleaned_data.get("new_position_en", ""),
        }


class NominationForm(PersonFields):
    statement_lo = forms.CharField(
        label=_("Statement of the candidate in Lao"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, **LAO}),
    )
    statement_en = forms.CharField(
        label=_("Statement of the candidate in English"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, **ENGLISH}),
    )


class SeatForm(PersonFields):
    status = forms.ChoiceField(
        label=_("If nobody holds the seat"),
        choices=[
            (CommitteeSeat.Status.VACANT, _("Vacant")),
            (CommitteeSeat.Status.NOT_RECORDED, _("Not recorded")),
        ],
        required=False,
    )
    person_required = False


class LeadershipForm(LaoDigitsMixin, PersonFields):
    role = forms.ChoiceField(label=_("Role"), choices=SectorLeadership.Role.choices)
    starts_on = forms.DateField(label=_("Since"), widget=date_input())
    term_ends_on = forms.DateField(label=_("Term until"), required=False, widget=date_input())


class LeadershipEndForm(LaoDigitsMixin, forms.Form):
    ends_on = forms.DateField(label=_("Ended on"), widget=date_input())


class CandidateResponseForm(forms.Form):
    answer = forms.ChoiceField(
        label=_("Answer"),
        choices=[("accept", _("Accepts the nomination")), ("decline", _("Declines the nomination"))],
        widget=forms.RadioSelect,
    )


class BallotForm(forms.Form):
    """The ballot: one candidate (or up to `seats`), or a blank ballot. Never stored as filled in."""

    organization = forms.ModelChoiceField(label=_("Voting for"), queryset=Organization.objects.none())
    blank = forms.BooleanField(label=_("Cast a blank ballot (vote for nobody)"), required=False)

    def __init__(self, *args, election: Election, candidates, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.election = election
        self.fields["organization"].queryset = Organization.objects.filter(
            pk__in=[org.pk for org in organizations]
        )
        self.fields["organization"].choices = [(org.pk, org.name) for org in organizations]
        if len(organizations) == 1:
            self.fields["organization"].initial = organizations[0].pk
            self.fields["organization"].widget = forms.HiddenInput()
        choices = [
            (str(candidate.pk), f"{candidate.person.name} ({candidate.person.organization.name})")
            for candidate in candidates
        ]
        if election.seats == 1:
            self.fields["choice"] = forms.ChoiceField(
                label=_("Your choice"), choices=choices, widget=forms.RadioSelect, required=False
            )
        else:
            self.fields["choice"] = forms.MultipleChoiceField(
                label=_("Your choices (at most %(seats)s)") % {"seats": election.seats},
                choices=choices,
                widget=forms.CheckboxSelectMultiple,
                required=False,
            )
        self.order_fields(["organization", "choice", "blank"])

    def clean(self):
        data = super().clean()
        chosen = data.get("choice") or []
        chosen = [chosen] if isinstance(chosen, str) else list(chosen)
        if data.get("blank") and chosen:
            self.add_error("blank", _("Either choose candidates or cast a blank ballot, not both."))
        elif not data.get("blank") and not chosen:
            self.add_error("choice", _("Choose a candidate, or tick the box for a blank ballot."))
        elif len(chosen) > self.election.seats:
            self.add_error(
                "choice", _("Choose at most %(seats)s candidates.") % {"seats": self.election.seats}
            )
        data["candidate_ids"] = [int(pk) for pk in chosen]
        return data


class TieBreakForm(forms.Form):
    winners = forms.MultipleChoiceField(label=_("Elected by lot"), widget=forms.CheckboxSelectMultiple)
    note = forms.CharField(
        label=_("How the lots were drawn"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("When and where, and who witnessed it."),
    )

    def __init__(self, *args, tied=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["winners"].choices = [
            (str(tally.candidate_id), tally.candidate.person.name) for tally in tied
        ]


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))


class RepresentativeForm(forms.Form):
    user = forms.ModelChoiceField(label=_("Voting representative"), queryset=User.objects.none())

    def __init__(self, *args, organization: Organization, **kwargs):
        super().__init__(*args, **kwargs)
        roles = organization.roles.select_related("user").filter(user__is_active=True)
        self.fields["user"].queryset = User.objects.filter(pk__in=[role.user_id for role in roles])
        self.fields["user"].choices = [
            (role.user_id, f"{role.user} ({role.get_kind_display()})") for role in roles
        ]


class SectorProfileForm(forms.Form):
    description_lo = forms.CharField(
        label=_("Description in Lao"), required=False, widget=forms.Textarea(attrs={"rows": 6, **LAO})
    )
    description_en = forms.CharField(
        label=_("Description in English"), required=False, widget=forms.Textarea(attrs={"rows": 6, **ENGLISH})
    )
