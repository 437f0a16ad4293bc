"""The shape of a panel that one app shows on another app's page (e.g. a sector group's news on its
governance page), so that apps which may not import each other agree on it. governance.hooks says
who registers providers and where."""

from dataclasses import dataclass, field


@dataclass
class PanelItem:
    title: str
    url: str
    meta: str = ""  # a date, a kind, a figure


@dataclass
class SectorPanel:
    title: str
    items: list[PanelItem] = field(default_factory=list)
    more_url: str = ""  # "all news of this group"
    summary: str = ""  # e.g. "12 of 15 member organizations have reported for CSO contributions 2025"
