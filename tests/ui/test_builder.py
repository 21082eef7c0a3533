"""The repair builder as a person uses it: typing, marks in the draft, rewrites, starters,
copy, save, versions, the lesson link, and both kinds of practice scenario.

Every test drives the real app with the shipped content and the real checker.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.command import CommandList
from textual.pilot import Pilot
from textual.widgets import Checkbox, OptionList, Static

from tui.app import TendApp
from tui.cli import StartAt
from tui.core.journal import JournalStore
from tui.screens.builder import RepairBuilderScreen
from tui.screens.dialogs import ConfirmDialog
from tui.screens.lesson import LessonScreen
from tui.screens.practice import ScenarioPicker
from tui.screens.starters import StarterPicker
from tui.screens.versions import VersionPicker
from tui.widgets.direction_meter import DirectionMeter
from tui.widgets.draft_editor import DraftEditor
from tui.widgets.finding_list import FindingList
from tui.widgets.safety_note import SafetyNote
from tui.widgets.send_checklist import SendChecklist


async def settle(app: TendApp, pilot: Pilot) -> RepairBuilderScreen:
    """Wait until the checker thread has caught up with the draft."""
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, RepairBuilderScreen)
    for _ in range(500):
        if screen.feedback_current:
            break
        await pilot.pause(0.01)
    assert screen.feedback_current, "the feedback never caught up with the draft"
    await pilot.pause()
    return screen


async def type_text(pilot: Pilot, text: str) -> None:
    for character in text:
        await pilot.press(character)


async def open_builder(app: TendApp, pilot: Pilot, *, practice: bool = False) -> RepairBuilderScreen:
    app.open_builder(practice=practice)
    return await settle(app, pilot)


def direction(screen: RepairBuilderScreen) -> str:
    return screen.query_one(DirectionMeter).direction


def static_text(screen: RepairBuilderScreen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


def styled_runs(editor: DraftEditor, y: int = 0) -> list[tuple[str, str]]:
    """The text of each run on screen line ``y`` drawn reversed, struck or underlined."""
    runs = []
    for segment in editor.render_line(y):
        style = segment.style
        if style is None:
            continue
        if style.reverse and style.bold:
            runs.append(("reverse", segment.text))
        elif style.strike:
            runs.append(("strike", segment.text))
        elif style.underline:
            runs.append(("underline", segment.text))
    return runs


def toasts(app: TendApp) -> list[str]:
    """The notifications on screen, as text."""
    return [str(toast.render()) for toast in app.screen.query("Toast")]


# The draft and its marks


async def test_tend_draft_shows_away_feedback_at_once(make_app: Callable[..., TendApp]) -> None:
    app = make_app(StartAt("draft", text="You always do this."))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, RepairBuilderScreen)
        # No waiting for the worker: the first analysis is done as the screen opens.
        assert direction(screen) == "away"
        assert "AWAY" in screen.query_one(DirectionMeter).label
        assert screen.query_one(DraftEditor).marked_text("away") == ["You always"]
        assert "moves away" in static_text(screen, "#verdict")


async def test_a_draft_in_another_language_gets_a_notice_and_no_verdict(make_app: Callable[..., TendApp]) -> None:
    app = make_app(StartAt("draft", text="Lo siento mucho, no quise gritarte anoche."))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, RepairBuilderScreen)
        assert "NOT READ" in screen.query_one(DirectionMeter).label
        assert "English only" in static_text(screen, "#verdict")
        assert static_text(screen, "#accountability") == ""
        assert screen.query_one(DraftEditor).marked_text("away") == []
        # nothing is coached on a message the checker did not read
        assert "English only" in str(screen.query_one(FindingList).get_option_at_index(0).prompt)
        assert static_text(screen, "#finding-detail") == ""
        checklist = screen.query_one(SendChecklist)
        assert all(checklist.answer_for(key).startswith("· ") and "English only" in checklist.answer_for(key) for key in checklist.questions)


async def test_typing_a_blaming_message_marks_the_blame_in_the_draft(make_app: Callable[..., TendApp]) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_builder(app, pilot)
        assert direction(screen) == "unclear"
        await type_text(pilot, "You never listen to me.")
        screen = await settle(app, pilot)
        assert direction(screen) == "away"
        editor = screen.query_one(DraftEditor)
        assert editor.marked_text("away") == ["You never"]
        # The mark is drawn on the words themselves: reversed and bold, the rest plain.
        drawn = [text for kind, text in styled_runs(editor) if kind == "reverse"]
        assert "".join(drawn) == "You never"
        findings = screen.query_one(FindingList)
        first = str(findings.get_option_at_index(0).prompt)
        assert first.startswith("✗") and "You never" in first
        answers = screen.query_one(SendChecklist)
        assert "1 away move" in answers.answer_for("moment")
        assert "no acknowledgment yet" in answers.answer_for("owns")


async def test_undermining_and_owning_words_have_their_own_styles(make_app: Callable[..., TendApp]) -> None:
    app = make_app(StartAt("draft", text="I snapped at you. I'm sorry if you were hurt."))
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await settle(app, pilot)
        runs = styled_runs(screen.query_one(DraftEditor))
        assert ("strike", "I'm sorry if you were hurt") in runs
        assert ("underline", "I snapped") in runs
        assert static_text(screen, "#accountability").startswith("Accountability ~ UNDERMINED")


async def test_selecting_a_finding_explains_it_and_names_its_lesson(make_app: Callable[..., TendApp]) -> None:
    app = make_app(StartAt("draft", text="I'm sorry if you were hurt."))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await settle(app, pilot)
        await pilot.press("ctrl+f")
        assert isinstance(app.focused, FindingList)
        detail = static_text(screen, "#finding-detail")
        assert 'The "if"' in detail
        assert "Try: “I'm sorry I <what you did>" in detail
        assert "Lesson 11, Repairing After Rupture › Owning the impact" in detail


async def test_applying_a_rewrite_moves_the_labels(make_app: Callable[..., TendApp]) -> None:
    app = make_app(StartAt("draft", text="I'm sorry if you were hurt."))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await settle(app, pilot)
        assert "UNDERMINED" in static_text(screen, "#accountability")
        await pilot.press("ctrl+f", "ctrl+r")
        # The part to fill in is selected, so typing replaces it.
        await type_text(pilot, "snapped at you")
        screen = await settle(app, pilot)
        assert screen.draft_text == "I'm sorry I snapped at you; I can see it hurt you."
        assert "PRESENT" in static_text(screen, "#accountability")
        assert direction(screen) == "toward"
        assert "strong repair" in static_text(screen, "#verdict")
        # The text before the rewrite was kept as a version.
        assert [v.text for v in screen.history.versions] == ["I'm sorry if you were hurt."]


async def test_removing_what_takes_an_apology_back(make_app: Callable[..., TendApp]) -> None:
    app = make_app(StartAt("draft", text="I'm sorry, but you were being ridiculous."))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await settle(app, pilot)
        assert direction(screen) == "mixed"
        findings = screen.query_one(FindingList)
        findings.highlighted = next(i for i, f in enumerate(findings.findings) if f.rule == "hollow.taken-back")
        await pilot.press("ctrl+r")
        screen = await settle(app, pilot)
        assert screen.draft_text == "I'm sorry."
        assert direction(screen) == "toward"


async def test_the_lesson_key_opens_the_section_that_teaches_the_finding(make_app: Callable[..., TendApp]) -> None:
    app = make_app(StartAt("draft", text="I'm sorry if you were hurt."))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+l")
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen)
        assert app.screen.lesson.slug == "repairing-after-rupture"
        assert app.screen.section_title == "Owning the impact"


# Starters, copy, save, versions


async def test_a_starter_goes_in_at_the_cursor(make_app: Callable[..., TendApp]) -> None:
    app = make_app(StartAt("draft", text="Hey."))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+t")
        await pilot.pause()
        picker = app.screen
        assert isinstance(picker, StarterPicker)
        options = picker.query_one(OptionList)
        headings = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)
                    if options.get_option_at_index(i).disabled]
        assert headings[:6] == ["I feel", "Sorry", "Get to yes", "I need to calm down", "Stop action", "I appreciate"]
        assert "I need a break, and I will come back" in headings and "Accepting a repair" in headings
        options.highlighted = options.get_option_index("sorry-1")
        line = picker.highlighted_line
        assert line == "I interrupted you, and I'm sorry. Please go on."
        await pilot.press("enter")
        screen = await settle(app, pilot)
        assert screen.draft_text == f"Hey. {line}"
        assert direction(screen) == "toward"
        assert "PRESENT" in static_text(screen, "#accountability")


async def test_copy_puts_the_draft_on_the_clipboard_and_keeps_a_version(make_app: Callable[..., TendApp]) -> None:
    text = "That came out harsher than I meant. Can I try again?"
    app = make_app(StartAt("draft", text=text))
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        screen = await settle(app, pilot)
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert app.clipboard == text
        assert "Copied" in toasts(app)
        assert [v.reason for v in screen.history.versions] == ["copied"]


async def test_save_puts_the_draft_and_its_analysis_in_the_journal(
    make_app: Callable[..., TendApp], data_dir: Path
) -> None:
    app = make_app(StartAt("draft", text="I raised my voice, and I'm sorry."))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await settle(app, pilot)
        await pilot.press("ctrl+b", "tab", "space")
        await pilot.press("ctrl+s")
        await pilot.pause()
        screen.query_one(DraftEditor).focus()
        await pilot.press("end")
        await type_text(pilot, " Can we talk?")
        await settle(app, pilot)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert screen.entry_id is not None
    store = JournalStore(data_dir)
    store.open()
    entries = store.entries()
    assert len(entries) == 1, "a second save updates the same entry"
    entry = entries[0]
    assert entry.kind == "draft"
    assert entry.repair == "I raised my voice, and I'm sorry. Can we talk?"
    assert entry.lesson == "repairing-after-rupture"
    assert entry.analysis is not None
    assert entry.analysis["direction"] == "toward"
    assert entry.analysis["accountability"] == "present"
    assert [v["reason"] for v in entry.analysis["versions"]] == ["saved", "saved"]
    ticked = {item.question: item.answer for item in entry.checklist}
    assert ticked["Does it own my part, without a defence?"] == "yes"
    assert ticked["Does it leave room for them?"] == "not yet"


async def test_a_failed_save_says_so_in_one_line_and_keeps_the_draft(
    make_app: Callable[..., TendApp], tmp_path: Path
) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the data folder should be")
    app = make_app(StartAt("draft", text="I'm sorry I was short with you."), data=blocked / "data")
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        screen = await settle(app, pilot)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert screen.entry_id is None
        assert screen.draft_text == "I'm sorry I was short with you."
        shown = toasts(app)
        assert any("Not saved" in t for t in shown), shown
        assert isinstance(app.screen, RepairBuilderScreen)


async def test_versions_show_what_changed_and_restore(make_app: Callable[..., TendApp]) -> None:
    app = make_app(StartAt("draft", text="You always do this. You never listen."))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await settle(app, pilot)
        await pilot.press("ctrl+g")
        editor = screen.query_one(DraftEditor)
        editor.load_text("I snapped at you, and I'm sorry. Can we start again?")
        await settle(app, pilot)
        await pilot.press("ctrl+g")
        await pilot.press("f2")
        await pilot.pause()
        picker = app.screen
        assert isinstance(picker, VersionPicker)
        options = picker.query_one(OptionList)
        newest = str(options.get_option_at_index(0).prompt)
        assert newest.startswith("v2")
        assert "away moves 2 → 0" in newest and "acknowledgment added" in newest
        assert str(options.get_option_at_index(1).prompt).startswith("v1")
        await pilot.press("down", "enter")
        screen = await settle(app, pilot)
        assert screen.draft_text == "You always do this. You never listen."
        assert direction(screen) == "away"


async def test_leaving_with_an_unsaved_draft_asks_first(make_app: Callable[..., TendApp]) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_builder(app, pilot)
        await type_text(pilot, "I miss you.")
        await settle(app, pilot)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, RepairBuilderScreen)
        await pilot.press("ctrl+o", "escape")
        await pilot.pause()
        assert not isinstance(app.screen, (RepairBuilderScreen, ConfirmDialog))


async def test_the_safety_note_appears_once(make_app: Callable[..., TendApp]) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_builder(app, pilot)
        notes = list(screen.query(SafetyNote))
        assert len(notes) == 1
        assert str(notes[0].render()) == app.series.safety_note


async def test_the_before_you_send_boxes_tick_by_keyboard(make_app: Callable[..., TendApp]) -> None:
    app = make_app(StartAt("draft", text="I hurt you, and I'm sorry. What do you need from me?"))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await settle(app, pilot)
        await pilot.press("ctrl+b", "space")
        assert screen.query_one("#send-moment", Checkbox).value is True
        answers = screen.query_one(SendChecklist)
        assert answers.answer_for("moment") == "✓ checker: no away moves found"
        assert "ends with a question" in answers.answer_for("room")


# Practice


async def test_practice_a_repair_scenario(make_app: Callable[..., TendApp]) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_builder(app, pilot, practice=True)
        scenario = screen.scenario
        assert scenario is not None and scenario.kind == "repair"
        assert scenario.title in static_text(screen, "#scenario")
        assert not screen.query_one("#practice-result").display
        await type_text(pilot, "Well, you always forget things too.")
        await settle(app, pilot)
        await pilot.press("ctrl+s")
        await pilot.pause()
        result = static_text(screen, "#practice-result")
        assert result.startswith("… Not yet")
        # The model answer is shown after the first try.
        assert scenario.model_answer in result
        screen.query_one(DraftEditor).load_text("")
        await type_text(pilot, "I forgot you and left you waiting in the rain. I'm sorry.")
        await settle(app, pilot)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert static_text(screen, "#practice-result").startswith("✓ A strong repair")
        assert scenario.key in screen.passed
        assert screen.attempts[scenario.key] == 2


async def test_practice_accepting_an_imperfect_repair(make_app: Callable[..., TendApp]) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_builder(app, pilot, practice=True)
        await pilot.press("f4")
        await pilot.pause()
        picker = app.screen
        assert isinstance(picker, ScenarioPicker)
        options = picker.query_one(OptionList)
        options.highlighted = options.get_option_index("accept-colleague-coffee")
        await pilot.press("enter")
        screen = await settle(app, pilot)
        scenario = screen.scenario
        assert scenario is not None and scenario.kind == "accept"
        assert scenario.their_words in static_text(screen, "#scenario")
        await type_text(pilot, "Too little, too late.")
        await settle(app, pilot)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "Not yet" in static_text(screen, "#practice-result")
        screen.query_one(DraftEditor).load_text("")
        await type_text(pilot, "Thank you for saying that. Yes, let's get a coffee.")
        await settle(app, pilot)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert static_text(screen, "#practice-result").startswith("✓ You let their repair in")
        assert "accept-colleague-coffee" in screen.passed


async def test_practice_mode_can_be_entered_and_left_keeping_the_draft(make_app: Callable[..., TendApp]) -> None:
    app = make_app(StartAt("draft", text="Can we start over?"))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await settle(app, pilot)
        await pilot.press("f3")
        screen = await settle(app, pilot)
        assert screen.practice and screen.draft_text == ""
        await pilot.press("ctrl+n")
        screen = await settle(app, pilot)
        assert screen.scenario is not None and screen.scenario.key == "juice-on-the-laptop"
        await pilot.press("f3")
        screen = await settle(app, pilot)
        assert not screen.practice
        assert screen.draft_text == "Can we start over?"
        assert not screen.query_one("#scenario").display


async def test_marks_land_on_the_right_words_after_emoji_and_crlf(make_app: Callable[..., TendApp]) -> None:
    text = "😀 ok. You always do this.\r\nÀ vrai dire, you never listen."
    app = make_app(StartAt("draft", text=text))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await settle(app, pilot)
        editor = screen.query_one(DraftEditor)
        assert editor.text == text
        assert editor.marked_text("away") == ["You always", "you never"]
        assert [run for kind, run in styled_runs(editor, 0) if kind == "reverse"] == ["You always"]
        assert [run for kind, run in styled_runs(editor, 1) if kind == "reverse"] == ["you never"]


async def test_broken_rules_and_starters_are_one_line_and_the_draft_still_works(
    make_app: Callable[..., TendApp], content_dir: Path, tmp_path: Path, data_dir: Path
) -> None:
    import shutil

    from tui.core.content import load_series

    broken = tmp_path / "content"
    shutil.copytree(content_dir, broken)
    (broken / "starters.yaml").write_text("families: [\n", encoding="utf-8")
    rule_file = sorted((broken / "rules").glob("*.yaml"))[-1]
    rule_file.write_text("rules: [\n", encoding="utf-8")
    app = TendApp(
        series=load_series(broken), content_dir=broken, data_dir=data_dir, start=StartAt("draft", text="Hi")
    )
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, RepairBuilderScreen)
        verdict = static_text(screen, "#verdict")
        assert rule_file.name in verdict and "\n" not in verdict
        await type_text(pilot, " there")
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert isinstance(app.screen, RepairBuilderScreen), "no picker opens on a broken starters file"
        assert any("starters.yaml" in toast for toast in toasts(app))
        assert screen.draft_text == "Hi there"


async def test_the_command_palette_offers_the_builder_actions(make_app: Callable[..., TendApp]) -> None:
    app = make_app(StartAt("draft", text="Can we start over?"))
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await settle(app, pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await type_text(pilot, "keep this version")
        commands = app.screen.query_one(CommandList)
        for _ in range(200):  # the palette searches in a worker
            if commands.option_count:
                break
            await pilot.pause(0.01)
        assert "keep this version" in str(commands.get_option_at_index(0).prompt)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is screen
        assert [v.text for v in screen.history.versions] == ["Can we start over?"]


async def test_f5_walks_through_the_blanks_a_rewrite_leaves(make_app: Callable[..., TendApp]) -> None:
    app = make_app(StartAt("draft", text="You always do this."))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await settle(app, pilot)
        await pilot.press("ctrl+f", "ctrl+r")
        await type_text(pilot, "you left")
        await pilot.press("f5")
        await type_text(pilot, "alone")
        screen = await settle(app, pilot)
        assert screen.draft_text == "When you left, I felt alone."
        assert direction(screen) != "away"
