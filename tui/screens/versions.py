"""VersionPicker: the draft's kept versions, what changed in checker terms, and restoring one.

Returns the number of the version to restore, or ``None``.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tui.core.practice import DraftVersion
from tui.widgets.direction_meter import DIRECTION_LABELS


def version_heading(version: DraftVersion) -> Text:
    """``v2 14:03 saved · ✓ toward · away moves 2 → 0; acknowledgment added``."""
    symbol = DIRECTION_LABELS.get(version.summary.direction, ("?",))[0]
    text = Text(no_wrap=True, overflow="ellipsis")
    text.append(f"v{version.number} ", style="bold")
    text.append(f"{version.at:%H:%M} {version.reason} · ", style="dim")
    text.append(f"{symbol} {version.summary.direction} · ")
    text.append("; ".join(version.changes))
    return text


class VersionPicker(ModalScreen[int | None]):
    """The kept versions, newest first; Enter restores the highlighted one."""

    DEFAULT_CSS = """
    VersionPicker {
        align: center middle;
    }
    VersionPicker > Vertical {
        width: 90%;
        max-width: 110;
        height: 90%;
        max-height: 34;
        border: round $primary;
        border-title-color: $text;
        background: $panel;
        padding: 0 1;
    }
    VersionPicker OptionList, VersionPicker OptionList:focus {
        height: 1fr;
        min-height: 3;
        border: none;
        background: transparent;
    }
    VersionPicker #version-preview {
        height: auto;
        max-height: 10;
        border-top: solid $primary 30%;
        padding-top: 0;
    }
    """

    BINDINGS = [
        Binding("escape", "dismiss(None)", "Close"),
        Binding("enter", "restore", "Restore version"),
    ]

    def __init__(self, versions: Sequence[DraftVersion]) -> None:
        super().__init__()
        self.versions = list(reversed(versions))

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = "Versions of this draft  (Enter restores one)"
            if self.versions:
                options = [Option(version_heading(v), id=f"v{v.number}") for v in self.versions]
            else:
                options = [
                    Option(
                        Text("No versions yet. Copy, save or keep (ctrl+g) a draft to keep one.", style="dim"),
                        disabled=True,
                    )
                ]
            yield OptionList(*options, id="version-options")
            yield Static("", id="version-preview", markup=False)

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.focus()
        if self.versions:
            options.highlighted = 0

    def _highlighted(self) -> DraftVersion | None:
        index = self.query_one(OptionList).highlighted
        if index is None or not self.versions:
            return None
        return self.versions[index]

    @on(OptionList.OptionHighlighted)
    def _preview(self) -> None:
        version = self._highlighted()
        if version is not None:
            self.query_one("#version-preview", Static).update(version.text)

    @on(OptionList.OptionSelected)
    def _choose(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_restore()

    def action_restore(self) -> None:
        version = self._highlighted()
        if version is not None:
            self.dismiss(version.number)
