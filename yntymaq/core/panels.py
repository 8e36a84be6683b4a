"""Panels: a later app adds a card to an earlier app's page without that app knowing it.

The page names a slot and the object it shows, with the template tag of
`core/templatetags/panels.py`: `{% panels "incoming.stay_detail" stay %}`. A later app
registers, in its AppConfig.ready(), a function `panel(request, obj) -> dict | None` for the
slot; the dict is `{"template": ..., "order": int, **context}` (like the dashboard's widgets)
and the template sees it as `panel`. A panel decides itself whether the user may see it and
returns None otherwise, so an earlier app never imports a later one (DESIGN.md: apps depend
only downward) and never restates its rules.
"""

from __future__ import annotations

from collections.abc import Callable

_PANELS: dict[str, list[Callable]] = {}


def register(slot: str, panel: Callable) -> None:
    """Show `panel(request, obj)` in `slot`; registering the same function twice adds it once."""
    panels = _PANELS.setdefault(slot, [])
    if panel not in panels:
        panels.append(panel)


def panels_for(slot: str, request, obj) -> list[dict]:
    """The panels of the slot that have something to show, in their order."""
    rendered = [panel(request, obj) for panel in _PANELS.get(slot, [])]
    return sorted((p for p in rendered if p), key=lambda p: p.get("order", 100))
