"""The home screen: the series in order with progress, and keys into everything."""

from __future__ import annotations

from collections.abc import Callable

from textual.widgets import OptionList, Static

from tui.app import TendApp
from tui.screens.home import HomeScreen


def _rows(app: TendApp) -> list[str]:
    option_list = app.screen.query_one("#lessons", OptionList)
    return [str(option_list.get_option_at_index(i).prompt) for i in range(option_list.option_count)]


async def test_home_lists_every_lesson_in_order_with_a_progress_marker(make_app: Callable[..., TendApp]) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        rows = _rows(app)
        assert len(rows) == len(app.series.lessons) == 13
        for row, lesson in zip(rows, app.series.lessons):
            assert row.lstrip().startswith(str(lesson.number))
            assert lesson.title[:30] in row
            assert "○ new" in row


async def test_highlighted_lesson_shows_its_summary(make_app: Callable[..., TendApp]) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        option_list = app.screen.query_one("#lessons", OptionList)
        option_list.focus()
        option_list.highlighted = 11
        await pilot.pause()
        summary = app.screen.query_one("#detail-summary", Static)
        assert str(summary.render()) == app.series.lessons[11].summary


async def test_wide_terminal_shows_summaries_in_the_rows(make_app: Callable[..., TendApp]) -> None:
    app = make_app()
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.pause()
        rows = _rows(app)
        assert app.series.lessons[0].summary[:20] in rows[0]


async def test_progress_markers_follow_the_store(make_app: Callable[..., TendApp]) -> None:
    app = make_app()
    app.progress.visit("noticing-what-i-bring", 1)
    app.progress.mark_practised("an-introduction")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        rows = _rows(app)
        assert "● practised" in rows[0]
        assert "◐ read" in rows[1]
        assert "○ new" in rows[2]
        line = str(app.screen.query_one("#continue-line", Static).render())
        assert "Continue" in line and "Noticing What I Bring" in line


async def test_keys_open_lesson_builder_and_journal(make_app: Callable[..., TendApp]) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.screen.query_one("#lessons", OptionList).highlighted = 11
        await pilot.press("enter")
        await pilot.pause()
        assert type(app.screen).__name__ == "LessonScreen"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("b")
        await pilot.pause()
        assert type(app.screen).__name__ == "RepairBuilderScreen"
        app.action_go_home()
        await pilot.pause()
        await pilot.press("j")
        await pilot.pause()
        assert type(app.screen).__name__ == "JournalScreen"


async def test_continue_starts_with_the_first_lesson_when_nothing_is_read(make_app: Callable[..., TendApp]) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        line = str(app.screen.query_one("#continue-line", Static).render())
        assert "Start with" in line and "An Introduction" in line
        await pilot.press("c")
        await pilot.pause()
        assert type(app.screen).__name__ == "LessonScreen"
        assert app.screen.lesson.slug == "an-introduction"


async def test_footer_lists_the_home_keys(make_app: Callable[..., TendApp]) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        keys = {binding.key for (_, binding, enabled, _) in app.screen.active_bindings.values() if binding.show}
        assert {"c", "b", "j"} <= keys


async def test_command_palette_offers_lessons_and_screens(make_app: Callable[..., TendApp]) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert "Repair builder" in titles and "Journal" in titles and "Theme" in titles
        assert "Lesson 11: Repairing After Rupture" in titles
        assert "Screenshot" not in titles
