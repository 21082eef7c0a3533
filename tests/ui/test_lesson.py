"""The lesson screen as a person uses it: reading, checks, In practice, progress that carries on."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.geometry import Region
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Input, Markdown, OptionList, Static, TextArea

from tui.app import TendApp
from tui.commands import StartAt
from tui.core.content import Lesson
from tui.core.journal import JournalStore
from tui.screens.home import HomeScreen
from tui.screens.in_practice import InPracticeScreen
from tui.screens.lesson import LessonScreen
from tui.screens.lesson_checks import ChecksScreen

REPAIR = "repairing-after-rupture"
LISTENING = "listening-to-understand"


def _text(app: TendApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


def _visible(app: TendApp, selector: str) -> bool:
    """On screen for a person: displayed, inside a displayed parent, with a size."""
    widget = app.screen.query_one(selector)
    return widget.display and all(a.display for a in widget.ancestors if hasattr(a, "display")) and (
        widget.region.area > 0
    )


def _painted_words(widget: Widget) -> str:
    """What the widget paints, with line breaks and indents folded to single spaces."""
    lines = widget.render_lines(Region(0, 0, widget.size.width, widget.size.height))
    return " ".join(" ".join(line.text for line in lines).split())


def _lesson(app: TendApp, slug: str) -> Lesson:
    lesson = app.series.find(slug)
    assert lesson is not None
    return lesson


def _home_rows(app: TendApp) -> list[str]:
    option_list = app.screen.query_one("#lessons", OptionList)
    return [str(option_list.get_option_at_index(i).prompt) for i in range(option_list.option_count)]


async def _type(pilot: Pilot, text: str) -> None:
    for character in text:
        await pilot.press("space" if character == " " else character)


async def _open(app: TendApp, pilot: Pilot, slug: str, section: int = 0) -> LessonScreen:
    app.open_lesson(slug, section)
    await pilot.pause()
    await pilot.pause()
    assert isinstance(app.screen, LessonScreen)
    return app.screen


async def test_open_from_home_and_page_through_sections(make_app: Callable[..., TendApp]) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        lesson = _lesson(app, REPAIR)
        app.screen.query_one("#lessons", OptionList).highlighted = app.series.lessons.index(lesson)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen)
        assert _text(app, "#section-title") == lesson.sections[0].title
        assert _text(app, "#section-position") == f"section 1 of {len(lesson.sections)}"
        assert app.screen.sub_title == "11. Repairing After Rupture"
        assert app.screen.query_one("#section-text", Markdown).source == lesson.sections[0].body

        await pilot.press("n")
        await pilot.pause()
        assert _text(app, "#section-title") == lesson.sections[1].title
        assert _text(app, "#section-position") == f"section 2 of {len(lesson.sections)}"
        assert app.screen.query_one("#section-text", Markdown).source == lesson.sections[1].body

        await pilot.press("right")
        await pilot.pause()
        assert _text(app, "#section-title") == lesson.sections[2].title

        await pilot.press("p")
        await pilot.pause()
        assert _text(app, "#section-title") == lesson.sections[1].title
        await pilot.press("left")
        await pilot.pause()
        assert _text(app, "#section-title") == lesson.sections[0].title

        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def test_next_lesson_and_back(make_app: Callable[..., TendApp]) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await _open(app, pilot, REPAIR)
        await pilot.press("n")
        await pilot.pause()
        following = app.series.lessons[app.series.lessons.index(_lesson(app, REPAIR)) + 1]

        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert app.screen.lesson.slug == following.slug
        assert app.screen.sub_title == following.label
        assert _text(app, "#section-title") == following.sections[0].title

        await pilot.press("left_square_bracket")
        await pilot.pause()
        # Back where the person stopped in the lesson before.
        assert app.screen.lesson.slug == REPAIR
        assert _text(app, "#section-title") == _lesson(app, REPAIR).sections[1].title


async def test_after_the_last_section_comes_the_practice_page(make_app: Callable[..., TendApp]) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        lesson = _lesson(app, REPAIR)
        await _open(app, pilot, REPAIR, len(lesson.sections) - 1)
        assert not _visible(app, "#practice-bar")
        await pilot.press("n")
        await pilot.pause()
        assert _text(app, "#section-title") == "Practice"
        source = app.screen.query_one("#section-text", Markdown).source
        assert lesson.exercise.title in source
        assert all(step in source for step in lesson.exercise.steps)
        assert all(example in source for example in lesson.examples)
        assert all(credit in source for credit in lesson.credits)
        assert _visible(app, "#practice-bar")
        assert "Not marked practised" in _text(app, "#practice-status")

        # Next from the practice page starts the checks.
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, ChecksScreen)


async def test_a_wrong_answer_shows_why_and_the_right_one(make_app: Callable[..., TendApp]) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        lesson = _lesson(app, REPAIR)
        await _open(app, pilot, REPAIR)
        await pilot.press("u")
        await pilot.pause()
        assert isinstance(app.screen, ChecksScreen)
        check = lesson.checks[0]
        assert _text(app, "#check-prompt") == check.prompt
        wrong = next(i for i, choice in enumerate(check.choices) if not choice.correct)

        await pilot.press(str(wrong + 1))
        await pilot.pause()
        feedback = _text(app, "#check-feedback")
        assert "✗ Not quite." in feedback
        assert check.choices[wrong].why in feedback
        assert f"Answer {check.answer + 1} is the skill" in feedback
        assert check.choices[check.answer].why in feedback
        options = app.screen.query_one("#check-choices", OptionList)
        rows = [options.get_option_at_index(i).prompt for i in range(options.option_count)]
        wrong_row = _row_text(rows[wrong])
        right_row = _row_text(rows[check.answer])
        assert "✗" in wrong_row and "your answer" in wrong_row
        assert "✓" in right_row and "the skill" in right_row
        assert app.progress.get(REPAIR).checks == {"0": wrong}

        # On to the next check; choose the right answer with the arrows and enter.
        await pilot.press("n")
        await pilot.pause()
        second = lesson.checks[1]
        assert _text(app, "#check-prompt") == second.prompt
        assert _text(app, "#section-position") == f"check 2 of {len(lesson.checks)}"
        for _ in range(second.answer):
            await pilot.press("down")
        await pilot.press("enter")
        await pilot.pause()
        feedback = _text(app, "#check-feedback")
        assert "✓ Yes, that is the skill." in feedback
        assert second.choices[second.answer].why in feedback
        assert "Not quite" not in feedback
        assert app.progress.get(REPAIR).checks == {"0": wrong, "1": second.answer}


def _row_text(prompt: object) -> str:
    """The visible text of a choice row (a Rich grid) as one string."""
    from rich.console import Console

    console = Console(width=100, color_system=None, record=True)
    console.print(prompt)
    return console.export_text()


async def test_after_the_last_check_the_in_practice_questions_follow(make_app: Callable[..., TendApp]) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        lesson = _lesson(app, REPAIR)
        await _open(app, pilot, REPAIR, len(lesson.sections))
        await pilot.press("n")
        await pilot.pause()
        for number, check in enumerate(lesson.checks):
            await pilot.press(str(check.answer + 1))
            await pilot.pause()
            if number < len(lesson.checks) - 1:
                await pilot.press("n")
                await pilot.pause()
        total = len(lesson.checks)
        assert f"you chose the skill in {total} of {total}" in _text(app, "#check-feedback")
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, InPracticeScreen)

        # Leaving without typing goes straight back to the practice page, which counts the checks.
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen)
        assert f"Checks: {total} of {total} right." in _text(app, "#practice-status")


async def test_in_practice_answers_are_saved_to_the_journal(
    make_app: Callable[..., TendApp], data_dir: Path
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        lesson = _lesson(app, REPAIR)
        await _open(app, pilot, REPAIR, len(lesson.sections))
        await pilot.press("i")
        await pilot.pause()
        assert isinstance(app.screen, InPracticeScreen)
        answers = ["I talked over her", "ask what she meant", "yes"]
        for answer in answers:
            await _type(pilot, answer)
            await pilot.press("tab")
        await _type(pilot, "with my sister")
        await pilot.press("enter")  # enter in the one-line note saves, like ctrl+s
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen)
        assert "In practice answers saved (journal entry 1)" in _text(app, "#practice-status")

    store = JournalStore(data_dir)
    store.open()
    entries = store.entries()
    assert len(entries) == 1
    entry = entries[0]
    assert entry.kind == "practice"
    assert entry.lesson == REPAIR
    assert [(item.question, item.answer) for item in entry.checklist] == list(zip(lesson.in_practice, answers))
    assert entry.note == "with my sister"


async def test_a_failed_save_says_why_and_keeps_the_answers(
    make_app: Callable[..., TendApp], data_dir: Path
) -> None:
    data_dir.mkdir(parents=True)
    (data_dir / "journal.json").write_text("{ this is not a journal", encoding="utf-8")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await _open(app, pilot, REPAIR)
        await pilot.press("i")
        await pilot.pause()
        await _type(pilot, "my part")
        await pilot.press("tab", "tab", "tab")
        await _type(pilot, "a note")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, InPracticeScreen)
        error = _text(app, "#save-error")
        assert error.startswith("✗ Not saved:") and "journal" in error
        assert "\n" not in error.strip()
        assert _visible(app, "#save-error")
        assert app.screen.query_one("#answer-0", TextArea).text == "my part"
        assert app.screen.query_one("#practice-note", Input).value == "a note"
    assert (data_dir / "journal.json").read_text(encoding="utf-8") == "{ this is not a journal"


async def test_leaving_in_practice_with_answers_asks_first(make_app: Callable[..., TendApp]) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await _open(app, pilot, REPAIR)
        await pilot.press("i")
        await pilot.pause()
        await _type(pilot, "half a thought")
        await pilot.press("escape")
        await pilot.pause()
        assert type(app.screen).__name__ == "ConfirmDialog"
        await pilot.press("escape")  # stay
        await pilot.pause()
        assert isinstance(app.screen, InPracticeScreen)
        assert app.screen.query_one("#answer-0", TextArea).text == "half a thought"


async def test_practised_and_where_i_stopped_survive_a_restart(
    make_app: Callable[..., TendApp], data_dir: Path
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await _open(app, pilot, REPAIR)
        await pilot.press("m")
        await pilot.pause()
        await pilot.press("right_square_bracket")
        await pilot.pause()
        following = app.screen.lesson
        await pilot.press("n", "n")
        await pilot.pause()
        assert _text(app, "#section-title") == following.sections[2].title
        await pilot.press("ctrl+q")

    again = make_app(data=data_dir)
    async with again.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(again.screen, HomeScreen)
        rows = _home_rows(again)
        index = again.series.lessons.index(_lesson(again, REPAIR))
        assert "● practised" in rows[index]
        assert "◐ read" in rows[index + 1]
        assert again.progress.get(REPAIR).state == "practised"

        await pilot.press("c")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(again.screen, LessonScreen)
        assert again.screen.lesson.slug == following.slug
        assert _text(again, "#section-title") == following.sections[2].title


async def test_mark_practised_shows_on_the_practice_page(make_app: Callable[..., TendApp]) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await _open(app, pilot, LISTENING, 99)
        assert _text(app, "#section-title") == "Practice"
        assert "○ Not marked practised yet" in _text(app, "#practice-status")
        await pilot.press("m")
        await pilot.pause()
        assert "● Practised on" in _text(app, "#practice-status")


async def test_safety_note_once_on_lesson_11_and_never_on_a_lesson_without_it(
    make_app: Callable[..., TendApp],
) -> None:
    app = make_app(start=StartAt(screen="lesson", lesson=REPAIR))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen)
        assert _visible(app, "#safety-note")
        assert _text(app, "#safety-note") == app.series.safety_note
        await pilot.press("n")
        await pilot.pause()
        assert not _visible(app, "#safety-note")

        assert not _lesson(app, LISTENING).safety
        await app.screen.open_other_lesson(_lesson(app, LISTENING), 0)
        await pilot.pause()
        assert not _visible(app, "#safety-note")
        await pilot.press("e")
        await pilot.pause()
        assert not _visible(app, "#safety-note")


async def test_key_ideas_beside_the_text_when_wide(make_app: Callable[..., TendApp]) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await _open(app, pilot, REPAIR)
        assert _visible(app, "#key-ideas") and _visible(app, "#reading")
        shown = _painted_words(app.screen.query_one(".key-ideas-list"))
        for idea in _lesson(app, REPAIR).key_ideas:
            assert f"• {idea}" in shown
        await pilot.press("k")
        await pilot.pause()
        assert not _visible(app, "#key-ideas")


async def test_key_ideas_behind_k_at_80_columns(make_app: Callable[..., TendApp]) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await _open(app, pilot, REPAIR)
        assert not _visible(app, "#key-ideas")
        await pilot.press("k")
        await pilot.pause()
        assert _visible(app, "#key-ideas")
        assert not _visible(app, "#reading")
        # Every idea fits on screen in full, none cut off.
        panel = app.screen.query_one("#key-ideas")
        assert panel.max_scroll_y == 0
        await pilot.press("k")
        await pilot.pause()
        assert _visible(app, "#reading") and not _visible(app, "#key-ideas")

        # Escape closes the open panel before it leaves the lesson.
        await pilot.press("k")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen)
        assert _visible(app, "#reading") and not _visible(app, "#key-ideas")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def test_builder_key_only_where_the_lesson_offers_it(make_app: Callable[..., TendApp]) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = await _open(app, pilot, LISTENING)
        assert not screen.check_action("builder", ())
        await pilot.press("b")
        await pilot.pause()
        assert app.screen is screen
        await pilot.press("escape")
        await pilot.pause()
        screen = await _open(app, pilot, REPAIR)
        assert screen.check_action("builder", ())
        await pilot.press("b")
        await pilot.pause()
        assert type(app.screen).__name__ == "RepairBuilderScreen"


def test_every_binding_has_a_description() -> None:
    for screen in (LessonScreen, ChecksScreen, InPracticeScreen):
        for binding in screen.BINDINGS:
            assert binding.description, f"{screen.__name__}: {binding.key} has no description"


async def test_secondary_keys_are_in_the_command_palette(make_app: Callable[..., TendApp]) -> None:
    from tui.screens.lesson import LessonCommands

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = await _open(app, pilot, LISTENING)
        provider = LessonCommands(screen)
        listed = [str(hit.display) async for hit in provider.discover()]
        assert "Check your understanding" in listed and "Next lesson" in listed
        assert not any("builder" in title.lower() for title in listed)  # lesson 4 has no builder
        hits = [hit async for hit in provider.search("check your")]
        assert hits
        await hits[0].command()
        await pilot.pause()
        assert isinstance(app.screen, ChecksScreen)


def test_checks_summary_counts_right_answers_and_ignores_stale_ones(content_dir: Path) -> None:
    from tui.core.content import load_series
    from tui.screens.lesson import checks_summary

    lesson = load_series(content_dir).find(REPAIR)
    assert lesson is not None
    assert checks_summary(lesson, {}) == ""
    first_right = {"0": lesson.checks[0].answer}
    assert checks_summary(lesson, first_right) == f"Checks: 1 of {len(lesson.checks)} right."
    wrong = (lesson.checks[1].answer + 1) % len(lesson.checks[1].choices)
    # A check that no longer exists (the lesson was edited) is not counted.
    saved = {**first_right, "1": wrong, "99": 0}
    assert checks_summary(lesson, saved) == f"Checks: 1 of {len(lesson.checks)} right."


def test_practice_page_text_leaves_out_what_a_lesson_lacks(content_dir: Path) -> None:
    from tui.core.content import load_series
    from tui.screens.lesson import practice_markdown

    series = load_series(content_dir)
    bare = next(lesson for lesson in series.lessons if not lesson.credits and not lesson.builder)
    text = practice_markdown(bare)
    assert "### Credits" not in text and "repair builder" not in text
    assert f"### Exercise: {bare.exercise.title}" in text
    repair = series.find(REPAIR)
    assert repair is not None
    full = practice_markdown(repair)
    assert "### Credits" in full and "Press **b**" in full
    assert "next lesson" not in full
    following = series.lessons[series.lessons.index(repair) + 1]
    assert f"**]** opens the next lesson: {following.label}" in practice_markdown(repair, following)


async def test_safety_note_meets_a_person_who_resumes_mid_lesson(make_app: Callable[..., TendApp]) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await _open(app, pilot, REPAIR, 3)
        assert _visible(app, "#safety-note")
        await pilot.press("n")
        await pilot.pause()
        assert not _visible(app, "#safety-note")


async def test_widening_the_terminal_brings_the_text_and_ideas_side_by_side(make_app: Callable[..., TendApp]) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await _open(app, pilot, REPAIR)
        await pilot.press("k")
        await pilot.pause()
        assert not _visible(app, "#reading")
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        assert _visible(app, "#reading") and _visible(app, "#key-ideas")
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert _visible(app, "#reading") and not _visible(app, "#key-ideas")
