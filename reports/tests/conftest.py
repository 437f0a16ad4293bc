"""A reporting round with accepted reports, built through the projects services, whose figures the
tests know by heart.

Organizations and projects (people: women, men, girls, boys; disabled: women, men, girls, boys):
- A (org_a, FARD, head office LA13): A1 public, LA13 + a district of LA13, targets 2.3 and 1.4, outcome
  NSEDP9-1, theme AGRI: 100/80/40/30, disabled 5/4/2/1, 10,000 USD.
  A2 shared with members only, LA13 without district: 11/13/17/19, disabled 1/1/1/1, 5,000 EUR.
- B (org_b, EDSP, LA06): B1 public, LA06 (a district) and LA01 (no district), target 4.1, outcome
  NSEDP9-2: 201/101/51/31, disabled 7/0/0/0, 100,000,000 LAK.
  B2 secretariat only, LA06: 3/3/3/3, disabled 0, 2,000 USD.
- C (PH, LA01): C1 public; its report is submitted, never accepted: 999/999/999/999.
- D (PH, LA05): D1 public; report accepted, then D is suspended: 7/7/7/7, 1,000 THB (no THB rate).
Rates of the round: USD 21,500 and EUR 23,300 kip.
"""

from datetime import date
from decimal import Decimal
from types import SimpleNamespace

import pytest

from core.models import District, PlanOutcome, Province, SdgTarget, SectorGroup, Theme
from projects.tests.conftest import ROUND_2025

PEOPLE = ("women", "men", "girls", "boys")


def line(people, disabled, amount, currency, results_en="Wells built and used.", results_lo="ສ້າງນ້ຳສ້າງ"):
    values = {
        "spending_amount": Decimal(amount),
        "spending_currency": currency,
        "results_lo": results_lo,
        "results_en": results_en,
        "ethnic_groups": [],
    }
    values.update(zip(PEOPLE, people, strict=True))
    values.update({f"disabled_{group}": value for group, value in zip(PEOPLE, disabled, strict=True)})
    return values


def make_organization(acronym: str, name_lo: str, name_en: str, province: str, group: str):
    from directory.models import Organization
    from directory.services import organization_create

    province = Province.objects.get(code=province)
    return organization_create(
        data={
            "name_lo": name_lo,
            "name_en": name_en,
            "acronym": acronym,
            "head_office_province": province,
            "primary_sector_group": SectorGroup.objects.get(code=group),
            "phone": "020 9999 0000",
        },
        m2m={"provinces": [province], "sector_groups": []},
        status=Organization.Status.ACTIVE,
        by=None,
    )


def make_project(
    organization,
    *,
    title_en,
    title_lo,
    group,
    places,
    visibility="public",
    targets=(),
    outcomes=(),
    themes=(),
    budget="120000",
    currency="USD",
):
    from projects.services import project_create

    return project_create(
        organization=organization,
        by=None,
        data={
            "title_lo": title_lo,
            "title_en": title_en,
            "summary_lo": "",
            "summary_en": f"Summary of {title_en}.",
            "status": "ongoing",
            "starts_on": date(2024, 1, 1),
            "ends_on": date(2026, 12, 31),
            "sector_group": SectorGroup.objects.get(code=group),
            "government_counterpart": "",
            "budget_amount": Decimal(budget),
            "budget_currency": currency,
            "visibility": visibility,
        },
        m2m={
            "themes": list(Theme.objects.filter(code__in=themes)),
            "sdg_targets": list(SdgTarget.objects.filter(code__in=targets)),
            "plan_outcomes": [
                PlanOutcome.objects.get(
                    framework__code=code.rsplit("-", 1)[0], number=int(code.rsplit("-", 1)[1])
                )
                for code in outcomes
            ],
        },
        locations=[
            {
                "province": Province.objects.get(code=province),
                "district": District.objects.get(code=district) if district else None,
                "village": "",
            }
            for province, district in places
        ],
        partners=[{"role": "donor", "name": "Mekong Community Fund"}],
    )


def accept(report, lines, *, by, author, accept_it=True):
    from projects.services import report_accept, report_save, report_submit

    data = {
        "staff_women": 7,
        "staff_men": 5,
        "volunteers_women": 3,
        "volunteers_men": 2,
        "spending_amount": Decimal("50000"),
        "spending_currency": "USD",
    }
    report = report_save(report=report, data=data, lines=lines, expected_version=report.version, by=author)
    report = report_submit(report=report, by=author)
    if accept_it:
        report = report_accept(report=report, by=by)
    return report


@pytest.fixture
def contributions(db, personas, org_a, org_b):
    from directory.models import Organization
    from directory.services import membership_status_set
    from projects.models import Report
    from projects.services import rates_set, round_open

    org_c = make_organization("CLINIC", "ສະມາຄົມສຸຂະພາບຊຸມຊົນ", "Community Health Association", "LA01", "PH")
    org_d = make_organization("FORMER", "ສະມາຄົມທີ່ຖືກໂຈະ", "Suspended Association", "LA05", "PH")
    la13 = District.objects.filter(province__code="LA13").order_by("code").first()
    la06 = District.objects.filter(province__code="LA06").order_by("code").first()
    a1 = make_project(
        org_a,
        title_en="Clean water for Ban Na",
        title_lo="ນ້ຳສະອາດ ບ້ານນາ",
        group="FARD",
        places=[("LA13", la13.code)],
        targets=["2.3", "1.4"],
        outcomes=["NSEDP9-1"],
        themes=["AGRI"],
    )
    a2 = make_project(
        org_a,
        title_en="Members-only fish ponds",
        title_lo="ໜອງປາ ສະເພາະສະມາຊິກ",
        group="FARD",
        places=[("LA13", None)],
        visibility="members",
        targets=["15.2"],
    )
    b1 = make_project(
        org_b,
        title_en="Reading in two provinces",
        title_lo="ການອ່ານ ສອງແຂວງ",
        group="EDSP",
        places=[("LA06", la06.code), ("LA01", None)],
        targets=["4.1"],
        outcomes=["NSEDP9-2"],
    )
    b2 = make_project(
        org_b,
        title_en="Secretariat-only scholarships",
        title_lo="ທຶນການສຶກສາ ລັບ",
        group="EDSP",
        places=[("LA06", None)],
        visibility="secretariat",
    )
    c1 = make_project(
        org_c, title_en="Unaccepted clinic", title_lo="ຄລີນິກ", group="PH", places=[("LA01", None)]
    )
    d1 = make_project(
        org_d,
        title_en="Project of a suspended member",
        title_lo="ໂຄງການ ຂອງສະມາຊິກທີ່ຖືກໂຈະ",
        group="PH",
        places=[("LA05", None)],
    )
    reporting_round = round_open(
        data=dict(ROUND_2025),
        by=personas.secretariat,
    )
    rates_set(
        reporting_round=reporting_round,
        rates={"USD": Decimal("21500"), "EUR": Decimal("23300")},
        by=personas.secretariat,
    )
    reports = {
        r.organization_id: r for r in Report.objects.filter(round=reporting_round).select_related("round")
    }
    sec = personas.secretariat
    accept(
        reports[org_a.pk],
        {
            a1.pk: line((100, 80, 40, 30), (5, 4, 2, 1), "10000", "USD"),
            a2.pk: line((11, 13, 17, 19), (1, 1, 1, 1), "5000", "EUR"),
        },
        by=sec,
        author=personas.editor_a,
    )
    accept(
        reports[org_b.pk],
        {
            b1.pk: line(
                (201, 101, 51, 31),
                (7, 0, 0, 0),
                "100000000",
                "LAK",
                results_en="Children read every day.",
                results_lo="ເດັກອ່ານທຸກມື້",
            ),
            b2.pk: line((3, 3, 3, 3), (0, 0, 0, 0), "2000", "USD"),
        },
        by=sec,
        author=personas.editor_b,
    )
    accept(
        reports[org_c.pk],
        {c1.pk: line((999, 999, 999, 999), (0, 0, 0, 0), "1", "USD")},
        by=sec,
        author=sec,
        accept_it=False,
    )
    accept(reports[org_d.pk], {d1.pk: line((7, 7, 7, 7), (0, 0, 0, 0), "1000", "THB")}, by=sec, author=sec)
    membership_status_set(organization=org_d, status=Organization.Status.SUSPENDED, by=sec)
    return SimpleNamespace(
        round=reporting_round, org_a=org_a, org_b=org_b, org_c=org_c, org_d=org_d,
        a1=a1, a2=a2, b1=b1, b2=b2, c1=c1, d1=d1, la13=la13, la06=la06, reports=reports,
    )  # fmt: skip


def people(*lines) -> int:
    return sum(sum(values) for values in lines)


@pytest.fixture(autouse=True)
def english_urls():
    """These tests read English messages: `reverse` gives /en/ addresses (the Lao pages are translated)."""
    from django.utils import translation

    with translation.override("en"):
        yield
