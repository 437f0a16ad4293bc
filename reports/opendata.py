"""Open data: bulk downloads of everything public, as CSV, XLSX, JSON and GeoJSON.

Only what an anonymous visitor may see goes in: active members and the field groups each organization
shares with everyone (directory.visibility), public projects of active members, and the public
dashboard figures. Columns have stable English names (`snake_case`), the same in every format.

Files are made by `build_open_data` (daily from cron) and kept in the media storage; a download finds
the file made within the last day, or makes it then. The page shows when each file was made.
"""

from __future__ import annotations

import csv
import io
import json
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.db.models import Count, Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.exports import safe_cell
from core.models import District, Province
from directory.models import Organization, Visibility
from directory.visibility import ANONYMOUS, can_see_group
from projects.models import Project, ProjectLocation, ProjectPartner, Report, ReportingRound
from reports import geo
from reports.models import Dimension, FigureRow, RoundSnapshot

FOLDER = "open-data"
MANIFEST = f"{FOLDER}/manifest.json"
MAX_AGE = timedelta(hours=getattr(settings, "OPEN_DATA_MAX_AGE_HOURS", 24))
XLSX_MAX_ROWS = 1_048_575  # a worksheet's limit, less the header
LICENCE = {
    "name": "Creative Commons Attribution 4.0 International (CC BY 4.0)",
    "url": "https://creativecommons.org/licenses/by/4.0/",
    "attribution": "Lao CSO Platform — Lao CSO Coordination Office",
}
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
    "geojson": "application/geo+json",
}
TABULAR = ("csv", "xlsx", "json")


def _iso(value):
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _excel(value):
    """Spreadsheets have no time zones: a moment is written in Lao time."""
    if isinstance(value, datetime) and value.tzinfo is not None:
        return timezone.localtime(value).replace(tzinfo=None)
    return value


def _codes(items: Iterable, attribute: str = "code") -> str:
    return ";".join(str(getattr(item, attribute)) for item in items)


# --- the datasets -------------------------------------------------------------------------------


def organization_rows() -> tuple[list[str], Iterator[list]]:
    header = [
        "slug", "name_lo", "name_en", "acronym", "legal_form", "head_office_province_code",
        "head_office_district_code", "main_sector_group", "sector_groups", "provinces_of_work", "themes",
        "year_founded", "website", "facebook", "mission_lo", "mission_en", "profile_url",
        "registration_number", "registration_date", "registration_authority", "registration_province_code",
        "phone", "email", "address",
        "staff_women", "staff_men", "volunteers_women", "volunteers_men", "budget_band",
    ]  # fmt: skip
    organizations = (
        Organization.objects.listed()
        .select_related(
            "head_office_province", "head_office_district", "primary_sector_group", "registration_province"
        )
        .prefetch_related("sector_groups", "provinces", "themes")
        .order_by("pk")
    )

    def rows():
        for org in organizations.iterator(chunk_size=2000):
            registration = can_see_group(ANONYMOUS, org, "registration")
            contacts = can_see_group(ANONYMOUS, org, "contacts")
            staff = can_see_group(ANONYMOUS, org, "staff")
            yield [
                org.slug, org.name_lo, org.name_en, org.acronym, org.legal_form,
                org.head_office_province.code,
                org.head_office_district.code if org.head_office_district_id else "",
                org.primary_sector_group.code, _codes(org.sector_groups.all()), _codes(org.provinces.all()),
                _codes(org.themes.all()), org.year_founded, org.website, org.facebook, org.mission_lo,
                org.mission_en, settings.SITE_URL + reverse("directory:org-detail", args=[org.slug]),
                org.registration_number if registration else "",
                org.registration_date if registration else None,
                org.registration_authority if registration else "",
                org.registration_province.code if registration and org.registration_province_id else "",
                org.phone if contacts else "",
                org.email if contacts else "",
                org.address if contacts else "",
                org.staff_women if staff else None,
                org.staff_men if staff else None,
                org.volunteers_women if staff else None,
                org.volunteers_men if staff else None,
                org.budget_band if staff else "",
            ]  # fmt: skip

    return header, rows()


def public_projects():
    return Project.objects.visible_to(ANONYMOUS)


def project_rows() -> tuple[list[str], Iterator[list]]:
    header = [
        "id", "url", "organization_slug", "organization_name_lo", "organization_name_en", "title_lo",
        "title_en",
        "summary_lo", "summary_en", "status", "starts_on", "ends_on", "sector_group", "themes", "sdg_targets",
        "plan_outcomes", "province_codes", "district_codes", "donors", "implementing_partners",
        "government_counterpart", "budget_amount", "budget_currency", "updated_at",
    ]  # fmt: skip
    projects = (
        public_projects()
        .select_related("organization", "sector_group")
        .prefetch_related(
            "themes",
            "sdg_targets",
            "plan_outcomes__framework",
            Prefetch("locations", queryset=ProjectLocation.objects.select_related("province", "district")),
            Prefetch("partners", queryset=ProjectPartner.objects.select_related("organization")),
        )
        .order_by("pk")
    )

    def rows():
        for project in projects.iterator(chunk_size=2000):
            places = list(project.locations.all())
            partners = list(project.partners.all())
            yield [
                project.pk, settings.SITE_URL + reverse("projects:project-detail", args=[project.pk]),
                project.organization.slug, project.organization.name_lo, project.organization.name_en,
                project.title_lo, project.title_en, project.summary_lo, project.summary_en, project.status,
                project.starts_on, project.ends_on, project.sector_group.code, _codes(project.themes.all()),
                _codes(project.sdg_targets.all()),
                ";".join(f"{o.framework.code}-{o.number}" for o in project.plan_outcomes.all()),
                ";".join(dict.fromkeys(place.province.code for place in places)),
                ";".join(place.district.code for place in places if place.district_id),
                ";".join(p.display_name for p in partners if p.role == ProjectPartner.Role.DONOR),
                ";".join(p.display_name for p in partners if p.role == ProjectPartner.Role.IMPLEMENTING),
                project.government_counterpart, project.budget_amount,
                project.budget_currency if project.budget_amount is not None else "", project.updated_at,
            ]  # fmt: skip

    return header, rows()


def place_rows() -> tuple[list[str], Iterator[list]]:
    header = [
        "project_id",
        "province_code",
        "province_name_en",
        "province_name_lo",
        "district_code",
        "district_name_en",
        "district_name_lo",
        "village",
    ]
    places = (
        ProjectLocation.objects.filter(project__in=public_projects())
        .select_related("province", "district")
        .order_by("project_id", "pk")
    )

    def rows():
        for place in places.iterator(chunk_size=5000):
            district = place.district
            yield [
                place.project_id,
                place.province.code,
                place.province.name_en,
                place.province.name_lo,
                district.code if district else "",
                district.name_en if district else "",
                district.name_lo if district else "",
                place.village,
            ]

    return header, rows()


FIGURE_COLUMNS = [
    "organizations",
    "projects",
    "women",
    "men",
    "girls",
    "boys",
    "disabled_women",
    "disabled_men",
    "disabled_girls",
    "disabled_boys",
    "spending_lak",
]


def figure_rows(dimension: str) -> tuple[list[str], Iterator[list]]:
    """The public dashboard figures of every round with accepted reports, by province or district."""
    model = Province if dimension == Dimension.PROVINCE else District
    names = {row.code: row for row in model.objects.all()}
    header = [
        "round_id",
        "round_title_lo",
        "round_title_en",
        "period_start",
        "period_end",
        "sector_group",
        f"{dimension}_code",
        f"{dimension}_name_en",
        f"{dimension}_name_lo",
        *FIGURE_COLUMNS,
    ]
    rows_qs = (
        FigureRow.objects.filter(snapshot__audience=Visibility.PUBLIC, dimension=dimension)
        .select_related("snapshot__round")
        .order_by("snapshot__round__period_end", "snapshot__round_id", "sector", "key")
    )

    def rows():
        for row in rows_qs.iterator(chunk_size=5000):
            place = names.get(row.key)
            reporting_round = row.snapshot.round
            yield [
                reporting_round.pk,
                reporting_round.title_lo,
                reporting_round.title_en,
                reporting_round.period_start,
                reporting_round.period_end,
                row.sector or "all",
                row.key,
                place.name_en if place else "",
                place.name_lo if place else "",
                *[getattr(row, name) for name in FIGURE_COLUMNS],
            ]

    return header, rows()


def boundaries(name: str) -> dict:
    """The boundaries with members, current public projects and the latest round's public figures."""
    is_province = name == "provinces"
    features = geo.features_with("lao_provinces.geojson" if is_province else "lao_districts.geojson")
    place = "head_office_province__code" if is_province else "head_office_district__code"
    members = dict(Organization.objects.listed().values_list(place).annotate(n=Count("pk")).order_by())
    location_field = "province__code" if is_province else "district__code"
    projects = dict(
        ProjectLocation.objects.filter(project__in=public_projects())
        .values_list(location_field)
        .annotate(n=Count("project_id", distinct=True))
        .order_by()
    )
    latest = (
        RoundSnapshot.objects.filter(audience=Visibility.PUBLIC, organizations__gt=0)
        .select_related("round")
        .order_by("-round__period_end", "-round_id")
        .first()
    )
    figures = {}
    if latest is not None:
        dimension = Dimension.PROVINCE if is_province else Dimension.DISTRICT
        figures = {row.key: row for row in latest.rows.filter(sector="", dimension=dimension)}
    output = []
    for feature in features:
        props = dict(feature["properties"])
        code = props["code"]
        row = figures.get(code)
        props.update(
            member_organizations=members.get(code, 0),
            public_projects=projects.get(code, 0),
            round_id=latest.round_id if latest else None,
            round_title_en=latest.round.title_en if latest else "",
            round_title_lo=latest.round.title_lo if latest else "",
            reporting_organizations=row.organizations if row else 0,
            projects_reported=row.projects if row else 0,
            people_reached=(row.women + row.men + row.girls + row.boys) if row else 0,
            spending_lak=str(row.spending_lak) if row else "0",
        )
        output.append({"type": "Feature", "properties": props, "geometry": feature["geometry"]})
    return {
        "type": "FeatureCollection",
        "name": f"lao_{name}",
        "attribution": geo.ATTRIBUTION,
        "licence": LICENCE["name"],
        "features": output,
    }


@dataclass(frozen=True)
class Dataset:
    key: str
    title: object
    description: object
    formats: tuple[str, ...]
    rows: Callable | None = None
    geo: str = ""


DATASETS = {
    dataset.key: dataset
    for dataset in [
        Dataset(
            "organizations",
            _("Member organizations"),
            _(
                "Active members: names, places, sector groups, themes, mission; registration, "
                "contacts and staff "
                "figures only where the organization shares them with everyone."
            ),
            TABULAR,
            organization_rows,
        ),
        Dataset(
            "projects",
            _("Projects (who does what where)"),
            _(
                "Public projects of active members: what, where, with whom, budget, SDG targets and "
                "plan outcomes."
            ),
            TABULAR,
            project_rows,
        ),
        Dataset(
            "project-places",
            _("Project places"),
            _("One row per place of a public project, with the province and district codes (p-codes)."),
            TABULAR,
            place_rows,
        ),
        Dataset(
            "figures-provinces",
            _("Contributions by province"),
            _(
                "The public dashboard figures of every reporting round, by province, for all sector "
                "groups and for "
                "each."
            ),
            TABULAR,
            lambda: figure_rows(Dimension.PROVINCE),
        ),
        Dataset(
            "figures-districts",
            _("Contributions by district"),
            _("The public dashboard figures of every reporting round, by district."),
            TABULAR,
            lambda: figure_rows(Dimension.DISTRICT),
        ),
        Dataset(
            "provinces",
            _("Provinces (boundaries)"),
            _(
                "The 18 provinces with their codes, member organizations, public projects and the "
                "latest round's "
                "figures."
            ),
            ("geojson",),
            geo="provinces",
        ),
        Dataset(
            "districts",
            _("Districts (boundaries)"),
            _(
                "The 148 districts with their codes and province codes, member organizations, public "
                "projects and "
                "the latest round's figures."
            ),
            ("geojson",),
            geo="districts",
        ),
    ]
}


# --- writing files ------------------------------------------------------------------------------


def _write_csv(handle, header, rows) -> int:
    text = io.TextIOWrapper(handle, encoding="utf-8", newline="")
    text.write("\ufeff")
    writer = csv.writer(text)
    writer.writerow(header)
    count = 0
    for row in rows:
        writer.writerow([safe_cell(_iso(value)) for value in row])
        count += 1
    text.flush()
    text.detach()
    return count


def _write_json(handle, header, rows, meta: dict) -> int:
    text = io.TextIOWrapper(handle, encoding="utf-8")
    text.write(json.dumps(meta, ensure_ascii=False)[:-1] + ', "records": [\n')
    count = 0
    for row in rows:
        record = {
            key: (str(value) if isinstance(value, Decimal) else _iso(value))
            for key, value in zip(header, row, strict=True)
        }
        text.write(("," if count else "") + json.dumps(record, ensure_ascii=False) + "\n")
        count += 1
    text.write("]}\n")
    text.flush()
    text.detach()
    return count


def _write_xlsx(handle, header, rows, title: str) -> int:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])
    sheet.append(header)
    count = 0
    for row in rows:
        if count >= XLSX_MAX_ROWS:
            break
        sheet.append([safe_cell(_excel(value)) for value in row])
        count += 1
    workbook.save(handle)
    return count


@dataclass
class BuiltFile:
    name: str
    filename: str
    built_at: datetime
    rows: int
    size: int

    def open(self):
        return default_storage.open(self.name, "rb")


def read_manifest() -> dict:
    try:
        with default_storage.open(MANIFEST, "rb") as handle:
            return json.loads(handle.read().decode())
    except (FileNotFoundError, ValueError, OSError):
        return {}


def _write_manifest(manifest: dict) -> None:
    if default_storage.exists(MANIFEST):
        default_storage.delete(MANIFEST)
    default_storage.save(MANIFEST, io.BytesIO(json.dumps(manifest, indent=1).encode()))


def build(dataset_key: str, fmt: str) -> BuiltFile:
    """Make one file now and record it in the manifest."""
    dataset = DATASETS[dataset_key]
    built_at = timezone.now()
    meta = {
        "dataset": dataset.key,
        "title": str(dataset.title),
        "licence": LICENCE,
        "made_at": built_at.isoformat(),
        "source": settings.SITE_URL + reverse("reports:open-data"),
    }
    if dataset.geo or dataset.key.startswith("figures-"):
        from reports.services import ensure_current

        ensure_current(
            list(
                ReportingRound.objects.filter(reports__status=Report.Status.ACCEPTED)
                .values_list("pk", flat=True)
                .distinct()
            )
        )
    with tempfile.TemporaryFile() as handle:
        if dataset.geo:
            collection = boundaries(dataset.geo)
            collection["made_at"] = meta["made_at"]
            handle.write(json.dumps(collection, ensure_ascii=False).encode())
            rows = len(collection["features"])
        else:
            header, records = dataset.rows()
            if fmt == "csv":
                rows = _write_csv(handle, header, records)
            elif fmt == "json":
                rows = _write_json(handle, header, records, meta)
            else:
                rows = _write_xlsx(handle, header, records, dataset.key)
        size = handle.tell()
        handle.seek(0)
        name = default_storage.save(f"{FOLDER}/{dataset.key}-{built_at:%Y%m%d%H%M%S%f}.{fmt}", File(handle))
    manifest = read_manifest()
    old = manifest.get(f"{dataset.key}.{fmt}", {}).get("name")
    manifest[f"{dataset.key}.{fmt}"] = {
        "name": name,
        "built_at": built_at.isoformat(),
        "rows": rows,
        "size": size,
    }
    _write_manifest(manifest)
    if old and old != name and default_storage.exists(old):
        default_storage.delete(old)
    return BuiltFile(name, f"lao-cso-{dataset.key}-{built_at:%Y-%m-%d}.{fmt}", built_at, rows, size)


def build_all() -> list[BuiltFile]:
    return [build(dataset.key, fmt) for dataset in DATASETS.values() for fmt in dataset.formats]


def _entry(dataset_key: str, fmt: str, manifest: dict) -> BuiltFile | None:
    entry = manifest.get(f"{dataset_key}.{fmt}")
    if not entry or not default_storage.exists(entry["name"]):
        return None
    built_at = datetime.fromisoformat(entry["built_at"])
    return BuiltFile(
        entry["name"],
        f"lao-cso-{dataset_key}-{built_at:%Y-%m-%d}.{fmt}",
        built_at,
        entry["rows"],
        entry["size"],
    )


def dataset_file(dataset_key: str, fmt: str) -> BuiltFile | None:
    """The current file of a dataset in a format (made now when missing or older than a day); None
    for an unknown dataset or format."""
    dataset = DATASETS.get(dataset_key)
    if dataset is None or fmt not in dataset.formats:
        return None
    current = _entry(dataset_key, fmt, read_manifest())
    if current is not None and timezone.now() - current.built_at < MAX_AGE:
        return current
    return build(dataset_key, fmt)


@dataclass
class CatalogueEntry:
    dataset: Dataset
    files: list[tuple[str, BuiltFile | None]]


def catalogue() -> list[CatalogueEntry]:
    manifest = read_manifest()
    return [
        CatalogueEntry(dataset, [(fmt, _entry(dataset.key, fmt, manifest)) for fmt in dataset.formats])
        for dataset in DATASETS.values()
    ]
