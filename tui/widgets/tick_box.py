"""A checkbox whose state shows in its shape, not only its colour.

Textual's Checkbox draws the same ``X`` ticked or not and tells the two apart by
colour alone; a tired reader on a low-contrast theme cannot. TickBox draws ``✓``
when ticked and a blank when not.
"""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Checkbox


class TickBox(Checkbox):
    """A Checkbox that shows ``✓`` when ticked and a space when not."""

    TICKED = "✓"
    UNTICKED = " "

    @property
    def _button(self) -> Content:
        self.BUTTON_INNER = self.TICKED if self.value else self.UNTICKED
        return super()._button
