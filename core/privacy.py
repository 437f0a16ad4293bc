"""What the platform holds about a person, and erasing it on request.

Each app that stores personal data registers an exporter (returns JSON-safe data about the user) and
an eraser (removes or blanks the personal values, keeping the records that others rely on), in its
AppConfig.ready(). The audit log needs nothing: it holds account numbers, not personal values.
"""

from collections.abc import Callable

Exporter = Callable[[object], dict]
Eraser = Callable[[object], int]

_exporters: dict[str, Exporter] = {}
_erasers: dict[str, Eraser] = {}


def register(name: str, *, export: Exporter, erase: Eraser) -> None:
    _exporters[name] = export
    _erasers[name] = erase


def personal_data(user) -> dict:
    return {name: export(user) for name, export in sorted(_exporters.items())}


def erase_all(user) -> dict[str, int]:
    """Run every app's eraser (inside the caller's transaction); returns what each one touched."""
    return {name: erase(user) for name, erase in sorted(_erasers.items())}
