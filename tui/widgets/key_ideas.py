"""A lesson's key ideas as a titled, scrollable list.

Used beside the lesson text on wide terminals, and as a panel a person
toggles on narrow ones. Each idea is a bullet with a hanging indent (a
two-column grid in one Static, which keeps the widget count, and so the cost
of opening a lesson, low), so the list reads the same with or without colour
and wrapped lines stay clear of the bullet.
"""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static


def ideas_grid(ideas: tuple[str, ...]) -> Table:
    """The ideas as bullet rows with a blank row between them."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(width=1, style="bold")
    grid.add_column(ratio=1)
    for number, idea in enumerate(ideas):
        if number:
            grid.add_row("", "")
        grid.add_row("•", Text(idea))
    return grid


class KeyIdeas(VerticalScroll):
    """The key ideas of one lesson, bordered and titled "Key ideas"."""

    DEFAULT_CSS = """
    KeyIdeas {
        border: round $secondary 60%;
        border-title-color: $text;
        border-title-style: bold;
        padding: 0 1;
        height: auto;
        max-height: 100%;
    }
    KeyIdeas:focus {
        border: round $secondary;
    }
    KeyIdeas > .key-ideas-list {
        width: 1fr;
        height: auto;
    }
    """

    def __init__(self, ideas: tuple[str, ...] = (), *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._ideas = ideas
        self.border_title = "Key ideas"

    def compose(self) -> ComposeResult:
        yield Static(ideas_grid(self._ideas), classes="key-ideas-list")

    @property
    def ideas(self) -> tuple[str, ...]:
        return self._ideas

    def show(self, ideas: tuple[str, ...]) -> None:
        """Replace the list with ``ideas`` and scroll back to the top."""
        self._ideas = ideas
        self.query_one(".key-ideas-list", Static).update(ideas_grid(ideas))
        self.scroll_home(animate=False)
