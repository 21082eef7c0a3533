"""The series' safety note, shown calmly once where a lesson invites reaching back."""

from __future__ import annotations

from textual.widgets import Static


class SafetyNote(Static):
    """A bordered, quiet note; the text comes from ``series.yaml``."""

    DEFAULT_CSS = """
    SafetyNote {
        height: auto;
        border: round $warning 60%;
        border-title-color: $text;
        border-title-style: bold;
        padding: 0 1;
        margin: 0 0 1 0;
        color: $text;
    }
    """

    def __init__(self, note: str, *, id: str | None = None) -> None:
        super().__init__(note, id=id, markup=False)
        self.border_title = "If you are not safe"
