"""How long the repair builder takes from a key press to updated feedback.

Drives the real app headless with Pilot (``app.run_test``), opens the repair
builder and types a 600-character message key by key. For every key it
measures the time from sending the key to the first repaint after the
feedback (direction, accountability, verdict, findings and the marks in the
draft) describes the text including that key. Prints the median and 95th percentile for two ways of
typing:

- one key at a time: each key waits for the feedback of the one before;
- a fast typist: a key every 25 ms regardless (about 480 characters a minute
  is already fast; this is faster), where edits made while the checker works
  are folded into one analysis.

It also measures a bare TextArea the same way: the floor that Textual itself
sets on this machine, so the builder's own cost is the difference.

    python bench/builder_latency.py            # aim: p95 under 33 ms
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import tempfile
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from textual import events  # noqa: E402
from textual.app import App, ComposeResult  # noqa: E402
from textual.keys import _character_to_key, _get_unicode_name_from_key  # noqa: E402
from textual.widgets import Footer, Header, TextArea  # noqa: E402

from tui.app import TendApp  # noqa: E402
from tui.core.content import load_series  # noqa: E402
from tui.screens.builder import RepairBuilderScreen  # noqa: E402

MESSAGE = (
    "I'm sorry I snapped at you this morning. That came out much harsher than I meant, "
    "and I can see it stung. But honestly, you never listen when I'm stressed, and you "
    "always make it about you. Okay, that last part isn't fair either. "
    "I was tired and I took it out on you.\n"
    "I don't want us to keep going round like this. Can we start over tonight, after "
    "dinner? I'll make tea and we can talk properly. I love you, and I want us to be okay. "
    "If I get wound up again I'll say so, take twenty minutes, and come back to finish it. "
    "Thank you for putting up with me today, and for telling me straight when it hurt."
)
FAST_INTERVAL = 0.025


def key_event(character: str) -> events.Key:
    """The Key event a terminal sends for ``character`` (as Pilot builds it)."""
    if character == "\n":
        return events.Key("enter", "\r")
    key = _character_to_key(character) if len(character) == 1 and not character.isalnum() else character
    try:
        char = unicodedata.lookup(_get_unicode_name_from_key(key))
    except KeyError:
        char = character
    return events.Key(key, char)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


def shown_length(screen: RepairBuilderScreen) -> int:
    """How much of the typed text the feedback on screen already covers."""
    # Typing only appends, so the analysed text's length says which keys it includes.
    return -1 if screen.analysis is None else len(screen.analysis.text)


async def measure(message: str, interval: float | None) -> list[float]:
    with tempfile.TemporaryDirectory() as data:
        content = ROOT / "content"
        app = TendApp(series=load_series(content), content_dir=content, data_dir=Path(data))
        async with app.run_test(size=(120, 40)) as pilot:
            app.open_builder()
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, RepairBuilderScreen)
            driver = app._driver
            assert driver is not None
            latencies: list[float] = []
            sent: list[float] = []
            painted: list[float] = []
            covered_keys = 0

            def mark_covered() -> None:
                """Keys the feedback now covers count as done once the screen has repainted."""
                nonlocal covered_keys
                reach = min(shown_length(screen), len(sent))
                if reach > covered_keys:
                    first, covered_keys = covered_keys, reach

                    def after_paint() -> None:
                        now = time.perf_counter()
                        for index in range(first, reach):
                            painted.append(now - sent[index])

                    screen.call_after_refresh(after_paint)

            for character in message:
                event = key_event(character)
                event.set_sender(app)
                sent.append(time.perf_counter())
                driver.send_message(event)
                if interval is None:
                    # One key at a time: wait for this key's feedback to be painted.
                    while len(painted) < len(sent):
                        mark_covered()
                        await asyncio.sleep(0)
                else:
                    deadline = sent[-1] + interval
                    while time.perf_counter() < deadline:
                        mark_covered()
                        await asyncio.sleep(0.0005)
            while len(painted) < len(sent):
                mark_covered()
                await asyncio.sleep(0.0005)
            latencies = painted
            assert screen.draft_text == message, "the builder did not receive every key"
            return latencies


class BareTextArea(App[None]):
    """The floor: a plain TextArea with a header and footer, no feedback at all."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield TextArea(soft_wrap=True)
        yield Footer()


async def measure_bare(message: str) -> list[float]:
    """Key press to repaint for a plain TextArea, measured the same way (one key at a time)."""
    app = BareTextArea()
    async with app.run_test(size=(120, 40)) as pilot:
        area = app.query_one(TextArea)
        area.focus()
        await pilot.pause()
        driver = app._driver
        assert driver is not None
        latencies: list[float] = []
        for typed, character in enumerate(message, start=1):
            event = key_event(character)
            event.set_sender(app)
            started = time.perf_counter()
            driver.send_message(event)
            while len(area.text) < typed:
                await asyncio.sleep(0)
            painted = asyncio.Event()
            app.screen.call_after_refresh(painted.set)
            await painted.wait()
            latencies.append(time.perf_counter() - started)
        return latencies


def report(title: str, latencies: list[float]) -> None:
    ms = [value * 1000 for value in latencies]
    print(
        f"{title:<34} keys={len(ms):>4}  median={statistics.median(ms):6.1f} ms  "
        f"p95={percentile(ms, 0.95):6.1f} ms  max={max(ms):6.1f} ms"
    )


def main() -> int:
    message = MESSAGE[:600]
    print(f"repair builder: key press -> updated feedback, {len(message)} characters typed, 120x40")
    report("one key at a time", asyncio.run(measure(message, None)))
    report(f"a key every {FAST_INTERVAL * 1000:.0f} ms (fast typist)", asyncio.run(measure(message, FAST_INTERVAL)))
    report("floor: a bare TextArea, no feedback", asyncio.run(measure_bare(message)))
    print("aim: p95 under 33 ms (two frames at 60 Hz); compare with the floor on this machine")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
