"""The customer 360 laid out for the template: the tier history as an SVG line chart (coordinates made
here, no JavaScript) and the consents as a grid of channel x purpose saying what is allowed and why."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

CHART_WIDTH = 280
CHART_HEIGHT = 80
PAD = 6
GRID_CHANNELS = ("email", "sms", "phone", "post")
GRID_PURPOSES = ("marketing", "personalisation", "new_products")


@dataclass(frozen=True)
class Dot:
    """One recompute on the chart: where, its tier and its values (minor units)."""

    x: float
    y: float
    tier: str
    when: Any
    current_minor: int
    cost_minor: int


@dataclass(frozen=True)
class Chart:
    """Polylines (SVG `points`) of current value and cost to serve over the recomputes, and the zero line."""

    width: int
    height: int
    value_line: str
    cost_line: str
    zero_y: float
    dots: list[Dot]


@dataclass(frozen=True)
class ConsentCell:
    """Whether a purpose is allowed on a channel, and the record that decides (None: never asked, so no)."""

    allowed: bool
    record: Any


def tier_chart(history: list[Any]) -> Chart | None:
    """The chart of `history` (tier records, oldest first); None when there is nothing to draw."""
    if not history:
        return None
    values = [r.current_value_minor for r in history] + [r.cost_to_serve_minor for r in history] + [0]
    low, high = min(values), max(values)
    span = (high - low) or 1
    step = (CHART_WIDTH - 2 * PAD) / max(len(history) - 1, 1)

    def y(amount: int) -> float:
        return round(float(CHART_HEIGHT - PAD - (amount - low) / span * (CHART_HEIGHT - 2 * PAD)), 1)

    xs = [round(PAD + index * step, 1) for index in range(len(history))]
    dots = [Dot(x, y(r.current_value_minor), r.tier, r.computed_at, r.current_value_minor, r.cost_to_serve_minor)
            for x, r in zip(xs, history, strict=True)]  # fmt: skip
    value_line = " ".join(f"{d.x},{d.y}" for d in dots)
    cost_line = " ".join(f"{x},{y(r.cost_to_serve_minor)}" for x, r in zip(xs, history, strict=True))
    return Chart(CHART_WIDTH, CHART_HEIGHT, value_line, cost_line, y(0), dots)


def consent_grid(records: dict[tuple[str, str], Any]) -> dict[str, dict[str, ConsentCell]]:
    """Channel -> purpose -> cell, deciding as `consent.allowed` does: the exact channel, else "any", else no."""
    grid: dict[str, dict[str, ConsentCell]] = {}
    for channel in GRID_CHANNELS:
        grid[channel] = {}
        for purpose in GRID_PURPOSES:
            record = records.get((channel, purpose)) or records.get(("any", purpose))
            grid[channel][purpose] = ConsentCell(bool(record is not None and record.granted), record)
    return grid


def contactable(grid: dict[str, dict[str, ConsentCell]]) -> list[str]:
    """The channels on which the customer may be contacted for at least one purpose."""
    return [channel for channel, cells in grid.items() if any(cell.allowed for cell in cells.values())]
