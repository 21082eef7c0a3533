"""The lesson screen: one lesson read section by section, then its practice page.

A lesson is a row of pages: one per ``## `` section, then a practice page
with the lesson's examples, its exercise and its credits, and the way on to
the understanding checks (:mod:`tui.screens.lesson_checks`) and the "In
practice" questions (:mod:`tui.screens.in_practice`). The key ideas sit
beside the text on wide terminals and behind ``k`` on narrow ones. Each page
shown is saved as where the person stopped, so ``continue`` on the home
screen comes back to it.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from functools import partial

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.events import Resize
from textual.screen import Screen
from textual.widgets import Button, Footer, Header, Markdown, Static

from tui.core.content import Lesson
from tui.core.errors import TendError
from tui.widgets.key_ideas import KeyIdeas
from tui.widgets.safety_note import SafetyNote

WIDE = 110
"""From this width on, the key ideas sit beside the text."""


def practice_markdown(lesson: Lesson, following: Lesson | None = None) -> str:
    """The practice page's text: examples, the exercise, what comes next, and credits.

    ``following`` is the next lesson of the series, named as the way on.
    """
    parts: list[str] = []
    if lesson.examples:
        parts.append("### Things you might say")
        parts.extend(f"> {quoted(example)}" for example in lesson.examples)
    parts.append(f"### Exercise: {lesson.exercise.title}")
    parts.append("\n".join(f"{number}. {step}" for number, step in enumerate(lesson.exercise.steps, start=1)))
    parts.append("### Check and reflect")
    checks = len(lesson.checks)
    questions = len(lesson.in_practice)
    parts.append(
        f"Press **u** for {_count(checks, 'short check')} of your understanding, then **i** to answer "
        f"{_count(questions, 'question')} for your journal. Once you have tried the skill with someone, "
        "press **m** to mark the lesson practised."
    )
    if lesson.builder:
        parts.append("Press **b** to draft a repair in the repair builder.")
    if following is not None:
        parts.append(f"When you are ready, **]** opens the next lesson: {following.label}.")
    if lesson.credits:
        parts.append("### Credits")
        parts.append("\n".join(f"- {credit}" for credit in lesson.credits))
    return "\n\n".join(parts)


def quoted(line: str) -> str:
    """A thing a person might say, in quotation marks unless it already has them."""
    if line[:1] in "\"“'‘":
        return line
    return f"\"{line}\""


def _count(number: int, noun: str) -> str:
    words = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five", 6: "six"}
    return f"{words.get(number, str(number))} {noun}{'' if number == 1 else 's'}"


def describe_day(moment: str | None) -> str:
    """'26 Nov 2026' for an ISO date-time, or '' when there is none."""
    if not moment:
        return ""
    try:
        when = datetime.fromisoformat(moment).astimezone()
    except ValueError:
        return ""
    return f"{when.day} {when:%b %Y}"


def checks_summary(lesson: Lesson, chosen: dict[str, int]) -> str:
    """'Checks: 2 of 3 right' from the saved choices, or '' when none was answered."""
    answered = [
        (lesson.checks[int(key)], choice)
        for key, choice in chosen.items()
        if key.isdigit() and int(key) < len(lesson.checks)
    ]
    if not answered:
        return ""
    right = sum(1 for check, choice in answered if choice == check.answer)
    return f"Checks: {right} of {len(lesson.checks)} right."


LESSON_COMMANDS: tuple[tuple[str, str, str], ...] = (
    ("Next section", "Read the next section (after the last: the practice page)", "next_page"),
    ("Previous section", "Read the section before", "previous_page"),
    ("Practice page", "Examples, the exercise and credits, and the way to the checks", "practice_page"),
    ("Check your understanding", "Short scenarios: pick the answer that shows the skill", "checks"),
    ("In practice questions", "Answer this lesson's questions and save them to the journal", "in_practice"),
    ("Mark as practised", "Record that you have tried this lesson's skill", "mark_practised"),
    ("Show or hide the key ideas", "The lesson's key ideas beside or over the text", "toggle_ideas"),
    ("Next lesson", "Open the next lesson of the series", "next_lesson"),
    ("Previous lesson", "Open the lesson before", "previous_lesson"),
    ("Repair builder from this lesson", "Draft a repair with live feedback", "builder"),
)
"""Palette title, help, and the LessonScreen action it runs."""


class LessonCommands(Provider):
    """The lesson screen's actions in the command palette, including the keys not in the footer."""

    def _commands(self) -> list[tuple[str, str, Callable[[], Awaitable[None]]]]:
        screen = self.screen
        if not isinstance(screen, LessonScreen):
            return []
        return [
            (title, help_text, partial(screen.run_action, action))
            for title, help_text, action in LESSON_COMMANDS
            if screen.check_action(action, ())
        ]

    async def discover(self) -> Hits:
        for title, help_text, callback in self._commands():
            yield DiscoveryHit(title, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, callback in self._commands():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), callback, help=help_text)


class LessonScreen(Screen[None]):
    """Read a lesson section by section, then practise it."""

    CSS_PATH = "lesson.tcss"
    COMMANDS = {LessonCommands}

    BINDINGS = [
        Binding("escape", "home", "Home"),
        Binding("n,right", "next_page", "Next"),
        Binding("p,left", "previous_page", "Back"),
        Binding("space", "read_on", "Read on: page down, then the next section", show=False),
        Binding("k", "toggle_ideas", "Ideas", tooltip="Show or hide the key ideas"),
        Binding("m", "mark_practised", "Mark practised"),
        Binding("b", "builder", "Builder"),
        Binding("right_square_bracket", "next_lesson", "Next lesson", show=False, key_display="]"),
        Binding("left_square_bracket", "previous_lesson", "Previous lesson", show=False, key_display="["),
        Binding("u", "checks", "Check your understanding", show=False),
        Binding("i", "in_practice", "In practice questions", show=False),
        Binding("e", "practice_page", "Go to the practice page", show=False),
    ]

    def __init__(self, lesson: Lesson, section: int = 0) -> None:
        super().__init__()
        self.lesson = lesson
        self.page = self._clamp(section)
        """0..len(sections)-1 are sections; len(sections) is the practice page."""
        self._opened_at = self.page
        """The safety note is shown on the first section and on the page the lesson opened at."""
        self._wide_ideas_hidden = False
        self._narrow_ideas_open = False
        self._warned: set[str] = set()
        self._saved_entry: int | None = None

    # Layout

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="lesson-bar"):
            yield Static(id="section-title", markup=False)
            yield Static(id="section-position")
        with Horizontal(id="lesson-body"):
            with VerticalScroll(id="reading"):
                yield SafetyNote(self.app.series.safety_note, id="safety-note")
                yield Markdown(id="section-text")
            yield KeyIdeas(self.lesson.key_ideas, id="key-ideas")
        with Vertical(id="practice-bar"):
            yield Static(id="practice-status")
            with Horizontal(id="practice-actions"):
                yield Button("u  Check understanding", id="start-checks", compact=True)
                yield Button("i  In practice", id="start-in-practice", compact=True)
                yield Button("m  Mark practised", id="mark-practised", compact=True)
        yield Footer()

    async def on_mount(self) -> None:
        self._apply_width(self.size.width or self.app.size.width)
        await self._show_page(self.page)
        self.query_one("#reading").focus()

    def on_resize(self, event: Resize) -> None:
        self._apply_width(event.size.width)

    def _apply_width(self, width: int) -> None:
        wide = width >= WIDE
        if wide:
            # Side by side now; narrowing again should bring back the text, not the panel.
            self._narrow_ideas_open = False
        self.set_class(not wide, "-narrow")
        self._apply_ideas_visibility()

    def _apply_ideas_visibility(self) -> None:
        # Set on the two widgets, not as screen classes: a class on the screen
        # restyles every Markdown block, which made `k` feel slow.
        narrow = self.has_class("-narrow")
        ideas_on = self._narrow_ideas_open if narrow else not self._wide_ideas_hidden
        self.query_one(KeyIdeas).display = ideas_on
        self.query_one("#reading").display = not (narrow and ideas_on)

    # What is on screen

    @property
    def practice_page(self) -> int:
        """The index of the practice page (one past the last section)."""
        return len(self.lesson.sections)

    @property
    def on_practice_page(self) -> bool:
        return self.page == self.practice_page

    @property
    def section_title(self) -> str:
        """The title of the page on screen, as shown in the bar."""
        if self.on_practice_page:
            return "Practice"
        return self.lesson.sections[self.page].title

    def _clamp(self, page: int) -> int:
        return max(0, min(page, len(self.lesson.sections)))

    async def _show_page(self, page: int) -> None:
        self.page = self._clamp(page)
        lesson = self.lesson
        self.sub_title = lesson.label
        total = len(lesson.sections)
        self.query_one("#section-title", Static).update(self.section_title)
        position = "after the reading" if self.on_practice_page else f"section {self.page + 1} of {total}"
        self.query_one("#section-position", Static).update(position)
        show_safety = lesson.safety and self.page in (0, self._opened_at)
        self.query_one("#safety-note").display = show_safety
        body = (
            practice_markdown(lesson, self._neighbour(+1))
            if self.on_practice_page
            else lesson.sections[self.page].body
        )
        await self.query_one("#section-text", Markdown).update(body)
        # Toggling the bar itself, not a class on the screen: a screen class
        # restyles every Markdown block and made turning to this page slow.
        self.query_one("#practice-bar").display = self.on_practice_page
        self._show_practice_status()
        self.query_one("#reading", VerticalScroll).scroll_home(animate=False)
        self._record_visit()

    def _show_practice_status(self) -> None:
        if not self.on_practice_page:
            return
        progress = self.app.progress.get(self.lesson.slug)
        if progress.state == "practised":
            day = describe_day(progress.practised_at)
            status = f"● Practised{' on ' + day if day else ''}."
        else:
            status = "○ Not marked practised yet."
        checks = checks_summary(self.lesson, progress.checks)
        if checks:
            status += f"  {checks}"
        if self._saved_entry is not None:
            status += f"  ✓ In practice answers saved (journal entry {self._saved_entry})."
        self.query_one("#practice-status", Static).update(status)

    def _record_visit(self) -> None:
        # The practice page is saved as the last section: home names it by its title.
        section = min(self.page, len(self.lesson.sections) - 1)
        try:
            self.app.progress.visit(self.lesson.slug, section)
        except TendError as error:
            self._warn_once(error.message)
        self._show_progress_notice()

    def _show_progress_notice(self) -> None:
        """The progress store does not raise when a save fails; it leaves a notice."""
        notice = self.app.progress.take_notice()
        if notice:
            self._warn_once(notice)

    def _warn_once(self, message: str) -> None:
        # Every page turn saves progress; one warning per problem is enough.
        if message not in self._warned:
            self._warned.add(message)
            self.notify(message, title="Progress", severity="warning", timeout=10)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "builder":
            return self.lesson.builder
        return True

    # Moving around

    async def action_next_page(self) -> None:
        self._close_narrow_ideas()
        if self.on_practice_page:
            self.action_checks()
            return
        await self._show_page(self.page + 1)

    async def action_read_on(self) -> None:
        """Like a pager: the rest of this page first, then the next page."""
        reading = self.query_one("#reading", VerticalScroll)
        if reading.display and reading.scroll_y < reading.max_scroll_y:
            reading.scroll_page_down(animate=False)
            return
        await self.action_next_page()

    async def action_previous_page(self) -> None:
        self._close_narrow_ideas()
        if self.page == 0:
            self.notify("This is the first section. Press [ for the previous lesson.", timeout=4)
            return
        await self._show_page(self.page - 1)

    async def action_practice_page(self) -> None:
        self._close_narrow_ideas()
        await self._show_page(self.practice_page)

    async def action_next_lesson(self) -> None:
        await self._move_lesson(+1)

    async def action_previous_lesson(self) -> None:
        await self._move_lesson(-1)

    def _neighbour(self, step: int) -> Lesson | None:
        """The lesson ``step`` places along the series, if there is one."""
        lessons = self.app.series.lessons
        index = next(i for i, lesson in enumerate(lessons) if lesson.slug == self.lesson.slug)
        target = index + step
        return lessons[target] if 0 <= target < len(lessons) else None

    async def _move_lesson(self, step: int) -> None:
        target = self._neighbour(step)
        if target is None:
            edge = "last" if step > 0 else "first"
            self.notify(f"This is the {edge} lesson of the series.", timeout=4)
            return
        await self.open_other_lesson(target)

    async def open_other_lesson(self, lesson: Lesson, section: int | None = None) -> None:
        """Show ``lesson`` in this screen, at ``section`` or where the person stopped."""
        if section is None:
            saved = self.app.progress.get(lesson.slug)
            section = saved.section if saved.state != "new" else 0
        self.lesson = lesson
        self._saved_entry = None
        self.page = self._clamp(section)
        self._opened_at = self.page
        self._close_narrow_ideas()
        self.query_one(KeyIdeas).show(lesson.key_ideas)
        await self._show_page(self.page)
        self.refresh_bindings()  # the builder key depends on the lesson

    def action_home(self) -> None:
        # Escape first closes the key ideas where they cover the text.
        if self.has_class("-narrow") and self._narrow_ideas_open:
            self._close_narrow_ideas()
            return
        self.app.action_go_home()

    # Key ideas

    def action_toggle_ideas(self) -> None:
        if self.has_class("-narrow"):
            self._narrow_ideas_open = not self._narrow_ideas_open
        else:
            self._wide_ideas_hidden = not self._wide_ideas_hidden
        self._apply_ideas_visibility()
        if self.has_class("-narrow") and self._narrow_ideas_open:
            self.query_one(KeyIdeas).focus()
        else:
            self.query_one("#reading").focus()

    def _close_narrow_ideas(self) -> None:
        if self._narrow_ideas_open:
            self._narrow_ideas_open = False
            self._apply_ideas_visibility()
            self.query_one("#reading").focus()

    @property
    def key_ideas_visible(self) -> bool:
        """Whether the key ideas panel is on screen now."""
        return self.query_one(KeyIdeas).region.area > 0

    # Practice

    def action_mark_practised(self) -> None:
        slug = self.lesson.slug
        before = self.app.progress.get(slug)
        if before.state == "practised":
            day = describe_day(before.practised_at)
            self.notify(f"{self.lesson.label} is already marked practised{' (' + day + ')' if day else ''}.")
            return
        try:
            self.app.progress.mark_practised(slug)
        except TendError as error:
            self.notify(error.message, title="Not marked practised", severity="error", timeout=10)
            return
        notice = self.app.progress.take_notice()
        if notice:
            self.notify(notice, title="Progress", severity="warning", timeout=10)
        else:
            self.notify(f"Marked practised: {self.lesson.label}.", title="Progress")
        self._show_practice_status()

    def action_builder(self) -> None:
        if self.lesson.builder:
            self.app.open_builder()

    def action_checks(self) -> None:
        from tui.screens.lesson_checks import ChecksScreen

        self.app.push_screen(ChecksScreen(self.lesson), self._after_checks)

    def _after_checks(self, result: str | None) -> None:
        self._show_practice_status()
        if result == "in_practice":
            self.action_in_practice()

    def action_in_practice(self) -> None:
        from tui.screens.in_practice import InPracticeScreen

        self.app.push_screen(InPracticeScreen(self.lesson), self._after_in_practice)

    def _after_in_practice(self, entry_id: int | None) -> None:
        if entry_id is not None:
            self._saved_entry = entry_id
            self._show_practice_status()

    @on(Button.Pressed, "#start-checks")
    def _checks_pressed(self) -> None:
        self.action_checks()

    @on(Button.Pressed, "#start-in-practice")
    def _in_practice_pressed(self) -> None:
        self.action_in_practice()

    @on(Button.Pressed, "#mark-practised")
    def _mark_pressed(self) -> None:
        self.action_mark_practised()
