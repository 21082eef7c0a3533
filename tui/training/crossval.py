"""Grouped cross-validation: train on every batch but one, score the one held out.

A batch is one writer's messages, so holding a whole batch out asks what the
checker does with a new person's words, registers and habits, which is what
it meets in use. Each fold trains the real heads, writes them the way tend
ships them (signed bytes), loads them with the run-time loader and scores the
held-out messages through the real checker: the figures are those of what
ships, quantisation included.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from tui.core.checker import Checker
from tui.core.checker_families import load_families
from tui.core.checker_language import LanguageGuard
from tui.core.checker_model import load_model
from tui.core.checker_rules import RuleSet
from tui.training.corpus import Example
from tui.training.fit import train, write_model


@dataclass(frozen=True)
class Prediction:
    """What each way of checking said about one held-out message."""

    example: Example
    rules: tuple[str, str]
    model: tuple[str, str]
    combined: tuple[str, str]
    p_direction: dict[str, float]
    p_accountability: dict[str, float]


def cross_validate(
    examples: Sequence[Example],
    rules: RuleSet,
    content_dir: Path,
    *,
    held_out: Sequence[str] | None = None,
    progress: Callable[[str], None] | None = None,
    **train_options: float,
) -> list[Prediction]:
    """Predictions for every example of every held-out batch (default: every batch)."""
    families = load_families(content_dir)
    rules_only = Checker(rules)
    batches = sorted({e.batch for e in examples})
    cache: dict = {}
    out: list[Prediction] = []
    for batch in held_out or batches:
        train_on = [e for e in examples if e.batch != batch]
        test_on = [e for e in examples if e.batch == batch]
        if not test_on:
            continue
        if progress:
            progress(f"fold {batch}: training on {len(train_on)}, scoring {len(test_on)}")
        heads = train(train_on, rules_only, cache=cache, with_moves=False, **train_options)
        with tempfile.TemporaryDirectory() as tmp:
            write_model(heads, Path(tmp) / "checker" / "model", "cross-validation")
            model = load_model(Path(tmp))
        checker = Checker(rules, model, families, LanguageGuard())
        blender = checker.blender
        assert blender is not None
        for example in test_on:
            norm, ruled = rules_only.rule_view(example.text)
            combined = checker.analyse(example.text)
            reading = blender.read(norm, ruled)
            out.append(
                Prediction(
                    example,
                    (ruled.direction, ruled.accountability),
                    reading.text_labels,
                    (combined.direction, combined.accountability),
                    reading.direction_probabilities,
                    reading.accountability_probabilities,
                )
            )
    return out
