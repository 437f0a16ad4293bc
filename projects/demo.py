"""Demo projects and reporting rounds, for development and demonstrations only.

`seed_demo` gives each demo member organization a few fictitious projects across provinces and
sectors (through the services: versions, audit, search index), one past round whose reports are all
accepted (so that dashboards have figures), and one open round that the demo editor can fill in.
`seed_bulk` inserts many projects fast, without versions or search index, for benchmarks.
"""

import random
import time
from datetime import date, timedelta
from decimal import Decimal

from django.db import connection, transaction
from django.test.utils import override_settings
from django.utils import timezone

import lao
from accounts.models import User
from core.demo import analyze_after_bulk_load
from core.models import District, PlanOutcome, Province, SdgTarget, SectorGroup, Theme
from directory.models import Organization, OrganizationRole, Visibility
from projects import services
from projects.facets import facets_write
from projects.models import (
    SORT_KEY_CHARS,
    Currency,
    Project,
    ProjectFacet,
    ProjectLocation,
    ProjectPartner,
    Report,
    ReportingRound,
)

SECRETARIAT_EMAIL = "secretariat@demo.laocso.org"
EDITOR_EMAILS = ["editor@demo.laocso.org", "member@demo.laocso.org"]
ROUND_TITLE_EN = "CSO contributions {year}"
ROUND_TITLE_LO = "ການປະກອບສ່ວນຂອງອົງການຈັດຕັ້ງທາງສັງຄົມ ປີ {year}"
MAX_DEMO_ORGANIZATIONS = 80  # the services path; benchmarks use seed_bulk

# What projects of each sector group are about: (Lao title, English title); {d} a district, {p} a province.
TITLES = {
    "FARD": [
        ("ການປັບປຸງການຜະລິດເຂົ້າ ແລະ ຜັກ ເມືອງ{d_lo}", "Better rice and vegetable farming in {d_en}"),
        ("ການຄຸ້ມຄອງປ່າໄມ້ໂດຍຊຸມຊົນ ເມືອງ{d_lo}", "Community forest management in {d_en}"),
        ("ກຸ່ມຊາວກະສິກອນ ແລະ ການເຂົ້າເຖິງຕະຫຼາດ ແຂວງ{p_lo}", "Farmer groups and market access in {p_en}"),
        ("ການລ້ຽງສັດແບບຍືນຍົງ ເມືອງ{d_lo}", "Sustainable livestock raising in {d_en}"),
    ],
    "EICT": [
        ("ການທ່ອງທ່ຽວແບບຊຸມຊົນ ແຂວງ{p_lo}", "Community-based tourism in {p_en}"),
        ("ວິທະຍຸຊຸມຊົນ ເພື່ອຂໍ້ມູນຂ່າວສານ ເມືອງ{d_lo}", "Community radio for local information in {d_en}"),
        ("ການອະນຸລັກຫັດຖະກຳພື້ນເມືອງ ແຂວງ{p_lo}", "Safeguarding traditional crafts in {p_en}"),
    ],
    "EDSP": [
        ("ການສົ່ງເສີມການອ່ານ ໃນໂຮງຮຽນປະຖົມ ເມືອງ{d_lo}", "Reading promotion in primary schools of {d_en}"),
        ("ທຶນການສຶກສາ ສຳລັບເດັກຍິງ ແຂວງ{p_lo}", "Scholarships for girls in {p_en}"),
        ("ການພັດທະນາເດັກກ່ອນໄວຮຽນ ເມືອງ{d_lo}", "Early childhood development in {d_en}"),
    ],
    "ENV": [
        ("ການຫຼຸດຜ່ອນຄວາມສ່ຽງໄພພິບັດ ໂດຍຊຸມຊົນ ເມືອງ{d_lo}", "Community-based disaster risk reduction in {d_en}"),
        ("ການອະນຸລັກປ່າຕົ້ນນ້ຳ ແຂວງ{p_lo}", "Watershed forest conservation in {p_en}"),
        ("ການຄຸ້ມຄອງຂີ້ເຫຍື້ອ ໃນຕົວເມືອງ{d_lo}", "Waste management in {d_en} town"),
    ],
    "GOV": [
        ("ການເຜີຍແຜ່ກົດໝາຍ ໃຫ້ປະຊາຊົນ ເມືອງ{d_lo}", "Legal awareness for citizens in {d_en}"),
        (
            "ການມີສ່ວນຮ່ວມຂອງປະຊາຊົນ ໃນການວາງແຜນພັດທະນາບ້ານ ແຂວງ{p_lo}",
            "Citizen participation in village planning in {p_en}",
        ),
        ("ການສົ່ງເສີມບົດບາດແມ່ຍິງ ໃນການນຳພາທ້ອງຖິ່ນ", "Women in local leadership"),
    ],
    "LDSP": [
        ("ການຝຶກສີມືແຮງງານ ໃຫ້ໄວໜຸ່ມ ແຂວງ{p_lo}", "Vocational training for young people in {p_en}"),
        (
            "ການຟື້ນຟູໜ້າທີ່ການ ສຳລັບຄົນພິການ ເມືອງ{d_lo}",
            "Rehabilitation services for persons with disabilities in {d_en}",
        ),
        ("ກຸ່ມເງິນຝາກປະຢັດ ຂອງແມ່ຍິງ ເມືອງ{d_lo}", "Women's savings groups in {d_en}"),
    ],
    "PH": [
        ("ນ້ຳສະອາດ ແລະ ສຸຂາພິບານ ໃນໂຮງຮຽນ ເມືອງ{d_lo}", "Clean water and sanitation in schools of {d_en}"),
        ("ໂພຊະນາການແມ່ ແລະ ເດັກ ແຂວງ{p_lo}", "Mother and child nutrition in {p_en}"),
        ("ການສົ່ງເສີມສຸຂະພາບໃນຊຸມຊົນ ເມືອງ{d_lo}", "Community health promotion in {d_en}"),
    ],
}
TARGETS = {
    "FARD": ["2.3", "2.4", "15.2", "1.4"],
    "EICT": ["8.9", "8.3", "16.10"],
    "EDSP": ["4.1", "4.2", "4.5"],
    "ENV": ["13.1", "15.1", "6.6", "11.5"],
    "GOV": ["16.7", "16.3", "5.5"],
    "LDSP": ["8.5", "4.4", "10.2", "1.3"],
    "PH": ["3.1", "3.2", "6.1", "6.2", "2.2"],
}
DONORS = [
    "Mekong Community Fund (demo)",
    "Green Valley Foundation (demo)",
    "Friends of Lao Villages (demo)",
    "Northern Partnership Trust (demo)",
    "Riverside Development Cooperation (demo)",
    "Asia Learning Alliance (demo)",
    "ກອງທຶນພັດທະນາບ້ານ (demo)",
]
COUNTERPARTS = [
    "ພະແນກກະສິກຳ ແລະ ປ່າໄມ້ແຂວງ",
    "ຫ້ອງການສຶກສາທິການ ແລະ ກິລາເມືອງ",
    "ພະແນກສາທາລະນະສຸກແຂວງ",
    "ຫ້ອງການພາຍໃນເມືອງ",
    "ພະແນກແຮງງານ ແລະ ສະຫວັດດີການສັງຄົມແຂວງ",
    "ພະແນກຊັບພະຍາກອນທຳມະຊາດ ແລະ ສິ່ງແວດລ້ອມແຂວງ",
]
VILLAGES = ["ໂພນສະອາດ", "ນາໄຊ", "ໜອງບົວ", "ໂພນທັນ", "ດອນແດງ", "ນາຄຳ", "ຫ້ວຍຫົງ", "ສີສະຫວາດ", "ທົ່ງສາງນາງ", "ນາແຊງ"]
RESULTS = [
    (
        "ຊາວບ້ານ {n} ຄົນ ໄດ້ຮັບການຝຶກອົບຮົມ ແລະ ນຳໃຊ້ວິທີການໃໝ່ ໃນຊີວິດປະຈຳວັນ.",
        "{n} villagers were trained and use the new practices in their daily life.",
    ),
    (
        "ສ້າງຕັ້ງກຸ່ມບ້ານ {g} ກຸ່ມ ທີ່ດຳເນີນງານດ້ວຍຕົນເອງ ຫຼັງຈາກໂຄງການສິ້ນສຸດ.",
        "{g} village groups were set up and run themselves after the project.",
    ),
    (
        "ຄອບຄົວທີ່ເຂົ້າຮ່ວມ ມີລາຍຮັບເພີ່ມຂຶ້ນ ແລະ ເດັກນ້ອຍ ໄດ້ຮັບການດູແລດີຂຶ້ນ.",
        "Participating families earn more and their children are better cared for.",
    ),
]
RATES = {"USD": Decimal("21500"), "EUR": Decimal("23300"), "THB": Decimal("610"), "AUD": Decimal("14100")}


def say(stdout, text: str) -> None:
    if stdout is not None:
        stdout.write(text)


class Reference:
    def __init__(self):
        self.provinces = {province.pk: province for province in Province.objects.all()}
        self.districts: dict[int, list[District]] = {}
        for district in District.objects.order_by("code"):
            self.districts.setdefault(district.province_id, []).append(district)
        self.groups = {group.code: group for group in SectorGroup.objects.all()}
        self.themes = list(Theme.objects.select_related("suggested_sector_group"))
        self.targets = {target.code: target for target in SdgTarget.objects.all()}
        self.outcomes = list(PlanOutcome.objects.all())


def project_spec(ref: Reference, organization: Organization, rng: random.Random, *, year: int) -> dict:
    """A plausible project of an organization: in its sector and provinces, around `year`."""
    group_ids = [
        organization.primary_sector_group_id,
        *organization.sector_groups.values_list("pk", flat=True),
    ]
    group_id = rng.choice(group_ids)
    group = next(g for g in ref.groups.values() if g.pk == group_id)
    province_ids = [
        organization.head_office_province_id,
        *organization.provinces.values_list("pk", flat=True),
    ]
    province = ref.provinces[rng.choice(province_ids)]
    districts = ref.districts.get(province.pk, [])
    district = rng.choice(districts) if districts else None
    title_lo, title_en = rng.choice(TITLES.get(group.code, TITLES["FARD"]))
    names = {
        "d_lo": district.name_lo if district else province.name_lo,
        "d_en": district.name_en if district else province.name_en,
        "p_lo": province.name_lo,
        "p_en": province.name_en,
    }
    starts = date(year - rng.randint(0, 2), rng.choice([1, 4, 7, 10]), 1)
    ends = date(starts.year + rng.randint(1, 4), starts.month, 1) - timedelta(days=1)
    today = timezone.localdate()
    status = Project.Status.COMPLETED if ends < today else Project.Status.ONGOING
    if starts > today:
        status = Project.Status.PLANNED
    currency = rng.choice([Currency.USD, Currency.USD, Currency.EUR, Currency.LAK, Currency.THB])
    budget = {
        Currency.USD: rng.randrange(20_000, 600_000, 500),
        Currency.EUR: rng.randrange(20_000, 500_000, 500),
        Currency.LAK: rng.randrange(200_000_000, 6_000_000_000, 1_000_000),
        Currency.THB: rng.randrange(500_000, 15_000_000, 10_000),
    }[currency]
    locations = [{"province": province, "district": district, "village": "ບ້ານ" + rng.choice(VILLAGES)}]
    if rng.random() < 0.4:
        other = ref.provinces[rng.choice(list(ref.provinces))]
        others = ref.districts.get(other.pk, [])
        locations.append(
            {"province": other, "district": rng.choice(others) if others else None, "village": ""}
        )
    themes = [theme for theme in ref.themes if theme.suggested_sector_group_id == group.pk] or ref.themes
    targets = [ref.targets[code] for code in TARGETS.get(group.code, []) if code in ref.targets]
    partners = [{"role": ProjectPartner.Role.DONOR, "name": rng.choice(DONORS)}]
    if rng.random() < 0.3:
        partners.append({"role": ProjectPartner.Role.DONOR, "name": rng.choice(DONORS)})
    partners = list({partner["name"]: partner for partner in partners}.values())
    visibility = rng.choices(
        [Visibility.PUBLIC, Visibility.MEMBERS, Visibility.SECRETARIAT], weights=[85, 10, 5]
    )[0]
    return {
        "data": {
            "title_lo": lao.clean(title_lo.format(**names)),
            "title_en": title_en.format(**names),
            "summary_lo": "ໂຄງການນີ້ ແມ່ນຂໍ້ມູນຕົວຢ່າງ (demo) ເພື່ອສະແດງການນຳໃຊ້ເວັບໄຊ.",
            "summary_en": "This project is fictitious demo data that shows how the platform works.",
            "status": status,
            "starts_on": starts,
            "ends_on": ends,
            "sector_group": group,
            "government_counterpart": rng.choice(COUNTERPARTS) + province.name_lo,
            "budget_amount": Decimal(budget),
            "budget_currency": currency,
            "visibility": visibility,
        },
        "m2m": {
            "themes": rng.sample(themes, k=min(len(themes), rng.randint(1, 2))),
            "sdg_targets": rng.sample(targets, k=min(len(targets), rng.randint(1, 3))),
            "plan_outcomes": rng.sample(ref.outcomes, k=min(len(ref.outcomes), rng.randint(1, 2))),
        },
        "locations": locations,
        "partners": partners,
    }


def line_figures(rng: random.Random) -> dict:
    women, men = rng.randint(40, 1500), rng.randint(30, 1400)
    girls, boys = rng.randint(0, 600), rng.randint(0, 600)
    result_lo, result_en = rng.choice(RESULTS)
    n, g = women + men, rng.randint(2, 15)
    return {
        "spending_amount": Decimal(rng.randrange(5_000, 150_000, 100)),
        "spending_currency": rng.choice([Currency.USD, Currency.USD, Currency.EUR, Currency.LAK]),
        "women": women,
        "men": men,
        "girls": girls,
        "boys": boys,
        "disabled_women": rng.randint(0, women // 20),
        "disabled_men": rng.randint(0, men // 20),
        "disabled_girls": rng.randint(0, girls // 30),
        "disabled_boys": rng.randint(0, boys // 30),
        "results_lo": result_lo.format(n=n, g=g),
        "results_en": result_en.format(n=n, g=g),
    }


def fill_report(report: Report, rng: random.Random, ethnic_groups: list, *, by) -> Report:
    lines = {}
    for project in services.report_due_projects(report):
        line = line_figures(rng)
        if project.budget_currency == Currency.LAK:
            line["spending_amount"] *= 21_000
            line["spending_currency"] = Currency.LAK
        line["ethnic_groups"] = rng.sample(ethnic_groups, k=rng.randint(1, 3))
        lines[project.pk] = line
    data = {
        "staff_women": rng.randint(2, 40),
        "staff_men": rng.randint(2, 40),
        "volunteers_women": rng.randint(0, 60),
        "volunteers_men": rng.randint(0, 60),
        "spending_amount": Decimal(rng.randrange(20_000, 900_000, 100)),
        "spending_currency": Currency.USD,
    }
    return services.report_save(report=report, data=data, lines=lines, expected_version=report.version, by=by)


def seed_demo(*, rng: random.Random, stdout=None) -> None:
    """Create the demo projects and rounds if they are missing (does nothing the second time)."""
    today = timezone.localdate()
    year = today.year - 1 if today.month <= 6 else today.year
    if ReportingRound.objects.filter(title_en=ROUND_TITLE_EN.format(year=year)).exists():
        say(stdout, "Demo projects and reporting rounds exist already; none added.")
        return
    organizations = list(
        Organization.objects.listed()
        .select_related("primary_sector_group")
        .order_by("pk")[:MAX_DEMO_ORGANIZATIONS]
    )
    if not organizations:
        say(stdout, "No member organizations yet: no demo projects.")
        return
    secretariat = (
        User.objects.filter(email=SECRETARIAT_EMAIL).first()
        or User.objects.filter(roles__kind="secretariat", is_active=True).order_by("pk").first()
    )
    sector_head = User.objects.filter(roles__kind="sector_head").first()
    editors = set(
        OrganizationRole.objects.filter(user__email__in=EDITOR_EMAILS).values_list(
            "organization_id", flat=True
        )
    )
    from core.models import EthnicGroup

    ethnic_groups = list(EthnicGroup.objects.order_by("number")[:20])
    ref = Reference()
    started = time.monotonic()
    with (
        override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"),
        transaction.atomic(),
    ):
        count = 0
        for organization in organizations:
            roles = OrganizationRole.objects.filter(organization=organization).select_related("user").first()
            author = roles.user if roles else secretariat
            for _number in range(rng.randint(2, 4)):
                spec = project_spec(ref, organization, rng, year=year)
                services.project_create(organization=organization, by=author, **spec)
                count += 1
        past = services.round_open(
            data={
                "title_lo": ROUND_TITLE_LO.format(year=year - 1),
                "title_en": ROUND_TITLE_EN.format(year=year - 1),
                "period_start": date(year - 1, 1, 1),
                "period_end": date(year - 1, 12, 31),
                "deadline": date(year, 3, 31),
                "reminder_days": 14,
            },
            by=None,
            organizations=Organization.objects.filter(pk__in=[org.pk for org in organizations]),
        )
        if secretariat is not None:
            services.rates_set(reporting_round=past, rates=RATES, by=secretariat)
        reviewer = secretariat
        for report in past.reports.select_related("organization", "round").order_by("pk"):
            author = (
                User.objects.filter(organization_roles__organization=report.organization).first()
                or secretariat
            )
            if not services.report_due_projects(report).exists():
                continue
            report = fill_report(report, rng, ethnic_groups, by=author)
            services.report_submit(report=report, by=author)
            if reviewer is not None:
                services.report_accept(report=report, by=reviewer, comment="")
        past.status = ReportingRound.Status.CLOSED
        past.save(update_fields=["status"])

        current = services.round_open(
            data={
                "title_lo": ROUND_TITLE_LO.format(year=year),
                "title_en": ROUND_TITLE_EN.format(year=year),
                "period_start": date(year, 1, 1),
                "period_end": date(year, 12, 31),
                "deadline": today + timedelta(days=30),
                "reminder_days": 14,
            },
            by=None,
            organizations=Organization.objects.filter(pk__in=[org.pk for org in organizations]),
        )
        if secretariat is not None:
            services.rates_set(reporting_round=current, rates=RATES, by=secretariat)
        # Some organizations are ahead: drafts, submitted and accepted reports; the demo editors' are
        # left for them to fill in.
        for report in current.reports.select_related("organization", "round").order_by("pk"):
            if report.organization_id in editors or not services.report_due_projects(report).exists():
                continue
            stage = rng.random()
            if stage < 0.45:
                continue
            author = (
                User.objects.filter(organization_roles__organization=report.organization).first()
                or secretariat
            )
            report = fill_report(report, rng, ethnic_groups, by=author)
            if stage < 0.65:
                continue
            services.report_submit(report=report, by=author)
            group_head = (
                sector_head
                if sector_head
                and sector_head.headed_sector_groups
                and (
                    report.organization.primary_sector_group_id
                    in {g.pk for g in sector_head.headed_sector_groups}
                )
                else None
            )
            if stage > 0.85 and (group_head or reviewer):
                services.report_accept(report=report, by=group_head or reviewer, comment="")
    say(stdout, f"{count} demo projects and 2 reporting rounds added in {time.monotonic() - started:.1f} s.")


# --- bulk, for benchmarks --------------------------------------------------------------------------


def copy_rows(model, columns: list[str], rows: list[tuple]) -> None:
    """Insert rows fast: COPY on PostgreSQL, executemany on SQLite."""
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            names = ", ".join(columns)
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(columns))
            cursor.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows)  # noqa: S608


def seed_bulk(*, projects: int, rng: random.Random, stdout=None, batch: int = 20_000) -> int:
    """Add `projects` fictitious projects spread over the active members, written straight to the
    tables (no versions, audit or search index) so that a million take minutes. For benchmarks."""
    organizations = list(
        Organization.objects.listed().values_list("pk", "primary_sector_group_id", "head_office_province_id")
    )
    if not organizations:
        say(stdout, "No member organizations: no projects.")
        return 0
    ref = Reference()
    group_codes = {group.pk: code for code, group in ref.groups.items()}
    themes_by_group: dict[int, list[int]] = {}
    for theme in ref.themes:
        themes_by_group.setdefault(theme.suggested_sector_group_id, []).append(theme.pk)
    targets_by_group = {
        group.pk: [ref.targets[code].pk for code in TARGETS.get(code, []) if code in ref.targets]
        for code, group in ref.groups.items()
    }
    outcomes = [outcome.pk for outcome in ref.outcomes]
    province_ids = list(ref.provinces)
    theme_link, target_link, outcome_link = (
        Project.themes.through,
        Project.sdg_targets.through,
        Project.plan_outcomes.through,
    )
    next_id = (Project.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    now = timezone.now()
    this_year = now.year
    started = time.monotonic()
    statuses = ["ongoing"] * 5 + ["completed"] * 4 + ["planned"]
    visibilities = ["public"] * 17 + ["members"] * 2 + ["secretariat"]
    donors = [(name, lao.normalize(name)) for name in DONORS]
    done = 0
    while done < projects:
        size = min(batch, projects - done)
        project_rows, location_rows, theme_rows, target_rows, outcome_rows, partner_rows = (
            [],
            [],
            [],
            [],
            [],
            [],
        )
        for offset in range(size):
            pk = next_id + done + offset
            org_id, group_id, office = rng.choice(organizations)
            province = office if rng.random() < 0.5 else rng.choice(province_ids)
            district = rng.choice(ref.districts[province]) if ref.districts.get(province) else None
            titles = TITLES.get(group_codes.get(group_id), TITLES["FARD"])
            title_lo, title_en = rng.choice(titles)
            place = ref.provinces[province]
            names = {
                "d_lo": district.name_lo if district else place.name_lo,
                "d_en": district.name_en if district else place.name_en,
                "p_lo": place.name_lo,
                "p_en": place.name_en,
            }
            title_lo, title_en = f"{title_lo.format(**names)} {pk}", f"{title_en.format(**names)} {pk}"
            start_year = rng.randint(this_year - 12, this_year + 1)
            end_year = start_year + rng.randint(0, 5)
            project_rows.append(
                (
                    pk,
                    org_id,
                    title_lo,
                    title_en,
                    lao.sort_key(title_lo).hex()[:SORT_KEY_CHARS],
                    title_en.casefold()[:SORT_KEY_CHARS],
                    "",
                    "",
                    rng.choice(statuses),
                    date(start_year, 1, 1),
                    date(end_year, 12, 31),
                    start_year,
                    end_year,
                    group_id,
                    "",
                    Decimal(rng.randrange(10_000, 900_000, 100)),
                    "USD",
                    rng.choice(visibilities),
                    1,
                    now,
                    now,
                    False,
                )
            )
            location_rows.append((pk, province, district.pk if district else None, ""))
            if rng.random() < 0.3:
                location_rows.append((pk, rng.choice(province_ids), None, ""))
            for theme in rng.sample(themes_by_group.get(group_id) or [ref.themes[0].pk], k=1):
                theme_rows.append((pk, theme))
            targets = targets_by_group.get(group_id) or []
            for target in rng.sample(targets, k=min(len(targets), rng.randint(1, 2))):
                target_rows.append((pk, target))
            if outcomes:
                outcome_rows.append((pk, rng.choice(outcomes)))
            name, key = rng.choice(donors)
            partner_rows.append((pk, "donor", None, name, key))
        with transaction.atomic():
            copy_rows(
                Project,
                [
                    "id",
                    "organization_id",
                    "title_lo",
                    "title_en",
                    "title_lo_sort",
                    "title_en_sort",
                    "summary_lo",
                    "summary_en",
                    "status",
                    "starts_on",
                    "ends_on",
                    "start_year",
                    "end_year",
                    "sector_group_id",
                    "government_counterpart",
                    "budget_amount",
                    "budget_currency",
                    "visibility",
                    "version",
                    "created_at",
                    "updated_at",
                    "index_pending",
                ],
                project_rows,
            )
            copy_rows(ProjectLocation, ["project_id", "province_id", "district_id", "village"], location_rows)
            copy_rows(theme_link, ["project_id", "theme_id"], theme_rows)
            copy_rows(target_link, ["project_id", "sdgtarget_id"], target_rows)
            copy_rows(outcome_link, ["project_id", "planoutcome_id"], outcome_rows)
            copy_rows(ProjectPartner, ["project_id", "role", "organization_id", "name", "key"], partner_rows)
            facets_write(range(next_id + done, next_id + done + size))
        done += size
        say(stdout, f"  {done:,} / {projects:,} projects ({time.monotonic() - started:.0f} s)")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for model in (Project, ProjectLocation, ProjectPartner, theme_link, target_link, outcome_link):
                table = model._meta.db_table
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))"  # noqa: S608
                )
        analyze_after_bulk_load(
            (Project, ProjectLocation, ProjectPartner, theme_link, target_link, outcome_link, ProjectFacet)
        )
    return done
