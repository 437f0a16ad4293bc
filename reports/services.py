"""Writes of the reports app: dashboard snapshots, the national report's settings and selected
results, IATI publishing settings."""

from __future__ import annotations

import re
from decimal import Decimal

from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

import lao
from accounts.models import User
from core.audit import audit_record
from core.cache import page_cache_bump
from directory.models import Organization
from directory.visibility import Viewer, can_edit_organization
from projects.models import Report, ReportingRound, ReportProject
from reports.figures import change_stamp, compute_round, round_fingerprint
from reports.models import AUDIENCES, FigureRow, Highlight, IatiPublisher, NationalReport, RoundSnapshot

PAGE_CACHE = "reports"
MAX_HIGHLIGHTS = 30


def _rows(snapshot: RoundSnapshot, figures) -> list[FigureRow]:
    rows = []
    for (sector, dimension, key), tally in figures.rows.items():
        counts = tally.counts
        rows.append(
            FigureRow(
                snapshot=snapshot,
                sector=sector,
                dimension=dimension,
                key=key,
                organizations=len(tally.organizations),
                projects=len(tally.projects),
                women=counts[0],
                men=counts[1],
                girls=counts[2],
                boys=counts[3],
                disabled_women=counts[4],
                disabled_men=counts[5],
                disabled_girls=counts[6],
                disabled_boys=counts[7],
                spending_lak=Decimal(tally.cents) / 100,
            )
        )
    return rows


def _snapshots_locked(reporting_round: ReportingRound) -> dict[str, RoundSnapshot]:
    """The round's snapshot rows, created if missing, locked until the end of the transaction (two
    refreshes of one round take turns)."""
    for audience in AUDIENCES:
        if not RoundSnapshot.objects.filter(round=reporting_round, audience=audience).exists():
            try:
                with transaction.atomic():
                    RoundSnapshot.objects.create(
                        round=reporting_round, audience=audience, fingerprint="", refreshed_at=timezone.now()
                    )
            except IntegrityError:
                pass  # created by a refresh running at the same time
    locked = RoundSnapshot.objects.select_for_update().filter(round=reporting_round).order_by("audience")
    return {snapshot.audience: snapshot for snapshot in locked}


def refresh_snapshots(*, round: ReportingRound | None = None, force: bool = True) -> int:
    """Recompute the dashboard figures of one round (or of every round) from its accepted reports.

    Called after a report is accepted or reopened (through the projects app's hook), by the
    `refresh_dashboards` command, and by readers that find a round's figures out of date. With
    `force=False` a round whose figures are current is left alone. Returns the rounds refreshed."""
    rounds = [round] if round is not None else list(ReportingRound.objects.order_by("pk"))
    refreshed = 0
    for reporting_round in rounds:
        stamp = change_stamp(reporting_round.pk)  # before the fingerprint: a change between them shows
        fingerprint = round_fingerprint(reporting_round.pk)
        if not force and _is_current(reporting_round.pk, fingerprint):
            RoundSnapshot.objects.filter(round=reporting_round).update(stamp=stamp)
            continue
        computed = compute_round(reporting_round, fingerprint=fingerprint)
        with transaction.atomic():
            snapshots = _snapshots_locked(reporting_round)
            if not force and all(s.fingerprint == fingerprint for s in snapshots.values()):
                continue  # another process has just done it
            now = timezone.now()
            FigureRow.objects.filter(snapshot__round=reporting_round).delete()
            rows = []
            for figures in computed.audiences:
                snapshot = snapshots[figures.audience]
                snapshot.fingerprint = computed.fingerprint
                snapshot.stamp = stamp
                snapshot.refreshed_at = now
                snapshot.usd_rate = computed.usd_rate
                snapshot.missing_currencies = ",".join(figures.missing_currencies)
                for name, value in vars(figures.organizations).items():
                    setattr(snapshot, name, value)
                snapshot.save()
                rows += _rows(snapshot, figures)
            FigureRow.objects.bulk_create(rows, batch_size=2000)
            transaction.on_commit(lambda: page_cache_bump(PAGE_CACHE))
        cache.delete(_checked_key(reporting_round.pk))
        refreshed += 1
    return refreshed


def _checked_key(round_id: int) -> str:
    return f"reports:snapshot-checked:{round_id}"


def _is_current(round_id: int, fingerprint: str) -> bool:
    stored = set(RoundSnapshot.objects.filter(round_id=round_id).values_list("fingerprint", flat=True))
    count = RoundSnapshot.objects.filter(round_id=round_id).count()
    return count == len(AUDIENCES) and stored == {fingerprint}


# How often a reader checks whether a round's figures are out of date (a few small queries).
CHECK_EVERY = 60


def ensure_current(round_ids: list[int]) -> None:
    """Make sure the figures of these rounds are computed and current. Checks each round at most once
    a minute; a round whose accepted reports, projects or rates changed is recomputed now."""
    for round_id in round_ids:
        key = _checked_key(round_id)
        if cache.get(key):
            continue
        # Unless nothing changed anywhere since the figures were last found current, compare their
        # fingerprint (and recompute them if the change concerns the round).
        stamps = list(RoundSnapshot.objects.filter(round_id=round_id).values_list("stamp", flat=True))
        if len(stamps) != len(AUDIENCES) or set(stamps) != {change_stamp(round_id)}:
            reporting_round = ReportingRound.objects.filter(pk=round_id).first()
            if reporting_round is not None:
                refresh_snapshots(round=reporting_round, force=False)
        cache.set(key, True, CHECK_EVERY)


# --- the national report ------------------------------------------------------------------------


def national_report_for(reporting_round: ReportingRound) -> NationalReport:
    report, _created = NationalReport.objects.get_or_create(round=reporting_round)
    return report


@transaction.atomic
def national_report_update(
    *, reporting_round: ReportingRound, font: str, foreword_lo: str, foreword_en: str, by: User
) -> NationalReport:
    """The secretariat sets the Lao font and the foreword of a round's national report. Audited."""
    if font not in NationalReport.Font.values:
        raise ValidationError({"font": _("Choose one of the fonts offered.")})
    report = NationalReport.objects.select_for_update().get(pk=national_report_for(reporting_round).pk)
    report.font = font
    report.foreword_lo = lao.clean(foreword_lo)
    report.foreword_en = foreword_en.strip()
    report.updated_by = by
    report.save()
    audit_record(actor=by, action="national_report.update", target=report, font=font)
    return report


def highlight_candidates(reporting_round: ReportingRound):
    """Lines that may be picked for the national report: of accepted reports, of public projects of
    active members (the report is a public document), with results written."""
    from directory.models import Visibility

    return (
        ReportProject.objects.filter(
            report__round=reporting_round,
            report__status=Report.Status.ACCEPTED,
            report__organization__status=Organization.Status.ACTIVE,
            project__visibility=Visibility.PUBLIC,
        )
        .exclude(results_lo="", results_en="")
        .select_related("report__organization", "project__sector_group")
    )


@transaction.atomic
def highlights_set(
    *, reporting_round: ReportingRound, shown_line_ids: list[int], picked_line_ids: list[int], by: User
) -> NationalReport:
    """The secretariat picks results for the national report. Of the lines shown on the form
    (`shown_line_ids`), those in `picked_line_ids` are selected and the others unselected; picks made
    on other pages stay. Only lines that may be picked are accepted."""
    report = NationalReport.objects.select_for_update().get(pk=national_report_for(reporting_round).pk)
    allowed = set(
        highlight_candidates(reporting_round).filter(pk__in=shown_line_ids).values_list("pk", flat=True)
    )
    unknown = set(picked_line_ids) - allowed
    if unknown:
        raise ValidationError(_("Some of the chosen results cannot be used in the national report."))
    current = set(report.highlights.values_list("line_id", flat=True))
    removed = (set(shown_line_ids) & current) - set(picked_line_ids)
    added = [line_id for line_id in picked_line_ids if line_id not in current]
    if len(current) - len(removed) + len(added) > MAX_HIGHLIGHTS:
        raise ValidationError(
            _("The national report can show at most %(count)s selected results.") % {"count": MAX_HIGHLIGHTS}
        )
    report.highlights.filter(line_id__in=removed).delete()
    position = (max(report.highlights.values_list("position", flat=True), default=0)) + 1
    Highlight.objects.bulk_create(
        [
            Highlight(national_report=report, line_id=line_id, position=position + index, picked_by=by)
            for index, line_id in enumerate(added)
        ]
    )
    report.updated_by = by
    report.save(update_fields=["updated_at", "updated_by"])
    audit_record(
        actor=by, action="national_report.highlights", target=report, added=added, removed=sorted(removed)
    )
    return report


# --- IATI -------------------------------------------------------------------------------------------

IATI_FORBIDDEN = re.compile(r"[/&|?]")
IATI_IDENTIFIER = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:-]{2,99}$")


def iati_identifier_problem(value: str) -> str:
    """What is wrong with an IATI organisation identifier, as a sentence; "" when it is fine."""
    if not value:
        return _("Enter your organization's IATI identifier.")
    if any(char.isspace() for char in value):
        return _("An IATI identifier has no spaces. Write it as registered, e.g. LA-MOHA-1234.")
    if IATI_FORBIDDEN.search(value):
        return _("An IATI identifier may not contain /, &, | or ?.")
    if not IATI_IDENTIFIER.match(value):
        return _(
            "Use only Latin letters, digits, hyphens, dots, colons and underscores (3 to 100 characters), "
            "starting with a letter or digit."
        )
    if "-" not in value:
        return _("An IATI identifier starts with the prefix of the registration agency, e.g. LA-MOHA-1234.")
    return ""


@transaction.atomic
def iati_publisher_save(
    *,
    organization: Organization,
    viewer: Viewer,
    identifier: str,
    organisation_type: str,
    in_network_file: bool,
    by: User,
) -> IatiPublisher:
    """An organization's editors (or the secretariat) set its IATI identifier and whether its public
    projects go into the network's combined file. Audited."""
    if not can_edit_organization(viewer, organization):
        raise PermissionDenied
    identifier = identifier.strip()
    problem = iati_identifier_problem(identifier)
    if problem:
        raise ValidationError({"identifier": problem})
    if organisation_type not in IatiPublisher.OrganisationType.values:
        raise ValidationError({"organisation_type": _("Choose one of the types offered.")})
    if (
        IatiPublisher.objects.filter(identifier__iexact=identifier)
        .exclude(organization=organization)
        .exists()
    ):
        raise ValidationError({"identifier": _("Another organization already uses this IATI identifier.")})
    publisher = IatiPublisher.objects.select_for_update().filter(organization=organization).first()
    if publisher is None:
        publisher = IatiPublisher(organization=organization)
    publisher.identifier = identifier
    publisher.organisation_type = organisation_type
    publisher.in_network_file = in_network_file
    publisher.updated_by = by
    publisher.save()
    audit_record(
        actor=by,
        action="iati.publisher",
        target=organization,
        identifier=identifier,
        in_network_file=in_network_file,
    )
    transaction.on_commit(lambda: page_cache_bump(PAGE_CACHE))
    return publisher


@transaction.atomic
def iati_publisher_delete(*, organization: Organization, viewer: Viewer, by: User) -> None:
    """Stop publishing an organization's projects to IATI from this platform. Audited."""
    if not can_edit_organization(viewer, organization):
        raise PermissionDenied
    deleted, _rows = IatiPublisher.objects.filter(organization=organization).delete()
    if deleted:
        audit_record(actor=by, action="iati.publisher_delete", target=organization)
        transaction.on_commit(lambda: page_cache_bump(PAGE_CACHE))
