"""The "In practice" questions of a lesson, answered and saved to the journal.

One text box per question and an optional one-line note. Saving makes a
journal entry of kind ``practice`` for the lesson whose checklist is the
question/answer pairs. If the journal cannot be written, the reason is shown
in one line and everything typed stays on screen. The screen dismisses with
the new entry's id, or ``None`` when the person leaves without saving.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Footer, Header, Input, Label, Static, TextArea

from tui.core.content import Lesson
from tui.core.errors import TendError
from tui.core.journal import ChecklistItem, Entry


def practice_entry(lesson: Lesson, answers: list[str], note: str) -> Entry:
    """A ``practice`` journal entry: each In practice question with its answer, in order.

    Answers and note lose only surrounding whitespace; a question left blank
    is kept with an empty answer, so the entry always shows the whole list.
    """
    checklist = [
        ChecklistItem(question=question, answer=answer.strip())
        for question, answer in zip(lesson.in_practice, answers)
    ]
    return Entry(kind="practice", lesson=lesson.slug, checklist=checklist, note=note.strip())


class InPracticeScreen(Screen[int | None]):
    """Answer a lesson's In practice questions and save them as a journal entry."""

    CSS_PATH = "lesson.tcss"

    BINDINGS = [
        Binding("ctrl+s", "save", "Save to journal", priority=True),
        Binding("escape", "back", "Back to lesson"),
    ]

    def __init__(self, lesson: Lesson) -> None:
        super().__init__()
        self.lesson = lesson
        self._saving = False

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="lesson-bar"):
            yield Static("In practice", id="section-title")
            yield Static(f"{len(self.lesson.in_practice)} questions", id="section-position")
        with VerticalScroll(id="practice-form"):
            yield Static(
                "Answer in your own words; a line is enough, and you can leave any blank. "
                "Tab moves to the next box, ctrl+s saves.",
                id="practice-intro",
            )
            for number, question in enumerate(self.lesson.in_practice):
                yield Label(f"{number + 1}. {question}", classes="practice-question", markup=False)
                yield TextArea(id=f"answer-{number}", classes="practice-answer", soft_wrap=True)
            yield Label("A note (optional, one line)", classes="practice-question")
            yield Input(placeholder="e.g. who it was with, or what you will try next", id="practice-note")
            yield Static(id="save-error")
            with Horizontal(id="practice-buttons"):
                yield Button("Save to journal", id="save", variant="primary", compact=True)
                yield Button("Back to lesson", id="back", compact=True)
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = self.lesson.label
        self.query_one("#answer-0", TextArea).focus()
        self.query_one("#save-error").display = False

    def answers(self) -> list[str]:
        """What is typed in each answer box, in question order."""
        return [self.query_one(f"#answer-{n}", TextArea).text for n in range(len(self.lesson.in_practice))]

    def note(self) -> str:
        return self.query_one("#practice-note", Input).value

    def has_typed(self) -> bool:
        return any(answer.strip() for answer in self.answers()) or bool(self.note().strip())

    def build_entry(self) -> Entry:
        """The journal entry the typed answers make."""
        return practice_entry(self.lesson, self.answers(), self.note())

    def action_save(self) -> None:
        if self._saving:
            return
        if not any(answer.strip() for answer in self.answers()):
            self._show_error("Nothing to save yet: answer at least one question.")
            return
        self._saving = True
        try:
            journal = self.app.journal
            entry_id = journal.add(self.build_entry())
        except TendError as error:
            self._show_error(f"Not saved: {error.message}")
            return
        finally:
            self._saving = False
        self.notify(f"Saved to your journal (entry {entry_id}).", title="In practice")
        if journal.save_notice:
            self.notify(journal.save_notice, title="Journal", severity="warning", timeout=10)
        self.dismiss(entry_id)

    def _show_error(self, message: str) -> None:
        error = self.query_one("#save-error", Static)
        error.update(f"✗ {message}")
        error.display = True
        self.call_after_refresh(error.scroll_visible, animate=False)

    def action_back(self) -> None:
        if not self.has_typed():
            self.dismiss(None)
            return
        from tui.screens.dialogs import ConfirmDialog

        def leave(confirmed: bool | None) -> None:
            if confirmed:
                self.dismiss(None)

        self.app.push_screen(
            ConfirmDialog("Leave without saving? What you typed here will be lost.", yes="Leave", no="Stay"),
            leave,
        )

    @on(Input.Submitted, "#practice-note")
    def _note_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    @on(Button.Pressed, "#save")
    def _save_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_save()

    @on(Button.Pressed, "#back")
    def _back_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_back()
