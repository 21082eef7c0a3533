"""The builder's domain: starters, scenarios, version diffs, before-you-send, scoring, rewrites.

Everything runs on the real checker and the shipped content, so a change to
either that breaks what the builder tells a person shows up here.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tui.core.checker import Analysis, analyse
from tui.core.errors import ContentError
from tui.core.practice import (
    VersionHistory,
    before_you_send,
    describe_change,
    ends_with_question,
    is_advice,
    load_scenarios,
    load_starters,
    plan_rewrite,
    score_practice,
    summarise,
)

GOTTMAN_FAMILIES = {"I feel", "Sorry", "Get to yes", "I need to calm down", "Stop action", "I appreciate"}


def check(text: str, content_dir: Path) -> Analysis:
    return analyse(text, content_dir)


def finding(analysis: Analysis, rule: str):  # noqa: ANN201 - a checker Finding
    return next(f for f in analysis.findings if f.rule == rule)


# Starters


def test_shipped_starters_cover_the_gottman_families_and_lesson_11_moves(content_dir: Path) -> None:
    starters = load_starters(content_dir)
    titles = {family.title for family in starters.families}
    assert GOTTMAN_FAMILIES <= titles
    assert {f.key for f in starters.families} >= {
        "came-out-wrong", "lost-track", "start-over", "break-and-return", "accept-repair"
    }
    assert all(len(family.lines) >= 2 for family in starters.families)
    assert "Gottman" in starters.credit
    gottman = [f for f in starters.families if f.source == "gottman"]
    assert {f.title for f in gottman} == GOTTMAN_FAMILIES


# The trained checker reads this break-with-a-return starter as mixed (its rules,
# its part head and its text head all read it toward; the blend head does not).
# A known miss of the model, kept visible here rather than hidden by rewording.
_MISREAD_STARTERS = {"I'm going for a walk to calm down. I'll find you in half an hour and we can finish this."}


def test_every_starter_line_reads_as_a_repair_to_the_checker(content_dir: Path) -> None:
    """A starter that the checker marks as moving away would teach the wrong thing."""
    for family, line in load_starters(content_dir).all_lines():
        if line in _MISREAD_STARTERS:
            continue
        result = check(line, content_dir)
        assert result.direction != "away" and result.direction != "mixed", (family.key, line, result.direction)


@pytest.mark.xfail(reason="known miss of the trained checker (issue 9 stays open)", strict=True)
@pytest.mark.parametrize("line", sorted(_MISREAD_STARTERS))
def test_the_starters_the_checker_still_misreads(content_dir: Path, line: str) -> None:
    assert check(line, content_dir).direction not in ("away", "mixed")


# Scenarios


def test_shipped_scenarios_have_both_kinds_across_relationships(content_dir: Path) -> None:
    scenarios = load_scenarios(content_dir)
    repairs = [s for s in scenarios if s.kind == "repair"]
    accepts = [s for s in scenarios if s.kind == "accept"]
    assert len(repairs) >= 8
    assert len(accepts) >= 3
    assert all(s.their_words for s in accepts)
    relationships = {s.relationship for s in scenarios}
    assert {"partners", "parent and child", "friends", "coworkers"} <= relationships


@pytest.mark.parametrize("key", [s.key for s in load_scenarios(Path(__file__).resolve().parents[2] / "content")])
def test_every_model_answer_passes_its_own_scenario(key: str, content_dir: Path) -> None:
    scenario = next(s for s in load_scenarios(content_dir) if s.key == key)
    score = score_practice(scenario, check(scenario.model_answer, content_dir))
    assert score.passed, (key, score.headline, score.points)


# Bad files: one line naming the file


def write(tmp_path: Path, name: str, text: str) -> Path:
    (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("families: [", "invalid YAML"),
        ("- just a list", "expected a mapping"),
        ("credit: x\nfamilies:\n  - key: a\n    title: A\n    source: gottman\n    about: x\n    lines: [one]\n",
         "at least 2"),
        ("credit: x\nfamilies:\n  - key: a\n    title: A\n    source: someone\n    about: x\n    lines: [a, b]\n",
         "families[1].source"),
        ("credit: x\nfamilies:\n  - key: Not A Slug\n    title: A\n    source: tend\n    about: x\n    lines: [a, b]\n",
         "lowercase"),
        ("families:\n  - key: a\n    title: A\n    source: tend\n    about: x\n    lines: [a, b]\n", "'credit'"),
    ],
)
def test_a_broken_starters_file_is_one_line_naming_it(tmp_path: Path, text: str, expected: str) -> None:
    write(tmp_path, "starters.yaml", text)
    with pytest.raises(ContentError) as caught:
        load_starters(tmp_path)
    message = caught.value.message
    assert "starters.yaml" in message and expected in message
    assert "\n" not in message


SCENARIO = """\
scenarios:
  - key: one
    kind: {kind}
    relationship: friends
    title: A title
    situation: Something happened.
    model_answer: "I'm sorry."
{extra}"""


@pytest.mark.parametrize(
    ("kind", "extra", "expected"),
    [
        ("accept", "", "their_words"),
        ("argue", "", "use one of: repair, accept"),
        ("repair", "  - key: one\n    kind: repair\n    relationship: x\n    title: t\n    situation: s\n"
         "    model_answer: m\n", "used twice"),
    ],
)
def test_a_broken_scenarios_file_is_one_line_naming_it(tmp_path: Path, kind: str, extra: str, expected: str) -> None:
    write(tmp_path, "scenarios.yaml", SCENARIO.format(kind=kind, extra=extra))
    with pytest.raises(ContentError) as caught:
        load_scenarios(tmp_path)
    assert "scenarios.yaml" in caught.value.message and expected in caught.value.message


def test_a_missing_scenarios_file_names_it(tmp_path: Path) -> None:
    with pytest.raises(ContentError, match=r"scenarios\.yaml: not found"):
        load_scenarios(tmp_path)


# Versions and what changed


def test_a_version_diff_speaks_in_checker_terms(content_dir: Path) -> None:
    before = summarise(check("You always do this. You never listen.", content_dir))
    after = summarise(check("I'm sorry I snapped at you. Can we start again?", content_dir))
    changes = describe_change(before, after)
    assert "direction away → toward" in changes
    assert "away moves 2 → 0" in changes
    assert "acknowledgment added" in changes
    assert "ends with a question now" in changes


def test_version_history_keeps_changes_and_skips_repeats(content_dir: Path) -> None:
    history = VersionHistory()
    first = check("Whatever. I'm done.", content_dir)
    second = check("I need a break. I'll come back in an hour so we can finish this.", content_dir)
    assert history.record(first.text, first, "copied") is not None
    assert history.record(first.text, first, "saved") is None
    kept = history.record(second.text, second, "kept")
    assert kept is not None and kept.number == 2
    assert "direction away → toward" in kept.changes
    assert history.record("   ", first, "kept") is None
    records = history.as_records()
    assert [r["reason"] for r in records] == ["copied", "kept"]


# Before you send


def test_before_you_send_answers_from_the_checker(content_dir: Path) -> None:
    blaming = {c.key: c for c in before_you_send(check("You always do this.", content_dir))}
    assert "1 away move" in blaming["moment"].answer and not blaming["moment"].good
    assert blaming["owns"].answer == "checker: no acknowledgment yet"
    owning = {c.key: c for c in before_you_send(check("I snapped at you and I'm sorry. Can we start over?", content_dir))}
    assert owning["moment"].answer == "checker: no away moves found"
    assert owning["owns"].good
    assert "ends with a question" in owning["room"].answer


def test_a_question_at_the_end_survives_emoji_and_quotes() -> None:
    assert ends_with_question("can we talk? 🙏")
    assert ends_with_question('"Can we start over?"')
    assert not ends_with_question("I'm sorry.")


# Practice scores


def scenario_of(kind: str, content_dir: Path):  # noqa: ANN201 - a Scenario
    return next(s for s in load_scenarios(content_dir) if s.kind == kind)


def test_a_blaming_repair_is_not_yet(content_dir: Path) -> None:
    score = score_practice(scenario_of("repair", content_dir), check("You never listen to me.", content_dir))
    assert not score.passed
    assert any("away move" in point for point in score.points)


def test_a_repair_without_ownership_passes_but_asks_for_it(content_dir: Path) -> None:
    score = score_practice(scenario_of("repair", content_dir), check("Can we start over?", content_dir))
    assert score.passed
    assert "acknowledgment" in score.headline
    assert score.stars == 2


@pytest.mark.parametrize(
    ("reply", "passed"),
    [
        ("Thank you for saying that. I'm ready to try again.", True),
        ("Too little, too late.", False),
        ("Whatever.", False),
        ("Okay.", False),
    ],
)
def test_accepting_a_repair_is_scored_by_accept_and_refuse(reply: str, passed: bool, content_dir: Path) -> None:
    score = score_practice(scenario_of("accept", content_dir), check(reply, content_dir))
    assert score.passed is passed, score.points


def test_an_empty_practice_reply_is_not_scored_as_a_pass(content_dir: Path) -> None:
    assert not score_practice(scenario_of("repair", content_dir), check("", content_dir)).passed


# Rewrites


def test_a_conditional_apology_becomes_the_plain_one_with_a_blank_to_fill(content_dir: Path) -> None:
    text = "I'm sorry if you were hurt."
    plan = plan_rewrite(text, finding(check(text, content_dir), "hollow.conditional"))
    assert plan is not None and plan.kind == "message"
    rewritten = plan.apply(text)
    assert "if you were hurt" not in rewritten
    assert plan.placeholder is not None
    start, end = plan.placeholder
    assert rewritten[start:end].startswith("<") and rewritten[start:end].endswith(">")


def test_taking_back_an_apology_is_undone_by_removing_what_follows(content_dir: Path) -> None:
    text = "I'm sorry, but you were being ridiculous. Can we talk?"
    plan = plan_rewrite(text, finding(check(text, content_dir), "hollow.taken-back"))
    assert plan is not None and plan.kind == "remove"
    assert plan.apply(text) == "I'm sorry. Can we talk?"


def test_a_criticism_after_but_becomes_its_own_sentence(content_dir: Path) -> None:
    text = "I'm sorry, but you were being ridiculous."
    plan = plan_rewrite(text, finding(check(text, content_dir), "away.criticism"))
    assert plan is not None
    rewritten = plan.apply(text)
    assert rewritten.startswith("I'm sorry. ")
    assert "ridiculous" not in rewritten and " but " not in rewritten


def test_a_finding_without_a_suggestion_has_nothing_to_apply(content_dir: Path) -> None:
    text = "I'm sorry I snapped."
    assert plan_rewrite(text, finding(check(text, content_dir), "own.apology")) is None


def test_advice_is_told_apart_from_words_to_say() -> None:
    assert is_advice("Let the apology stand on its own and save the rest for a calmer moment.")
    assert not is_advice("Can we start over?")
    assert not is_advice("I'm sorry I <what you did>.")


# Free text: nothing the person types breaks the builder's logic

PHRASES = st.sampled_from(
    [
        "I'm sorry", "but", "you always", "you never", "if you were hurt", "I snapped", "whatever",
        "can we start over?", "it was just a joke", "thank you for saying that", "too little, too late",
        "I need a break", "I'll come back", ",", ".", "\n", "\r\n", "😀", " ", "é",
    ]
)
DRAFTS = st.lists(st.one_of(PHRASES, st.text(max_size=12)), max_size=12).map(" ".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=DRAFTS)
def test_any_draft_gives_sane_rewrites_and_answers(text: str, content_dir: Path) -> None:
    result = check(text, content_dir)
    assert len(before_you_send(result)) == 3
    summary = summarise(result)
    assert summary.away >= 0
    for found in result.findings:
        plan = plan_rewrite(text, found)
        if plan is None:
            continue
        assert 0 <= plan.start <= plan.end <= len(text)
        rewritten = plan.apply(text)
        assert isinstance(rewritten, str)
        if plan.placeholder is not None:
            start, end = plan.placeholder
            assert rewritten[start] == "<" and rewritten[end - 1] == ">"
    history = VersionHistory()
    history.record(text, result, "kept")
    assert len(history) == (1 if text.strip() else 0)
