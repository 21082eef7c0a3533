"""The checklist journal: entries, promised returns, and a picture of practice.

Three tabs. **Entries** lists the journal newest first (date, lesson, first
words, outcome) with filters for words, lesson, tag and a date range that
update as you type; enter reads an entry whole, ``a`` writes a new one, ``e``
edits and ``d`` deletes. **Promised returns** lists the times the person
stepped away and said when they would come back, overdue first and marked
with a symbol and a word; ``r`` records "I came back". **Practice** shows
ruptures and repairs per week, the share of ruptures that got a repair, and
the away moves that recur in drafts saved from the builder.

Reading the journal happens in a worker thread after a short pause in
typing, so the screen stays responsive with thousands of entries.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.events import Resize
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import DataTable, Footer, Header, Input, Select, Static, TabbedContent, TabPane

from tui.core.content import Series
from tui.core.errors import TendError
from tui.core.journal import Entry, JournalFilter, JournalStore, parse_moment
from tui.core.when import describe_due, format_moment
from tui.screens.journal_entry import (
    EntryFormScreen,
    EntryScreen,
    confirm_delete,
    entry_renderable,
    first_words,
    lesson_option_label,
    lesson_short,
    repaired_mark,
)
from tui.widgets.practice_chart import ChartData, PracticeChart, WeekRow

FILTER_DELAY = 0.15
"""Seconds of quiet typing before the list is filtered again."""

WIDE = 150
"""From this width on, the highlighted entry is shown beside the list."""

ROOMY = 110
"""From this width on, the filters and columns get more room."""

TALL = 34
"""From this height on (when not wide), the highlighted entry is shown under the list."""

PAGE_ROWS = 200
"""Rows drawn at once; the next page is drawn when the cursor reaches the last row."""

CHART_WEEKS = 8
CHART_WEEKS_TALL = 12
"""Weeks in the practice chart, on ordinary and on tall (TALL rows or more) terminals."""

EMPTY_JOURNAL = (
    "Your journal is empty. Press [b]a[/b] to add your first entry: what happened, "
    "the repair offered or received, and how it went."
)


@dataclass
class JournalView:
    """Everything the screen shows, read from the store in one go."""

    entries: list[Entry]
    total: int
    promises: list[Entry]
    chart: ChartData
    kept: int = 0
    kept_on_time: int = 0
    promised: int = 0
    problems: list[str] = field(default_factory=list)
    filter: JournalFilter = field(default_factory=JournalFilter)
    """The filter the list was read with."""


def parse_day(text: str, *, end: bool) -> date | None:
    """'2026-11-03' -> that day; '2026-11' -> the month's first (or, with ``end``, last) day.

    Raises ValueError for anything else.
    """
    cleaned = text.strip()
    if len(cleaned) == 7:
        year, month = (int(part) for part in cleaned.split("-"))
        day = calendar.monthrange(year, month)[1] if end else 1
        return date(year, month, day)
    return date.fromisoformat(cleaned)


def read_view(store: JournalStore, flt: JournalFilter, now: datetime, weeks: int = CHART_WEEKS) -> JournalView:
    """Everything the three tabs need; runs in a worker thread."""
    everything = store.entries()
    shown = store.entries(flt)
    promises = store.promised_returns(now=now)
    weeks = [
        WeekRow(start=row.start, week=row.week, ruptures=row.ruptures, repairs=row.repairs)
        for row in store.weekly_stats(weeks=weeks, now=now)
    ]
    answered = [entry.repaired for entry in everything if entry.kind == "rupture" and entry.repaired is not None]
    chart = ChartData(
        weeks=weeks,
        repair_share=store.repair_share(),
        repaired_count=sum(1 for value in answered if value),
        answered_count=len(answered),
        away_moves=store.recurring_away_moves(top=5),
    )
    view = JournalView(entries=shown, total=len(everything), promises=promises, chart=chart, filter=flt)
    for entry in everything:
        due = parse_moment(entry.promised_return)
        if due is None:
            continue
        view.promised += 1
        back = parse_moment(entry.returned_at)
        if back is not None:
            view.kept += 1
            view.kept_on_time += back <= due
    return view


class JournalScreen(Screen[None]):
    """The checklist journal."""

    CSS_PATH = "journal.tcss"

    BINDINGS = [
        Binding("a", "new_entry", "New"),
        Binding("n", "new_entry", "New entry", show=False),
        Binding("e", "edit_entry", "Edit"),
        Binding("d", "delete_entry", "Delete"),
        Binding("slash", "focus_filter", "Filter"),
        Binding("r", "came_back", "I came back"),
        Binding("1", "show_tab('entries')", "Entries tab", show=False),
        Binding("2", "show_tab('promises')", "Promised returns tab", show=False),
        Binding("3", "show_tab('practice')", "Practice tab", show=False),
        Binding("escape", "back", "Back"),
    ]

    def __init__(self, *, clock: Callable[[], datetime] | None = None) -> None:
        super().__init__()
        self.clock = clock or (lambda: datetime.now().astimezone())
        """The current time; tests and screenshots pass a fixed one."""
        self.view: JournalView | None = None
        self._filter_timer: Timer | None = None
        self._generation = 0
        self._wide = False
        self._promise_words_width = 40
        self._select_next: int | None = None

    @property
    def store(self) -> JournalStore:
        return self.app.journal  # type: ignore[attr-defined]

    @property
    def series(self) -> Series:
        return self.app.series  # type: ignore[attr-defined]

    # Layout

    def compose(self) -> ComposeResult:
        lessons = [(lesson_option_label(lesson), lesson.slug) for lesson in self.series.lessons]
        yield Header()
        with TabbedContent(id="journal-tabs"):
            with TabPane("1 Entries", id="entries"):
                with Horizontal(id="filters"):
                    yield Input(placeholder="/ words…", id="filter-words", compact=True)
                    yield Select(lessons, prompt="any lesson", id="filter-lesson", compact=True)
                    yield Input(placeholder="tag", id="filter-tag", compact=True)
                    yield Input(placeholder="since Y-M-D", id="filter-since", compact=True)
                    yield Input(placeholder="until Y-M-D", id="filter-until", compact=True)
                with Horizontal(id="entries-body"):
                    with Vertical(id="entries-column"):
                        yield DataTable(id="entry-table", cursor_type="row")
                        yield Static(EMPTY_JOURNAL, id="empty-note")
                    with VerticalScroll(id="entry-preview"):
                        yield Static(id="preview-text")
                yield Static(id="entries-status")
            with TabPane("2 Promised returns", id="promises"):
                yield Static(id="promises-intro")
                yield DataTable(id="promise-table", cursor_type="row")
            with TabPane("3 Practice", id="practice"):
                with VerticalScroll(id="practice-scroll"):
                    yield PracticeChart(id="practice-chart")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Checklist journal"
        self._setup_columns()
        self.query_one("#empty-note").display = False
        self.refresh_view()
        self.query_one("#entry-table").focus()
        if self.store.notice:
            # e.g. the day's backup could not be taken, or the journal is read-only for now
            self.notify(self.store.notice, title="Journal", severity="warning", timeout=10)

    def on_screen_resume(self) -> None:
        # An entry may have been added, edited or deleted on another screen.
        self.refresh_view()

    def on_resize(self, event: Resize) -> None:
        # The words column takes whatever width the others leave.
        self._wide = event.size.width >= WIDE
        self.set_class(self._wide, "-wide")
        self.set_class(not self._wide and event.size.height >= TALL, "-tall")
        self.set_class(event.size.width >= ROOMY, "-roomy")
        self._setup_columns()
        if self.view is not None:
            self._fill_entries(self.view)
            self._fill_promises(self.view)

    def _table_width(self) -> int:
        width = self.size.width or 80
        if self._wide:
            width -= min(80, width * 40 // 100) + 2
        return width

    def _words_width(self) -> int:
        # What the date, lesson and outcome columns, the cell padding and the scrollbar leave.
        return max(12, self._table_width() - self._date_width() - self._lesson_width() - self._outcome_width() - 8 - 3)

    def _lesson_width(self) -> int:
        return 26 if self._table_width() >= 110 else 18

    def _outcome_width(self) -> int:
        return 22 if self._table_width() >= 110 else 16

    def _date_width(self) -> int:
        return 16 if self._table_width() >= 100 else 10

    def _setup_columns(self) -> None:
        promise_table = self.query_one("#promise-table", DataTable)
        promise_table.clear(columns=True)
        promise_table.add_column("Status", width=11, key="status")
        promise_table.add_column("Back by", width=36, key="due")
        self._promise_words_width = max(12, (self.size.width or 80) - 11 - 36 - 6 - 3)
        promise_table.add_column("What happened", width=self._promise_words_width, key="words")
        table = self.query_one("#entry-table", DataTable)
        table.clear(columns=True)
        table.add_column("Date", width=self._date_width(), key="date")
        table.add_column("Lesson", width=self._lesson_width(), key="lesson")
        table.add_column("What happened", width=self._words_width(), key="words")
        table.add_column("Outcome", width=self._outcome_width(), key="outcome")

    # Reading the store

    def current_filter(self) -> tuple[JournalFilter, list[str]]:
        """The filter the inputs describe, and a note for each field that could not be read."""
        problems: list[str] = []
        words = self.query_one("#filter-words", Input).value.strip()
        lesson = self.query_one("#filter-lesson", Select).value
        tag = self.query_one("#filter-tag", Input).value.strip()
        days: dict[str, date | None] = {}
        for name in ("since", "until"):
            box = self.query_one(f"#filter-{name}", Input)
            text = box.value.strip()
            days[name] = None
            box.remove_class("-invalid")
            if not text:
                continue
            try:
                days[name] = parse_day(text, end=name == "until")
            except ValueError:
                box.add_class("-invalid")
                problems.append(f"{name}: use a date like 2026-11-03 or a month like 2026-11")
        flt = JournalFilter(
            lesson=lesson if isinstance(lesson, str) else None,
            tag=tag or None,
            since=days["since"],
            until=days["until"],
            contains=words or None,
        )
        return flt, problems

    def refresh_view(self) -> None:
        """Read the journal again (in a worker) and redraw every tab."""
        flt, problems = self.current_filter()
        self._generation += 1
        self._load(flt, problems, self._generation)

    @work(thread=True, exclusive=True, group="journal-read")
    def _load(self, flt: JournalFilter, problems: list[str], generation: int) -> None:
        try:
            weeks = CHART_WEEKS_TALL if self.size.height >= TALL else CHART_WEEKS
            view = read_view(self.store, flt, self.clock(), weeks)
        except TendError as error:
            self.app.call_from_thread(self.notify, error.message, title="Journal", severity="error", timeout=10)
            return
        view.problems = problems
        self.app.call_from_thread(self._show, view, generation)

    def _show(self, view: JournalView, generation: int) -> None:
        if generation != self._generation:
            return  # a newer read is on its way
        self.view = view
        self._fill_entries(view)
        self._fill_promises(view)
        self.query_one("#practice-chart", PracticeChart).show(view.chart)
        self.refresh_bindings()

    def _fill_entries(self, view: JournalView) -> None:
        table = self.query_one("#entry-table", DataTable)
        selected = self.highlighted_entry_id()
        if self._select_next is not None and any(entry.id == self._select_next for entry in view.entries):
            selected, self._select_next = self._select_next, None
        table.clear()
        # Keep the highlighted entry on screen even when it was further down than one page.
        position = next((i for i, entry in enumerate(view.entries) if entry.id == selected), 0) if selected else 0
        self._append_rows(view, max(PAGE_ROWS, position + 1))
        if selected is not None and str(selected) in table.rows:
            table.move_cursor(row=table.get_row_index(str(selected)), animate=False)
        empty = view.total == 0
        table.display = not empty
        self.query_one("#empty-note").display = empty
        status = self.query_one("#entries-status", Static)
        if view.problems:
            status.update(Text("✗ " + "; ".join(view.problems)))
        elif empty:
            status.update("")
        elif not view.entries:
            status.update("No entries match these filters. Clear a filter to see more.")
        elif len(view.entries) == view.total:
            status.update(f"{view.total} entries, newest first. Enter reads one.")
        else:
            status.update(f"{len(view.entries)} of {view.total} entries match. Enter reads one.")
        self._show_preview()

    def _append_rows(self, view: JournalView, count: int) -> None:
        """Add the next ``count`` entries of ``view`` to the table.

        Only a page is drawn at first; moving to the last row draws the next,
        so a journal of thousands opens and filters without a pause.
        """
        table = self.query_one("#entry-table", DataTable)
        words_width = self._words_width()
        lesson_width = self._lesson_width()
        outcome_width = self._outcome_width()
        date_format = "%Y-%m-%d %H:%M" if self._date_width() == 16 else "%Y-%m-%d"
        start = table.row_count
        for entry in view.entries[start : start + count]:
            moment = entry.created_at()
            when = moment.astimezone().strftime(date_format) if moment else "?"
            text = entry.note or entry.repair or entry.outcome or (entry.checklist[0].answer if entry.checklist else "")
            outcome = repaired_mark(entry) if entry.kind == "rupture" else entry.kind
            if entry.outcome.strip():
                outcome = f"{outcome.split(' ')[0]} {entry.outcome}"
            table.add_row(
                when,
                first_words(lesson_short(self.series, entry.lesson), lesson_width),
                first_words(text, words_width),
                first_words(outcome, outcome_width),
                key=str(entry.id),
            )

    def _fill_promises(self, view: JournalView) -> None:
        now = self.clock()
        table = self.query_one("#promise-table", DataTable)
        selected = self._row_key(table)
        table.clear()
        words_width = self._promise_words_width
        for entry in view.promises:
            due = parse_moment(entry.promised_return)
            if due is None:
                continue
            late = due < now
            status = Text("⚠ OVERDUE", style="bold") if late else Text("◷ waiting")
            when = f"{format_moment(due, now)} ({describe_due(due, now)})"
            words = entry.note or entry.repair or entry.outcome
            table.add_row(status, when, first_words(words, words_width), key=str(entry.id))
        if selected is not None and selected in table.rows:
            table.move_cursor(row=table.get_row_index(selected), animate=False)
        intro = self.query_one("#promises-intro", Static)
        kept_line = ""
        if view.promised:
            kept_line = (
                f"So far you came back {view.kept} of {view.promised} times, "
                f"{view.kept_on_time} of them by the time you said."
            )
        if not view.promises:
            intro.update(
                "No open promises. When you step away from a hard moment, add an entry with the time you "
                f"will come back by, and it waits here until you do. {kept_line}".rstrip()
            )
        else:
            overdue = sum(1 for entry in view.promises if (parse_moment(entry.promised_return) or now) < now)
            intro.update(
                f"{len(view.promises)} open, {overdue} overdue. Press [b]r[/b] when you have come back. {kept_line}".rstrip()
            )

    # Highlight and preview

    @staticmethod
    def _row_key(table: DataTable) -> str | None:
        if table.row_count == 0:
            return None
        try:
            return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        except Exception:  # the cursor can sit past the end for a moment after a clear
            return None

    def highlighted_entry_id(self) -> int | None:
        key = self._row_key(self.query_one("#entry-table", DataTable))
        return int(key) if key else None

    def _active_entry_id(self) -> int | None:
        """The entry the keys act on: the highlighted row of the visible tab."""
        if self.query_one(TabbedContent).active == "promises":
            key = self._row_key(self.query_one("#promise-table", DataTable))
            return int(key) if key else None
        return self.highlighted_entry_id()

    @on(DataTable.RowHighlighted, "#entry-table")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        table = event.data_table
        at_last_row = event.cursor_row >= table.row_count - 1
        if self.view is not None and at_last_row and table.row_count < len(self.view.entries):
            self._append_rows(self.view, PAGE_ROWS)
        self._show_preview()
        self.refresh_bindings()

    def _show_preview(self) -> None:
        if self.view is None or not (self.has_class("-wide") or self.has_class("-tall")):
            return
        entry_id = self.highlighted_entry_id()
        preview = self.query_one("#preview-text", Static)
        entry = next((e for e in self.view.entries if e.id == entry_id), None)
        if entry is None:
            preview.update("")
            return
        preview.update(entry_renderable(entry, self.series, self.clock()))

    @on(DataTable.RowSelected)
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value:
            self.app.push_screen(EntryScreen(int(event.row_key.value), clock=self.clock))

    # Filters

    @on(Input.Changed, "#filters Input")
    @on(Select.Changed, "#filter-lesson")
    def _filter_changed(self) -> None:
        if self._filter_timer is not None:
            self._filter_timer.stop()
        self._filter_timer = self.set_timer(FILTER_DELAY, self.refresh_view)

    @on(Input.Submitted, "#filters Input")
    def _filter_submitted(self) -> None:
        self.query_one("#entry-table").focus()

    def action_focus_filter(self) -> None:
        self.action_show_tab("entries")
        self.query_one("#filter-words", Input).focus()

    # Tabs

    def action_show_tab(self, tab: str) -> None:
        self.query_one(TabbedContent).active = tab
        self._focus_tab(tab)

    @on(TabbedContent.TabActivated)
    def _tab_activated(self, event: TabbedContent.TabActivated) -> None:
        self._focus_tab(event.pane.id or "entries")
        self.refresh_bindings()

    def _focus_tab(self, tab: str) -> None:
        target = {"entries": "#entry-table", "promises": "#promise-table", "practice": "#practice-scroll"}.get(tab)
        if target:
            self.query_one(target).focus()

    # Actions

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Show only the keys that do something on the visible tab (the footer follows)."""
        if not self.is_mounted:
            return True
        tab = self.query_one(TabbedContent).active
        if action in ("edit_entry", "delete_entry"):
            return tab != "practice"
        if action == "came_back":
            if tab == "promises":
                return bool(self.view and self.view.promises)
            return tab == "entries" and self._open_promise(self.highlighted_entry_id()) is not None
        return True

    def _open_promise(self, entry_id: int | None) -> Entry | None:
        if self.view is None or entry_id is None:
            return None
        return next((entry for entry in self.view.promises if entry.id == entry_id), None)

    def action_back(self) -> None:
        focused = self.focused
        if focused is not None and focused.id and focused.id.startswith("filter-"):
            self.query_one("#entry-table").focus()
            return
        self.dismiss(None)

    def action_new_entry(self) -> None:
        self.app.push_screen(EntryFormScreen(clock=self.clock), self._select_when_listed)

    def _select_when_listed(self, entry_id: int | None) -> None:
        """After a save, highlight the saved entry once the list is read again."""
        self._select_next = entry_id

    def action_edit_entry(self) -> None:
        entry_id = self._active_entry_id()
        if entry_id is None:
            self.notify("No entry to edit yet. Press a to add one.")
            return
        entry = self.store.get(entry_id)
        if entry is None:
            self.refresh_view()
            return
        self.app.push_screen(EntryFormScreen(entry, clock=self.clock), self._select_when_listed)

    def action_delete_entry(self) -> None:
        entry_id = self._active_entry_id()
        if entry_id is None:
            self.notify("No entry to delete.")
            return
        confirm_delete(self, self.store, entry_id, then=self.refresh_view)

    def action_came_back(self) -> None:
        entry = self._open_promise(self._active_entry_id())
        if entry is None:
            self.notify("There is no open promise to come back to here.")
            return
        try:
            self.store.mark_returned(entry.id or 0, when=self.clock())
        except TendError as error:
            self.notify(error.message, title="Not saved", severity="error")
            return
        self.notify("Noted: you came back. Keeping that promise is how trust grows.")
        self.refresh_view()
