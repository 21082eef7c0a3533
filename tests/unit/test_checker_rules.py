"""Loading checker rules: the shipped rules are sound, and a bad file says exactly what is wrong."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from tui.core.checker import Checker, load_rules
from tui.core.errors import ContentError

REPO = Path(__file__).resolve().parents[2]
CONTENT = REPO / "content"

GOOD_RULE = """\
rules:
  - id: away.test
    family: blame
    effect: away
    message: A test message.
    suggestion: A test rewrite.
    lesson: {slug: repairing-after-rupture, section: "Owning the impact"}
    patterns:
      - '\\byou started it\\b'
"""
PATTERN = "\\byou started it\\b"


def write_rules(tmp_path: Path, text: str, name: str = "x.yaml") -> Path:
    rules = tmp_path / "rules"
    rules.mkdir(exist_ok=True)
    (rules / name).write_text(text, encoding="utf-8")
    return tmp_path


def test_shipped_rules_load_and_every_family_the_builder_needs_is_there() -> None:
    rules = load_rules(CONTENT)
    families = {rule.family for rule in rules.rules}
    assert {"accept-repair", "refuse-repair", "apology", "blame", "conditional-apology", "break-with-return"} <= families
    assert {rule.axis for rule in rules.rules} == {"direction", "accountability"}


def test_every_lesson_link_names_a_real_lesson_section() -> None:
    headings: dict[str, set[str]] = {}
    for path in (CONTENT / "lessons").glob("*.md"):
        text = path.read_text(encoding="utf-8")
        slug = re.search(r"^slug:\s*(\S+)", text, re.M)
        if slug:
            headings[slug.group(1)] = {h.strip() for h in re.findall(r"^## (.+)$", text, re.M)}
    if not headings:
        pytest.skip("no lessons in content/lessons yet")
    for rule in load_rules(CONTENT).rules:
        if rule.lesson is None:
            continue
        assert rule.lesson.slug in headings, (rule.id, rule.lesson.slug)
        if rule.lesson.section is not None:
            assert rule.lesson.section in headings[rule.lesson.slug], (rule.id, rule.lesson.section)


def test_a_good_rule_file_in_another_folder_is_used(tmp_path: Path) -> None:
    checker = Checker(load_rules(write_rules(tmp_path, GOOD_RULE)))
    result = checker.analyse("Well YOU started it!")
    assert result.direction == "away"
    assert [f.excerpt for f in result.findings] == ["YOU started it"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("rules: [\n  - id: x\n", r"/rules/x\.yaml: line \d+"),
        (GOOD_RULE.replace("    message: A test message.\n", ""), r"rule 'away\.test' \(line 2\): missing 'message'"),
        (GOOD_RULE.replace("effect: away", "effect: sideways"), r"rule 'away\.test'.*'effect' must be one of"),
        (GOOD_RULE.replace("effect: away", "effect: away\n    axis: sideways"), r"rule 'away\.test'.*'axis' must be one of"),
        (GOOD_RULE.replace("effect: away", "effect: away\n    axis: accountability"), r"rule 'away\.test'.*belongs on axis"),
        (GOOD_RULE.replace(PATTERN, "(you started"), r"rule 'away\.test'.*bad pattern"),
        (GOOD_RULE.replace(PATTERN, "{nope} started"), r"rule 'away\.test'.*unknown macro '\{nope\}'"),
        (GOOD_RULE.replace(PATTERN, "x*"), r"rule 'away\.test'.*matches empty text"),
        (GOOD_RULE.replace("family: blame", "family: blame\n    colour: red"), r"rule 'away\.test'.*unknown field 'colour'"),
        (GOOD_RULE.replace("    lesson: {slug", "    lesson: {nope"), r"rule 'away\.test'.*'lesson' must be a mapping"),
        (GOOD_RULE + GOOD_RULE.replace("rules:\n", ""), r"rule 'away\.test': id already used"),
        ("- just a list\n", r"/rules/x\.yaml: the file must be a mapping"),
        (GOOD_RULE.replace("id: away.test", "id: Away Test"), r"/rules/x\.yaml: rule #1 \(line 2\): 'id'"),
        (GOOD_RULE.replace("negatable", "x") + "    negatable: maybe\n", r"'negatable' must be true or false"),
    ],
)
def test_a_bad_rule_file_is_one_line_naming_file_and_rule(tmp_path: Path, text: str, expected: str) -> None:
    with pytest.raises(ContentError) as caught:
        load_rules(write_rules(tmp_path, text))
    message = str(caught.value)
    assert "\n" not in message
    assert re.search(expected, message), message
    assert caught.value.exit_code == 2


def test_a_missing_rules_folder_is_a_content_error(tmp_path: Path) -> None:
    with pytest.raises(ContentError, match="no rules folder"):
        load_rules(tmp_path)


def test_a_shipped_rule_file_broken_by_hand_names_itself(tmp_path: Path) -> None:
    shutil.copytree(CONTENT / "rules", tmp_path / "rules")
    path = tmp_path / "rules" / "40-away.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("'\\btoo little", "'(\\btoo little", 1), encoding="utf-8")
    with pytest.raises(ContentError, match=r"/rules/40-away\.yaml: rule 'away\.refuse-repair' \(line \d+\): bad pattern") as caught:
        load_rules(tmp_path)
    assert caught.value.message.startswith(str(path))


def test_patterns_filed_under_two_words_still_match_across_spacing(tmp_path: Path) -> None:
    # Twenty patterns start with "i", so "i" is crowded and these are filed by
    # their first two words; the second word must still be found after extra
    # spaces or a line break, which the tidy text turns into one space.
    rules = tmp_path / "rules"
    rules.mkdir()
    others = "".join(f"      - '\\bi zz{n}\\b'\n" for n in range(20))
    (rules / "a.yaml").write_text(
        "rules:\n  - id: own.x\n    family: apology\n    effect: owns\n    message: Hi.\n"
        "    suggestion: null\n    lesson: null\n    patterns:\n      - '\\bi am sorry\\b'\n" + others,
        encoding="utf-8",
    )
    checker = Checker(load_rules(tmp_path))
    assert any(g.pairs for r in checker.rules.rules for g in r.groups)
    for text in ("I am sorry", "I  am\nsorry", "well i am sorry."):
        assert checker.analyse(text).accountability == "present", text
    assert checker.analyse("i think i am fine").accountability == "absent"
