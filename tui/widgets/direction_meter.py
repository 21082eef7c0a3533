"""DirectionMeter: where a draft points, as a word and as a marker between away and toward.

Two lines: the direction as a label with a symbol (so it never depends on
colour), and a meter from ``away`` to ``toward`` whose marker sits by the
balance of toward and away moves the checker found.
"""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

DIRECTION_LABELS = {
    "toward": ("✓", "TOWARD", "it reaches back"),
    "mixed": ("◐", "MIXED", "it reaches, then something pulls back"),
    "away": ("✗", "AWAY", "it moves further apart"),
    "unclear": ("○", "UNCLEAR", "no repair move yet"),
    "not-english": ("·", "NOT READ", "the checker reads English only"),
}


def meter_position(direction: str, toward: int, away: int) -> float:
    """Where the marker sits, 0.0 (away) to 1.0 (toward).

    ``toward`` and ``away`` are pinned to the ends; ``mixed`` sits between,
    by the share of toward moves, never at an end; ``unclear`` is the middle.
    """
    if direction == "toward":
        return 1.0
    if direction == "away":
        return 0.0
    if direction == "mixed" and toward + away:
        return min(0.8, max(0.2, toward / (toward + away)))
    return 0.5


class DirectionMeter(Widget):
    """The direction label and the away-to-toward meter."""

    DEFAULT_CSS = """
    DirectionMeter {
        height: 2;
        width: 1fr;
    }
    """

    direction: reactive[str] = reactive("unclear")
    toward: reactive[int] = reactive(0)
    away: reactive[int] = reactive(0)

    def show(self, direction: str, toward: int, away: int) -> None:
        """Update all three at once (one repaint, none if nothing changed)."""
        if (direction, toward, away) == (self.direction, self.toward, self.away):
            return
        self.set_reactive(DirectionMeter.direction, direction)
        self.set_reactive(DirectionMeter.toward, toward)
        self.set_reactive(DirectionMeter.away, away)
        self.refresh()

    @property
    def label(self) -> str:
        """The plain label, e.g. ``"✗ AWAY: it moves further apart"``."""
        symbol, word, meaning = DIRECTION_LABELS.get(self.direction, ("?", self.direction.upper(), ""))
        return f"{symbol} {word}: {meaning}"

    def _colour(self) -> str:
        theme = self.app.current_theme
        return {
            "toward": theme.success,
            "away": theme.error,
            "mixed": theme.warning,
        }.get(self.direction) or theme.foreground or "default"

    def render(self) -> Text:
        symbol, word, meaning = DIRECTION_LABELS.get(self.direction, ("?", self.direction.upper(), ""))
        colour = self._colour()
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append("Direction ", style="bold")
        text.append(f"{symbol} {word}", style=f"bold {colour}")
        text.append(f"  {meaning}\n")

        width = max(10, self.size.width - len("away  toward") - 2)
        position = meter_position(self.direction, self.toward, self.away)
        marker_at = round(position * (width - 1))
        marker = "○" if self.direction == "unclear" else "●"
        text.append("away ", style="dim" if self.direction != "away" else "bold")
        text.append("━" * marker_at, style="dim")
        text.append(marker, style=f"bold {colour}")
        text.append("━" * (width - 1 - marker_at), style="dim")
        text.append(" toward", style="dim" if self.direction != "toward" else "bold")
        return text
