"""A small picture of practice over time, drawn with text so it reads without colour.

:class:`PracticeChart` shows, week by week, how many ruptures were noted and
how many of them got a repair: one bar per week, as long as that week's
ruptures, solid (``█``) for the repaired part and shaded (``▒``) for the
rest, with both numbers in words beside it. Then the share of ruptures that
got a repair and the away moves that recur most in saved drafts. It is given plain data (:class:`ChartData`) and knows nothing of the
journal store, so it can be tested and reused on its own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from rich.console import Group, RenderableType
from rich.text import Text
from textual.widgets import Static

RUPTURE_BLOCK = "▒"
REPAIR_BLOCK = "█"


@dataclass
class WeekRow:
    """One week of the chart."""

    start: date
    """The Monday the week begins."""
    week: int
    """The ISO week number."""
    ruptures: int
    repairs: int


@dataclass
class ChartData:
    """Everything the chart shows."""

    weeks: list[WeekRow] = field(default_factory=list)
    """Oldest week first."""
    repair_share: float | None = None
    """Of the ruptures where it was said, the share that got a repair."""
    repaired_count: int = 0
    answered_count: int = 0
    """How many ruptures said whether they got repaired (the share's denominator)."""
    away_moves: list[tuple[str, int]] = field(default_factory=list)
    """(move family, how many times) most frequent first."""


def bar(count: int, largest: int, width: int, block: str) -> str:
    """``count`` as a bar of up to ``width`` blocks; any count above zero shows at least one."""
    if count <= 0 or largest <= 0:
        return ""
    return block * max(1, round(count / largest * width))


def describe_share(data: ChartData) -> str:
    """The repair share as a sentence with its numbers."""
    if data.repair_share is None:
        return "Repair share: not known yet (say whether a rupture got repaired when you note it)."
    percent = round(data.repair_share * 100)
    return (
        f"Repair share: {percent}% of ruptures got a repair "
        f"({data.repaired_count} of {data.answered_count} where you said)."
    )


class PracticeChart(Static):
    """Ruptures and repairs per week, the repair share, and recurring away moves."""

    DEFAULT_CSS = """
    PracticeChart {
        height: auto;
        padding: 0 1;
    }
    """

    def __init__(self, data: ChartData | None = None, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.data = data or ChartData()

    def show(self, data: ChartData) -> None:
        """Redraw with new figures."""
        self.data = data
        self.update(self.render_chart(self.size.width or 76))

    def on_mount(self) -> None:
        self.update(self.render_chart(self.size.width or 76))

    def on_resize(self) -> None:
        self.update(self.render_chart(self.size.width or 76))

    def render_chart(self, width: int) -> RenderableType:
        data = self.data
        lines: list[Text] = [Text("Ruptures and repairs per week", style="bold")]
        legend = Text("  Each bar is a week's ruptures: ")
        legend.append(f"{REPAIR_BLOCK * 2} repaired", style="bold")
        legend.append(f"  {RUPTURE_BLOCK * 2} not repaired (yet)")
        lines.append(legend)
        label_width = 14  # "  W48 23 Nov  "
        words_width = 26  # "  12 ruptures, 10 repaired"
        bar_width = max(4, min(48, width - 2 - label_width - words_width))
        largest = max((row.ruptures for row in data.weeks), default=0)
        for row in data.weeks:
            line = Text()
            line.append(f"  W{row.week:02d} {row.start.day:>2} {row.start:%b}  ", style="dim")
            repaired_part = bar(row.repairs, largest, bar_width, REPAIR_BLOCK)
            whole = bar(row.ruptures, largest, bar_width, RUPTURE_BLOCK)
            rest = RUPTURE_BLOCK * max(0, len(whole) - len(repaired_part))
            line.append(repaired_part, style="bold")
            line.append(rest)
            line.append(" " * (bar_width - len(repaired_part) - len(rest)))
            noun = "rupture," if row.ruptures == 1 else "ruptures,"
            line.append(f"  {row.ruptures:>2} {noun:<9} {row.repairs:>2} repaired")
            lines.append(line)
        if largest == 0:
            lines.append(Text("  No ruptures noted in these weeks.", style="italic"))
        lines.append(Text(""))
        lines.append(Text(describe_share(data)))
        lines.append(Text(""))
        lines.append(Text("Away moves that recur in your saved drafts", style="bold"))
        if data.away_moves:
            for family, count in data.away_moves:
                times = "time" if count == 1 else "times"
                lines.append(Text(f"  ↓ {family.replace('_', ' ')}: {count} {times}"))
        else:
            lines.append(
                Text("  None yet. Drafts saved from the repair builder show their away moves here.", style="italic")
            )
        return Group(*lines)
