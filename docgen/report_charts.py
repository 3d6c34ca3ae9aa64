"""Draw the annual report's charts as PNG images with matplotlib, the same bytes every time.

Matplotlib draws with its Agg backend on a ``Figure`` of its own (no pyplot, so no display,
no global figure list, and two requests may draw at once). The style is fixed here rather
than read from the machine's matplotlibrc, the font is the DejaVu Sans matplotlib ships,
and the PNG carries no "Software" entry naming the version: the same figures give the same
image, and so the same report.
"""

from __future__ import annotations

from collections.abc import Sequence
from io import BytesIO

BAR_COLOUR = "#1d70b8"  # the dashboard's blue: 5.2:1 on white
TEXT_COLOUR = "#0b0c0c"
AXIS_COLOUR = "#505a5f"
WIDTH_INCHES = 6.0
ROW_INCHES = 0.45
DPI = 150
LABEL_LIMIT = 40

STYLE = {
    "font.family": "DejaVu Sans",
    "font.size": 10,
    "axes.edgecolor": AXIS_COLOUR,
    "axes.labelcolor": TEXT_COLOUR,
    "xtick.color": AXIS_COLOUR,
    "ytick.color": TEXT_COLOUR,
    "svg.hashsalt": "iap",
    "path.simplify": True,
}
"""The whole style, so that no matplotlibrc on the server changes a report."""


def _short(label: str) -> str:
    return label if len(label) <= LABEL_LIMIT else label[: LABEL_LIMIT - 1] + "\u2026"


def bar_chart_png(title: str, items: Sequence[tuple[str, int]]) -> bytes:
    """Return a PNG of one horizontal bar per (label, count), first at the top."""
    # Imported here, not with the module: matplotlib and numpy weigh some 40 MB in every web
    # worker, and only the yearly report draws.
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    with matplotlib.rc_context(STYLE):
        height = 1.2 + ROW_INCHES * max(len(items), 1)
        figure = Figure(figsize=(WIDTH_INCHES, height), dpi=DPI, facecolor="white")
        FigureCanvasAgg(figure)
        axes = figure.add_subplot()
        labels = [_short(label) for label, _count in items]
        counts = [count for _label, count in items]
        positions = list(range(len(items)))
        bars = axes.barh(positions, counts, color=BAR_COLOUR, height=0.6)
        axes.set_yticks(positions, labels)
        axes.invert_yaxis()  # the first item at the top, as a table reads
        axes.bar_label(bars, labels=[f"{c:,}" for c in counts], padding=3,
                       color=TEXT_COLOUR)
        axes.set_xlim(0, max([*counts, 1]) * 1.15)
        axes.xaxis.get_major_locator().set_params(integer=True)
        axes.set_title(title, loc="left", color=TEXT_COLOUR, fontsize=11)
        for side in ("top", "right"):
            axes.spines[side].set_visible(False)
        figure.tight_layout()
        out = BytesIO()
        figure.savefig(out, format="png", metadata={"Software": None})
    return out.getvalue()
