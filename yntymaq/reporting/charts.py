"""Charts as SVG (matplotlib, no pyplot: thread-safe), served by access-checked views and
shown on pages as <img>, so no script or inline style reaches the page (strict CSP)."""

from __future__ import annotations

import io

import matplotlib

matplotlib.use("Agg")

from matplotlib import rc_context
from matplotlib.figure import Figure

PALETTE = ["#0d6efd", "#198754", "#fd7e14", "#6f42c1", "#20c997", "#dc3545", "#6c757d"]
RC = {
    "svg.fonttype": "none",  # text stays text: Kazakh letters render with the reader's fonts
    "svg.hashsalt": "yntymaq",  # stable ids, so equal charts are equal files
    "font.family": "DejaVu Sans",
    "font.size": 9,
}


def _svg(figure: Figure) -> bytes:
    output = io.BytesIO()
    figure.savefig(output, format="svg", bbox_inches="tight", metadata={"Date": None})
    return output.getvalue()


def stacked_bars(title: str, categories: list[str], series: dict[str, list[int]]) -> bytes:
    """Vertical bars per category (e.g. academic year), stacked by series (e.g. country)."""
    with rc_context(RC):
        figure = Figure(figsize=(6.4, 3.2))
        axes = figure.add_subplot()
        bottoms = [0] * len(categories)
        for index, (name, values) in enumerate(series.items()):
            axes.bar(
                categories, values, bottom=bottoms, label=name, color=PALETTE[index % len(PALETTE)]
            )
            bottoms = [b + v for b, v in zip(bottoms, values, strict=True)]
        axes.set_title(title)
        axes.spines[["top", "right"]].set_visible(False)
        axes.yaxis.get_major_locator().set_params(integer=True)
        if series:
            axes.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False)
        else:
            axes.text(0.5, 0.5, "—", ha="center", va="center", transform=axes.transAxes)
        return _svg(figure)


def horizontal_bars(title: str, labels: list[str], values: list[int], top: int = 15) -> bytes:
    """Horizontal bars, largest first; beyond `top` the rest are added up in the last bar."""
    pairs = list(zip(labels, values, strict=True))
    if len(pairs) > top:
        rest = sum(v for _l, v in pairs[top - 1 :])
        pairs = [*pairs[: top - 1], ("…", rest)]
    with rc_context(RC):
        height = 1.0 + 0.28 * max(len(pairs), 1)
        figure = Figure(figsize=(6.4, height))
        axes = figure.add_subplot()
        names = [name for name, _v in reversed(pairs)]
        numbers = [value for _n, value in reversed(pairs)]
        bars = axes.barh(names, numbers, color=PALETTE[0])
        axes.bar_label(bars, padding=2)
        axes.set_title(title)
        axes.spines[["top", "right"]].set_visible(False)
        axes.xaxis.get_major_locator().set_params(integer=True)
        if not pairs:
            axes.text(0.5, 0.5, "—", ha="center", va="center", transform=axes.transAxes)
        return _svg(figure)
