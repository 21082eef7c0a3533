"""The checklist journal as a person uses it: write, filter, keep a promise, read the chart, delete."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from datetime import date, datetime, timezone
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.console import Console
from rich.text import Text
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Label, Select, Static, TextArea

from tui.app import TendApp
from tui.core.errors import StorageError
from tui.core.journal import ChecklistItem, Entry, JournalStore
from tui.screens.dialogs import ConfirmDialog, MessageDialog
from tui.screens.journal import FILTER_DELAY, PAGE_ROWS, JournalScreen, parse_day
from tui.screens.journal_entry import EntryFormScreen, EntryScreen, first_words, split_tags
from tui.widgets.practice_chart import PracticeChart

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=timezone.utc)  # a Thursday, ISO week 48


@pytest.fixture(autouse=True)
def utc(monkeypatch: pytest.MonkeyPatch) -> None:
    """Show times in UTC so what the tests read does not depend on the machine."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()


def seed(data_dir: Path, entries: list[Entry]) -> list[int]:
    store = JournalStore(data_dir)
    store.open()
    return [store.add(entry) for entry in entries]


def sample_entries() -> list[Entry]:
    return [
        Entry(
            created="2026-11-20T21:40:00+00:00",
            lesson="repairing-after-rupture",
            note="Snapped at Sam about the dishes after a long day.",
            repair="Said sorry for my tone and asked about his day.",
            outcome="We laughed about it later.",
            repaired=True,
            tags=["work", "tired"],
        ),
        Entry(
            created="2026-11-24T19:00:00+00:00",
            lesson="pausing-when-flooded",
            note="The holidays argument with my sister got heated.",
            repaired=False,
            tags=["family"],
        ),
        Entry(
            created="2026-11-25T08:15:00+00:00",
            lesson="pausing-when-flooded",
            note="Dishes again, and I walked out mid-sentence.",
            repaired=None,
            tags=["family"],
        ),
    ]


async def settle(pilot: Pilot) -> None:
    """Let the filter pause pass and the journal read finish."""
    await pilot.pause(FILTER_DELAY * 2)
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def open_journal(app: TendApp, pilot: Pilot) -> JournalScreen:
    screen = JournalScreen(clock=lambda: NOW)
    app.push_screen(screen)
    await settle(pilot)
    return screen


def table_ids(screen: JournalScreen, table_id: str = "#entry-table") -> list[int]:
    table = screen.query_one(table_id, DataTable)
    return [int(row.key.value) for row in table.ordered_rows]


def rendered_text(widget: Static, width: int = 100) -> str:
    console = Console(width=width, record=True, color_system=None, file=open("/dev/null", "w"))
    content = widget.content
    console.print(Text.from_markup(content) if isinstance(content, str) else content)
    return console.export_text()


async def type_text(pilot: Pilot, text: str) -> None:
    await pilot.press(*text)


async def test_an_empty_journal_says_how_to_add_the_first_entry(make_app: Callable[..., TendApp]) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_journal(app, pilot)
        note = screen.query_one("#empty-note", Static)
        assert note.display
        assert "Press a to add your first entry" in rendered_text(note)
        assert not screen.query_one("#entry-table").display


async def test_adding_an_entry_through_the_form_saves_it_and_lists_it(
    make_app: Callable[..., TendApp], data_dir: Path
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_journal(app, pilot)
        await pilot.press("a")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, EntryFormScreen)
        # The general rupture checklist (lesson 11's three questions) is the default.
        lesson_11 = app.series.find("repairing-after-rupture")
        questions = [str(label.render()) for label in form.query(".checklist-question").results(Label)]
        assert questions == list(lesson_11.in_practice)
        await type_text(pilot, "I raised my voice at Jo")  # the note has focus first
        form.query_one("#form-repair", TextArea).focus()
        await type_text(pilot, "I said sorry for shouting")
        form.query_one("#check-0", Input).focus()
        await type_text(pilot, "The loudness")
        form.query_one("#form-tags", Input).focus()
        await type_text(pilot, "home, evening")
        form.query_one("#form-return", Input).focus()
        await type_text(pilot, "in 30 minutes")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen

        stored = JournalStore(data_dir)
        stored.open()
        [entry] = stored.entries()
        assert entry.note == "I raised my voice at Jo"
        assert entry.repair == "I said sorry for shouting"
        assert entry.lesson == "repairing-after-rupture"
        assert entry.tags == ["home", "evening"]
        assert entry.checklist[0] == ChecklistItem(lesson_11.in_practice[0], "The loudness")
        assert entry.promised_return == "2026-11-26T12:30:00+00:00"
        assert table_ids(screen) == [entry.id]
        row = screen.query_one("#entry-table", DataTable).get_row(str(entry.id))
        assert "I raised my voice at Jo" in str(row[2])


async def test_changing_the_lesson_changes_the_checklist_questions(make_app: Callable[..., TendApp]) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_journal(app, pilot)
        await pilot.press("a")
        await pilot.pause()
        form = app.screen
        form.query_one("#form-lesson", Select).value = "pausing-when-flooded"
        await pilot.pause()
        await pilot.pause()
        questions = [str(label.render()) for label in form.query(".checklist-question").results(Label)]
        assert questions == list(app.series.find("pausing-when-flooded").in_practice)


async def test_a_save_failure_keeps_the_form_filled_and_says_why(
    make_app: Callable[..., TendApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_journal(app, pilot)

        def full_disk(entry: Entry) -> int:
            raise StorageError("could not save the journal: no space left on device; free some space and try again")

        monkeypatch.setattr(app.journal, "add", full_disk)
        await pilot.press("a")
        await pilot.pause()
        form = app.screen
        await type_text(pilot, "Walked off without a word")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form
        assert form.query_one("#form-note", TextArea).text == "Walked off without a word"
        error = rendered_text(form.query_one("#form-error", Static), width=200)
        assert "no space left on device" in error
        assert "\n" not in error.strip()


async def test_a_time_that_cannot_be_read_is_explained_under_the_field_and_nothing_is_lost(
    make_app: Callable[..., TendApp], data_dir: Path
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_journal(app, pilot)
        await pilot.press("a")
        await pilot.pause()
        form = app.screen
        await type_text(pilot, "Needed a break")
        form.query_one("#form-return", Input).focus()
        await type_text(pilot, "soonish")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form
        hint = rendered_text(form.query_one("#return-hint", Static), width=200)
        assert "could not read 'soonish'" in hint
        assert form.query_one("#form-note", TextArea).text == "Needed a break"
        assert JournalStore(data_dir).entries() == []


async def test_escape_with_unsaved_text_asks_before_discarding(make_app: Callable[..., TendApp]) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_journal(app, pilot)
        await pilot.press("a")
        await pilot.pause()
        form = app.screen
        await type_text(pilot, "Half a thought")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")  # keep writing
        await pilot.pause()
        assert app.screen is form
        assert form.query_one("#form-note", TextArea).text == "Half a thought"
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("y")  # discard
        await settle(pilot)
        assert app.screen is screen


async def test_typing_words_narrows_the_list_to_matching_entries(
    make_app: Callable[..., TendApp], data_dir: Path
) -> None:
    ids = seed(data_dir, sample_entries())
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_journal(app, pilot)
        assert table_ids(screen) == [ids[2], ids[1], ids[0]]  # newest first
        await pilot.press("slash")
        await type_text(pilot, "dishes")
        await settle(pilot)
        assert table_ids(screen) == [ids[2], ids[0]]
        await type_text(pilot, " walked")
        await settle(pilot)
        assert table_ids(screen) == [ids[2]]
        assert "1 of 3 entries match" in rendered_text(screen.query_one("#entries-status", Static))


async def test_filtering_by_lesson_tag_and_dates(make_app: Callable[..., TendApp], data_dir: Path) -> None:
    ids = seed(data_dir, sample_entries())
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_journal(app, pilot)
        screen.query_one("#filter-lesson", Select).value = "repairing-after-rupture"
        await settle(pilot)
        assert table_ids(screen) == [ids[0]]

        screen.query_one("#filter-lesson", Select).clear()
        screen.query_one("#filter-tag", Input).focus()
        await type_text(pilot, "family")
        await settle(pilot)
        assert table_ids(screen) == [ids[2], ids[1]]

        screen.query_one("#filter-since", Input).focus()
        await type_text(pilot, "2026-11-25")
        await settle(pilot)
        assert table_ids(screen) == [ids[2]]


async def test_a_date_that_cannot_be_read_is_marked_not_fatal(make_app: Callable[..., TendApp], data_dir: Path) -> None:
    ids = seed(data_dir, sample_entries())
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_journal(app, pilot)
        screen.query_one("#filter-until", Input).focus()
        await type_text(pilot, "last week")
        await settle(pilot)
        assert len(table_ids(screen)) == len(ids)
        assert "until: use a date like 2026-11-03" in rendered_text(screen.query_one("#entries-status", Static))


async def test_overdue_promise_comes_first_and_r_records_the_return(
    make_app: Callable[..., TendApp], data_dir: Path
) -> None:
    later, overdue = seed(
        data_dir,
        [
            Entry(created="2026-11-26T11:30:00+00:00", note="Stepped out of the call", promised_return="2026-11-26T18:00:00+00:00"),
            Entry(created="2026-11-26T10:00:00+00:00", note="Left the kitchen to cool off", promised_return="2026-11-26T11:00:00+00:00"),
        ],
    )
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_journal(app, pilot)
        await pilot.press("2")
        await pilot.pause()
        assert table_ids(screen, "#promise-table") == [overdue, later]
        first_row = screen.query_one("#promise-table", DataTable).get_row(str(overdue))
        assert "⚠ OVERDUE" in str(first_row[0])
        await pilot.press("r")
        await settle(pilot)
        assert app.journal.get(overdue).returned_at == "2026-11-26T12:00:00+00:00"
        assert app.journal.get(later).returned_at is None
        assert table_ids(screen, "#promise-table") == [later]
        assert "you came back 1 of 2 times" in rendered_text(screen.query_one("#promises-intro", Static), width=200)


async def test_the_chart_shows_week_counts_and_the_repair_share(make_app: Callable[..., TendApp], data_dir: Path) -> None:
    seed(
        data_dir,
        [
            # ISO week 47 (16-22 Nov): two ruptures, one repaired.
            Entry(created="2026-11-17T20:00:00+00:00", note="a", repaired=True),
            Entry(created="2026-11-19T20:00:00+00:00", note="b", repaired=False),
            # ISO week 48 (23-29 Nov): three ruptures, two repaired.
            Entry(created="2026-11-23T20:00:00+00:00", note="c", repaired=True),
            Entry(created="2026-11-24T20:00:00+00:00", note="d", repaired=True),
            Entry(created="2026-11-25T20:00:00+00:00", note="e", repaired=None),
            Entry(
                created="2026-11-25T21:00:00+00:00",
                kind="draft",
                note="sorry but you started it",
                analysis={"findings": [{"family": "blame", "effect": "away"}, {"family": "blame", "effect": "away"}]},
            ),
        ],
    )
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_journal(app, pilot)
        await pilot.press("3")
        await pilot.pause()
        chart = screen.query_one("#practice-chart", PracticeChart)
        assert chart.region.height > 0
        lines = rendered_text(chart, width=80).splitlines()
        counts = {
            line.split()[0]: re.search(r"(\d+) ruptures?, +(\d+) repaired", line).groups()
            for line in lines
            if re.match(r"\s+W\d\d ", line)
        }
        assert counts["W47"] == ("2", "1")
        assert counts["W48"] == ("3", "2")
        assert counts["W46"] == ("0", "0")
        week_48 = next(line for line in lines if line.strip().startswith("W48"))
        # Readable without colour: the repaired part is solid, the rest shaded.
        assert "█" in week_48 and "▒" in week_48
        text = "\n".join(lines)
        assert "Repair share: 75% of ruptures got a repair (3 of 4 where you said)." in text
        assert "↓ blame: 2 times" in text


async def test_delete_asks_first_and_removes_only_on_yes(make_app: Callable[..., TendApp], data_dir: Path) -> None:
    ids = seed(data_dir, sample_entries())
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_journal(app, pilot)
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("escape")
        await settle(pilot)
        assert len(app.journal.entries()) == 3
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("y")
        await settle(pilot)
        assert app.journal.get(ids[2]) is None
        assert table_ids(screen) == [ids[1], ids[0]]


async def test_enter_reads_an_entry_whole_and_e_edits_it(make_app: Callable[..., TendApp], data_dir: Path) -> None:
    seed(
        data_dir,
        [
            Entry(
                created="2026-11-20T21:40:00+00:00",
                lesson="repairing-after-rupture",
                note="Snapped at Sam.",
                repair="Said sorry.",
                outcome="Closer after.",
                repaired=True,
                checklist=[ChecklistItem("What part of how I affected them can I own?", "My tone.")],
                promised_return="2026-11-20T22:00:00+00:00",
                returned_at="2026-11-20T21:55:00+00:00",
                analysis={"direction": "toward", "findings": [{"family": "owning", "effect": "toward", "message": "Names the impact."}]},
            )
        ],
    )
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_journal(app, pilot)
        await pilot.press("enter")
        await pilot.pause()
        reader = app.screen
        assert isinstance(reader, EntryScreen)
        text = rendered_text(reader.query_one("#entry-text", Static), width=120)
        for expected in (
            "Snapped at Sam.",
            "Said sorry.",
            "Closer after.",
            "Repaired: ✓ repaired",
            "What part of how I affected them can I own?",
            "My tone.",
            "✓ came back",
            "on time",
            "Direction: toward",
            "↑ toward  owning: Names the impact.",
        ):
            assert expected in text
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, EntryFormScreen)
        assert form.query_one("#form-note", TextArea).text == "Snapped at Sam."
        assert form.query_one("#check-0", Input).value == "My tone."
        form.query_one("#form-outcome", TextArea).focus()
        await pilot.press("end", *" Much closer.")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is reader
        [entry] = app.journal.entries()
        assert entry.outcome == "Closer after. Much closer."
        assert entry.returned_at == "2026-11-20T21:55:00+00:00"
        assert "Much closer." in rendered_text(reader.query_one("#entry-text", Static), width=120)


async def test_a_long_journal_draws_more_rows_as_the_cursor_reaches_the_end(
    make_app: Callable[..., TendApp], data_dir: Path
) -> None:
    total = PAGE_ROWS + 50
    seed(data_dir, [Entry(created=f"2026-11-{1 + n % 25:02d}T{n % 24:02d}:00:00+00:00", note=f"entry {n}") for n in range(total)])
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_journal(app, pilot)
        table = screen.query_one("#entry-table", DataTable)
        assert table.row_count == PAGE_ROWS
        await pilot.press("ctrl+end")  # to the last row drawn
        await pilot.pause()
        assert table.row_count == total
        assert table.get_row_at(total - 1)[2] == "entry 0"  # the oldest
        assert f"{total} entries" in rendered_text(screen.query_one("#entries-status", Static))


async def test_a_new_entry_is_highlighted_in_the_list_after_saving(
    make_app: Callable[..., TendApp], data_dir: Path
) -> None:
    seed(data_dir, sample_entries())
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_journal(app, pilot)
        await pilot.press("down", "down", "a")
        await pilot.pause()
        await type_text(pilot, "A fresh note")
        await pilot.press("ctrl+s")
        await settle(pilot)
        new_id = max(entry.id for entry in app.journal.entries())
        assert screen.highlighted_entry_id() == new_id


async def test_a_damaged_journal_is_explained_with_what_to_do(make_app: Callable[..., TendApp], data_dir: Path) -> None:
    data_dir.mkdir(parents=True, exist_ok=True)
    (data_dir / "journal.json").write_text("{ this is not json", encoding="utf-8")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_journal()
        await pilot.pause()
        assert isinstance(app.screen, MessageDialog)
        message = rendered_text(app.screen.query_one(".dialog-message", Static), width=300)
        assert "journal.json" in message
        assert "tend journal recover" in message


@given(st.text(max_size=200))
def test_tags_typed_as_free_text_become_clean_distinct_tags(text: str) -> None:
    tags = split_tags(text)
    assert all(tag and tag == tag.strip() and "," not in tag for tag in tags)
    assert len({tag.casefold() for tag in tags}) == len(tags)


@given(st.text(max_size=300), st.integers(min_value=4, max_value=80))
def test_first_words_fit_their_column_on_one_line(text: str, limit: int) -> None:
    shown = first_words(text, limit)
    assert len(shown) <= limit
    assert "\n" not in shown


@pytest.mark.parametrize(
    ("text", "end", "expected"),
    [("2026-11-03", False, date(2026, 11, 3)), ("2026-02", False, date(2026, 2, 1)), ("2026-02", True, date(2026, 2, 28))],
)
def test_filter_dates_accept_a_day_or_a_month(text: str, end: bool, expected: date) -> None:
    assert parse_day(text, end=end) == expected


@given(st.text(max_size=20))
def test_filter_dates_either_parse_or_raise_value_error(text: str) -> None:
    try:
        parse_day(text, end=False)
    except ValueError:
        pass


async def test_r_in_an_open_entry_records_coming_back(make_app: Callable[..., TendApp], data_dir: Path) -> None:
    [entry_id] = seed(
        data_dir,
        [Entry(created="2026-11-26T10:00:00+00:00", note="Took a walk to cool down", promised_return="2026-11-26T10:30:00+00:00")],
    )
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_journal(app, pilot)
        await pilot.press("enter")
        await pilot.pause()
        reader = app.screen
        assert "⚠ OVERDUE" in rendered_text(reader.query_one("#entry-text", Static), width=120)
        await pilot.press("r")
        await pilot.pause()
        assert app.journal.get(entry_id).returned_at == "2026-11-26T12:00:00+00:00"
        text = rendered_text(reader.query_one("#entry-text", Static), width=120)
        assert "✓ came back today 12:00 (1 h 30 min late)" in text


async def test_editing_an_entry_from_another_lesson_keeps_its_checklist(
    make_app: Callable[..., TendApp], data_dir: Path
) -> None:
    seed(
        data_dir,
        [Entry(created="2026-11-26T10:00:00+00:00", lesson="no-longer-shipped", note="x", checklist=[ChecklistItem("An old question?", "An old answer.")])],
    )
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_journal(app, pilot)
        await pilot.press("e")
        await pilot.pause()
        await pilot.pause()
        form = app.screen
        assert form.query_one("#check-0", Input).value == "An old answer."
        await pilot.press("ctrl+s")
        await pilot.pause()
        [entry] = app.journal.entries()
        assert entry.checklist == [ChecklistItem("An old question?", "An old answer.")]
        assert entry.lesson == "no-longer-shipped"  # kept, though the picker cannot show it
