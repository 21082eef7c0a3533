"""How fast tend starts, beside a bare Textual app.

Each figure is the median wall time of fresh Python processes:

- ``bare textual app``: import Textual, mount one Label, exit after the first frame;
- ``stock home-like app``: stock Header, a 13-row OptionList and a Footer, the same
  widgets tend's home uses, with no tend code;
- ``tend app (home)``: ``tend`` up to the home screen's first frame, then exit;
- ``tend check``/``tend journal list``/``tend --version``: the non-UI commands, which
  must not import Textual and so should take a fraction of the app's time.

Run: ``python bench/startup.py [--runs N]``. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

BARE_APP = """
from textual.app import App
from textual.widgets import Label

class Bare(App):
    def compose(self):
        yield Label("hello")

async def auto(pilot):
    await pilot.pause()
    pilot.app.exit()

Bare().run(headless=True, size=(80, 24), auto_pilot=auto)
"""

STOCK_APP = """
from textual.app import App
from textual.widgets import Footer, Header, OptionList

class Stock(App):
    BINDINGS = [("b", "bell", "Bell"), ("j", "bell", "Journal")]

    def compose(self):
        yield Header()
        yield OptionList(*[f"{n:>2}  Lesson number {n}   new" for n in range(13)])
        yield Footer()

async def auto(pilot):
    await pilot.pause()
    pilot.app.exit()

Stock().run(headless=True, size=(80, 24), auto_pilot=auto)
"""

TEND_APP = """
from tui.app import TendApp
from tui.core.content import load_series
from tui.core.paths import content_dir, data_dir

async def auto(pilot):
    await pilot.pause()
    pilot.app.exit()

series = load_series(content_dir())
TendApp(series=series, content_dir=content_dir(), data_dir=data_dir()).run(
    headless=True, size=(80, 24), auto_pilot=auto
)
"""


def timed(argv: list[str], env: dict[str, str], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(argv, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, "TEND_HOME": home}
        python = sys.executable
        cases = [
            ("bare textual app", [python, "-c", BARE_APP]),
            ("stock home-like app", [python, "-c", STOCK_APP]),
            ("tend app (home)", [python, "-c", TEND_APP]),
            ("tend --version", [python, "-m", "tui", "--version"]),
            ("tend check TEXT", [python, "-m", "tui", "check", "I'm sorry, but you started it."]),
            ("tend journal list", [python, "-m", "tui", "journal", "list"]),
            ("python -c pass", [python, "-c", "pass"]),
        ]
        results = {}
        for name, argv in cases:
            timed(argv, env, 1)  # warm the file cache
            results[name] = statistics.median(timed(argv, env, args.runs))
    bare = results["bare textual app"]
    print(f"startup, median of {args.runs} fresh processes")
    for name, seconds in results.items():
        print(f"  {name:<20} {seconds * 1000:8.1f} ms   {seconds / bare:5.2f}x bare app")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
