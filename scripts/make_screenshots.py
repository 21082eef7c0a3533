"""Regenerate the SVG screenshots in screenshots/ that the README shows.

Each scene builds the app on the shipped content and a throwaway data folder
(seeded where the scene needs it), drives it headless with Pilot, and saves
an SVG. Run from anywhere: ``python scripts/make_screenshots.py [NAME ...]``.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

from textual.pilot import Pilot

from tui.app import TendApp
from tui.commands import StartAt
from tui.core.content import load_series
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


SCENES: list[Scene] = [
    Scene("home", (80, 24)),
    Scene("home-progress-wide", (120, 32), setup=_with_progress),
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
