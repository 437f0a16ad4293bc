"""IATI 2.03 activity XML for the public projects of organizations that publish to IATI.

One <iati-activity> per public project of an active member with an IATI identifier:
- identifier `<organisation identifier>-<project number>`, reporting and implementing organization,
  donors as funding organizations (with their IATI identifier when they publish here too);
- titles and descriptions in English and Lao;
- status and dates; Laos as recipient country; a location per place, its `ref` the Lao p-code of the
  district (or the province), the codes also in its description;
- OECD DAC 5-digit sectors from the editable mapping of the project's themes (else its sector group),
  the percentages adding up to 100; the network's sector group under the reporting organization's own
  vocabulary (99);
- SDG targets as tags of vocabulary 3 (IATI codelist UNSDG-Targets);
- the budget, split into periods of at most one year, shared by days;
- the spending of accepted reports as expenditure transactions.
Files are checked against the official 2.03 schema (reports/iati/schema) in the tests.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from pathlib import Path

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from directory.models import Organization, Visibility
from projects.models import Project, ProjectLocation, ProjectPartner, Report, ReportProject
from reports.models import DacSectorMapping, IatiPublisher

IATI_DIR = Path(__file__).resolve().parent / "iati"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
CENT = Decimal("0.01")

STATUS = {
    Project.Status.PLANNED: "1",  # pipeline/identification
    Project.Status.ONGOING: "2",  # implementation
    Project.Status.COMPLETED: "4",  # closed
    Project.Status.SUSPENDED: "6",  # suspended
}

# The default mapping, seeded by migration 0002 and editable in the admin.
DEFAULT_DAC_MAPPING = {
    ("sector_group", "FARD"): "43040",  # Rural development
    ("sector_group", "EICT"): "16061",  # Culture and recreation
    ("sector_group", "EDSP"): "11120",  # Education facilities and training
    ("sector_group", "ENV"): "41010",  # Environmental policy and administrative management
    ("sector_group", "GOV"): "15150",  # Democratic participation and civil society
    ("sector_group", "LDSP"): "16010",  # Social protection
    ("sector_group", "PH"): "12220",  # Basic health care
    ("theme", "AGRI"): "31120",  # Agricultural development
    ("theme", "FOOD"): "43072",  # Household food security programmes
    ("theme", "HEALTH"): "12220",  # Basic health care
    ("theme", "NRM"): "41030",  # Biodiversity
    ("theme", "ECON"): "32130",  # Small and medium-sized enterprises (SME) development
    ("theme", "CULT"): "16061",  # Culture and recreation
    ("theme", "GENDER"): "15170",  # Women's rights organisations and movements
    ("theme", "SERV"): "15110",  # Public sector policy and administrative management
    ("theme", "JUST"): "15130",  # Legal and judicial development
    ("theme", "EDU"): "11120",  # Education facilities and training
    ("theme", "DRR"): "43060",  # Disaster risk reduction
    ("theme", "LABOUR"): "16020",  # Employment creation
    ("theme", "DISAB"): "16010",  # Social protection
}


@cache
def dac_codes() -> dict[str, str]:
    """Active OECD DAC 5-digit purpose codes and their names (IATI Sector codelist)."""
    tree = ET.parse(IATI_DIR / "codelists" / "Sector.xml")  # noqa: S314 - our own shipped codelist
    codes = {}
    for item in tree.getroot().iter("codelist-item"):
        if item.get("status", "active") != "active":
            continue
        code = item.findtext("code")
        name = item.findtext("name/narrative") or ""
        if code:
            codes[code] = name
    return codes


def mapping_table() -> list[tuple[str, str, str, str]]:
    """(source, code, DAC code, DAC name) of the current mapping, for the IATI page."""
    names = dac_codes()
    return [
        (row.get_source_display(), row.code, row.dac_code, names.get(row.dac_code, ""))
        for row in DacSectorMapping.objects.all()
    ]


def percentages(count: int) -> list[int]:
    """`count` whole percentages adding up to 100."""
    base, extra = divmod(100, count)
    return [base + (1 if index < extra else 0) for index in range(count)]


def budget_periods(start: date, end: date, amount: Decimal) -> list[tuple[date, date, Decimal]]:
    """The budget split into periods of at most a year (IATI's rule), shared by days, adding up."""
    periods = []
    cursor = start
    while cursor <= end:
        try:
            next_start = cursor.replace(year=cursor.year + 1)
        except ValueError:  # 29 February
            next_start = cursor.replace(year=cursor.year + 1, day=28)
        period_end = min(next_start - timedelta(days=1), end)
        periods.append((cursor, period_end))
        cursor = period_end + timedelta(days=1)
    total_days = (end - start).days + 1
    shares = []
    given = Decimal(0)
    for index, (first, last) in enumerate(periods):
        if index == len(periods) - 1:
            share = amount - given
        else:
            share = (amount * ((last - first).days + 1) / total_days).quantize(CENT, rounding=ROUND_HALF_UP)
            given += share
        shares.append((first, last, share))
    return shares


def _el(parent: ET.Element, tag: str, text: str | None = None, **attributes) -> ET.Element:
    element = ET.SubElement(
        parent, tag, {key.replace("_", "-"): str(value) for key, value in attributes.items()}
    )
    if text is not None:
        element.text = text
    return element


def _narratives(parent: ET.Element, *, lo: str = "", en: str = "") -> None:
    """English first (the activity's default language), then Lao marked with xml:lang."""
    if en:
        _el(parent, "narrative", en)
    if lo:
        _el(parent, "narrative", lo).set(XML_LANG, "lo")
    if not (en or lo):
        _el(parent, "narrative", "—")


@dataclass
class Context:
    mapping: dict[tuple[str, str], str]
    publishers_by_org: dict[int, IatiPublisher]
    today: date


def _dac_sectors(project: Project, mapping: dict[tuple[str, str], str]) -> list[str]:
    codes = []
    for theme in project.themes.all():
        code = mapping.get(("theme", theme.code))
        if code and code not in codes:
            codes.append(code)
    if not codes:
        code = mapping.get(("sector_group", project.sector_group.code))
        if code:
            codes.append(code)
    return codes


def activity_element(publisher: IatiPublisher, project: Project, context: Context) -> ET.Element:
    organization = publisher.organization
    activity = ET.Element(
        "iati-activity",
        {
            "last-updated-datetime": timezone.localtime(project.updated_at)
            .replace(microsecond=0)
            .isoformat(),
            XML_LANG: "en",
            "default-currency": project.budget_currency or "LAK",
            "hierarchy": "1",
        },
    )
    _el(activity, "iati-identifier", f"{publisher.identifier}-{project.pk}")
    reporting = _el(activity, "reporting-org", ref=publisher.identifier, type=publisher.organisation_type)
    _narratives(reporting, lo=organization.name_lo, en=organization.name_en)
    _narratives(_el(activity, "title"), lo=project.title_lo, en=project.title_en)
    description = _el(activity, "description", type="1")
    if project.summary_lo or project.summary_en:
        _narratives(description, lo=project.summary_lo, en=project.summary_en)
    else:
        _narratives(description, lo=project.title_lo, en=project.title_en)
    for partner in project.partners.all():
        if partner.role != ProjectPartner.Role.DONOR:
            continue
        attributes = {"role": "1"}
        donor = context.publishers_by_org.get(partner.organization_id) if partner.organization_id else None
        if donor is not None:
            attributes.update(ref=donor.identifier, type=donor.organisation_type)
        element = _el(activity, "participating-org", **attributes)
        if partner.organization_id:
            _narratives(element, lo=partner.organization.name_lo, en=partner.organization.name_en)
        else:
            _el(element, "narrative", partner.name)
    implementing = _el(
        activity, "participating-org", ref=publisher.identifier, type=publisher.organisation_type, role="4"
    )
    _narratives(implementing, lo=organization.name_lo, en=organization.name_en)
    for partner in project.partners.all():
        if partner.role != ProjectPartner.Role.IMPLEMENTING:
            continue
        other = context.publishers_by_org.get(partner.organization_id) if partner.organization_id else None
        attributes = {"role": "4"}
        if other is not None:
            attributes.update(ref=other.identifier, type=other.organisation_type)
        element = _el(activity, "participating-org", **attributes)
        if partner.organization_id:
            _narratives(element, lo=partner.organization.name_lo, en=partner.organization.name_en)
        else:
            _el(element, "narrative", partner.name)
    _el(activity, "activity-status", code=STATUS.get(project.status, "2"))
    started = project.starts_on <= context.today and project.status != Project.Status.PLANNED
    _el(activity, "activity-date", iso_date=project.starts_on.isoformat(), type="2" if started else "1")
    if project.ends_on:
        ended = project.ends_on <= context.today and project.status == Project.Status.COMPLETED
        _el(activity, "activity-date", iso_date=project.ends_on.isoformat(), type="4" if ended else "3")
    _el(activity, "recipient-country", code="LA", percentage="100")
    for index, place in enumerate(project.locations.all(), start=1):
        code = place.district.code if place.district_id else place.province.code
        location = _el(activity, "location", ref=f"{code}-{index}")
        _el(location, "location-reach", code="1")
        names_en = [
            place.village,
            place.district.name_en if place.district_id else "",
            place.province.name_en,
        ]
        names_lo = [
            place.village,
            place.district.name_lo if place.district_id else "",
            place.province.name_lo,
        ]
        _narratives(
            _el(location, "name"),
            lo=", ".join(part for part in names_lo if part),
            en=", ".join(part for part in names_en if part),
        )
        codes = f"province {place.province.code}" + (
            f", district {place.district.code}" if place.district_id else ""
        )
        _el(_el(location, "description"), "narrative", f"Lao p-codes: {codes}")
        _el(location, "exactness", code="2")
        if place.village:
            _el(location, "location-class", code="2")  # populated place
            _el(location, "feature-designation", code="PPL")
        else:
            _el(location, "location-class", code="1")  # administrative region
            _el(location, "feature-designation", code="ADM2" if place.district_id else "ADM1")
    sectors = _dac_sectors(project, context.mapping)
    for code, share in zip(sectors, percentages(len(sectors)) if sectors else [], strict=True):
        _el(activity, "sector", vocabulary="1", code=code, percentage=str(share))
    group = _el(activity, "sector", vocabulary="99", code=project.sector_group.code, percentage="100")
    _narratives(group, lo=project.sector_group.name_lo, en=project.sector_group.name_en)
    for target in project.sdg_targets.all():
        _el(activity, "tag", vocabulary="3", code=target.code)
    if project.budget_amount is not None and project.ends_on and project.budget_amount > 0:
        for first, last, share in budget_periods(project.starts_on, project.ends_on, project.budget_amount):
            budget = _el(activity, "budget", type="1", status="1")
            _el(budget, "period-start", iso_date=first.isoformat())
            _el(budget, "period-end", iso_date=last.isoformat())
            _el(
                budget,
                "value",
                f"{share:.2f}",
                currency=project.budget_currency or "LAK",
                value_date=first.isoformat(),
            )
    for line in project.accepted_lines:
        if line.spending_amount is None:
            continue
        reporting_round = line.report.round
        day = min(reporting_round.period_end, context.today)
        transaction = _el(
            activity, "transaction", ref=f"{publisher.identifier}-{project.pk}-R{reporting_round.pk}"
        )
        _el(transaction, "transaction-type", code="4")  # expenditure
        _el(transaction, "transaction-date", iso_date=day.isoformat())
        _el(
            transaction,
            "value",
            f"{line.spending_amount:.2f}",
            currency=line.spending_currency or "LAK",
            value_date=day.isoformat(),
        )
        _narratives(
            _el(transaction, "description"),
            lo=f"ລາຍຈ່າຍ ທີ່ລາຍງານໃນ {reporting_round.title_lo}",
            en=f"Spending reported in {reporting_round.title_en or reporting_round.title_lo}",
        )
    return activity


def public_projects(organizations: list[Organization]) -> QuerySet:
    """Public projects of these organizations (active members only), with what an activity needs."""
    return (
        Project.objects.filter(
            organization__in=organizations,
            organization__status=Organization.Status.ACTIVE,
            visibility=Visibility.PUBLIC,
        )
        .select_related("sector_group", "organization")
        .prefetch_related(
            "themes",
            "sdg_targets",
            Prefetch("locations", queryset=ProjectLocation.objects.select_related("province", "district")),
            Prefetch("partners", queryset=ProjectPartner.objects.select_related("organization")),
            Prefetch(
                "report_lines",
                queryset=ReportProject.objects.filter(report__status=Report.Status.ACCEPTED)
                .select_related("report__round")
                .order_by("report__round__period_end", "pk"),
                to_attr="accepted_lines",
            ),
        )
        .order_by("organization_id", "pk")
    )


def has_activities(publishers: list[IatiPublisher]) -> bool:
    return public_projects([p.organization for p in publishers]).exists()


def activities_xml(publishers: list[IatiPublisher]) -> Iterator[str]:
    """The IATI activities file of these publishers, in pieces (for a streaming response)."""
    by_org = {publisher.organization_id: publisher for publisher in publishers}
    context = Context(
        mapping={(row.source, row.code): row.dac_code for row in DacSectorMapping.objects.all()},
        publishers_by_org={p.organization_id: p for p in IatiPublisher.objects.all()},
        today=timezone.localdate(),
    )
    generated = timezone.now().replace(microsecond=0).isoformat()
    yield '<?xml version="1.0" encoding="UTF-8"?>\n'
    yield f'<iati-activities version="2.03" generated-datetime="{generated}">\n'
    for project in public_projects(list(by_org)).iterator(chunk_size=500):
        element = activity_element(by_org[project.organization_id], project, context)
        yield ET.tostring(element, encoding="unicode") + "\n"
    yield "</iati-activities>\n"
