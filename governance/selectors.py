"""Reads used by several governance pages, the search, the feeds and the demo."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Prefetch, Q
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import get_language

from core.models import SectorGroup
from directory.models import Organization
from directory.visibility import Viewer
from governance.models import (
    CommitteeSeat,
    CommitteeTerm,
    Decision,
    Election,
    Meeting,
    SectorLeadership,
)
from search.selectors import InHitOrder, list_hits


def current_term() -> CommitteeTerm | None:
    today = timezone.localdate()
    return (
        CommitteeTerm.objects.filter(starts_on__lte=today)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gt=today))
        .order_by("-starts_on")
        .first()
    )


def seats_of(term: CommitteeTerm) -> list[CommitteeSeat]:
    return list(term.seats.select_related("sector_group", "holder", "holder__organization").order_by("order"))


def group_members(group: SectorGroup):
    """Active member organizations that chose this group in their profile."""
    return (
        Organization.objects.listed()
        .filter(Q(sector_groups=group) | Q(primary_sector_group=group))
        .distinct()
        .select_related("head_office_province")
        .in_viewer_order(get_language() or "lo")
    )


def current_leadership(groups) -> dict[int, dict[str, list[SectorLeadership]]]:
    """{group id: {"head": [...], "deputy": [...]}} for the current heads and deputies."""
    found: dict[int, dict[str, list[SectorLeadership]]] = {
        group.pk: {"head": [], "deputy": []} for group in groups
    }
    for row in (
        SectorLeadership.objects.current()
        .filter(sector_group__in=[group.pk for group in groups])
        .select_related("person", "person__organization")
        .order_by("role", "starts_on", "pk")
    ):
        found[row.sector_group_id][row.role].append(row)
    return found


def groups_with_leadership() -> list[SectorGroup]:
    groups = list(SectorGroup.objects.all())
    leadership = current_leadership(groups)
    for group in groups:
        group.head = leadership[group.pk]["head"][0] if leadership[group.pk]["head"] else None
        group.deputies = leadership[group.pk]["deputy"]
    return groups


def meetings_for(viewer: Viewer):
    return Meeting.objects.visible_to(viewer).select_related("sector_group", "province", "district")


def latest_decisions(viewer: Viewer, limit: int = 5) -> list[Decision]:
    return list(Decision.objects.visible_to(viewer).order_by("-issued_on", "-pk")[:limit])


def elections_for(viewer: Viewer):
    return Election.objects.visible_to(viewer).select_related("sector_group", "committee_seat", "meeting")


def with_candidates(elections):
    from governance.models import Candidate

    return elections.prefetch_related(
        Prefetch("candidates", queryset=Candidate.objects.select_related("person", "person__organization"))
    )


# --- lists with whitelisted filters ---------------------------------------------------------------


def _choice(params: QueryDict, name: str, allowed) -> str:
    value = params.get(name, "")
    return value if value in allowed else ""


def _year(params: QueryDict, name: str = "year") -> int | None:
    value = params.get(name, "")
    return int(value) if value.isdigit() and 1990 <= int(value) <= 2100 else None


@dataclass
class MeetingQuery:
    """The meeting list's filters, read from whitelisted query parameters."""

    when: str = "upcoming"  # upcoming | past
    kind: str = ""
    sector: str = ""
    year: int | None = None
    params: dict = field(default_factory=dict)

    @classmethod
    def from_params(cls, params: QueryDict) -> "MeetingQuery":
        codes = set(SectorGroup.objects.values_list("code", flat=True))
        return cls(
            when=_choice(params, "when", {"upcoming", "past"}) or "upcoming",
            kind=_choice(params, "kind", set(Meeting.Kind.values)),
            sector=_choice(params, "sector", codes),
            year=_year(params),
        )

    def filtered(self, meetings):
        meetings = meetings.upcoming() if self.when == "upcoming" else meetings.past()
        if self.kind:
            meetings = meetings.filter(kind=self.kind)
        if self.sector:
            meetings = meetings.filter(sector_group__code=self.sector)
        if self.year:
            start = timezone.make_aware(datetime(self.year, 1, 1))
            end = timezone.make_aware(datetime(self.year + 1, 1, 1))
            meetings = meetings.filter(starts_at__gte=start, starts_at__lt=end)
        return meetings


@dataclass
class DecisionQuery:
    q: str = ""
    kind: str = ""
    year: int | None = None

    @classmethod
    def from_params(cls, params: QueryDict) -> "DecisionQuery":
        return cls(
            q=params.get("q", "").strip()[:200],
            kind=_choice(params, "kind", set(Decision.Kind.values)),
            year=_year(params),
        )

    def results(self, viewer: Viewer) -> Sequence[Decision]:
        """Decisions the viewer may see, filtered; ranked by the search index when there is a query
        (the number as written, Lao or English words of the title, issuer or summary), each with its
        hit."""
        decisions = Decision.objects.visible_to(viewer)
        if self.kind:
            decisions = decisions.filter(kind=self.kind)
        if self.year:
            decisions = decisions.filter(issued_on__year=self.year)
        if not self.q:
            return decisions.order_by("-issued_on", "-pk")
        return InHitOrder(decisions, list_hits(self.q, kind="decision", visibility_levels=viewer.levels))
