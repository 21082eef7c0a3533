"""The shipped lessons: what a reader of the series can count on finding in them.

These tests load the real ``content/`` folder with the app's own loader, so a
lesson that loses an idea, a section, a check answer or the safety flag fails
here before anyone reads it in the app.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tui.core.content import Lesson, Series, load_series

CONTENT_DIR = Path(__file__).resolve().parents[2] / "content"

TITLES = {
    0: "An Introduction",
    1: "Noticing What I Bring",
    2: "Pausing When Flooded",
    3: "Turning Toward Bids",
    4: "Listening to Understand",
    5: "Validating Without Agreeing",
    6: "Naming Feelings and Needs",
    7: "Asking Clearly",
    8: "Appreciation and Fondness",
    9: "Feedback That Can Be Heard",
    10: "Disagreeing Without Escalating",
    11: "Repairing After Rupture",
    12: "Shaping What You Practice Together",
}
OWN_SYLLABUS = set(range(2, 10))

REPAIR_SECTIONS = (
    "When closeness strains",
    "Repair attempts",
    "Three small moves",
    "Owning the impact",
    "Taking a break, and coming back",
    "Letting a repair in",
)

# Seven digits or more, with at most one space, dot or hyphen between them.
PHONE_LIKE = re.compile(r"\+?\d(?:[ .\-]?\d){6,}")


@pytest.fixture(scope="module")
def series() -> Series:
    return load_series(CONTENT_DIR)


@pytest.fixture(scope="module")
def repair(series: Series) -> Lesson:
    lesson = series.find(11)
    assert lesson is not None
    return lesson


def plain(text: str) -> str:
    """Lower-case text with Markdown emphasis removed, for phrase matching."""
    return re.sub(r"[*_]", "", text).casefold()


def section_text(lesson: Lesson, title: str) -> str:
    for section in lesson.sections:
        if section.title == title:
            return plain(section.body)
    raise AssertionError(f"lesson {lesson.number} has no section {title!r}")


def all_text(lesson: Lesson) -> str:
    parts = [lesson.title, lesson.summary, *lesson.key_ideas, *lesson.examples, *lesson.in_practice]
    parts += [lesson.exercise.title, *lesson.exercise.steps, *lesson.credits]
    for check in lesson.checks:
        parts.append(check.prompt)
        for choice in check.choices:
            parts += [choice.text, choice.why]
    parts += [f"{section.title}\n{section.body}" for section in lesson.sections]
    return "\n".join(parts)


# --- the series as a whole -------------------------------------------------


def test_series_has_thirteen_lessons_in_order_with_their_titles(series: Series) -> None:
    assert series.title == "A Skill for Every Relationship"
    assert [lesson.number for lesson in series.lessons] == list(range(13))
    assert {lesson.number: lesson.title for lesson in series.lessons} == TITLES


def test_own_syllabus_flags_match_the_note(series: Series) -> None:
    flagged = {lesson.number for lesson in series.lessons if lesson.own_syllabus}
    assert flagged == OWN_SYLLABUS
    note = series.syllabus_note.casefold()
    assert "2" in note and "9" in note and "own" in note


def test_safety_note_points_to_help_without_numbers(series: Series) -> None:
    note = series.safety_note.casefold()
    assert "afraid" in note
    assert "violence" in note and "coercion" in note
    assert "emergency services" in note
    assert "domestic-violence service" in note
    assert not re.search(r"\d", note)


def test_safety_lessons_include_the_repair_lesson(series: Series) -> None:
    safety = {lesson.number for lesson in series.lessons if lesson.safety}
    assert 11 in safety


def test_lesson_bodies_leave_the_safety_note_to_the_app(series: Series) -> None:
    # The app shows series.safety_note once; a copy in a body would show it twice.
    for lesson in series.lessons:
        body = " ".join(section.body for section in lesson.sections).casefold()
        assert "domestic-violence service" not in body, lesson.path.name


def test_no_phone_number_anywhere(series: Series) -> None:
    texts = {series.path.name: series.path.read_text(encoding="utf-8")}
    texts.update({lesson.path.name: lesson.path.read_text(encoding="utf-8") for lesson in series.lessons})
    for name, text in texts.items():
        assert not PHONE_LIKE.search(text), f"{name}: {PHONE_LIKE.search(text)}"


# --- every lesson ----------------------------------------------------------


@pytest.mark.parametrize("number", sorted(TITLES))
def test_lesson_has_the_parts_a_reader_expects(series: Series, number: int) -> None:
    lesson = series.find(number)
    assert lesson is not None
    assert len(lesson.summary) <= 70, lesson.summary
    assert 3 <= len(lesson.sections) <= 6
    assert 3 <= len(lesson.key_ideas) <= 8
    assert len(lesson.examples) <= 3
    assert 2 <= len(lesson.in_practice) <= 4
    assert lesson.exercise.title
    assert 1 <= len(lesson.exercise.steps) <= 6


@pytest.mark.parametrize("number", sorted(TITLES))
def test_lesson_checks_have_one_answer_and_reasons(series: Series, number: int) -> None:
    lesson = series.find(number)
    assert lesson is not None
    assert 2 <= len(lesson.checks) <= 3
    for check in lesson.checks:
        assert check.prompt
        assert len(check.choices) == 3, check.prompt
        assert sum(choice.correct for choice in check.choices) == 1, check.prompt
        for choice in check.choices:
            assert choice.why.strip(), choice.text


# --- lessons 8 to 10: the sections other parts of tend point at -------------


@pytest.mark.parametrize(
    ("number", "section"),
    [
        (8, "Contempt and its antidote"),
        (9, "A complaint, not a criticism"),
        (10, "Proving who is right"),
    ],
)
def test_named_sections_exist(series: Series, number: int, section: str) -> None:
    lesson = series.find(number)
    assert lesson is not None
    assert section in [s.title for s in lesson.sections]


def test_four_patterns_and_their_antidotes_are_named_and_credited(series: Series) -> None:
    lesson = series.find(8)
    assert lesson is not None
    text = section_text(lesson, "Contempt and its antidote")
    for word in ("criticism", "contempt", "defensiveness", "stonewalling"):
        assert word in text
    for antidote in ("gentle start-up", "appreciation and respect", "taking responsibility", "physiological self-soothing"):
        assert antidote in text
    assert any("Gottman" in credit for credit in lesson.credits)


# --- lesson 11, the one tend is built around -------------------------------


def test_repair_lesson_has_exactly_its_six_sections(repair: Lesson) -> None:
    assert tuple(section.title for section in repair.sections) == REPAIR_SECTIONS


def test_repair_lesson_offers_the_builder_and_the_safety_note(repair: Lesson) -> None:
    assert repair.safety and repair.builder and not repair.own_syllabus
    body = plain(" ".join(section.body for section in repair.sections))
    assert "press b" in body and "builder" in body


def test_repair_in_practice_asks_the_three_questions(repair: Lesson) -> None:
    assert len(repair.in_practice) == 3
    own, step, accept = (question.casefold() for question in repair.in_practice)
    assert "effect i had" in own and "own" in own
    assert "small step toward them" in step and "now" in step
    assert "reach back" in accept and "clumsily" in accept and "let it in" in accept


# Each of the brief's ten ideas, with the section that carries it and phrases
# that only that idea's paragraph supplies. Removing the idea removes a phrase.
IDEAS = {
    "1 ruptures come with closeness": ("When closeness strains", ["ruptures", "closeness", "what you do afterwards"]),
    "2 repair attempts, the Gottmans' term": ("Repair attempts", ["repair attempt", "gottman", "once contact has broken", "clumsy"]),
    "3 repair versus resolution": ("Repair attempts", ["repair versus resolution", "re-argue", "calmer hour"]),
    "4 direction over wording": (
        "Repair attempts",
        ["direction", "toward contact", "toward being open", "protecting the bond"],
    ),
    "5 three small moves": (
        "Three small moves",
        ["didn't land the way you meant", "naming that you lost them", "second go"],
    ),
    "6 owning the impact": ("Owning the impact", ["accountability", "plain sentence naming what your words", "let's just move on"]),
    "7 accepting repair": ("Letting a repair in", ["accepting repair", "hold your guard in place", "not a declaration that nothing hurt", "awkward"]),
    "8 timing, a break with a return": (
        "Taking a break, and coming back",
        ["stepping away and returning", "promising to come back", "coming back when you said you would"],
    ),
    "9 trust grows from recoveries": ("Letting a repair in", ["trust", "nobody gets through without slips", "does not have to stay broken"]),
    "10 three questions after a rupture": (
        "Letting a repair in",
        ["yours to own", "small step toward them", "whether you will let it in"],
    ),
}


@pytest.mark.parametrize("idea", sorted(IDEAS))
def test_repair_lesson_carries_each_idea_of_the_brief(repair: Lesson, idea: str) -> None:
    section, phrases = IDEAS[idea]
    text = section_text(repair, section)
    for phrase in phrases:
        assert phrase in text, f"{idea}: {phrase!r} not in section {section!r}"


def test_three_small_moves_each_have_an_example_line(repair: Lesson) -> None:
    body = next(s.body for s in repair.sections if s.title == "Three small moves")
    moves = [line for line in body.splitlines() if line.startswith("- **")]
    assert len(moves) == 3
    for move in moves:
        assert re.search(r'\*"[^"]+"\*', move), f"no example line in: {move}"


def test_owning_the_impact_names_the_apology_research_and_non_apologies(repair: Lesson) -> None:
    text = section_text(repair, "Owning the impact")
    assert "i talked right over you, and i think it left you feeling brushed aside" in text
    assert "lewicki" in text and "polin" in text and "lount" in text and "2016" in text
    assert "755" in text and "two experiments" in text
    assert text.index("acknowledging responsibility mattered most") < text.index("offer of repair")
    assert "asking for forgiveness mattered least" in text
    for hollow in ("sorry if", "sorry you feel", "sorry, but", "mistakes were made"):
        assert hollow in text, hollow


def test_repair_checklist_families_and_flooding_figures_are_credited(repair: Lesson) -> None:
    families = ("i feel", "sorry", "get to yes", "i need to calm down", "stop action", "i appreciate")
    text = section_text(repair, "Repair attempts")
    for family in families:
        assert family in text, family
    timing = section_text(repair, "Taking a break, and coming back")
    assert "100 beats a minute" in timing and "20 minutes" in timing and "same day" in timing
    assert "rough guide" in timing  # the figures are presented as approximate
    credits = " ".join(repair.credits)
    assert "Lewicki, Polin and Lount (2016)" in credits
    assert "Get to yes" in credits and "approximate" in credits
