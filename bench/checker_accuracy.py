"""Accuracy of the repair checker on the labelled dev set.

Prints the direction and accountability confusion matrices and every miss, and
exits non-zero if a target fails: at least 95% direction and 95% accountability
correct, and no message labelled ``away`` or ``mixed`` checked as ``toward``.

    python bench/checker_accuracy.py [--data FILE ...] [--target 0.95] [--quiet]

With several ``--data`` files (for example the blind rounds,
``bench/blind/round-*.yaml``) each is scored on its own, then all together.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tui.core.checker import Checker, load_rules  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "data" / "repair-phrases-dev.yaml"
DIRECTIONS = ("toward", "mixed", "away", "unclear")
ACCOUNTABILITY = ("present", "undermined", "absent")
TARGET = 0.95


def confusion(pairs: list[tuple[str, str]], labels: tuple[str, ...], title: str) -> str:
    """A text confusion matrix: rows are the expected label, columns what the checker said."""
    width = max(len(label) for label in labels) + 2
    lines = [f"{title} (rows: expected, columns: checker)", " " * width + "".join(f"{l:>{width}}" for l in labels)]
    for expected in labels:
        row = [sum(1 for e, g in pairs if e == expected and g == got) for got in labels]
        lines.append(f"{expected:<{width}}" + "".join(f"{n:>{width}}" for n in row))
    return "\n".join(lines)


def score(examples: list[dict[str, str]], checker: Checker, title: str, target: float, quiet: bool) -> bool:
    """Print matrices, misses and figures for one labelled set; True when the targets are met."""
    direction_pairs: list[tuple[str, str]] = []
    accountability_pairs: list[tuple[str, str]] = []
    misses: list[str] = []
    worst: list[str] = []
    for example in examples:
        result = checker.analyse(example["text"])
        direction_pairs.append((example["direction"], result.direction))
        accountability_pairs.append((example["accountability"], result.accountability))
        if (result.direction, result.accountability) != (example["direction"], example["accountability"]):
            rules = ", ".join(f"{f.rule}[{f.excerpt}]" for f in result.findings) or "no findings"
            misses.append(
                f"- {example['text']!r}\n    expected {example['direction']}/{example['accountability']}, "
                f"got {result.direction}/{result.accountability}: {rules}"
            )
        if example["direction"] in ("away", "mixed") and result.direction == "toward":
            worst.append(example["text"])
    total = len(examples)
    d_ok = sum(e == g for e, g in direction_pairs) / total
    a_ok = sum(e == g for e, g in accountability_pairs) / total
    both = (total - len(misses)) / total
    print(f"=== {title}: {total} messages")
    if not quiet:
        print(confusion(direction_pairs, DIRECTIONS, "Direction"))
        print()
        print(confusion(accountability_pairs, ACCOUNTABILITY, "Accountability"))
        print()
        print(f"{len(misses)} of {total} messages missed on at least one axis:")
        print("\n".join(misses) if misses else "  (none)")
        print()
    print(f"direction correct:      {d_ok:6.1%}  (target {target:.0%})")
    print(f"accountability correct: {a_ok:6.1%}  (target {target:.0%})")
    print(f"both axes correct:      {both:6.1%}")
    print(f"away/mixed said toward: {len(worst)}  (target 0)")
    met = d_ok >= target and a_ok >= target and not worst
    print("targets met" if met else "TARGETS NOT MET")
    print()
    return met


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description="Score the repair checker on labelled messages.")
    parser.add_argument("legacy", nargs="*", help=argparse.SUPPRESS)
    parser.add_argument("--data", action="append", type=Path, help="a labelled YAML file (repeatable)")
    parser.add_argument("--target", type=float, default=TARGET, help="share correct needed on each axis")
    parser.add_argument("--quiet", action="store_true", help="figures only, no matrices or misses")
    args = parser.parse_args(argv[1:])
    paths = [Path(p) for p in args.legacy] + (args.data or []) or [DEFAULT_DATA]
    checker = Checker(load_rules(ROOT / "content"))
    every: list[dict[str, str]] = []
    met = True
    for path in paths:
        if not path.is_file():
            print(f"no labelled data at {path}", file=sys.stderr)
            return 2
        examples = yaml.safe_load(path.read_text(encoding="utf-8")) or []
        every.extend(examples)
        met = score(examples, checker, str(path), args.target, args.quiet) and met
    if len(paths) > 1:
        met = score(every, checker, "all files together", args.target, True) and met
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
