"""Horizontal bar charts drawn on the server as inline SVG: no script, no library, readable on a
phone, printable."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

WIDTH = 320
LABEL_WIDTH = 120
BAR_HEIGHT = 18
GAP = 6


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    y: int
    width: int


@dataclass(frozen=True)
class Chart:
    bars: list[Bar]
    width: int
    height: int
    label_width: int
    bar_height: int


def bar_chart(items: Sequence[tuple[str, int]]) -> Chart:
    """Bars scaled to the largest value; the value is printed after each bar."""
    largest = max((value for _, value in items), default=0)
    room = WIDTH - LABEL_WIDTH - 40  # space for the printed value
    bars = [
        Bar(
            label=label,
            value=value,
            y=index * (BAR_HEIGHT + GAP),
            width=round(room * value / largest) if largest else 0,
        )
        for index, (label, value) in enumerate(items)
    ]
    return Chart(
        bars=bars,
        width=WIDTH,
        height=max(len(bars) * (BAR_HEIGHT + GAP), BAR_HEIGHT),
        label_width=LABEL_WIDTH,
        bar_height=BAR_HEIGHT,
    )
