"""One journal entry: reading it whole, and the form that writes or changes it.

:class:`EntryScreen` shows every field of an entry (what happened, the
repair, how it went, the checklist answers, the draft analysis, the promise
to come back and whether it was kept). :class:`EntryFormScreen` is the form
for a new entry or an edit: a lesson picker whose questions become the
checklist, the three texts, tags, and an optional time the person promised
to come back by. It saves with ctrl+s; when saving fails it says so in one
line and keeps everything typed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime

from rich.console import Group, RenderableType
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.events import Resize
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, Label, Select, Static, TextArea

from tui.core.content import Lesson, Series
from tui.core.errors import TendError
from tui.core.journal import ChecklistItem, Entry, JournalStore, parse_moment
from tui.core.when import EXAMPLES, WhenError, describe_due, format_moment, parse_when
from tui.screens.dialogs import ConfirmDialog

GENERAL_CHECKLIST = "repairing-after-rupture"
"""The lesson whose questions are the general rupture checklist (lesson 11)."""

REPAIRED_MARKS = {True: ("✓", "repaired"), False: ("✗", "not repaired"), None: ("·", "not said")}
"""A symbol and a word for whether a rupture got repaired, so it never rests on colour."""

FORM_TWO_COLUMNS = 110
"""From this width on, the form shows the texts on the left and the checklist on the right."""

KIND_WORDS = {"rupture": "rupture", "practice": "practice", "draft": "draft from the builder"}


# Text shared by the list, the reader and the form.


def lesson_option_label(lesson: Lesson) -> str:
    """How a lesson is named in the pickers."""
    if lesson.slug == GENERAL_CHECKLIST:
        return f"General rupture checklist ({lesson.number}. {lesson.title})"
    return f"{lesson.number}. {lesson.title}"


def lesson_short(series: Series, slug: str | None) -> str:
    """'11 Repairing After Rupture', the slug if the lesson is gone, '—' for none."""
    if not slug:
        return "—"
    lesson = series.find(slug)
    return f"{lesson.number:>2} {lesson.title}" if lesson else slug


def first_words(text: str, limit: int) -> str:
    """The start of ``text`` on one line, cut at a word with an ellipsis."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat[: max(1, limit - 1)]
    if flat[len(cut)] != " " and " " in cut[limit // 2 :]:
        cut = cut[: cut.rfind(" ")]
    return cut.rstrip(" ,.;:") + "…"


def repaired_mark(entry: Entry) -> str:
    symbol, word = REPAIRED_MARKS[entry.repaired]
    return f"{symbol} {word}"


def describe_created(entry: Entry) -> str:
    moment = entry.created_at()
    if moment is None:
        return entry.created or "?"
    local = moment.astimezone()
    return f"{local:%a} {local.day} {local:%b %Y}, {local:%H:%M}"


def describe_promise(entry: Entry, now: datetime) -> Text | None:
    """The promise to come back and what became of it, or None when there was none."""
    due = parse_moment(entry.promised_return)
    if due is None:
        return None
    line = Text()
    line.append("Stepped away, promised to come back by ", style="bold")
    line.append(format_moment(due, now))
    back = parse_moment(entry.returned_at)
    if back is not None:
        kept = "on time" if back <= due else f"{describe_due(due, back).replace('overdue by ', '')} late"
        line.append(f"\n  ✓ came back {format_moment(back, now)} ({kept})")
    elif due < now:
        line.append(f"\n  ⚠ OVERDUE: {describe_due(due, now)}; press r when you are back", style="bold")
    else:
        line.append(f"\n  ◷ waiting: {describe_due(due, now)}; press r when you are back")
    return line


def describe_analysis(analysis: dict) -> list[Text]:
    """The builder's labels for a saved draft, read defensively (the dict comes from a file)."""
    lines: list[Text] = []
    for key, title in (("direction", "Direction"), ("label", "Direction"), ("accountability", "Accountability")):
        value = analysis.get(key)
        if isinstance(value, str) and value:
            lines.append(Text(f"  {title}: {value}"))
    findings = analysis.get("findings")
    if isinstance(findings, list):
        for finding in findings:
            if not isinstance(finding, dict):
                continue
            effect = finding.get("effect") or finding.get("direction") or ""
            arrow = {"toward": "↑ toward", "away": "↓ away", "owns": "↑ owns", "undermines": "↓ undermines"}.get(
                str(effect), f"· {effect}" if effect else "·"
            )
            name = finding.get("family") or finding.get("rule") or finding.get("rule_id") or ""
            message = finding.get("message") or finding.get("explanation") or ""
            line = Text(f"  {arrow}  ")
            line.append(str(name).replace("_", " "), style="bold")
            if message:
                line.append(f": {message}")
            lines.append(line)
    return lines


def entry_renderable(entry: Entry, series: Series, now: datetime) -> RenderableType:
    """Every field of an entry, headed and spaced for reading."""
    parts: list[RenderableType] = []
    head = Text()
    head.append(describe_created(entry), style="bold")
    head.append(f"  ·  {KIND_WORDS.get(entry.kind, entry.kind)}")
    if entry.lesson:
        lesson = series.find(entry.lesson)
        head.append(f"  ·  {lesson_option_label(lesson) if lesson else entry.lesson}")
    parts.append(head)
    if entry.tags:
        parts.append(Text("Tags: " + ", ".join(entry.tags), style="italic"))
    for title, body in (
        ("What happened", entry.note),
        ("The repair offered or received", entry.repair),
        ("How it went", entry.outcome),
    ):
        if body.strip():
            parts.append(Text(""))
            parts.append(Text(title, style="bold underline"))
            parts.append(Text(body))
    if entry.kind == "rupture" or entry.repaired is not None:
        parts.append(Text(""))
        parts.append(Text(f"Repaired: {repaired_mark(entry)}"))
    if entry.checklist:
        parts.append(Text(""))
        parts.append(Text("Checklist", style="bold underline"))
        for item in entry.checklist:
            parts.append(Text(f"• {item.question}", style="bold"))
            parts.append(Text(f"  {item.answer}" if item.answer.strip() else "  (no answer)"))
    promise = describe_promise(entry, now)
    if promise is not None:
        parts.append(Text(""))
        parts.append(promise)
    if entry.analysis:
        analysis_lines = describe_analysis(entry.analysis)
        if analysis_lines:
            parts.append(Text(""))
            parts.append(Text("What the builder noticed in this draft", style="bold underline"))
            parts.extend(analysis_lines)
    if entry.updated:
        moment = parse_moment(entry.updated)
        when = f"{moment.astimezone():%Y-%m-%d %H:%M}" if moment else entry.updated
        parts.append(Text(""))
        parts.append(Text(f"Edited {when}", style="dim"))
    return Group(*parts)


# Reading one entry.


def confirm_delete(screen: Screen, store: JournalStore, entry_id: int, *, then: Callable[[], object]) -> None:
    """Ask before deleting entry ``entry_id``; on yes delete it and call ``then``.

    A failed delete is one line in a notification and changes nothing.
    """

    def answered(yes: bool | None) -> None:
        if not yes:
            return
        try:
            store.delete(entry_id)
        except TendError as error:
            screen.notify(error.message, title="Not deleted", severity="error")
            return
        screen.notify("The entry was deleted.")
        then()

    screen.app.push_screen(ConfirmDialog("Delete this journal entry? This cannot be undone.", yes="Delete"), answered)


class EntryScreen(Screen[None]):
    """One entry, whole, with keys to edit it, delete it or say you came back."""

    CSS_PATH = "journal.tcss"

    BINDINGS = [
        Binding("e", "edit", "Edit"),
        Binding("d", "delete", "Delete"),
        Binding("r", "came_back", "I came back"),
        Binding("escape", "back", "Back"),
    ]

    def __init__(self, entry_id: int, *, clock: Callable[[], datetime] | None = None) -> None:
        super().__init__()
        self.entry_id = entry_id
        self.clock = clock or (lambda: datetime.now().astimezone())
        self.entry: Entry | None = None

    @property
    def store(self) -> JournalStore:
        return self.app.journal  # type: ignore[attr-defined]

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="entry-reader"):
            yield Static(id="entry-text")
        yield Footer()

    def on_mount(self) -> None:
        self.load()
        self.query_one("#entry-reader").focus()

    def on_screen_resume(self) -> None:
        self.load()

    def load(self) -> None:
        try:
            self.entry = self.store.get(self.entry_id)
        except TendError as error:
            self.entry = None
            self.query_one("#entry-text", Static).update(Text(error.message))
            return
        finally:
            self.refresh_bindings()
        if self.entry is None:
            self.query_one("#entry-text", Static).update("This entry is no longer in the journal.")
            return
        self.sub_title = f"Journal entry #{self.entry_id}"
        self.query_one("#entry-text", Static).update(entry_renderable(self.entry, self.app.series, self.clock()))  # type: ignore[attr-defined]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "came_back":
            entry = self.entry
            return entry is not None and bool(entry.promised_return) and not entry.returned_at
        if action in ("edit", "delete"):
            return self.entry is not None
        return True

    def action_back(self) -> None:
        self.dismiss(None)

    def action_edit(self) -> None:
        if self.entry is not None:
            self.app.push_screen(EntryFormScreen(self.entry, clock=self.clock))

    def action_delete(self) -> None:
        if self.entry is not None:
            confirm_delete(self, self.store, self.entry_id, then=lambda: self.dismiss(None))

    def action_came_back(self) -> None:
        entry = self.entry
        if entry is None or not entry.promised_return or entry.returned_at:
            self.notify("This entry has no open promise to come back.")
            return
        try:
            self.store.mark_returned(self.entry_id, when=self.clock())
        except TendError as error:
            self.notify(error.message, title="Not saved", severity="error")
            return
        self.notify("Noted: you came back.")
        self.load()


# Writing or changing an entry.


@dataclass
class FormValues:
    """What the form holds, to tell whether anything was typed or changed."""

    kind: str
    lesson: str | None
    note: str
    repair: str
    outcome: str
    repaired: bool | None
    answers: tuple[tuple[str, str], ...]
    tags: str
    promised: str


REPAIRED_CHOICES: list[tuple[str, str]] = [
    ("Not said", "unsaid"),
    ("✓ Yes, it got repaired", "yes"),
    ("✗ Not yet", "no"),
]
_REPAIRED_VALUE = {"unsaid": None, "yes": True, "no": False}
_REPAIRED_KEY = {None: "unsaid", True: "yes", False: "no"}


def split_tags(text: str) -> list[str]:
    """'work, tired ,,home' -> ['work', 'tired', 'home'] (no blanks, no repeats)."""
    tags: list[str] = []
    for part in text.split(","):
        tag = " ".join(part.split())
        if tag and tag.casefold() not in (t.casefold() for t in tags):
            tags.append(tag)
    return tags


class EntryFormScreen(Screen[int | None]):
    """A new entry or an edit; dismisses with the saved entry's id, or None."""

    CSS_PATH = "journal.tcss"

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", priority=True),
        Binding("escape", "cancel", "Cancel"),
    ]

    def __init__(self, entry: Entry | None = None, *, clock: Callable[[], datetime] | None = None) -> None:
        super().__init__()
        self.original = entry
        self.clock = clock or (lambda: datetime.now().astimezone())
        self.questions: tuple[str, ...] = ()
        self.answers: dict[str, str] = {}
        """Answers by question, kept when the lesson changes so nothing typed is lost."""
        if entry is not None:
            for item in entry.checklist:
                self.answers[item.question] = item.answer
        self._initial: FormValues | None = None
        self._lesson_shown: str | None = None
        self._lesson_picked = False
        """True once the person chose a lesson; until then an edit keeps the entry's own."""

    @property
    def store(self) -> JournalStore:
        return self.app.journal  # type: ignore[attr-defined]

    @property
    def series(self) -> Series:
        return self.app.series  # type: ignore[attr-defined]

    def _start_lesson(self) -> str | None:
        if self.original is not None:
            return self.original.lesson
        return GENERAL_CHECKLIST if self.series.find(GENERAL_CHECKLIST) else None

    def compose(self) -> ComposeResult:
        entry = self.original or Entry()
        lesson_options = [(lesson_option_label(lesson), lesson.slug) for lesson in self.series.lessons if lesson.in_practice]
        start_lesson = self._start_lesson()
        kinds = [("A rupture and what came after", "rupture"), ("A practice (trying a skill)", "practice")]
        if entry.kind == "draft":
            kinds.append(("A draft from the repair builder", "draft"))
        yield Header()
        with VerticalScroll(id="entry-form"):
            with Horizontal(id="form-columns"):
                with Vertical(id="form-left"):
                    yield Label("What happened", classes="field-label")
                    yield TextArea(entry.note, id="form-note", classes="form-text")
                    yield Label("The repair offered or received", classes="field-label")
                    yield TextArea(entry.repair, id="form-repair", classes="form-text")
                    yield Label("How it went", classes="field-label")
                    yield TextArea(entry.outcome, id="form-outcome", classes="form-text")
                    yield Label("Did it get repaired?", classes="field-label")
                    yield Select(
                        REPAIRED_CHOICES, value=_REPAIRED_KEY[entry.repaired], allow_blank=False,
                        id="form-repaired", compact=True,
                    )
                    yield Label("This entry is about", classes="field-label")
                    yield Select(kinds, value=entry.kind, allow_blank=False, id="form-kind", compact=True)
                with Vertical(id="form-right"):
                    yield Label("Checklist questions from", classes="field-label")
                    yield Select(
                        lesson_options,
                        value=start_lesson if start_lesson in {slug for _, slug in lesson_options} else Select.NULL,
                        allow_blank=True,
                        prompt="No lesson",
                        id="form-lesson",
                        compact=True,
                    )
                    yield Vertical(id="form-checklist")
                    yield Label("Tags (comma separated)", classes="field-label")
                    yield Input(", ".join(entry.tags), placeholder="e.g. work, tired, sister", id="form-tags", compact=True)
                    yield Label("I stepped away and promised to come back by … (optional)", classes="field-label")
                    yield Input(
                        self._promise_text(entry),
                        placeholder="21:30, tomorrow 9:00, in 30 minutes",
                        id="form-return",
                        compact=True,
                    )
                    yield Static(id="return-hint", classes="field-hint")
        yield Static(id="form-error", classes="field-error")
        yield Footer()

    def _promise_text(self, entry: Entry) -> str:
        due = parse_moment(entry.promised_return)
        return f"{due.astimezone():%Y-%m-%d %H:%M}" if due else ""

    def on_resize(self, event: Resize) -> None:
        self.set_class(event.size.width < FORM_TWO_COLUMNS, "-narrow")

    async def on_mount(self) -> None:
        self.sub_title = "New journal entry" if self.original is None else f"Editing entry #{self.original.id}"
        questions = (
            tuple(item.question for item in self.original.checklist)
            if self.original is not None and self.original.checklist
            else self._lesson_questions(self._start_lesson())
        )
        shown = self.query_one("#form-lesson", Select).value
        self._lesson_shown = shown if isinstance(shown, str) else None
        await self._show_checklist(questions)
        self._show_return_hint()
        self.query_one("#form-note", TextArea).focus()
        self._initial = self.values()

    def _lesson_questions(self, slug: str | None) -> tuple[str, ...]:
        lesson = self.series.find(slug) if slug else None
        return lesson.in_practice if lesson else ()

    async def _show_checklist(self, questions: tuple[str, ...]) -> None:
        self._remember_answers()
        self.questions = questions
        box = self.query_one("#form-checklist", Vertical)
        await box.remove_children()
        widgets = []
        for number, question in enumerate(questions):
            widgets.append(Label(question, classes="checklist-question"))
            widgets.append(
                Input(
                    self.answers.get(question, ""), placeholder="your answer", id=f"check-{number}",
                    classes="checklist-answer", compact=True,
                )
            )
        if widgets:
            await box.mount_all(widgets)

    def _remember_answers(self) -> None:
        for number, question in enumerate(self.questions):
            found = self.query(f"#check-{number}")
            if found:
                self.answers[question] = found.first(Input).value

    @on(Select.Changed, "#form-lesson")
    async def lesson_changed(self, event: Select.Changed) -> None:
        slug = event.value if isinstance(event.value, str) else None
        if slug == self._lesson_shown:
            return  # the Select reporting its first value, not a change of lesson
        self._lesson_shown = slug
        self._lesson_picked = True
        await self._show_checklist(self._lesson_questions(slug))

    @on(Input.Changed, "#form-return")
    def _return_changed(self) -> None:
        self._show_return_hint()

    def _show_return_hint(self) -> None:
        hint = self.query_one("#return-hint", Static)
        text = self.query_one("#form-return", Input).value
        hint.remove_class("-error")
        if not text.strip():
            hint.update(f"Leave empty if you did not step away. Shapes that work: {EXAMPLES}.")
            return
        try:
            due = parse_when(text, self.clock())
        except WhenError:
            hint.update(f"Not a time yet; try {EXAMPLES}.")
            return
        hint.update(f"→ {format_moment(due, self.clock())}")

    def values(self) -> FormValues:
        self._remember_answers()
        lesson = self.query_one("#form-lesson", Select).value
        kind = self.query_one("#form-kind", Select).value
        repaired = self.query_one("#form-repaired", Select).value
        return FormValues(
            kind=kind if isinstance(kind, str) else "rupture",
            lesson=(
                self.original.lesson
                if self.original is not None and not self._lesson_picked
                else lesson if isinstance(lesson, str) else None
            ),
            note=self.query_one("#form-note", TextArea).text,
            repair=self.query_one("#form-repair", TextArea).text,
            outcome=self.query_one("#form-outcome", TextArea).text,
            repaired=_REPAIRED_VALUE.get(repaired if isinstance(repaired, str) else "unsaid"),
            answers=tuple((q, self.answers.get(q, "")) for q in self.questions),
            tags=self.query_one("#form-tags", Input).value,
            promised=self.query_one("#form-return", Input).value,
        )

    def has_changes(self) -> bool:
        return self._initial is not None and self.values() != self._initial

    def _show_error(self, message: str) -> None:
        self.query_one("#form-error", Static).update(Text(f"✗ {message}"))

    def action_save(self) -> None:
        values = self.values()
        error_line = self.query_one("#form-error", Static)
        error_line.update("")
        hint = self.query_one("#return-hint", Static)
        promised: str | None = None
        if values.promised.strip():
            try:
                due = parse_when(values.promised, self.clock())
            except WhenError as error:
                hint.update(Text(f"✗ {error.message}"))
                hint.add_class("-error")
                self.query_one("#form-return", Input).focus()
                return
            promised = due.isoformat(timespec="seconds")
        texts = [values.note, values.repair, values.outcome, *(answer for _, answer in values.answers)]
        if not any(text.strip() for text in texts):
            self._show_error("Nothing to save yet: write what happened, the repair, how it went, or a checklist answer.")
            self.query_one("#form-note", TextArea).focus()
            return
        base = self.original or Entry()
        # Keep the follow-through while a promise stands; clearing the promise clears it too.
        returned_at = base.returned_at if promised else None
        entry = replace(
            base,
            kind=values.kind,
            lesson=values.lesson,
            note=values.note,
            repair=values.repair,
            outcome=values.outcome,
            repaired=values.repaired,
            checklist=[ChecklistItem(question, answer) for question, answer in values.answers],
            tags=split_tags(values.tags),
            promised_return=promised,
            returned_at=returned_at,
        )
        try:
            if self.original is None:
                self.store.add(entry)
            else:
                self.store.update(entry)
        except TendError as error:
            self._show_error(f"Not saved: {error.message}. Everything you typed is still here.")
            self.notify(error.message, title="Not saved", severity="error", timeout=10)
            return
        if self.store.save_notice:
            self.notify(self.store.save_notice, severity="warning", timeout=10)
        self.notify("Saved to your journal.")
        self.dismiss(entry.id)

    def action_cancel(self) -> None:
        if not self.has_changes():
            self.dismiss(None)
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(
            ConfirmDialog("Discard what you typed in this entry?", yes="Discard", no="Keep writing"), answered
        )
