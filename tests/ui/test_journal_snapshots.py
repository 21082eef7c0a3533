"""Snapshots of the journal at 80x24 and 120x40: the list, one entry, promised returns, the chart, the form.

Entries are seeded with fixed timestamps and the screen is given a fixed
clock, and times are shown in UTC, so the pictures do not change from run
to run.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path

import pytest
from textual.pilot import Pilot

from tui.app import TendApp
from tui.core.journal import ChecklistItem, Entry, JournalStore
from tui.screens.journal import FILTER_DELAY, JournalScreen

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=timezone.utc)
SIZES = [(80, 24), (120, 40)]


@pytest.fixture(autouse=True)
def utc(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()


def week_entries() -> list[Entry]:
    """Six weeks of a plausible practice: ruptures, repairs, a draft, promises."""
    entries = []
    pattern = {
        "2026-10-20": [True, False], "2026-10-28": [False], "2026-11-03": [True, True, False],
        "2026-11-10": [True], "2026-11-17": [True, False], "2026-11-24": [True, True],
    }
    for day, repairs in pattern.items():
        for hour, repaired in enumerate(repairs):
            entries.append(
                Entry(created=f"{day}T{19 + hour}:00:00+00:00", lesson="turning-toward-bids", note=f"An evening on {day}.", repaired=repaired)
            )
    return entries


def seeded(data_dir: Path) -> None:
    store = JournalStore(data_dir)
    store.open()
    store.add_many(
        week_entries()
        + [
            Entry(
                created="2026-11-20T21:40:00+00:00",
                lesson="repairing-after-rupture",
                note="Snapped at Sam about the dishes after a long day at work.",
                repair="Said sorry for my tone, and asked how his day had been.",
                outcome="We laughed about it later.",
                repaired=True,
                tags=["work", "tired"],
                checklist=[
                    ChecklistItem("What part of how I affected them can I own?", "The sharp tone, and not looking up."),
                    ChecklistItem("What small step back toward them could I take right now?", "Sit down with him."),
                ],
                promised_return="2026-11-20T22:00:00+00:00",
                returned_at="2026-11-20T21:55:00+00:00",
            ),
            Entry(
                created="2026-11-25T08:15:00+00:00",
                kind="draft",
                note="I'm sorry, but you never let me finish.",
                analysis={
                    "direction": "mixed",
                    "findings": [
                        {"family": "apology", "effect": "toward", "message": "An apology reaches toward them."},
                        {"family": "blame", "effect": "away", "message": "What follows the 'but' takes it back."},
                    ],
                },
            ),
            Entry(
                created="2026-11-26T10:05:00+00:00",
                lesson="pausing-when-flooded",
                note="The holidays argument with my sister got heated; I said I needed air.",
                tags=["family"],
                promised_return="2026-11-26T11:00:00+00:00",
            ),
            Entry(
                created="2026-11-26T11:40:00+00:00",
                lesson="pausing-when-flooded",
                note="Left the call with Dad to calm down.",
                tags=["family"],
                promised_return="2026-11-26T18:00:00+00:00",
            ),
        ]
    )


async def open_journal(pilot: Pilot, *keys: str) -> None:
    pilot.app.push_screen(JournalScreen(clock=lambda: NOW))
    for key in (None, *keys):
        if key:
            await pilot.press(key)
        await pilot.pause(FILTER_DELAY * 2)
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


@pytest.mark.parametrize("size", [*SIZES, (160, 40)], ids=["80x24", "120x40", "160x40"])
def test_entry_list(snap_compare: Callable[..., bool], make_app: Callable[..., TendApp], data_dir: Path, size: tuple[int, int]) -> None:
    seeded(data_dir)

    async def run_before(pilot: Pilot) -> None:
        await open_journal(pilot, "down", "down")

    assert snap_compare(make_app(), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
def test_open_entry(snap_compare: Callable[..., bool], make_app: Callable[..., TendApp], data_dir: Path, size: tuple[int, int]) -> None:
    seeded(data_dir)

    async def run_before(pilot: Pilot) -> None:
        await open_journal(pilot, "down", "down", "down", "down", "down", "enter")

    assert snap_compare(make_app(), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
def test_practice_chart(snap_compare: Callable[..., bool], make_app: Callable[..., TendApp], data_dir: Path, size: tuple[int, int]) -> None:
    seeded(data_dir)

    async def run_before(pilot: Pilot) -> None:
        await open_journal(pilot, "3")

    assert snap_compare(make_app(), terminal_size=size, run_before=run_before)


def test_promised_returns(snap_compare: Callable[..., bool], make_app: Callable[..., TendApp], data_dir: Path) -> None:
    seeded(data_dir)

    async def run_before(pilot: Pilot) -> None:
        await open_journal(pilot, "2")

    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
def test_new_entry_form(snap_compare: Callable[..., bool], make_app: Callable[..., TendApp], size: tuple[int, int]) -> None:
    async def run_before(pilot: Pilot) -> None:
        await open_journal(pilot, "a")
        await pilot.press(*"Raised my voice about the bins")

    assert snap_compare(make_app(), terminal_size=size, run_before=run_before)


def test_empty_journal(snap_compare: Callable[..., bool], make_app: Callable[..., TendApp]) -> None:
    async def run_before(pilot: Pilot) -> None:
        await open_journal(pilot)

    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=run_before)
