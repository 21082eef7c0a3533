"""How long the lesson screen takes to open and to turn a page, headless.

For every lesson of the shipped series, at 80x24 and 120x40, prints the
median and worst time to open the lesson (push the screen and render its
first section) and to turn a page (``n``: render the next section's Markdown,
save progress, refresh the screen), measured with Pilot until the screen has
settled. The figures include the progress save (an fsynced write) each page
turn makes, and Pilot's own waiting: the "no-op key" line is a key the screen
ignores, measured the same way, so the screen's own share of a page turn is
the difference. Nothing is timed in the test suite; run this by hand:

    python bench/lesson_paging.py [--reps N]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tui.app import TendApp  # noqa: E402
from tui.core.content import load_series  # noqa: E402
from tui.screens.lesson import LessonScreen  # noqa: E402

SIZES = ((80, 24), (120, 40))


async def measure(size: tuple[int, int], reps: int) -> tuple[list[float], list[float], list[float]]:
    """Seconds to open each lesson, to turn each page, and for an ignored key, over ``reps`` passes."""
    content = ROOT / "content"
    series = load_series(content)
    opens: list[float] = []
    turns: list[float] = []
    idle: list[float] = []
    with tempfile.TemporaryDirectory() as tmp:
        app = TendApp(series=series, content_dir=content, data_dir=Path(tmp) / "data")
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            for _ in range(reps):
                for lesson in series.lessons:
                    started = time.perf_counter()
                    app.open_lesson(lesson.slug, 0)
                    await pilot.pause()
                    await pilot.pause()
                    assert isinstance(app.screen, LessonScreen)
                    opens.append(time.perf_counter() - started)
                    started = time.perf_counter()
                    await pilot.press("z")
                    await pilot.pause()
                    idle.append(time.perf_counter() - started)
                    for _page in range(len(lesson.sections)):
                        started = time.perf_counter()
                        await pilot.press("n")
                        await pilot.pause()
                        turns.append(time.perf_counter() - started)
                    app.action_go_home()
                    await pilot.pause()
    return opens, turns, idle


def describe(label: str, seconds: list[float]) -> str:
    millis = sorted(value * 1000 for value in seconds)
    return (
        f"  {label:<10} median {statistics.median(millis):6.1f} ms   "
        f"worst {millis[-1]:6.1f} ms   ({len(millis)} samples)"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=2, help="passes over the whole series (default 2)")
    args = parser.parse_args()
    for size in SIZES:
        opens, turns, idle = asyncio.run(measure(size, max(1, args.reps)))
        print(f"{size[0]}x{size[1]}")
        print(describe("open", opens))
        print(describe("page turn", turns))
        print(describe("no-op key", idle))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
