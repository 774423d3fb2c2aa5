"""Server-rendered SVG charts (no JavaScript, no CDN) and amounts formatted per language.

Each chart is one ``<svg role="img">`` with a ``<title>`` and a ``<desc>`` that
``aria-labelledby`` names, so a screen reader announces it; the page shows the same values
in a table as well. Every text is escaped, so the SVG is well-formed XML whatever the
names of accounts and products hold. Negative values (a period of credit notes) draw
below the zero line.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal
from xml.sax.saxutils import escape, quoteattr

from markupsafe import Markup

from ssm.i18n import format_money


def format_amount(value: Decimal, lang: str) -> str:
    """``12 345,67 €`` in French, ``€12,345.67`` in English: ``ssm.i18n.format_money``.

    The charts' and pages' one name for an amount; the exact ``Decimal`` is rounded only
    there, for display.
    """
    return format_money(value, lang)


def raw_amount(value: Decimal) -> str:
    """The exact amount as plain decimal text (``12345.67``), for ``data-value`` attributes."""
    text = f"{value:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def _open(chart_id: str, title: str, desc: str, width: int, height: int) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" id={quoteattr(chart_id)} '
        f'viewBox="0 0 {width} {height}" width="100%" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" class="chart">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(desc)}</desc>',
    ]


def _short(label: str, limit: int) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def column_chart(
    chart_id: str,
    title: str,
    desc: str,
    labels: Sequence[str],
    values: Sequence[Decimal],
    fmt: Callable[[Decimal], str],
    *,
    width: int = 720,
    height: int = 280,
) -> Markup:
    """Vertical bars, one per label (oldest first), with a zero line and value tooltips."""
    top, bottom, left, right = 20, 40, 10, 10
    plot_h = height - top - bottom
    high = max([0.0, *map(float, values)])  # geometry in floats; the texts use the exact values
    low = min([0.0, *map(float, values)])
    span = (high - low) or 1.0
    zero_y = top + plot_h * high / span
    step = (width - left - right) / max(1, len(values))
    bar = step * 0.7
    parts = _open(chart_id, title, desc, width, height)
    for index, (label, value) in enumerate(zip(labels, values, strict=True)):
        x = left + index * step + (step - bar) / 2
        size = plot_h * abs(float(value)) / span
        y = zero_y - size if value >= 0 else zero_y
        parts.append(
            f'<g class="bar"><rect x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" '
            f'height="{size:.1f}" fill="{"#2a6f97" if value >= 0 else "#c0392b"}">'
            f"<title>{escape(label)} : {escape(fmt(value))}</title></rect>"
            f'<text x="{x + bar / 2:.1f}" y="{height - bottom + 16}" font-size="11" '
            f'text-anchor="middle">{escape(_short(label, 12))}</text></g>'
        )
    parts.append(
        f'<line x1="{left}" x2="{width - right}" y1="{zero_y:.1f}" y2="{zero_y:.1f}" '
        'stroke="#555" stroke-width="1"/>'
    )
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 (every text above went through escape)


def bar_chart(
    chart_id: str,
    title: str,
    desc: str,
    labels: Sequence[str],
    values: Sequence[Decimal],
    fmt: Callable[[Decimal], str],
    *,
    width: int = 720,
) -> Markup:
    """Horizontal bars, largest first (a top ten), each with its label and amount."""
    row, label_w, value_w = 26, 220, 130
    height = max(1, len(values)) * row + 10
    high = max([0.0, *(abs(float(value)) for value in values)]) or 1.0
    plot_w = width - label_w - value_w
    parts = _open(chart_id, title, desc, width, height)
    for index, (label, value) in enumerate(zip(labels, values, strict=True)):
        y = 5 + index * row
        size = plot_w * abs(float(value)) / high
        parts.append(
            f'<g class="bar"><text x="{label_w - 8}" y="{y + 17}" font-size="12" '
            f'text-anchor="end">{escape(_short(label, 30))}</text>'
            f'<rect x="{label_w}" y="{y + 4}" width="{size:.1f}" height="{row - 8}" '
            f'fill="{"#2a6f97" if value >= 0 else "#c0392b"}">'
            f"<title>{escape(label)} : {escape(fmt(value))}</title></rect>"
            f'<text x="{label_w + size + 6:.1f}" y="{y + 17}" font-size="12">'
            f"{escape(fmt(value))}</text></g>"
        )
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 (every text above went through escape)
