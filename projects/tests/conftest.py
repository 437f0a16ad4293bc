"""Fixtures for the projects tests: a project of organization A, a reporting round."""

from datetime import date
from decimal import Decimal

import pytest

from core.models import District, Province, SectorGroup

# The reporting round most tests open: the year 2025, due at the end of March 2026.
ROUND_2025 = {
    "title_lo": "ການປະກອບສ່ວນ 2025",
    "title_en": "CSO contributions 2025",
    "period_start": date(2025, 1, 1),
    "period_end": date(2025, 12, 31),
    "deadline": date(2026, 3, 31),
    "reminder_days": 14,
}


def project_input(**changes) -> dict:
    """The arguments of project_create for a plausible project in Savannakhet (LA13)."""
    province = Province.objects.get(code="LA13")
    data = {
        "title_lo": "ໂຄງການນ້ຳສະອາດ ບ້ານນາ",
        "title_en": "Clean water for Ban Na",
        "summary_lo": "",
        "summary_en": "Wells and latrines for three villages.",
        "status": "ongoing",
        "starts_on": date(2024, 1, 1),
        "ends_on": date(2026, 12, 31),
        "sector_group": SectorGroup.objects.get(code="FARD"),
        "government_counterpart": "ພະແນກສາທາລະນະສຸກແຂວງ",
        "budget_amount": Decimal("120000.00"),
        "budget_currency": "USD",
        "visibility": "public",
    }
    data.update(changes.pop("data", {}))
    arguments = {
        "data": data,
        "m2m": {"themes": [], "sdg_targets": [], "plan_outcomes": []},
        "locations": [
            {
                "province": province,
                "district": District.objects.filter(province=province).first(),
                "village": "ບ້ານນາ",
            }
        ],
        "partners": [{"role": "donor", "name": "Mekong Community Fund"}],
    }
    arguments.update(changes)
    return arguments


@pytest.fixture
def make_project(db):
    from projects.services import project_create

    def make(organization, *, by=None, **changes):
        return project_create(organization=organization, by=by, **project_input(**changes))

    return make


@pytest.fixture
def project_a(make_project, org_a, personas):
    return make_project(org_a, by=personas.editor_a)


@pytest.fixture
def reporting_round(db, personas, org_a, org_b):
    from projects.services import round_open

    return round_open(
        data=dict(ROUND_2025),
        by=personas.secretariat,
    )


def filled_report_data(report, **line_changes) -> tuple[dict, dict]:
    """Complete figures for a report: the organization's and one line per project it covers."""
    from projects.services import report_due_projects

    data = {
        "staff_women": 7,
        "staff_men": 5,
        "volunteers_women": 3,
        "volunteers_men": 2,
        "spending_amount": Decimal("50000.00"),
        "spending_currency": "USD",
    }
    line = {
        "spending_amount": Decimal("20000.00"),
        "spending_currency": "USD",
        "women": 120,
        "men": 100,
        "girls": 40,
        "boys": 35,
        "disabled_women": 4,
        "disabled_men": 3,
        "disabled_girls": 1,
        "disabled_boys": 0,
        "results_lo": "ສ້າງນ້ຳສ້າງ 12 ແຫ່ງ",
        "results_en": "12 wells built",
        "ethnic_groups": [],
    }
    line.update(line_changes)
    return data, {project.pk: dict(line) for project in report_due_projects(report)}
