"""Draw accessible horizontal bar charts as SVG text, with no script and no inline style.

Each chart is an image to assistive technology (``role="img"``) named by its ``<title>``
and described by a ``<desc>`` that lists every figure, so a screen reader hears the numbers
the bars show. Colours are presentation attributes, because the portal's Content-Security-
Policy refuses ``style`` attributes; they meet WCAG AA: text at 4.5:1 or more on white,
bars at 3:1 or more. Every label is escaped. This module knows nothing of Flask, so the
caller translates the words before handing them over.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence

from markupsafe import Markup, escape

BAR_COLOUR = "#1d70b8"  # 5.2:1 on white: the bars stand out to low vision (1.4.11 wants 3:1)
TEXT_COLOUR = "#0b0c0c"  # 19:1 on white
AXIS_COLOUR = "#505a5f"  # 7:1 on white
FONT_FAMILY = "Helvetica Neue, Arial, sans-serif"
FONT_SIZE = 16
# Every chart has the same width, so its text is drawn at the same size as the next
# chart's when the page scales them down to a narrow screen.
WIDTH = 600
ROW_HEIGHT = 34
BAR_HEIGHT = 22
# SVG text cannot be measured on the server; 0.6 em a character is a safe over-estimate
# for Arial, so the widest label and value fit inside the drawing.
CHAR_WIDTH = FONT_SIZE * 0.6
LABEL_SHARE = 0.4  # of the width at most; a longer label is shortened, whole in <desc>
GAP = 8
PADDING = 4
ELLIPSIS = "\u2026"


def shown_value(value: float) -> float:
    """Return ``value`` as the chart writes it: to one decimal, never below zero."""
    # The bar is drawn from this, not from the raw value, so that a median of a few
    # minutes, written "0 days", draws no bar rather than the longest one.
    return max(round(float(value), 1), 0.0) + 0.0  # + 0.0 turns -0.0 into 0.0


def format_value(value: float, unit: str = "",
                 number: Callable[[float], str] | None = None) -> str:
    """Write ``value`` as the chart shows it: whole numbers plain, others to one decimal.

    ``number`` writes the rounded figure in the page's language ("1 234,5" in French);
    without it, as English does.
    """
    rounded = round(float(value), 1) + 0.0
    if number is not None:
        written = number(rounded)
    else:
        written = f"{rounded:,.0f}" if rounded.is_integer() else f"{rounded:,.1f}"
    return f"{written} {unit}" if unit else written


def chart_id(title: str) -> str:
    """Return an id for a chart's parts, the same for the same title on every render."""
    return "chart-" + hashlib.sha256(title.encode("utf-8")).hexdigest()[:10]


def _text_width(text: str) -> float:
    return len(text) * CHAR_WIDTH


def _fitted(label: str, most: int) -> str:
    """Return ``label``, shortened with an ellipsis when longer than ``most`` characters."""
    return label if len(label) <= most else label[: max(most - 1, 1)] + ELLIPSIS


def bar_chart(title: str, items: Sequence[tuple[str, float]], unit: str = "", *,
              element_id: str | None = None,
              number: Callable[[float], str] | None = None) -> Markup:
    """Return an SVG chart of one horizontal bar per (label, value) in ``items``, in order.

    ``number`` writes each figure in the page's language (see ``format_value``).
    """
    ident = element_id or chart_id(title)
    shown = [(label, shown_value(value), format_value(value, unit, number))
             for label, value in items]
    most = int((WIDTH * LABEL_SHARE - GAP) // CHAR_WIDTH)
    label_width = min(max((len(label) for label, _, _ in shown), default=0), most) * CHAR_WIDTH
    value_width = max((_text_width(text) for _, _, text in shown), default=0)
    axis_x = PADDING + label_width + GAP
    # A long value (a wordy unit) must not squeeze the bars away altogether.
    bar_area = max(WIDTH - axis_x - GAP - value_width - PADDING, WIDTH / 4)
    height = round(2 * PADDING + max(len(shown), 1) * ROW_HEIGHT)
    largest = max((value for _, value, _ in shown), default=0.0)
    description = "; ".join(f"{label}: {text}" for label, _, text in shown) or title

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart-svg" role="img" '
        f'width="{WIDTH}" height="{height}" viewBox="0 0 {WIDTH} {height}" '
        f'aria-labelledby="{escape(ident)}-title" aria-describedby="{escape(ident)}-desc" '
        f'font-family="{FONT_FAMILY}" font-size="{FONT_SIZE}" fill="{TEXT_COLOUR}">',
        f'<title id="{escape(ident)}-title">{escape(title)}</title>',
        f'<desc id="{escape(ident)}-desc">{escape(description)}</desc>',
    ]
    for row, (label, value, text) in enumerate(shown):
        top = PADDING + row * ROW_HEIGHT + (ROW_HEIGHT - BAR_HEIGHT) / 2
        # Text sits on its baseline; a third of the font size below the bar's middle
        # centres it on the bar without dominant-baseline, which some renderers ignore.
        baseline = top + BAR_HEIGHT / 2 + FONT_SIZE / 3
        # With every value zero there is nothing to scale against: no bars at all.
        bar = bar_area * value / largest if largest else 0.0
        # A zero draws no bar (not even a sliver a renderer might round up to a pixel).
        drawn = (f'<rect class="chart-bar" x="{axis_x:.1f}" y="{top:.1f}" width="{bar:.1f}" '
                 f'height="{BAR_HEIGHT}" fill="{BAR_COLOUR}"/>' if value else "")
        parts.append(
            f'<g class="chart-row">'
            f'<text x="{axis_x - GAP:.1f}" y="{baseline:.1f}" text-anchor="end">'
            f"{escape(_fitted(label, most))}</text>"
            f"{drawn}"
            f'<text class="chart-value" x="{axis_x + bar + GAP:.1f}" y="{baseline:.1f}" '
            f'font-weight="700">{escape(text)}</text>'
            f"</g>"
        )
    parts.append(
        f'<line x1="{axis_x:.1f}" y1="{PADDING}" x2="{axis_x:.1f}" y2="{height - PADDING}" '
        f'stroke="{AXIS_COLOUR}" stroke-width="1"/>'
    )
    parts.append("</svg>")
    return Markup("".join(parts))
