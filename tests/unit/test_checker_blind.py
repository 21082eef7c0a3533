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
