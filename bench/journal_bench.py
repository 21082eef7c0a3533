"""How the journal's cost grows with its size, beside plain TinyDB.

Prints, for journals of 0, 100, 1,000 and 10,000 entries, the best of N runs of:

- open: a fresh store opens the file and reads every entry (what ``tend
  journal list`` does before printing); plain TinyDB: ``TinyDB(path).all()``;
- add (warm): one more entry through a store that is already open (the app);
- add (cold): one entry through a new store each time (``tend journal add``);
- list: every entry, newest first, from an open store;
- filter: entries containing a word, as when a person types in the journal
  screen's filter box (a different word each time, so no cached answer);

and each figure's ratio to the same figure on an empty journal. A second
table times the commands a person runs, ``tend journal add`` and ``tend
journal list``, as whole processes (start-up included). Plain TinyDB
uses its default JSONStorage on the same entries; its "filter" is a
``search`` with a fresh query cache. Nothing is timed in the test suite;
run this by hand:  python bench/journal_bench.py [--reps N]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from tinydb import Query, TinyDB

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tui.core.journal import ChecklistItem, Entry, JournalFilter, JournalStore  # noqa: E402

SIZES = (0, 100, 1_000, 10_000)
WORDS = ("dishes", "late", "phone", "sorry", "tone", "walk", "money", "quiet")


def sample_entry(i: int) -> Entry:
    """A realistic entry: a sentence or two, a lesson, tags, one checklist answer."""
    word = WORDS[i % len(WORDS)]
    return Entry(
        note=f"Entry {i}: we argued about the {word} again and I raised my voice before dinner.",
        repair="I said that came out sharper than I meant and asked to start again." if i % 3 else "",
        outcome="calmer after a short walk" if i % 2 else "",
        repaired=bool(i % 2),
        lesson="repairing-after-rupture",
        tags=["home", word],
        checklist=[ChecklistItem("What part of the effect can I own?", f"my tone about the {word}")],
    )


def best_ms(action: Callable[[int], object], reps: int) -> float:
    """The fastest of ``reps`` runs: on a shared machine the least disturbed one,
    so the figures compare the work itself rather than the neighbours' load."""
    times = []
    for rep in range(reps):
        start = time.perf_counter()
        action(rep)
        times.append((time.perf_counter() - start) * 1000)
    return min(times)


def measure_ours(folder: Path, size: int, reps: int) -> dict[str, float]:
    entries = [sample_entry(i) for i in range(size)]
    if entries:
        JournalStore(folder).add_many(entries)
    figures: dict[str, float] = {}

    def open_and_read(_: int) -> None:
        store = JournalStore(folder)
        store.open()
        store.entries()

    figures["open"] = best_ms(open_and_read, reps)
    store = JournalStore(folder)
    store.open()
    store.add(sample_entry(size))  # the app has saved before: its caches are warm
    store.entries()
    figures["add (warm)"] = best_ms(lambda rep: store.add(sample_entry(size + rep)), reps)
    figures["add (cold)"] = best_ms(lambda rep: JournalStore(folder).add(sample_entry(size + rep)), reps)
    store.entries()
    figures["list"] = best_ms(lambda _: store.entries(), reps)
    figures["filter"] = best_ms(
        lambda rep: store.entries(JournalFilter(contains=WORDS[rep % len(WORDS)][:3 + rep % 3])), reps
    )
    return figures


def measure_commands(folder: Path, reps: int) -> dict[str, float]:
    """Whole ``python -m tui journal ...`` processes against the journal in ``folder``."""
    env = dict(os.environ, TEND_HOME=str(folder))
    figures: dict[str, float] = {}

    def run(*args: str) -> None:
        subprocess.run([sys.executable, "-m", "tui", "journal", *args], env=env, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    figures["tend journal add"] = best_ms(lambda rep: run("add", "--note", f"from the shell {rep}"), reps)
    figures["tend journal list"] = best_ms(lambda _: run("list"), reps)
    figures["tend journal list --contains"] = best_ms(lambda rep: run("list", "--contains", WORDS[rep % 8]), reps)
    return figures


def measure_tinydb(folder: Path, size: int, reps: int) -> dict[str, float]:
    path = folder / "plain.json"
    db = TinyDB(path)
    if size:
        db.insert_multiple(sample_entry(i).to_document() for i in range(size))
    db.close()
    figures: dict[str, float] = {}

    def open_and_read(_: int) -> None:
        fresh = TinyDB(path)
        fresh.all()
        fresh.close()

    figures["open"] = best_ms(open_and_read, reps)
    db = TinyDB(path)
    db.insert(sample_entry(size).to_document())
    figures["add (warm)"] = best_ms(lambda rep: db.insert(sample_entry(size + rep).to_document()), reps)

    def cold_add(rep: int) -> None:
        fresh = TinyDB(path)
        fresh.insert(sample_entry(size + rep).to_document())
        fresh.close()

    figures["add (cold)"] = best_ms(cold_add, reps)
    figures["list"] = best_ms(lambda _: db.all(), reps)
    note = Query().note

    def search(rep: int) -> None:
        word = WORDS[rep % len(WORDS)][:3 + rep % 3]
        db.clear_cache()
        db.search(note.test(lambda text: word in text.casefold()))

    figures["filter"] = best_ms(search, reps)
    db.close()
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=9, help="repetitions per figure (the best is shown)")
    args = parser.parse_args()
    results: dict[int, tuple[dict[str, float], dict[str, float]]] = {}
    commands: dict[int, dict[str, float]] = {}
    for size in SIZES:
        with tempfile.TemporaryDirectory() as ours_dir, tempfile.TemporaryDirectory() as plain_dir:
            ours = measure_ours(Path(ours_dir) / "data", size, args.reps)
            plain = measure_tinydb(Path(plain_dir), size, args.reps)
            commands[size] = measure_commands(Path(ours_dir) / "data", max(3, args.reps // 3))
        results[size] = (ours, plain)
        print(f"measured {size} entries", file=sys.stderr)

    operations = list(results[0][0])
    empty_ours, empty_plain = results[0]
    print(f"Journal timings, best of {args.reps} runs, milliseconds (x = times the cost on an empty journal)")
    print()
    header = f"{'operation':<12}{'entries':>8}  {'tend (durable)':>16}  {'plain TinyDB':>16}"
    print(header)
    print("-" * len(header))
    for operation in operations:
        for size in SIZES:
            ours, plain = results[size]
            ours_ratio = ours[operation] / empty_ours[operation] if empty_ours[operation] else float("nan")
            plain_ratio = plain[operation] / empty_plain[operation] if empty_plain[operation] else float("nan")
            print(
                f"{operation:<12}{size:>8}  {ours[operation]:>8.2f} ({ours_ratio:>5.1f}x)"
                f"  {plain[operation]:>8.2f} ({plain_ratio:>5.1f}x)"
            )
        print()
    print(f"Whole commands (new process each time, start-up included), best of {max(3, args.reps // 3)}, milliseconds")
    print()
    for command in commands[0]:
        row = "  ".join(
            f"{size:>6}: {commands[size][command]:>6.0f} ({commands[size][command] / commands[0][command]:.1f}x)"
            for size in SIZES
        )
        print(f"{command:<30}{row}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
