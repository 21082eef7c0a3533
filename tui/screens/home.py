"""The home screen: the series in order, each lesson's progress, and the way in.

A list on the left (number, title, progress marker, and on wide terminals the
one-line summary) and a panel with the highlighted lesson's summary and key
ideas. Keys open a lesson, continue where the person left off, and open the
repair builder and the journal.
"""

from __future__ import annotations

from datetime import datetime

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.events import Resize
from textual.screen import Screen
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from tui.core.content import Lesson
from tui.core.progress import LessonProgress

STATE_MARKERS = {
    "new": ("○", "new"),
    "read": ("◐", "read"),
    "practised": ("●", "practised"),
}
"""A shape and a word for each state, so progress never relies on colour alone."""

NARROW = 100
"""Below this width the detail panel sits under the list instead of beside it."""

WIDE_LIST = 110
"""From this width on, each row also carries the lesson's summary."""


def progress_marker(state: str) -> str:
    symbol, word = STATE_MARKERS.get(state, STATE_MARKERS["new"])
    return f"{symbol} {word}"


def describe_visit(progress: LessonProgress) -> str:
    """'Last visit 3 Nov 2026, 21:40' in the person's local time, or ''."""
    if not progress.last_visit:
        return ""
    try:
        when = datetime.fromisoformat(progress.last_visit).astimezone()
    except ValueError:
        return ""
    return f"Last visit {when.day} {when:%b %Y, %H:%M}"


class LessonList(OptionList):
    """The list of lessons; Enter opens the highlighted one (and says so in the footer)."""

    BINDINGS = [Binding("enter", "select", "Open")]


class HomeScreen(Screen[None]):
    """The series, lesson by lesson, with progress."""

    BINDINGS = [
        Binding("o", "open_lesson", "Open lesson", show=False),
        Binding("c", "continue", "Continue"),
        Binding("b", "builder", "Repair builder"),
        Binding("p", "practice", "Practise"),
        Binding("j", "journal", "Journal"),
        Binding("q", "app.quit", "Quit"),
    ]

    _rows_width = 0
    """The width the rows were last laid out for (0: no summaries in the rows)."""

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="home-body"):
            with Vertical(id="lesson-column"):
                yield Static(id="continue-line")
                yield LessonList(id="lessons")
            with VerticalScroll(id="lesson-detail"):
                yield Static(id="detail-summary")
                yield Static(id="detail-state")
                yield Static(id="detail-ideas")
        yield Static(id="syllabus-note")
        yield Footer()

    def on_mount(self) -> None:
        series = self.app.series
        self.query_one("#lessons", OptionList).border_title = series.title
        self.query_one("#syllabus-note", Static).update(series.syllabus_note)

    def on_screen_resume(self) -> None:
        # Sent when home is first shown, and again whenever a screen above it
        # closes: progress may have changed while a lesson was open.
        self.refresh_progress()

    def on_resize(self, event: Resize) -> None:
        self.set_class(event.size.width < NARROW, "-narrow")
        # Row widths depend on the list's new size, known after the next layout;
        # below WIDE_LIST the rows do not depend on the width at all.
        if event.size.width >= WIDE_LIST or self._rows_width:
            self.call_after_refresh(self.refresh_progress)

    @property
    def lessons(self) -> tuple[Lesson, ...]:
        return self.app.series.lessons

    def refresh_progress(self) -> None:
        """Redraw the rows with the latest progress, keeping the highlight."""
        option_list = self.query_one("#lessons", OptionList)
        highlighted = option_list.highlighted
        width = option_list.scrollable_content_region.width - 1 if self.size.width >= WIDE_LIST else 0
        self._rows_width = width
        progress = self.app.progress.all()
        options = [
            Option(self._row(lesson, progress.get(lesson.slug), width), id=lesson.slug)
            for lesson in self.lessons
        ]
        option_list.set_options(options)
        target = self.app.progress.continue_target([lesson.slug for lesson in self.lessons])
        if highlighted is None:
            highlighted = next(
                (i for i, lesson in enumerate(self.lessons) if target and lesson.slug == target[0]), 0
            )
        option_list.highlighted = min(highlighted, len(options) - 1)
        self._show_continue(target, progress)
        self._show_detail()

    def _row(self, lesson: Lesson, progress: LessonProgress | None, width: int) -> Text:
        """One line: number, title, marker, and the summary when ``width`` leaves room for it."""
        state = progress.state if progress else "new"
        row = Text(no_wrap=True, overflow="ellipsis")
        row.append(f"{lesson.number:>2}  ", style="bold")
        title_width = 34
        row.append(f"{lesson.title:<{title_width}.{title_width}}")
        row.append(f"  {progress_marker(state):<11}", style="italic" if state == "new" else "bold")
        if width > len(row) + 12:
            row.append(f"  {lesson.summary}", style="dim")
            row.truncate(width, overflow="ellipsis")
        return row

    def _show_continue(self, target: tuple[str, int] | None, progress: dict[str, LessonProgress]) -> None:
        """The "continue" line, from the progress ``refresh_progress`` has just read."""
        line = self.query_one("#continue-line", Static)
        if target is None:
            line.update("Every lesson is practised. Press [b]b[/b] to draft a repair or [b]j[/b] for the journal.")
            return
        lesson = self.app.series.find(target[0])
        if lesson is None:
            line.update("")
            return
        section = lesson.sections[min(target[1], len(lesson.sections) - 1)].title
        saved = progress.get(lesson.slug)
        verb = "Start with" if saved is None or saved.state == "new" else "Continue"
        line.update(f"[b]c[/b] {verb}: {lesson.number}. {lesson.title} — {section}")

    def _highlighted_lesson(self) -> Lesson | None:
        index = self.query_one("#lessons", OptionList).highlighted
        if index is None or not 0 <= index < len(self.lessons):
            return None
        return self.lessons[index]

    def _show_detail(self) -> None:
        lesson = self._highlighted_lesson()
        if lesson is None:
            return
        progress = self.app.progress.get(lesson.slug)
        own = " · tend's own syllabus" if lesson.own_syllabus else ""
        self.query_one("#lesson-detail").border_title = f"{lesson.number}. {lesson.title}"
        self.query_one("#detail-summary", Static).update(Text(lesson.summary))
        state_line = Text(progress_marker(progress.state) + own, style="italic")
        visit = describe_visit(progress)
        if visit:
            state_line.append(f" · {visit}")
        self.query_one("#detail-state", Static).update(state_line)
        ideas = Text("Key ideas\n", style="bold")
        for idea in lesson.key_ideas:
            ideas.append("• ", style="bold")
            ideas.append(f"{idea}\n", style="not bold")
        self.query_one("#detail-ideas", Static).update(ideas)

    @on(OptionList.OptionHighlighted, "#lessons")
    def _highlight_changed(self) -> None:
        self._show_detail()

    @on(OptionList.OptionSelected, "#lessons")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.app.open_lesson(event.option.id)

    def action_open_lesson(self) -> None:
        lesson = self._highlighted_lesson()
        if lesson is not None:
            self.app.open_lesson(lesson.slug)

    def action_continue(self) -> None:
        target = self.app.progress.continue_target([lesson.slug for lesson in self.lessons])
        if target is None:
            self.notify("Every lesson is marked practised. Open any lesson to read it again.")
            return
        self.app.open_lesson(target[0], section=target[1])

    def action_builder(self) -> None:
        self.app.open_builder()

    def action_practice(self) -> None:
        self.app.open_builder(practice=True)

    def action_journal(self) -> None:
        self.app.open_journal()
