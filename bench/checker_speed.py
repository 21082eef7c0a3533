"""Speed of the repair checker, and how it compares with proselint.

Builds a few thousand messages (the dev set's texts plus variations of them:
texting spellings, joined pairs, longer paragraphs), then prints:

1. the time to load and compile the rules;
2. ``analyse`` per message in-process: median and p95 in microseconds;
3. ``tend check --json --lines`` as a subprocess over all the messages
   (start-up included): messages per second;
4. proselint over the same messages, in-process (its ``LintFile.lint`` per
   message) and as a CLI over the same text on stdin, and the ratios.

Target: tend at least 10x proselint's per-message throughput (the in-process
figures, which compare like with like), and a typical message well under a
millisecond. proselint is a benchmark-only dependency
(``pip install proselint``); without it, part 4 is skipped.

    python bench/checker_speed.py [--messages N]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tui.core.checker import Checker, load_checker, load_rules  # noqa: E402

DEV_SET = ROOT.parent / "shared" / "data" / "repair-phrases-dev.yaml"
FALLBACK = [
    "I'm sorry I snapped at you. That wasn't fair.",
    "You always do this.",
    "Can we start over?",
    "Sorry if you were hurt.",
    "I need a minute, then I want to finish this.",
    "Dinner's at seven.",
]


def build_messages(count: int) -> list[str]:
    """``count`` messages: dev texts, texting variants, pairs and paragraphs, cycled."""
    if DEV_SET.is_file():
        base = [ex["text"] for ex in yaml.safe_load(DEV_SET.read_text(encoding="utf-8"))]
    else:
        base = FALLBACK
    texted = [
        t.lower().replace("'", "").replace("you", "u").replace("sorry", "sry").replace(".", "") for t in base
    ]
    pairs = [f"{a} {b}" for a, b in zip(base, reversed(base))]
    paragraphs = [" ".join(base[i : i + 4]) for i in range(0, len(base), 4)]
    pool = base + texted + pairs + paragraphs
    return [pool[i % len(pool)] for i in range(count)]


def time_in_process(checker: Checker, messages: list[str]) -> tuple[float, float, float]:
    """Median and p95 microseconds per message, and messages per second."""
    for text in messages:
        checker.analyse(text)  # warm-up: every pattern group this set needs is compiled by now
    times: list[float] = []
    start_all = time.perf_counter()
    for text in messages:
        start = time.perf_counter()
        checker.analyse(text)
        times.append((time.perf_counter() - start) * 1e6)
    elapsed = time.perf_counter() - start_all
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95)], len(messages) / elapsed


def time_cli(messages: list[str]) -> float:
    """Messages per second through ``tend check --json --lines`` (start-up included)."""
    payload = "\n".join(m.replace("\n", " ") for m in messages) + "\n"
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "tui", "check", "--json", "--lines"],
        input=payload, capture_output=True, text=True, cwd=ROOT, check=True,
    )
    elapsed = time.perf_counter() - start
    produced = len(result.stdout.splitlines())
    if produced != len(messages):
        raise SystemExit(f"tend check --lines wrote {produced} lines for {len(messages)} messages")
    return len(messages) / elapsed


def time_proselint(messages: list[str]) -> tuple[float, float] | None:
    """proselint messages per second: in-process per message, and CLI over all of them."""
    try:
        from proselint.checks import __register__
        from proselint.config import DEFAULT
        from proselint.registry import CheckRegistry
        from proselint.tools import LintFile
    except ImportError:
        return None
    CheckRegistry().register_many(__register__)
    for text in messages[:20]:
        LintFile("<message>", text).lint(DEFAULT)
    start = time.perf_counter()
    for text in messages:  # the same messages tend was timed on
        LintFile("<message>", text).lint(DEFAULT)
    in_process = len(messages) / (time.perf_counter() - start)

    payload = "\n".join(m.replace("\n", " ") for m in messages) + "\n"
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "proselint", "check", "--output-format", "json"],
        input=payload, capture_output=True, text=True, cwd=ROOT,
    )
    cli = len(messages) / (time.perf_counter() - start)
    return in_process, cli


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=3000)
    args = parser.parse_args()
    messages = build_messages(args.messages)
    print(f"{len(messages)} messages, {statistics.mean(len(m) for m in messages):.0f} characters on average")

    start = time.perf_counter()
    checker = load_checker(ROOT / "content")
    rules = checker.rules
    load_ms = (time.perf_counter() - start) * 1e3
    print(f"load and check {len(rules.rules)} rules and the trained model: {load_ms:.1f} ms")
    rules_only = Checker(rules)
    start = time.perf_counter()
    checker.analyse("I'm sorry I snapped, but you always do this and you never listen.")
    print(f"first message (compiles the pattern groups it needs): {(time.perf_counter() - start) * 1e3:.1f} ms")
    start = time.perf_counter()
    for text in messages:
        checker.analyse(text)
    print(f"first pass over all messages (compiling the rest): {(time.perf_counter() - start) * 1e3:.1f} ms")

    median, p95, rate = time_in_process(checker, messages)
    short = [m for m in messages if m.count(".") + m.count("?") + m.count("!") <= 4 and len(m) < 200]
    short_median, short_p95, _ = time_in_process(checker, short)
    print(f"analyse, all messages:        median {median:7.0f} µs   p95 {p95:7.0f} µs   {rate:8.0f} msg/s")
    print(f"analyse, 1-4 sentence ones:   median {short_median:7.0f} µs   p95 {short_p95:7.0f} µs")
    for text in messages:
        rules_only.analyse(text)
    r_median, r_p95, r_rate = time_in_process(rules_only, messages)
    print(f"  the rules alone, all:        median {r_median:7.0f} µs   p95 {r_p95:7.0f} µs   {r_rate:8.0f} msg/s"
          "  (the model's share is the difference)")

    cli_rate = time_cli(messages)
    print(f"tend check --json --lines:    {cli_rate:8.0f} msg/s (one subprocess, start-up included)")

    proselint = time_proselint(messages)
    met_speed = short_median < 1000
    if proselint is None:
        print("proselint not installed (pip install proselint): comparison skipped")
        met_ratio = False
    else:
        p_in, p_cli = proselint
        print(f"proselint in-process:         {p_in:8.0f} msg/s   ratio tend/proselint {rate / p_in:6.1f}x")
        print(f"proselint CLI (one document): {p_cli:8.0f} msg/s   ratio tend CLI/proselint CLI {cli_rate / p_cli:6.1f}x")
        print(
            "  (the in-process figures compare like with like: one result per message for both. proselint's CLI\n"
            "   lints all messages as one document, with no per-message result, so that ratio flatters it.)"
        )
        met_ratio = rate / p_in >= 10
    print(
        ("targets met" if met_speed and met_ratio else "TARGETS NOT MET")
        + f": typical message under 1 ms ({'yes' if met_speed else 'no'}),"
        + f" at least 10x proselint per message ({'yes' if met_ratio else 'no'})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
