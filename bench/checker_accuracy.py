"""How often the repair checker agrees with the corpus, on messages it was not built from.

    pip install -e '.[train]'
    python bench/checker_accuracy.py                 # grouped cross-validation over the corpus
    python bench/checker_accuracy.py --batch B03     # one held-out batch, with its misses
    python bench/checker_accuracy.py --data FILE     # the shipped checker on a labelled file

Grouped cross-validation trains the model on every batch of
``content/checker/corpus`` but one and scores the one held out, for every
batch, three ways: the rules alone, the model alone (its text heads), and the
combined checker tend ships. It prints, per held-out batch and overall, the
share right on direction and on accountability and how many away or mixed
messages were read as ``toward`` (the worst mistake: a jab praised as a
repair). The rules were written and tuned on the dev set, the blind rounds and
the test lists, never on the ``B`` batches, so the figures over the ``B``
batches are the honest ones for the rules and for the combination; both are
printed.

``--data`` scores the checker as shipped (rules and the model trained on the
whole corpus) on a labelled YAML file, with its confusion matrices and every
miss: use it for the "before" figures of a fresh blind round, before any fix
aimed at it. Figures, never a pass or a fail: the exit status is 0 unless the
arguments or files are wrong.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tui.core.checker import load_checker, load_rules  # noqa: E402
from tui.core.checker_model import CORPUS_DIR  # noqa: E402

CONTENT = ROOT / "content"
DIRECTIONS = ("toward", "mixed", "away", "unclear")
ACCOUNTABILITY = ("present", "undermined", "absent")
WAYS = ("rules", "model", "combined")


def confusion(pairs: Sequence[tuple[str, str]], labels: tuple[str, ...], title: str) -> str:
    """A text confusion matrix: rows are the expected label, columns what the checker said."""
    width = max(len(label) for label in labels) + 2
    lines = [f"{title} (rows: expected, columns: checker)", " " * width + "".join(f"{l:>{width}}" for l in labels)]
    for expected in labels:
        row = [sum(1 for e, g in pairs if e == expected and g == got) for got in labels]
        lines.append(f"{expected:<{width}}" + "".join(f"{n:>{width}}" for n in row))
    return "\n".join(lines)


def figures(rows: Sequence[tuple[str, str, str, str]]) -> tuple[float, float, int]:
    """(direction right, accountability right, away/mixed read toward) for (exp_d, exp_a, got_d, got_a) rows."""
    total = len(rows) or 1
    direction = sum(e_d == g_d for e_d, _, g_d, _ in rows) / total
    accountability = sum(e_a == g_a for _, e_a, _, g_a in rows) / total
    worst = sum(e_d in ("away", "mixed") and g_d == "toward" for e_d, _, g_d, _ in rows)
    return direction, accountability, worst


def _cell(rows: Sequence[tuple[str, str, str, str]]) -> str:
    d, a, w = figures(rows)
    away_mixed = sum(r[0] in ("away", "mixed") for r in rows) or 1
    return f"{d:6.1%} {a:6.1%} {w:3d} ({w / away_mixed:4.1%})"


def cross_validation(args: argparse.Namespace) -> int:
    try:
        from tui.training.corpus import CorpusError, load_corpus
        from tui.training.crossval import cross_validate
    except ImportError as exc:
        print(f"checker_accuracy: needs the training extra ({exc.name}); pip install -e '.[train]'", file=sys.stderr)
        return 2
    try:
        examples = load_corpus(CONTENT / CORPUS_DIR)
    except CorpusError as exc:
        print(f"checker_accuracy: {exc}", file=sys.stderr)
        return 2
    rules = load_rules(CONTENT)
    started = time.perf_counter()
    held_out = args.batch or None
    predictions = cross_validate(
        examples, rules, CONTENT, held_out=held_out, progress=None if args.quiet else lambda m: print(m, file=sys.stderr)
    )
    elapsed = time.perf_counter() - started
    by_batch: dict[str, list] = {}
    for p in predictions:
        by_batch.setdefault(p.example.batch, []).append(p)

    def rows(preds: Sequence, way: str) -> list[tuple[str, str, str, str]]:
        return [(p.example.direction, p.example.accountability, *getattr(p, way)) for p in preds]

    print(f"Grouped cross-validation over {len(by_batch)} held-out batches, {len(predictions)} messages "
          f"({elapsed:.0f} s). Each cell: direction right, accountability right, away/mixed read toward (share of away+mixed).")
    header = f"{'held-out batch':<22}{'n':>6}   " + "   ".join(f"{way:<24}" for way in WAYS)
    print(header)
    print("-" * len(header))
    for batch, preds in sorted(by_batch.items()):
        print(f"{batch:<22}{len(preds):>6}   " + "   ".join(f"{_cell(rows(preds, way)):<24}" for way in WAYS))
    print("-" * len(header))
    fresh = [p for p in predictions if p.example.batch.startswith("B")]
    groups = [("new batches (B*)", fresh), ("all batches", predictions)]
    for title, preds in groups:
        if preds:
            print(f"{title:<22}{len(preds):>6}   " + "   ".join(f"{_cell(rows(preds, way)):<24}" for way in WAYS))
    if args.batch and not args.quiet:
        for p in predictions:
            if p.combined != (p.example.direction, p.example.accountability):
                print(f"- {p.example.text!r}\n    expected {p.example.direction}/{p.example.accountability}, "
                      f"combined {p.combined[0]}/{p.combined[1]}, rules {p.rules[0]}/{p.rules[1]}, model {p.model[0]}/{p.model[1]}")
    return 0


def score_file(path: Path, quiet: bool) -> int:
    if not path.is_file():
        print(f"checker_accuracy: no labelled data at {path}", file=sys.stderr)
        return 2
    examples = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    checker = load_checker(CONTENT)
    direction_pairs, accountability_pairs, misses, worst = [], [], [], 0
    for example in examples:
        result = checker.analyse(example["text"])
        direction_pairs.append((example["direction"], result.direction))
        accountability_pairs.append((example["accountability"], result.accountability))
        if (result.direction, result.accountability) != (example["direction"], example["accountability"]):
            found = ", ".join(f"{f.rule}[{f.excerpt}]" for f in result.findings) or "no findings"
            misses.append(f"- {example['text']!r}\n    expected {example['direction']}/{example['accountability']}, "
                          f"got {result.direction}/{result.accountability}: {found}")
        worst += example["direction"] in ("away", "mixed") and result.direction == "toward"
    total = len(examples) or 1
    print(f"=== {path}: {len(examples)} messages, the checker as shipped")
    if not quiet:
        print(confusion(direction_pairs, DIRECTIONS, "Direction"))
        print()
        print(confusion(accountability_pairs, ACCOUNTABILITY, "Accountability"))
        print()
        print(f"{len(misses)} missed on at least one axis:")
        print("\n".join(misses) if misses else "  (none)")
        print()
    print(f"direction right:        {sum(e == g for e, g in direction_pairs) / total:6.1%}")
    print(f"accountability right:   {sum(e == g for e, g in accountability_pairs) / total:6.1%}")
    print(f"away/mixed said toward: {worst}")
    return 0


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description="Score the repair checker on messages it was not built from.")
    parser.add_argument("--data", action="append", type=Path, help="score the shipped checker on a labelled YAML file")
    parser.add_argument("--batch", action="append", help="hold out only this corpus batch (repeatable); prints its misses")
    parser.add_argument("--quiet", action="store_true", help="figures only")
    args = parser.parse_args(argv[1:])
    if args.data:
        status = 0
        for path in args.data:
            status = max(status, score_file(path, args.quiet))
        return status
    return cross_validation(args)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
