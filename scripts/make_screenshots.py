"""Regenerate the SVG screenshots in screenshots/ that the README shows.

Each scene builds the app on the shipped content and a throwaway data folder
(seeded where the scene needs it), drives it headless with Pilot, and saves
an SVG. Run from anywhere: ``python scripts/make_screenshots.py [NAME ...]``.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from datetime import datetime, timedelta
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

from textual.pilot import Pilot

from tui.app import TendApp
from tui.commands import StartAt
from tui.core.checker import analyse
from tui.core.content import load_series
from tui.core.journal import ChecklistItem, Entry, JournalStore
from tui.core.paths import packaged_content_dir

OUT = Path(__file__).resolve().parents[1] / "screenshots"

Setup = Callable[[TendApp], None]
Drive = Callable[[Pilot], Awaitable[None]]


@dataclass(frozen=True)
class Scene:
    name: str
    size: tuple[int, int]
    start: StartAt | None = None
    setup: Setup | None = None
    drive: Drive | None = None


def _with_progress(app: TendApp) -> None:
    for slug in ("an-introduction", "noticing-what-i-bring", "pausing-when-flooded"):
        app.progress.mark_practised(slug)
    app.progress.visit("turning-toward-bids", 2)


def _seeded_journal(app: TendApp) -> None:
    """A few weeks of entries: ruptures, repairs, a kept promise, a saved draft."""
    now = datetime.now().astimezone().replace(minute=0, second=0, microsecond=0)
    entries = []
    for weeks_ago, outcomes in enumerate([[True, True], [True, False], [True], [False, True, True], [True], [False]]):
        for n, repaired in enumerate(outcomes):
            when = now - timedelta(weeks=weeks_ago, days=n + 1)
            entries.append(
                Entry(
                    created=when.isoformat(),
                    lesson="disagreeing-without-escalating" if n % 2 else "repairing-after-rupture",
                    note=["Argued about whose turn it was to call the landlord.",
                          "Went quiet at dinner after a joke landed badly.",
                          "Talked over Alex while planning the weekend."][n % 3],
                    repaired=repaired,
                    tags=["home"],
                )
            )
    draft = "I'm sorry I snapped, but you never let me finish."
    entries.append(
        Entry(
            created=(now - timedelta(hours=3)).isoformat(),
            kind="draft",
            lesson="repairing-after-rupture",
            repair=draft,
            note="Draft from the repair builder",
            analysis=analyse(draft, app.content_dir).to_dict(),
        )
    )
    entries.append(
        Entry(
            created=(now - timedelta(hours=1)).isoformat(),
            lesson="repairing-after-rupture",
            note="Snapped at Sam about the dishes after a long day.",
            repair="Said sorry for my tone and asked about his day.",
            outcome="We ended up laughing about the pile of pans.",
            repaired=True,
            tags=["home", "tired"],
            checklist=[
                ChecklistItem(question, answer)
                for question, answer in zip(
                    app.series.find("repairing-after-rupture").in_practice,
                    ["My sharp tone, and not looking up.", "Sit down next to him.", "Yes, even the joke he made."],
                )
            ],
            promised_return=(now - timedelta(minutes=30)).isoformat(),
            returned_at=(now - timedelta(minutes=35)).isoformat(),
        )
    )
    store = JournalStore(app.data_dir)
    store.open()
    store.add_many(entries)


async def _settle_builder(pilot: Pilot) -> None:
    screen = pilot.app.screen
    for _ in range(300):
        if getattr(screen, "feedback_current", True):
            break
        await pilot.pause(0.01)
    await pilot.pause()


async def _wrong_check(pilot: Pilot) -> None:
    await pilot.press("u")
    await pilot.pause()
    await pilot.press("1")


async def _finding_selected(pilot: Pilot) -> None:
    await _settle_builder(pilot)
    await pilot.press("ctrl+f", "down")
    await _settle_builder(pilot)


async def _practice_first_try(pilot: Pilot) -> None:
    pilot.app.open_builder(practice=True)
    await pilot.pause()
    await _settle_builder(pilot)
    for character in "Well, you could have taken the bus.":
        await pilot.press(character)
    await _settle_builder(pilot)
    await pilot.press("ctrl+s")
    await _settle_builder(pilot)


def _keys(*keys: str) -> Drive:
    async def drive(pilot: Pilot) -> None:
        pilot.app.open_journal()
        await pilot.pause(0.5)
        for key in keys:
            await pilot.press(key)
            await pilot.pause(0.3)

    return drive


LESSON_11 = StartAt("lesson", lesson="repairing-after-rupture")
DRAFT = (
    "I snapped at you this morning and I'm sorry.\n"
    "But honestly, you never listen when I'm stressed.\n"
    "Can we start over tonight?"
)

SCENES: list[Scene] = [
    Scene("home", (80, 24)),
    Scene("home-progress-wide", (120, 32), setup=_with_progress),
    Scene("lesson-wide", (120, 36), start=LESSON_11),
    Scene("lesson-checks", (80, 24), start=LESSON_11, drive=_wrong_check),
    Scene("builder", (80, 24), start=StartAt("draft", text="I'm sorry if you were hurt, but you always do this."),
          drive=_settle_builder),
    Scene("builder-wide", (120, 40), start=StartAt("draft", text=DRAFT), drive=_finding_selected),
    Scene("practice", (80, 24), drive=_practice_first_try),
    Scene("journal", (80, 24), setup=_seeded_journal, drive=_keys()),
    Scene("journal-entry-wide", (120, 36), setup=_seeded_journal, drive=_keys("enter")),
    Scene("journal-chart", (80, 24), setup=_seeded_journal, drive=_keys("3")),
]


async def capture(scene: Scene, data_dir: Path) -> Path:
    content = packaged_content_dir()
    app = TendApp(series=load_series(content), content_dir=content, data_dir=data_dir, start=scene.start)
    if scene.setup:
        scene.setup(app)
    async with app.run_test(size=scene.size) as pilot:
        await pilot.pause()
        if scene.drive:
            await scene.drive(pilot)
        await pilot.pause(0.3)
        OUT.mkdir(exist_ok=True)
        path = OUT / f"{scene.name}.svg"
        app.save_screenshot(filename=path.name, path=str(OUT))
    return path


async def main(names: list[str]) -> int:
    chosen = [scene for scene in SCENES if not names or scene.name in names]
    unknown = set(names) - {scene.name for scene in SCENES}
    if unknown:
        print(f"make_screenshots: unknown scene(s): {', '.join(sorted(unknown))}", file=sys.stderr)
        return 2
    for scene in chosen:
        with tempfile.TemporaryDirectory() as tmp:
            path = await capture(scene, Path(tmp) / "data")
        print(f"wrote {path.relative_to(OUT.parent)}  ({scene.size[0]}x{scene.size[1]})")
    return 0


if __name__ == "__main__":
    raise SystemExit(asyncio.run(main(sys.argv[1:])))
