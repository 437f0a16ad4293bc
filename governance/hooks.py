"""Places where apps that governance may not import (content, projects) add to governance pages.

governance sits beside content and projects, so it cannot import them; the project package (laocso),
which sits above all apps, registers their providers at start-up (laocso/apps.py):

    from governance import hooks
    hooks.register_sector_panel("news", content.selectors.sector_news_panel)
    hooks.register_sector_panel("reporting", projects.selectors.sector_reporting_panel)

Providers build core.panels.SectorPanel, the shape every app may import.

A provider is called as provider(sector_group, viewer) and returns a SectorPanel or None. It must
itself respect the viewer's visibility (directory.visibility.Viewer), as every list does.
"""

from collections.abc import Callable

from core.models import SectorGroup
from core.panels import PanelItem, SectorPanel
from directory.visibility import Viewer

__all__ = ["PanelItem", "SectorPanel", "register_sector_panel", "sector_panels"]

SectorPanelProvider = Callable[[SectorGroup, Viewer], SectorPanel | None]

# Known slots, in the order the sector group page shows them.
SLOTS = ("news", "documents", "reporting")
_providers: dict[str, SectorPanelProvider] = {}


def register_sector_panel(slot: str, provider: SectorPanelProvider) -> None:
    if slot not in SLOTS:
        raise ValueError(f"Unknown sector panel slot {slot!r}; expected one of {SLOTS}.")
    _providers[slot] = provider


def sector_panels(group: SectorGroup, viewer: Viewer) -> dict[str, SectorPanel]:
    """The panels the sector group page shows, by slot; empty until the apps are wired in."""
    panels = {}
    for slot in SLOTS:
        provider = _providers.get(slot)
        panel = provider(group, viewer) if provider else None
        if panel is not None:
            panels[slot] = panel
    return panels
