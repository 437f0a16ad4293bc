"""Demo data of the reports app, for development and demonstrations only: IATI identifiers for the
demo editors' organizations, a foreword and selected results for the national report of the past demo
round, and the dashboard figures computed. Runs after projects.demo.seed_demo; idempotent."""

import random

from django.db import transaction

from accounts.models import User
from directory.models import Organization, OrganizationRole
from directory.visibility import viewer_for
from projects.models import Report, ReportingRound
from reports import services
from reports.models import IatiPublisher, NationalReport

SECRETARIAT_EMAIL = "secretariat@demo.laocso.org"
EDITOR_EMAILS = ["member@demo.laocso.org", "editor@demo.laocso.org"]
FOREWORD_LO = (
    "ບົດລາຍງານນີ້ ແມ່ນຂໍ້ມູນຕົວຢ່າງ (demo) ທີ່ສ້າງຂຶ້ນອັດຕະໂນມັດ ຈາກບົດລາຍງານທີ່ໄດ້ຮັບການຮັບຮອງ ຂອງອົງການຈັດຕັ້ງທາງສັງຄົມ ທີ່ເປັນສະມາຊິກ."
)
FOREWORD_EN = (
    "This report is fictitious demo data, made automatically from the accepted reports of the member "
    "organizations."
)
HIGHLIGHTS = 6


def say(stdout, text: str) -> None:
    if stdout is not None:
        stdout.write(text)


def seed_demo(*, rng: random.Random, stdout=None) -> None:
    """Create the reports app's demo data if it is missing (does nothing the second time)."""
    secretariat = User.objects.filter(email=SECRETARIAT_EMAIL).first()
    if secretariat is None:
        say(stdout, "No demo secretariat account: no reports demo data.")
        return
    added = []
    with transaction.atomic():
        organizations = (
            Organization.objects.filter(
                roles__user__email__in=EDITOR_EMAILS, roles__kind__in=[OrganizationRole.Kind.OWNER, "editor"]
            )
            .distinct()
            .order_by("pk")
        )
        viewer = viewer_for(secretariat)
        for number, organization in enumerate(organizations, start=1):
            if IatiPublisher.objects.filter(organization=organization).exists():
                continue
            services.iati_publisher_save(
                organization=organization,
                viewer=viewer,
                identifier=f"LA-DEMO-{organization.pk:04d}",
                organisation_type=IatiPublisher.OrganisationType.NATIONAL_NGO,
                in_network_file=number == 1,
                by=secretariat,
            )
            added.append(f"IATI identifier for {organization.slug}")
        past = (
            ReportingRound.objects.filter(
                status=ReportingRound.Status.CLOSED, reports__status=Report.Status.ACCEPTED
            )
            .distinct()
            .order_by("-period_end")
            .first()
        )
        if past is not None and not NationalReport.objects.filter(round=past).exists():
            services.national_report_update(
                reporting_round=past,
                font=NationalReport.Font.NOTO,
                foreword_lo=FOREWORD_LO,
                foreword_en=FOREWORD_EN,
                by=secretariat,
            )
            candidates = list(services.highlight_candidates(past).order_by("pk").values_list("pk", flat=True))
            picked = sorted(rng.sample(candidates, k=min(HIGHLIGHTS, len(candidates))))
            if picked:
                services.highlights_set(
                    reporting_round=past, shown_line_ids=picked, picked_line_ids=picked, by=secretariat
                )
            added.append(f"national report settings and {len(picked)} selected results for {past.title_en}")
    refreshed = services.refresh_snapshots(force=False)
    if added:
        say(
            stdout,
            "Reports demo data added: " + "; ".join(added) + f"; {refreshed} rounds' figures computed.",
        )
    else:
        say(stdout, f"Reports demo data exists already; {refreshed} rounds' figures computed.")
