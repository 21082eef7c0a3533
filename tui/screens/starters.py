"""StarterPicker: a modal list of opening lines, grouped by repair family, for the builder.

Returns the chosen line (the builder inserts it at the cursor), or ``None``.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tui.core.practice import StarterFamily, Starters

SOURCE_NOTES = {
    "gottman": "a family of the Gottmans' repair checklist",
    "lesson-11": "one of lesson 11's three small moves",
    "tend": "from lesson 11",
}


class StarterPicker(ModalScreen[str | None]):
    """Pick an opening line; Enter inserts it, Escape closes."""

    DEFAULT_CSS = """
    StarterPicker {
        align: center middle;
    }
    StarterPicker > Vertical {
        width: 90%;
        max-width: 96;
        height: 90%;
        max-height: 36;
        border: round $primary;
        border-title-color: $text;
        background: $panel;
        padding: 0 1;
    }
    StarterPicker OptionList, StarterPicker OptionList:focus {
        height: 1fr;
        border: none;
        background: transparent;
    }
    StarterPicker #starter-about {
        height: auto;
        color: $text;
        border-top: solid $primary 30%;
    }
    StarterPicker #starter-credit {
        height: auto;
        color: $text-muted;
    }
    """

    BINDINGS = [
        Binding("escape", "dismiss(None)", "Close"),
        Binding("enter", "insert", "Insert line"),
    ]

    def __init__(self, starters: Starters) -> None:
        super().__init__()
        self.starters = starters
        self._line_for_option: dict[str, tuple[StarterFamily, str]] = {}

    def compose(self) -> ComposeResult:
        options: list[Option | None] = []
        for family_number, family in enumerate(self.starters.families):
            if family_number:
                options.append(None)
            heading = Text(family.title, style="bold underline")
            options.append(Option(heading, disabled=True, id=f"family-{family.key}"))
            for line_number, line in enumerate(family.lines):
                option_id = f"{family.key}-{line_number}"
                self._line_for_option[option_id] = (family, line)
                # No-break spaces: an option's leading plain spaces are not kept.
                options.append(Option(Text(f"\u00a0\u00a0{line}"), id=option_id))
        with Vertical() as box:
            box.border_title = "Start with a line  (Enter inserts it at the cursor)"
            yield OptionList(*options, id="starter-options")
            yield Static("", id="starter-about", markup=False)
            yield Static(self.starters.credit, id="starter-credit", markup=False)

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.focus()
        options.action_first()

    @property
    def highlighted_line(self) -> str | None:
        option = self.query_one(OptionList).highlighted_option
        if option is None or option.id not in self._line_for_option:
            return None
        return self._line_for_option[option.id][1]

    @on(OptionList.OptionHighlighted)
    def _show_about(self, event: OptionList.OptionHighlighted) -> None:
        chosen = self._line_for_option.get(event.option.id or "")
        if chosen is None:
            return
        family = chosen[0]
        note = SOURCE_NOTES.get(family.source, "")
        about = f"{family.title}: {family.about}"
        self.query_one("#starter-about", Static).update(f"{about} ({note})" if note else about)

    @on(OptionList.OptionSelected)
    def _choose(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_insert()

    def action_insert(self) -> None:
        line = self.highlighted_line
        if line is not None:
            self.dismiss(line)
