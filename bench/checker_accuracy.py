"""Accuracy of the repair checker on the labelled dev set.

Prints the direction and accountability confusion matrices and every miss, and
exits non-zero if a target fails: at least 95% direction and 95% accountability
correct, and no message labelled ``away`` or ``mixed`` checked as ``toward``.

    python bench/checker_accuracy.py [path/to/repair-phrases.yaml]
"""

from __future__ import annotations

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


def main(argv: list[str]) -> int:
    data_path = Path(argv[1]) if len(argv) > 1 else DEFAULT_DATA
    if not data_path.is_file():
        print(f"no labelled data at {data_path}", file=sys.stderr)
        return 2
    examples = yaml.safe_load(data_path.read_text(encoding="utf-8"))
    checker = Checker(load_rules(ROOT / "content"))
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
    print(confusion(direction_pairs, DIRECTIONS, "Direction"))
    print()
    print(confusion(accountability_pairs, ACCOUNTABILITY, "Accountability"))
    print()
    print(f"{len(misses)} of {total} messages missed on at least one axis:")
    print("\n".join(misses) if misses else "  (none)")
    print()
    print(f"direction correct:      {d_ok:6.1%}  (target {TARGET:.0%})")
    print(f"accountability correct: {a_ok:6.1%}  (target {TARGET:.0%})")
    print(f"away/mixed said toward: {len(worst)}  (target 0)")
    met = d_ok >= TARGET and a_ok >= TARGET and not worst
    print("targets met" if met else "TARGETS NOT MET")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
