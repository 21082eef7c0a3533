"""How quickly the journal screen lists and filters a large journal.

Seeds a temporary journal with N entries (2,000 and 10,000 by default), opens
the real app headless with Pilot at 120x40 and measures:

- open: from pushing the journal screen to its first page of rows;
- read: one ``read_view`` (filtered list, promised returns, weekly chart,
  repair share, away moves) as the worker thread runs it, file unchanged;
- fill: redrawing the table (one page of rows) on the event loop;
- stall: the longest the event loop was busy while a word was typed into the
  filter box at a key every 60 ms and the list narrowed (what a typist feels);
- filter: from the last key of that word to the narrowed list on screen,
  including the deliberate pause of FILTER_DELAY (150 ms) after typing.

    python bench/journal_screen.py            # aim: stall under 50 ms, filter under 300 ms at 10,000
    python bench/journal_screen.py 500 5000   # other sizes
"""

from __future__ import annotations

import asyncio
import random
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from textual import events  # noqa: E402
from textual.widgets import DataTable  # noqa: E402

from tui.app import TendApp  # noqa: E402
from tui.core.content import load_series  # noqa: E402
from tui.core.journal import ChecklistItem, Entry, JournalFilter, JournalStore  # noqa: E402
from tui.screens.journal import PAGE_ROWS, JournalScreen, read_view  # noqa: E402

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=timezone.utc)
WORDS = (
    "dishes sister work tired late phone dinner kids holiday money tone voice door car rain "
    "walk sorry again later weekend school laundry garden noise budget plans"
).split()
LESSONS = ["repairing-after-rupture", "pausing-when-flooded", "turning-toward-bids", "listening-to-understand"]


def seed(data_dir: Path, count: int) -> None:
    rng = random.Random(count)
    entries = []
    for number in range(count):
        created = NOW - timedelta(minutes=rng.randint(0, 60 * 24 * 365))
        entries.append(
            Entry(
                created=created.isoformat(timespec="seconds"),
                lesson=rng.choice(LESSONS),
                note=" ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 40))),
                repair=" ".join(rng.choice(WORDS) for _ in range(rng.randint(0, 20))),
                outcome=" ".join(rng.choice(WORDS) for _ in range(rng.randint(0, 10))),
                repaired=rng.choice([True, False, None]),
                tags=rng.sample(["work", "family", "tired", "home", "friends"], k=rng.randint(0, 2)),
                checklist=[ChecklistItem("What part can I own?", " ".join(rng.choice(WORDS) for _ in range(6)))],
                promised_return=(created + timedelta(minutes=30)).isoformat(timespec="seconds") if number % 50 == 0 else None,
            )
        )
    store = JournalStore(data_dir)
    store.open()
    store.add_many(entries)


async def measure(count: int) -> dict[str, float]:
    figures: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as folder:
        data_dir = Path(folder) / "data"
        seed(data_dir, count)
        content = ROOT / "content"
        app = TendApp(series=load_series(content), content_dir=content, data_dir=data_dir)
        async with app.run_test(size=(120, 40)) as pilot:
            app.journal  # opened once, as the app does before pushing the screen
            screen = JournalScreen(clock=lambda: NOW)
            start = time.perf_counter()
            app.push_screen(screen)
            table = screen.query_one("#entry-table", DataTable) if screen.is_mounted else None
            while table is None or table.row_count != min(count, PAGE_ROWS):
                await asyncio.sleep(0.002)
                if table is None and screen.is_mounted:
                    table = screen.query_one("#entry-table", DataTable)
            figures["open"] = (time.perf_counter() - start) * 1000

            reads = []
            for _ in range(5):
                t0 = time.perf_counter()
                read_view(app.journal, JournalFilter(), NOW)
                reads.append((time.perf_counter() - t0) * 1000)
            figures["read"] = statistics.median(reads)

            fills = []
            for _ in range(3):
                t0 = time.perf_counter()
                screen._fill_entries(screen.view)
                fills.append((time.perf_counter() - t0) * 1000)
            figures["fill"] = statistics.median(fills)
            await pilot.pause()

            # A ticker notes the longest gap between its turns on the event loop while a word is typed.
            longest_gap = 0.0
            typing = True

            async def tick() -> None:
                nonlocal longest_gap
                last = time.perf_counter()
                while typing:
                    await asyncio.sleep(0.001)
                    now = time.perf_counter()
                    longest_gap = max(longest_gap, now - last)
                    last = now

            ticker = asyncio.create_task(tick())
            screen.query_one("#filter-words").focus()
            expected = len(app.journal.entries(JournalFilter(contains="dishes")))
            for key in "dishes":
                app.post_message(events.Key(key, key))
                await asyncio.sleep(0.06)
            t0 = time.perf_counter() - 0.06
            while screen.view.filter.contains != "dishes" or table.row_count != min(expected, PAGE_ROWS):
                await asyncio.sleep(0.002)
            figures["filter"] = (time.perf_counter() - t0) * 1000
            await asyncio.sleep(0.05)
            typing = False
            await ticker
            figures["stall"] = longest_gap * 1000
    return figures


def main() -> None:
    sizes = [int(arg) for arg in sys.argv[1:]] or [2000, 10000]
    print(f"{'entries':>8} {'open ms':>9} {'read ms':>9} {'fill ms':>9} {'stall ms':>9} {'filter ms':>10}")
    for count in sizes:
        f = asyncio.run(measure(count))
        print(f"{count:>8} {f['open']:>9.0f} {f['read']:>9.1f} {f['fill']:>9.1f} {f['stall']:>9.1f} {f['filter']:>10.0f}")


if __name__ == "__main__":
    main()
