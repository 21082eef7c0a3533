"""Understanding checks: a lesson's short scenarios, answered one at a time.

The person picks an answer (arrows and enter, or its number). At once the
screen marks the choice and the right answer with a symbol and a word (never
colour alone) and shows the one-sentence why for the chosen answer, and for
the right one when that was not it. Every choice is saved with
``progress.record_check``. After the last check the screen offers the "In
practice" questions; it dismisses with ``"in_practice"`` when the person goes
on to them, and ``None`` when they go back to the lesson.
"""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from tui.core.content import Check, Lesson
from tui.core.errors import TendError

GO_TO_IN_PRACTICE = "in_practice"


class ChecksScreen(Screen[str | None]):
    """The lesson's understanding checks, one at a time."""

    CSS_PATH = "lesson.tcss"

    BINDINGS = [
        Binding("escape", "back", "Back to lesson"),
        Binding("n", "next_check", "Next"),
        Binding("1", "choose(0)", "Choose", key_display="1-3"),
        Binding("2", "choose(1)", "Choose answer 2", show=False),
        Binding("3", "choose(2)", "Choose answer 3", show=False),
        Binding("4", "choose(3)", "Choose answer 4", show=False),
    ]

    def __init__(self, lesson: Lesson) -> None:
        super().__init__()
        self.lesson = lesson
        self.index = 0
        """Which check is on screen."""
        self.chosen: dict[int, int] = {}
        """Check index -> the choice made this time."""

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="lesson-bar"):
            yield Static("Check your understanding", id="section-title")
            yield Static(id="section-position")
        with VerticalScroll(id="check-body"):
            yield Static(id="check-prompt", markup=False)
            yield OptionList(id="check-choices")
            yield Static(id="check-feedback")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = self.lesson.label
        self._show_check()

    @property
    def check(self) -> Check:
        return self.lesson.checks[self.index]

    @property
    def answered(self) -> bool:
        """Whether the check on screen has been answered."""
        return self.index in self.chosen

    @property
    def is_last(self) -> bool:
        return self.index == len(self.lesson.checks) - 1

    def _show_check(self) -> None:
        total = len(self.lesson.checks)
        self.query_one("#section-position", Static).update(f"check {self.index + 1} of {total}")
        self.query_one("#check-prompt", Static).update(self.check.prompt)
        options = self.query_one("#check-choices", OptionList)
        options.set_options(self._options())
        options.highlighted = 0
        options.focus()
        feedback = self.query_one("#check-feedback", Static)
        feedback.update("Choose an answer: arrows and enter, or its number.")
        feedback.set_class(False, "-answered")
        self.query_one("#check-body", VerticalScroll).scroll_home(animate=False)
        self.refresh_bindings()

    def _options(self) -> list[Option]:
        chosen = self.chosen.get(self.index)
        return [Option(self._choice_row(number, chosen)) for number in range(len(self.check.choices))]

    def _choice_row(self, number: int, chosen: int | None) -> Table:
        """One answer as a grid row, so a wrapped answer keeps a hanging indent."""
        choice = self.check.choices[number]
        row = Table.grid(padding=(0, 1))
        row.add_column(width=1)
        row.add_column(width=1, style="bold")
        row.add_column(ratio=1)
        if chosen is None:
            row.add_row(" ", str(number + 1), Text(choice.text))
            return row
        marker = "✓" if choice.correct else ("✗" if number == chosen else " ")
        text = Text(choice.text, style="bold" if choice.correct or number == chosen else "dim")
        labels = [label for label, applies in (("your answer", number == chosen), ("the skill", choice.correct)) if applies]
        if labels:
            text.append(f"  ({', '.join(labels)})", style="italic not bold")
        row.add_row(Text(marker, style="bold"), str(number + 1), text)
        return row

    def action_choose(self, number: int) -> None:
        if self.answered:
            return
        if not 0 <= number < len(self.check.choices):
            return
        self.chosen[self.index] = number
        try:
            self.app.progress.record_check(self.lesson.slug, self.index, number)
        except TendError as error:
            self.notify(error.message, title="Answer not saved", severity="warning", timeout=10)
        notice = self.app.progress.take_notice()
        if notice:
            self.notify(notice, title="Progress", severity="warning", timeout=10)
        options = self.query_one("#check-choices", OptionList)
        options.set_options(self._options())
        options.highlighted = number
        self._show_feedback(number)
        self.refresh_bindings()

    def _show_feedback(self, number: int) -> None:
        check = self.check
        picked = check.choices[number]
        text = Text()
        if picked.correct:
            text.append("✓ Yes, that is the skill. ", style="bold")
            text.append(picked.why)
        else:
            text.append("✗ Not quite. ", style="bold")
            text.append(picked.why)
            right = check.choices[check.answer]
            text.append(f"\n\n✓ Answer {check.answer + 1} is the skill. ", style="bold")
            text.append(right.why)
        text.append("\n\n")
        if self.is_last:
            right_count = sum(
                1 for index, choice in self.chosen.items() if self.lesson.checks[index].choices[choice].correct
            )
            text.append(
                f"That was the last check: you chose the skill in {right_count} of {len(self.lesson.checks)}. ",
            )
            text.append("Press n or enter to answer the In practice questions, or escape to go back to the lesson.",
                        style="italic")
        else:
            text.append("Press n or enter for the next check.", style="italic")
        feedback = self.query_one("#check-feedback", Static)
        feedback.update(text)
        feedback.set_class(True, "-answered")
        # The explanation can sit below the fold at 80x24; bring it into view.
        self.call_after_refresh(feedback.scroll_visible, animate=False)

    def action_next_check(self) -> None:
        if not self.answered:
            self.notify("Choose an answer first: arrows and enter, or its number.", timeout=4)
            return
        if self.is_last:
            self.dismiss(GO_TO_IN_PRACTICE)
            return
        self.index += 1
        self._show_check()

    def action_back(self) -> None:
        self.dismiss(None)

    @on(OptionList.OptionSelected, "#check-choices")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if self.answered:
            self.action_next_check()
        else:
            self.action_choose(event.option_index)
