"""The trained model: tied to the corpus it ships with, loaded safely, and used as a person notices."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tui.core.checker import Checker, load_checker
from tui.core.checker_families import FAMILIES, load_families
from tui.core.checker_model import CORPUS_DIR, MODEL_DIR, corpus_digest, hashed, load_model
from tui.core.errors import ContentError

REPO = Path(__file__).resolve().parents[2]
CONTENT = REPO / "content"
CORPUS = CONTENT / CORPUS_DIR


@pytest.fixture(scope="module")
def checker() -> Checker:
    return load_checker(CONTENT)


def _corpus() -> list[tuple[str, dict]]:
    out = []
    for path in sorted(CORPUS.glob("*.yaml")):
        for item in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            out.append((path.stem, item))
    return out


# -- the weights belong to the corpus -------------------------------------------


def test_the_shipped_weights_were_trained_from_the_corpus_as_it_stands() -> None:
    model = load_model(CONTENT)
    assert model is not None, "content/checker/model is missing: run scripts/train_checker.py"
    assert model.corpus_digest == corpus_digest(CORPUS), (
        "the corpus changed since the model was trained: run python scripts/train_checker.py and commit the model"
    )


def test_the_model_is_small_and_has_every_head_the_checker_uses() -> None:
    model = load_model(CONTENT)
    assert model is not None
    assert (CONTENT / MODEL_DIR / "model.bin").stat().st_size < 5_000_000
    assert {"blend.direction", "blend.accountability", "text.direction", "text.accountability", "move.family"} <= set(
        model.heads
    )
    assert model.heads["blend.direction"].classes == ("toward", "mixed", "away", "unclear")


def test_feature_buckets_do_not_depend_on_the_process() -> None:
    """Python's own str hash changes per process; the model's buckets must not."""
    code = "from tui.core.checker_model import hashed; print(hashed(['w:sorry', 'c: so ', 'b:<s> i'], 17))"
    seen = set()
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=REPO, check=True)
        seen.add(result.stdout.strip())
    assert seen == {str(hashed(["w:sorry", "c: so ", "b:<s> i"], 17))}


# -- the corpus ----------------------------------------------------------------


def test_the_corpus_has_five_thousand_independently_labelled_messages() -> None:
    items = _corpus()
    assert len(items) >= 5000
    new = [item for batch, item in items if batch.startswith("B")]
    assert len(new) >= 4000
    for path in CORPUS.glob("*.yaml"):
        head = path.read_text(encoding="utf-8").split("\n- ", 1)[0]
        assert "labelled blind" in head, f"{path.name} does not say who labelled it"


def test_every_corpus_message_has_labels_and_moves_inside_its_text() -> None:
    ids = set()
    for batch, item in _corpus():
        assert item["id"] not in ids, f"id {item['id']} appears twice"
        ids.add(item["id"])
        assert item["direction"] in ("toward", "mixed", "away", "unclear")
        assert item["accountability"] in ("present", "undermined", "absent")
        assert isinstance(item["safety"], bool)
        for start, end, family in item.get("moves", []):
            assert 0 <= start < end <= len(item["text"]), item["id"]
            assert family in FAMILIES, (item["id"], family)
        if "labels" in item:  # a disagreement, settled and recorded
            assert {"written", "blind", "settled"} <= set(item["labels"]), item["id"]


def test_every_family_has_words_for_the_person() -> None:
    families = load_families(CONTENT)
    assert set(families) == set(FAMILIES)
    for family in families.values():
        assert family.message.strip()


# -- a broken model is one line ------------------------------------------------


def _content_copy(tmp_path: Path) -> Path:
    import shutil

    target = tmp_path / "content"
    shutil.copytree(CONTENT, target, ignore=shutil.ignore_patterns("corpus"))
    return target


def test_a_truncated_model_is_a_content_error_naming_the_file(tmp_path: Path) -> None:
    content = _content_copy(tmp_path)
    blob = content / MODEL_DIR / "model.bin"
    blob.write_bytes(blob.read_bytes()[:1000])
    with pytest.raises(ContentError, match="model.json"):
        load_model(content)


def test_a_model_description_that_is_not_json_is_a_content_error(tmp_path: Path) -> None:
    content = _content_copy(tmp_path)
    (content / MODEL_DIR / "model.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(ContentError, match="cannot be read"):
        load_model(content)


def test_content_without_a_model_checks_with_rules_alone(tmp_path: Path) -> None:
    content = _content_copy(tmp_path)
    for name in ("model.bin", "model.json"):
        (content / MODEL_DIR / name).unlink()
    checker = load_checker(content)
    assert checker.blender is None
    assert checker.analyse("I'm sorry I snapped at you.").direction == "toward"


# -- what a person notices ------------------------------------------------------


_NOT_YET_READ = pytest.mark.xfail(
    reason="a known miss of the trained checker: it does not yet read this toward (issue 9 stays open)",
    strict=True,
)


@pytest.mark.parametrize(
    "text",
    [
        "come sit with me for a bit?",
        pytest.param("that makes a lot of sense actually", marks=_NOT_YET_READ),
        pytest.param("what you said really stung", marks=_NOT_YET_READ),
        pytest.param("I'd rather be close than right", marks=_NOT_YET_READ),
        pytest.param("Thank you for saying that. It did sting.", marks=_NOT_YET_READ),
    ],
)
def test_everyday_reaching_back_is_recognised_with_its_words_marked(checker: Checker, text: str) -> None:
    result = checker.analyse(text)
    assert result.direction == "toward", result
    toward = [f for f in result.findings if f.direction == "toward"]
    assert toward and all(text[f.start : f.end] == f.excerpt for f in toward)


@pytest.mark.parametrize(
    "text",
    [
        "Sorry my existence is such a burden to you",
        "Sorry, I forgot you're perfect and never make mistakes.",
        "I apologise. Some of us have actual jobs, though.",
    ],
)
def test_a_jab_in_new_words_is_not_praised(checker: Checker, text: str) -> None:
    assert checker.analyse(text).direction != "toward"


def test_findings_and_labels_tell_the_same_story(checker: Checker) -> None:
    """Whatever decides the labels, the marks agree with them: no ✓ on a message called away."""
    for _, item in _corpus()[::7]:
        result = checker.analyse(item["text"])
        pulls = {f.direction for f in result.findings if f.direction}
        expected = {"toward": {"toward"}, "away": {"away"}, "mixed": {"toward", "away"}, "unclear": set()}
        if result.direction == "unclear":
            assert not pulls, (item["text"], result.findings)
        else:
            assert pulls == expected[result.direction], (item["text"], result.direction, result.findings)
        effects = {f.effect for f in result.findings}
        if result.accountability == "present":
            assert "owns" in effects and "undermines" not in effects
        elif result.accountability == "undermined":
            assert "undermines" in effects
        else:
            assert not effects & {"owns", "undermines"}


def test_json_says_which_findings_came_from_the_model() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "tui", "check", "--json", "come sit with me for a bit?"],
        capture_output=True, text=True, cwd=REPO, check=True,
    )
    data = json.loads(result.stdout)
    assert data["language"] == "en"
    assert data["findings"] and {f["source"] for f in data["findings"]} <= {"rule", "model"}
    for finding in data["findings"]:
        assert {"start", "end", "message", "suggestion", "source"} <= set(finding)


# -- messages tend cannot read ----------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Lo siento mucho, no quise gritarte anoche.",
        "Je suis vraiment désolée, je ne voulais pas te blesser.",
        "Es tut mir leid, dass ich dich angeschrien habe.",
        "ごめんなさい、昨日は言い過ぎました。",
        "Прости меня, я был неправ.",
    ],
)
def test_a_message_mostly_not_in_english_gets_no_verdict(checker: Checker, text: str) -> None:
    result = checker.analyse(text)
    assert result.language == "unsupported"
    assert result.findings == ()
    assert "English only" in result.verdict


@pytest.mark.parametrize(
    "text",
    [
        "im sry i snapped, that wasnt fair 😔",
        "ok",
        "Sorry, mi amor. I was out of line.",
        "Tbh ur right, my bad",
        "I'm sorry I missed Priya's recital.",
    ],
)
def test_english_in_any_register_is_read(checker: Checker, text: str) -> None:
    assert checker.analyse(text).language == "en"


def test_the_report_for_another_language_says_so_in_one_line() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "tui", "check", "Lo siento mucho, no quise gritarte anoche."],
        capture_output=True, text=True, cwd=REPO, check=True,
    )
    assert "English only" in result.stdout
    assert "direction" not in result.stdout


# -- free text -------------------------------------------------------------------

_SOUP = st.lists(
    st.sampled_from(
        ["im", "sorry", "but", "u", "always", "not", "I'm", "don't", "\u2019", "😔", "\r\n", "  ", ",", ".", "?",
         "é", "\x00", "\ud800", "ur", "wasnt", "if", "you", "calm down", "İ", "ß", "love", "though", "whatever",
         "can we", "talk", "later", "my fault", "you never", "lol", "\n\n", "但是", "¿"]
    ),
    max_size=40,
).map(" ".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.one_of(st.text(max_size=300), _SOUP))
def test_the_model_path_itself_never_raises_and_keeps_offsets(checker: Checker, text: str) -> None:
    """``analyse`` hides faults behind an ``unclear`` answer; the blended path must not need that."""
    result = checker._analyse(text)  # the path behind analyse's safety net
    for finding in result.findings:
        assert 0 <= finding.start <= finding.end <= len(text)
        assert text[finding.start : finding.end] == finding.excerpt
    if result.direction in ("toward", "away"):
        assert any(f.direction == result.direction for f in result.findings)
