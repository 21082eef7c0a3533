"""TendApp: the Textual application that holds the screens together.

The app is given everything it needs (the loaded series, the content and data
folders, the screen to start on) through its constructor, so tests build it
with a ``tmp_path`` and nothing touches a real data folder.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from tui.core.content import Series
from tui.core.progress import ProgressStore

if TYPE_CHECKING:
    from tui.commands import StartAt
    from tui.core.journal import JournalStore


class TendApp(App[int]):
    """tend: lessons, the repair builder and the checklist journal."""

    CSS_PATH = "app.tcss"
    TITLE = "tend"
    ENABLE_COMMAND_PALETTE = True

    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", priority=True, show=False),
        Binding("f1", "show_help_panel", "Keys", show=False),
    ]

    def __init__(
        self,
        *,
        series: Series,
        content_dir: Path,
        data_dir: Path,
        start: StartAt | None = None,
    ) -> None:
        super().__init__()
        self.series = series
        """The lessons, in order."""
        self.content_dir = content_dir
        """Where the lessons, rules, starters and scenarios come from."""
        self.data_dir = data_dir
        """The private data folder; created (0700) on first write."""
        self.start = start
        self.progress = ProgressStore(data_dir)
        """Per-lesson progress; never stops the app from opening."""
        self._journal: JournalStore | None = None
        self.sub_title = series.title

    @property
    def journal(self) -> JournalStore:
        """The journal store, opened on first use (it may refuse a corrupt file)."""
        if self._journal is None:
            from tui.core.journal import JournalStore

            store = JournalStore(self.data_dir)
            store.open()
            self._journal = store
        return self._journal

    def get_default_screen(self) -> Screen:
        from tui.screens.home import HomeScreen

        return HomeScreen()

    def on_mount(self) -> None:
        notice = self.progress.take_notice()
        if notice:
            self.notify(notice, title="Progress", severity="warning", timeout=10)
        start = self.start
        if start is None or start.screen == "home":
            return
        if start.screen == "lesson" and start.lesson:
            self.open_lesson(start.lesson)
        elif start.screen == "draft":
            self.open_builder(start.text)
        elif start.screen == "journal":
            self.open_journal()

    # Navigation used by every screen.

    def open_lesson(self, slug: str, section: int | None = None) -> None:
        """Show lesson ``slug``; ``section`` defaults to where the person stopped."""
        from tui.screens.lesson import LessonScreen

        lesson = self.series.find(slug)
        if lesson is None:
            self.notify(f"There is no lesson '{slug}'.", severity="error")
            return
        if section is None:
            saved = self.progress.get(lesson.slug)
            section = saved.section if saved.state != "new" else 0
        self.push_screen(LessonScreen(lesson, section=section))

    def open_builder(self, text: str = "", *, practice: bool = False) -> None:
        """Open the repair builder, optionally prefilled or in practice mode."""
        from tui.screens.builder import RepairBuilderScreen

        self.push_screen(RepairBuilderScreen(text=text, practice=practice))

    def open_journal(self) -> None:
        """Open the checklist journal (a corrupt journal is explained, never overwritten)."""
        from tui.core.errors import TendError
        from tui.screens.dialogs import MessageDialog
        from tui.screens.journal import JournalScreen

        try:
            self.journal
        except TendError as error:
            self.push_screen(MessageDialog("The journal could not be opened", error.message))
            return
        self.push_screen(JournalScreen())

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        for command in super().get_system_commands(screen):
            # The stock screenshot command writes into the current folder;
            # tend writes nothing outside its data folder.
            if command.title != "Screenshot":
                yield command
        yield SystemCommand("Home", "Back to the list of lessons", self.action_go_home)
        yield SystemCommand("Repair builder", "Draft a repair message with live feedback", self.open_builder)
        yield SystemCommand(
            "Practise a repair", "Scenarios to practise reaching back and accepting a repair",
            partial(self.open_builder, practice=True),
        )
        yield SystemCommand("Journal", "Your checklist journal", self.open_journal)
        for lesson in self.series.lessons:
            yield SystemCommand(
                f"Lesson {lesson.number}: {lesson.title}",
                lesson.summary,
                partial(self.open_lesson, lesson.slug),
                discover=False,
            )

    def action_go_home(self) -> None:
        """Close every screen above home."""
        while len(self.screen_stack) > 1:
            self.pop_screen()
