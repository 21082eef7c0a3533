"""A lesson's key ideas as a titled, scrollable list.

Used beside the lesson text on wide terminals, and as a panel a person
toggles on narrow ones. Each idea is a bullet with a hanging indent, so the
list reads the same with or without colour and wrapped lines stay clear of
the bullet.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Static


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
    KeyIdeas > .key-idea {
        height: auto;
        margin-bottom: 1;
    }
    KeyIdeas > .key-idea:last-of-type {
        margin-bottom: 0;
    }
    KeyIdeas > .key-idea > .key-idea-bullet {
        width: 2;
        text-style: bold;
    }
    KeyIdeas > .key-idea > .key-idea-text {
        width: 1fr;
    }
    """

    def __init__(self, ideas: tuple[str, ...] = (), *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._ideas = ideas
        self.border_title = "Key ideas"

    def compose(self) -> ComposeResult:
        for idea in self._ideas:
            yield self._row(idea)

    @staticmethod
    def _row(idea: str) -> Horizontal:
        return Horizontal(
            Static("•", classes="key-idea-bullet"),
            Static(idea, classes="key-idea-text", markup=False),
            classes="key-idea",
        )

    @property
    def ideas(self) -> tuple[str, ...]:
        return self._ideas

    async def show(self, ideas: tuple[str, ...]) -> None:
        """Replace the list with ``ideas`` and scroll back to the top."""
        self._ideas = ideas
        await self.remove_children()
        await self.mount_all([self._row(idea) for idea in ideas])
        self.scroll_home(animate=False)
