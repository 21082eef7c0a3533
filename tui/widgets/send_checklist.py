"""SendChecklist: "before you send", three questions a person ticks, with the checker's answer beside each.

The ticks are the person's own judgement; the checker's line under each
question is only a second opinion (e.g. "checker: no acknowledgment yet").
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Checkbox, Static

from tui.core.practice import SEND_QUESTIONS, SendCheck
from tui.widgets.tick_box import TickBox


class SendChecklist(Vertical):
    """Three checkboxes and the checker's answers."""

    DEFAULT_CSS = """
    SendChecklist {
        height: auto;
        border: round $secondary 50%;
        border-title-color: $text;
        padding: 0 1;
    }
    SendChecklist Checkbox {
        border: none;
        padding: 0;
        height: 1;
        background: transparent;
    }
    SendChecklist Checkbox:focus {
        background-tint: $foreground 8%;
    }
    SendChecklist .send-answer {
        color: $text-muted;
        padding-left: 4;
        height: auto;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.border_title = "Before you send"
        self._answers: dict[str, str] = {}

    def compose(self) -> ComposeResult:
        for key, question in SEND_QUESTIONS:
            yield TickBox(question, id=f"send-{key}", compact=True)
            yield Static("", id=f"send-{key}-answer", classes="send-answer", markup=False)

    def show(self, checks: Sequence[SendCheck]) -> None:
        """Put the checker's answer under each question."""
        for check in checks:
            line = ("✓ " if check.good else "· ") + check.answer
            if self._answers.get(check.key) != line:
                self._answers[check.key] = line
                self.query_one(f"#send-{check.key}-answer", Static).update(line)

    def answer_for(self, key: str) -> str:
        """The checker's answer currently shown for question ``key``."""
        return self._answers.get(key, "")

    @property
    def ticked(self) -> dict[str, bool]:
        """Which questions the person has ticked, by key."""
        return {key: self.query_one(f"#send-{key}", Checkbox).value for key, _ in SEND_QUESTIONS}

    @property
    def questions(self) -> dict[str, str]:
        return dict(SEND_QUESTIONS)
