"""The checker on the blind rounds in ``bench/blind/``: messages written by the
rubric before the rules were read, kept here so fixes for one round do not
undo another. A message that comes back with other labels than its hand label
fails, and so does a message whose fallback reading would hide a named move.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tui.core.checker import Checker, load_rules
from tui.core.errors import ContentError

ROOT = Path(__file__).resolve().parents[2]
CONTENT = ROOT / "content"
ROUNDS = sorted((ROOT / "bench" / "blind").glob("round-*.yaml"))
CASES = [
    (path.stem, example["text"], example["direction"], example["accountability"])
    for path in ROUNDS
    for example in yaml.safe_load(path.read_text(encoding="utf-8")) or []
]


@pytest.fixture(scope="module")
def checker() -> Checker:
    return Checker(load_rules(CONTENT))


def test_there_are_blind_rounds() -> None:
    assert len(ROUNDS) >= 1 and len(CASES) >= 100


@pytest.mark.parametrize(("round_name", "text", "direction", "accountability"), CASES,
                         ids=[f"{c[0]}:{c[1][:40]}" for c in CASES])
def test_blind_message_is_labelled_as_the_rubric_says(
    checker: Checker, round_name: str, text: str, direction: str, accountability: str
) -> None:
    result = checker.analyse(text)
    assert (result.direction, result.accountability) == (direction, accountability), [
        (f.rule, f.excerpt) for f in result.findings
    ]


def test_fallback_reads_a_hostile_message_no_rule_names(checker: Checker) -> None:
    result = checker.analyse("Honestly, your whole family is shameless.")
    assert result.direction == "away"
    assert any(f.rule == "away.fallback-judgment" for f in result.findings)


def test_fallback_gives_way_to_a_named_move(checker: Checker) -> None:
    # "stupid" beside "you" would trip the fallback, but the apology is a named move
    result = checker.analyse("I'm sorry I made you feel stupid.")
    assert result.direction == "toward"
    assert not any(f.rule.startswith("away.fallback") for f in result.findings)


def test_fallback_must_be_true_or_false(tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "a.yaml").write_text(
        "rules:\n  - id: x.y\n    family: care\n    effect: toward\n    message: Hi.\n"
        "    suggestion: null\n    lesson: null\n    fallback: maybe\n    patterns: ['\\bhi\\b']\n",
        encoding="utf-8",
    )
    with pytest.raises(ContentError, match="fallback"):
        load_rules(tmp_path)


def test_a_look_behind_of_varying_width_is_refused_at_load(tmp_path: Path) -> None:
    # Python compiles it lazily; without this check the first message to need
    # it would fail and come back "unclear" with no word as to why.
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "a.yaml").write_text(
        "rules:\n  - id: x.y\n    family: care\n    effect: toward\n    message: Hi.\n"
        "    suggestion: null\n    lesson: null\n    patterns: ['(?<=\\bno,? )you first\\b']\n",
        encoding="utf-8",
    )
    with pytest.raises(ContentError, match="look-behind"):
        load_rules(tmp_path)


def test_every_shipped_pattern_compiles() -> None:
    import re

    for rule in load_rules(CONTENT).rules:
        for group in rule.groups:
            re.compile(group.expression)  # raises re.error naming the fault


# Everyday messages that share words with hostile ones ("all the time", "too
# late", "typical", "it was a joke"): the word lists must not turn them away.
GUARDS: list[tuple[str, str]] = [
    ("It's only me at the door.", "unclear"),
    ("If you can manage it, could you grab milk?", "unclear"),
    ("Call me again and let me know the time.", "unclear"),
    ("It's funny how we met, isn't it?", "unclear"),
    ("Too late to call? I'll text you tomorrow.", "unclear"),
    ("I'm entitled to a refund on this order.", "unclear"),
    ("I'm allowed to bring a guest to the wedding.", "unclear"),
    ("I'm keeping a list of what we need from the shops.", "unclear"),
    ("Can you shut the window? It's cold.", "unclear"),
    ("I'm the one paying tonight.", "unclear"),
    ("Who taught you to play guitar?", "unclear"),
    ("Come on, you can do it!", "unclear"),
    ("How can you be so calm about exams?", "unclear"),
    ("I think about you every day.", "toward"),
    ("I miss you all the time.", "toward"),
    ("Thank you once again for dinner.", "unclear"),
    ("The weather was ridiculous at the beach.", "unclear"),
    ("Did you hear the terrible news about Sam's dad?", "unclear"),
    ("Stop at the shop on the way home.", "unclear"),
    ("Typical Monday, the train is late.", "unclear"),
    ("Whatever you decide is fine with me.", "unclear"),
    ("I need to calm down before the interview.", "unclear"),
    ("It was a joke my brother told at dinner.", "unclear"),
    ("I'll be right back with coffee.", "unclear"),
]


@pytest.mark.parametrize(("text", "direction"), GUARDS, ids=[g[0][:40] for g in GUARDS])
def test_everyday_message_is_not_read_as_hostile(checker: Checker, text: str, direction: str) -> None:
    result = checker.analyse(text)
    found = [(f.rule, f.excerpt) for f in result.findings]
    if direction == "toward":
        assert result.direction == "toward", found
    else:  # a neutral message may yet read as a small reach; never as a move away
        assert result.direction in ("unclear", "toward"), found
