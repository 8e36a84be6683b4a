"""Dashboard widgets. Apps register a function `widget(request) -> dict | None` returning
`{"template": ..., "order": int, **context}`; the dashboard renders them in order."""

from __future__ import annotations

from collections.abc import Callable

_WIDGETS: list[Callable] = []


def register(widget: Callable) -> None:
    if widget not in _WIDGETS:
        _WIDGETS.append(widget)


def widgets(request) -> list[dict]:
    rendered = [w(request) for w in _WIDGETS]
    return sorted((w for w in rendered if w), key=lambda w: w.get("order", 100))
