"""ScenarioPicker: choose a practice scenario for the repair builder's practice mode.

Scenarios are grouped by kind: writing a repair, and accepting one. Returns
the chosen scenario's key, or ``None``.
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
from textual.widgets.option_list import Option, OptionDoesNotExist

from tui.core.practice import Scenario

KIND_HEADINGS = {
    "repair": "Reach back: write the repair",
    "accept": "Let it in: accept an imperfect repair",
}


class ScenarioPicker(ModalScreen[str | None]):
    """The scenarios, by kind; done ones are ticked."""

    DEFAULT_CSS = """
    ScenarioPicker {
        align: center middle;
    }
    ScenarioPicker > Vertical {
        width: 90%;
        max-width: 90;
        height: 90%;
        max-height: 30;
        border: round $primary;
        border-title-color: $text;
        background: $panel;
        padding: 0 1;
    }
    ScenarioPicker OptionList, ScenarioPicker OptionList:focus {
        height: 1fr;
        border: none;
        background: transparent;
    }
    ScenarioPicker #scenario-preview {
        height: auto;
        border-top: solid $primary 30%;
    }
    """

    BINDINGS = [
        Binding("escape", "dismiss(None)", "Close"),
        Binding("enter", "choose", "Practise this"),
    ]

    def __init__(self, scenarios: Sequence[Scenario], done: set[str] | None = None, current: str | None = None) -> None:
        super().__init__()
        self.scenarios = {scenario.key: scenario for scenario in scenarios}
        self.done = done or set()
        self.current = current

    def compose(self) -> ComposeResult:
        options: list[Option | None] = []
        for kind, heading in KIND_HEADINGS.items():
            chosen = [s for s in self.scenarios.values() if s.kind == kind]
            if not chosen:
                continue
            if options:
                options.append(None)
            options.append(Option(Text(heading, style="bold"), disabled=True))
            for scenario in chosen:
                mark = "✓" if scenario.key in self.done else " "
                options.append(Option(Text(f"\u00a0{mark}\u00a0{scenario.title} ({scenario.relationship})"), id=scenario.key))
        with Vertical() as box:
            box.border_title = "Practice scenarios  (✓ = passed this session)"
            yield OptionList(*options, id="scenario-options")
            yield Static("", id="scenario-preview", markup=False)

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.focus()
        if self.current:
            try:
                options.highlighted = options.get_option_index(self.current)
                return
            except OptionDoesNotExist:
                pass
        options.action_first()

    @on(OptionList.OptionHighlighted)
    def _preview(self, event: OptionList.OptionHighlighted) -> None:
        scenario = self.scenarios.get(event.option.id or "")
        if scenario is not None:
            self.query_one("#scenario-preview", Static).update(scenario.situation)

    @on(OptionList.OptionSelected)
    def _choose(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_choose()

    def action_choose(self) -> None:
        option = self.query_one(OptionList).highlighted_option
        if option is not None and option.id in self.scenarios:
            self.dismiss(option.id)
