"""Directory exports: the current filters, only the fields the viewer may see."""

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audit_record
from core.exports import csv_response, xlsx_response
from directory.visibility import FIELD_GROUPS, Viewer, can_see_group

COLUMNS = [
    # (field group or None for always public, header, value)
    (None, lambda: _("Name in Lao"), lambda org: org.name_lo),
    (None, lambda: _("Name in English"), lambda org: org.name_en),
    (None, lambda: _("Acronym"), lambda org: org.acronym),
    (None, lambda: _("Legal form"), lambda org: org.get_legal_form_display()),
    (None, lambda: _("Head office province"), lambda org: org.head_office_province.name),
    (None, lambda: _("Main sector group"), lambda org: org.primary_sector_group.name),
    (None, lambda: _("Year founded"), lambda org: org.year_founded),
    (None, lambda: _("Website"), lambda org: org.website),
    ("registration", lambda: _("Registration number"), lambda org: org.registration_number),
    ("registration", lambda: _("Registration date"), lambda org: org.registration_date),
    ("contacts", lambda: _("Phone"), lambda org: org.phone),
    ("contacts", lambda: _("Email"), lambda org: org.email),
    ("contacts", lambda: _("Address"), lambda org: org.address),
    ("staff", lambda: _("Staff: women"), lambda org: org.staff_women),
    ("staff", lambda: _("Staff: men"), lambda org: org.staff_men),
    ("staff", lambda: _("Volunteers: women"), lambda org: org.volunteers_women),
    ("staff", lambda: _("Volunteers: men"), lambda org: org.volunteers_men),
    ("staff", lambda: _("Yearly budget"), lambda org: org.get_budget_band_display()),
]

MAX_ROWS = 20_000


def export_rows(organizations, viewer: Viewer):
    """One row per organization; a cell the viewer may not see for that organization is empty. Columns
    that no organization shows to the viewer are left out altogether."""
    organizations = list(organizations[:MAX_ROWS])
    shown = {group for group in FIELD_GROUPS for org in organizations if can_see_group(viewer, org, group)}
    columns = [column for column in COLUMNS if column[0] is None or column[0] in shown]
    header = [title() for _group, title, _value in columns]
    rows = [
        [
            value(org) if group is None or can_see_group(viewer, org, group) else ""
            for group, _title, value in columns
        ]
        for org in organizations
    ]
    return header, rows


def export_response(request, organizations, *, fmt: str, viewer: Viewer):
    if fmt not in {"csv", "xlsx"}:
        raise Http404
    header, rows = export_rows(organizations, viewer)
    audit_record(
        actor=request.user,
        action="directory.export",
        format=fmt,
        rows=len(rows),
        filters=request.GET.urlencode()[:500],
    )
    filename = f"lao-cso-directory-{timezone.localdate():%Y-%m-%d}"
    if fmt == "csv":
        return csv_response(filename, header, rows)
    return xlsx_response(filename, _("Organizations"), header, rows)
