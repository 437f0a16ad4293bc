from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

import lao
from core.forms import LaoDigitsMixin
from core.images import reencode_image
from core.models import District, EthnicGroup, PlanOutcome, Province, SdgGoal, SdgTarget, SectorGroup, Theme
from directory.models import Organization
from projects.models import MAX_PEOPLE, MAX_STAFF, Currency, Project, ProjectPartner, ReportingRound
from projects.services import (
    LINE_FIELDS,
    PEOPLE,
    line_problems,
    partner_organizations,
    project_problems,
    report_figures_problems,
    round_problems,
)

MAX_PROJECT_LOCATIONS = 30
MAX_PROJECT_PARTNERS = 20


def without_separators(value):
    """People type "1,500,000" or "1 500 000": thousands separators are dropped (decimals take a point)."""
    if isinstance(value, str):
        return lao.to_arabic_digits(value).replace(",", "").replace(" ", "").replace("\u00a0", "")
    return value


class AmountField(forms.DecimalField):
    def __init__(self, **kwargs):
        kwargs.setdefault("max_digits", 18)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("min_value", Decimal(0))
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", _("Digits only; a point for decimals. Lao digits are fine."))
        super().__init__(**kwargs)
        self.widget.input_type = "text"
        self.widget.attrs.update({"inputmode": "decimal"})
        self.widget.attrs.pop("step", None)

    def to_python(self, value):
        return super().to_python(without_separators(value))


class CountField(forms.IntegerField):
    def __init__(self, *, maximum=MAX_PEOPLE, **kwargs):
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("max_value", maximum)
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.widget.input_type = "text"
        self.widget.attrs.update({"inputmode": "numeric"})
        for name in ("min", "max", "step"):
            self.widget.attrs.pop(name, None)

    def to_python(self, value):
        return super().to_python(without_separators(value))


def grouped_districts() -> list:
    """Districts grouped under their province, in the viewer's order."""
    groups = []
    districts = list(District.objects.select_related("province"))
    for province in Province.objects.all().in_viewer_order():
        rows = [district for district in districts if district.province_id == province.pk]
        rows = sorted(rows, key=lambda row: lao.sort_key(row.name_lo or row.name_en)) if rows else rows
        groups.append((province.name, [(row.pk, row.name) for row in rows]))
    return groups


def grouped_targets() -> list:
    goals = {goal.pk: goal for goal in SdgGoal.objects.all()}
    groups: dict = {}
    for target in SdgTarget.objects.all():
        title = target.title
        label = f"{target.code} {title[:90]}{'…' if len(title) > 90 else ''}"
        groups.setdefault(target.goal_id, []).append((target.pk, label))
    return [(str(goals[goal_id]), rows) for goal_id, rows in groups.items()]


def find_partner_organization(name: str) -> Organization | None:
    """A partner typed by name is linked to the directory when the name is exactly one active
    member's acronym or name."""
    return partner_organizations([name]).get(name.strip())


class ProjectForm(LaoDigitsMixin, forms.ModelForm):
    """A project as its organization's editors fill it in; places and partners are formsets beside it."""

    budget_amount = AmountField(label=_("Budget"))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Project
        fields = [
            "title_lo",
            "title_en",
            "summary_lo",
            "summary_en",
            "status",
            "starts_on",
            "ends_on",
            "sector_group",
            "themes",
            "sdg_targets",
            "plan_outcomes",
            "government_counterpart",
            "budget_amount",
            "budget_currency",
            "visibility",
        ]
        widgets = {
            "title_lo": forms.TextInput(attrs={"lang": "lo"}),
            "title_en": forms.TextInput(attrs={"lang": "en"}),
            "summary_lo": forms.Textarea(attrs={"rows": 4, "lang": "lo"}),
            "summary_en": forms.Textarea(attrs={"rows": 4, "lang": "en"}),
            "starts_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "ends_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "themes": forms.CheckboxSelectMultiple,
            "plan_outcomes": forms.CheckboxSelectMultiple,
            "sdg_targets": forms.SelectMultiple(attrs={"size": 8}),
        }
        help_texts = {
            "visibility": _("Budget and figures follow the same choice."),
            "sdg_targets": _("Hold Ctrl (or ⌘) to choose several."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sector_group"].choices = [("", "—")] + [
            (row.pk, row.name) for row in SectorGroup.objects.all()
        ]
        self.fields["themes"].choices = [(row.pk, row.name) for row in Theme.objects.all()]
        self.fields["sdg_targets"].choices = grouped_targets()
        self.fields["plan_outcomes"].choices = [
            (row.pk, str(row)) for row in PlanOutcome.objects.select_related("framework")
        ]
        self.fields["budget_currency"].required = False
        if not self.is_bound:
            self.initial["version"] = self.instance.version if self.instance.pk else 0

    def _post_clean(self):
        """No model validation here: the checks are services.project_problems, shared with the
        spreadsheet import, whose messages name the field (a model constraint names none). The form
        leaves the instance untouched; the service writes it."""

    def project_data(self) -> tuple[dict, dict]:
        data = {
            key: self.cleaned_data.get(key)
            for key in self._meta.fields
            if key not in ("themes", "sdg_targets", "plan_outcomes")
        }
        for key in ("title_lo", "title_en", "summary_lo", "summary_en", "government_counterpart"):
            data[key] = data[key] or ""
        m2m = {
            key: list(self.cleaned_data.get(key) or []) for key in ("themes", "sdg_targets", "plan_outcomes")
        }
        return data, m2m


class LocationForm(forms.Form):
    province = forms.ModelChoiceField(Province.objects.all(), label=_("Province"), required=False)
    district = forms.ModelChoiceField(District.objects.all(), label=_("District"), required=False)
    village = forms.CharField(
        label=_("Village"), max_length=200, required=False, widget=forms.TextInput(attrs={"lang": "lo"})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["province"].choices = [("", "—")] + [
            (row.pk, row.name) for row in Province.objects.all().in_viewer_order()
        ]
        self.fields["district"].choices = [("", "—"), *grouped_districts()]

    def clean(self):
        data = super().clean()
        if not data.get("province") and (data.get("district") or data.get("village")):
            self.add_error("province", _("Choose a province."))
        return data


class PartnerForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=ProjectPartner.Role.choices, required=False)
    name = forms.CharField(
        label=_("Name"),
        max_length=300,
        required=False,
        help_text=_("A member organization's exact name or acronym links to its profile."),
    )


LocationFormSet = forms.formset_factory(
    LocationForm, extra=2, max_num=MAX_PROJECT_LOCATIONS, absolute_max=MAX_PROJECT_LOCATIONS
)
PartnerFormSet = forms.formset_factory(
    PartnerForm, extra=2, max_num=MAX_PROJECT_PARTNERS, absolute_max=MAX_PROJECT_PARTNERS
)


def location_initial(project: Project | None) -> list[dict]:
    if project is None or not project.pk:
        return []
    return [
        {"province": row.province_id, "district": row.district_id, "village": row.village}
        for row in project.locations.all()
    ]


def partner_initial(project: Project | None) -> list[dict]:
    if project is None or not project.pk:
        return []
    return [
        {"role": row.role, "name": row.display_name}
        for row in project.partners.select_related("organization")
    ]


class ProjectEditor:
    """The project form with its places and partners, validated together with the same checks as the
    spreadsheet import (project_problems), errors attached to the fields they are about."""

    def __init__(self, data=None, *, instance: Project | None = None):
        self.form = ProjectForm(data, instance=instance)
        self.locations = LocationFormSet(
            data, prefix="location", initial=None if data else location_initial(instance)
        )
        self.partners = PartnerFormSet(
            data, prefix="partner", initial=None if data else partner_initial(instance)
        )
        self.location_rows: list[dict] = []
        self.partner_rows: list[dict] = []

    def is_valid(self) -> bool:
        if not self.form.is_bound:  # a POST without any field: show the empty form again
            return False
        self.form.is_valid()
        self.locations.is_valid()
        self.partners.is_valid()
        self.location_rows, self.location_forms = [], []
        for form in self.locations.forms:
            row = getattr(form, "cleaned_data", {})
            if row.get("province"):
                self.location_rows.append(
                    {
                        "province": row["province"],
                        "district": row.get("district"),
                        "village": row.get("village", ""),
                    }
                )
                self.location_forms.append(form)
        self.partner_rows = []
        for form in self.partners.forms:
            name = (getattr(form, "cleaned_data", {}).get("name") or "").strip()
            if name:
                self.partner_rows.append(
                    {
                        "role": form.cleaned_data.get("role") or ProjectPartner.Role.DONOR,
                        "name": name,
                        "organization": find_partner_organization(name),
                    }
                )
        data, _m2m = self.form.project_data()
        self.attach(project_problems(data, self.location_rows, self.partner_rows))
        return not self.has_errors()

    def has_errors(self) -> bool:
        return bool(
            self.form.errors
            or any(self.locations.errors)
            or self.locations.non_form_errors()
            or any(self.partners.errors)
            or self.partners.non_form_errors()
        )

    def attach(self, problems: dict[str, list[str]]) -> None:
        """Put each problem on its field (a place's on that row of the formset), unless the field
        already has an error (an empty date needs no second message)."""
        for key, messages in problems.items():
            for message in messages:
                if key.startswith("locations."):
                    _prefix, number, name = key.split(".")
                    form = self.location_forms[int(number)]
                    if name not in form.errors:
                        form.add_error(name, message)
                elif key == "locations":
                    if "province" not in self.locations.forms[0].errors:
                        self.locations.forms[0].add_error("province", message)
                elif key in self.form.fields:
                    if key not in self.form.errors:
                        self.form.add_error(key, message)
                else:
                    self.form.add_error(None, message)


# --- reports ------------------------------------------------------------------------------------


class ReportFiguresForm(LaoDigitsMixin, forms.Form):
    staff_women = CountField(label=_("Staff: women"), maximum=MAX_STAFF)
    staff_men = CountField(label=_("Staff: men"), maximum=MAX_STAFF)
    volunteers_women = CountField(label=_("Volunteers: women"), maximum=MAX_STAFF)
    volunteers_men = CountField(label=_("Volunteers: men"), maximum=MAX_STAFF)
    spending_amount = AmountField(label=_("Spending in the period"))
    spending_currency = forms.ChoiceField(label=_("Currency"), choices=Currency.choices, initial=Currency.LAK)
    version = forms.IntegerField(widget=forms.HiddenInput)
    # A new key each time the form is opened: the same sending (an offline draft sent again) is applied once.
    idempotency_key = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def clean(self):
        data = super().clean()
        for key, messages in report_figures_problems(data).items():
            for message in messages:
                if key not in self.errors:
                    self.add_error(key, message)
        return data


class ReportLineForm(LaoDigitsMixin, forms.Form):
    spending_amount = AmountField(label=_("Spending on this project in the period"))
    spending_currency = forms.ChoiceField(label=_("Currency"), choices=Currency.choices, initial=Currency.LAK)
    women = CountField(label=_("Women reached"))
    men = CountField(label=_("Men reached"))
    girls = CountField(label=_("Girls reached"))
    boys = CountField(label=_("Boys reached"))
    disabled_women = CountField(label=_("Of them, women with disabilities"))
    disabled_men = CountField(label=_("Of them, men with disabilities"))
    disabled_girls = CountField(label=_("Of them, girls with disabilities"))
    disabled_boys = CountField(label=_("Of them, boys with disabilities"))
    ethnic_groups = forms.ModelMultipleChoiceField(
        EthnicGroup.objects.all(),
        label=_("Ethnic groups reached"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_("Hold Ctrl (or ⌘) to choose several."),
    )
    results_lo = forms.CharField(
        label=_("Results in Lao"), required=False, widget=forms.Textarea(attrs={"rows": 4, "lang": "lo"})
    )
    results_en = forms.CharField(
        label=_("Results in English"), required=False, widget=forms.Textarea(attrs={"rows": 4, "lang": "en"})
    )

    def __init__(self, *args, project=None, line=None, comments=(), ethnic_choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.project, self.line, self.comments = project, line, list(comments)
        if ethnic_choices is None:
            ethnic_choices = ethnic_group_choices()
        self.fields["ethnic_groups"].choices = ethnic_choices

    def clean(self):
        data = super().clean()
        for key, messages in line_problems(data).items():
            for message in messages:
                if key not in self.errors:
                    self.add_error(key, message)
        return data

    def line_data(self) -> dict:
        data = {key: self.cleaned_data.get(key) for key in LINE_FIELDS}
        data["results_lo"] = data["results_lo"] or ""
        data["results_en"] = data["results_en"] or ""
        data["ethnic_groups"] = list(self.cleaned_data.get("ethnic_groups") or [])
        return data


def ethnic_group_choices() -> list[tuple[int, str]]:
    return [(row.pk, row.name) for row in EthnicGroup.objects.all().in_viewer_order()]


def line_initial(line) -> dict:
    if line is None:
        return {}
    initial = {key: getattr(line, key) for key in LINE_FIELDS}
    initial["ethnic_groups"] = [group.pk for group in line.ethnic_groups.all()]
    return initial


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label=_("General comment"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    figures_comment = forms.CharField(
        label=_("Comment on the organization figures"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, lines=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.line_fields = []
        for line in lines:
            name = f"line_{line.pk}"
            self.fields[name] = forms.CharField(
                label=_("Comment on: %(project)s") % {"project": line.project.title},
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.line_fields.append((line.pk, name))

    def line_comments(self) -> dict[int, str]:
        return {pk: self.cleaned_data.get(name, "") for pk, name in self.line_fields}


class AcceptForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is the report reopened?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The organization sees this reason; it is kept in the report's history."),
    )


class PhotoForm(forms.Form):
    image = forms.FileField(
        label=_("Photo"), help_text=_("JPEG or PNG, at most 5 MB. It is resized and cleaned.")
    )
    caption = forms.CharField(label=_("Caption"), max_length=300, required=False)

    def clean_image(self):
        return reencode_image(self.cleaned_data["image"], max_side=1600)


class UploadForm(forms.Form):
    file = forms.FileField(label=_("Spreadsheet (XLSX)"))


# --- rounds -------------------------------------------------------------------------------------


class RoundForm(LaoDigitsMixin, forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = ReportingRound
        fields = ["title_lo", "title_en", "period_start", "period_end", "deadline", "reminder_days"]
        widgets = {
            "title_lo": forms.TextInput(attrs={"lang": "lo"}),
            "title_en": forms.TextInput(attrs={"lang": "en"}),
            "period_start": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "period_end": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "deadline": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["version"] = self.instance.version if self.instance.pk else 0

    def clean(self):
        data = super().clean()
        for key, messages in round_problems(data).items():
            for message in messages:
                if key not in self.errors:
                    self.add_error(key, message)
        return data


class OpenRoundForm(RoundForm):
    sector_groups = forms.ModelMultipleChoiceField(
        SectorGroup.objects.all(),
        label=_("Only these sector groups"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave empty to ask every active member organization."),
    )
    provinces = forms.ModelMultipleChoiceField(
        Province.objects.all(),
        label=_("Only organizations with a head office in these provinces"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave empty for every province."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sector_groups"].choices = [(row.pk, row.name) for row in SectorGroup.objects.all()]
        self.fields["provinces"].choices = [
            (row.pk, row.name) for row in Province.objects.all().in_viewer_order()
        ]


class RatesForm(LaoDigitsMixin, forms.Form):
    """Kip per unit of each currency, for the round's totals."""

    def __init__(self, *args, reporting_round=None, **kwargs):
        super().__init__(*args, **kwargs)
        existing = (
            {rate.currency: rate.lak_per_unit for rate in reporting_round.rates.all()}
            if reporting_round
            else {}
        )
        for value, label in Currency.choices:
            if value == Currency.LAK:
                continue
            field = AmountField(
                label=label, decimal_places=6, help_text=_("Kip for one unit; empty if not used.")
            )
            field.initial = existing.get(value)
            self.fields[value] = field

    def clean(self):
        data = super().clean()
        for key, value in data.items():
            if value is not None and value <= 0:
                self.add_error(key, _("An exchange rate must be a positive number of kip."))
        return data


class AddOrganizationForm(forms.Form):
    organization = forms.CharField(
        label=_("Organization"),
        max_length=255,
        help_text=_("Its acronym, English name or web address in the directory."),
    )

    def clean_organization(self):
        text = self.cleaned_data["organization"].strip()
        matches = Organization.objects.listed().filter(
            Q(slug=text) | Q(acronym__iexact=text) | Q(name_en__iexact=text) | Q(name_lo=lao.clean(text))
        )[:2]
        if len(matches) != 1:
            raise ValidationError(_("No single active member organization matches this name."))
        return matches[0]


__all__ = ["PEOPLE"]
