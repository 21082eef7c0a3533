"""Snapshots of the repair builder with findings, and of practice mode, at 80x24 and 120x40.

The wide builder with a finding selected and the practice screen after a
first try are the README's screenshots of the builder.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.pilot import Pilot

from tui.app import TendApp
from tui.cli import StartAt
from tui.screens.builder import RepairBuilderScreen

MIXED_DRAFT = "I'm sorry if you were hurt, but you always do this."
WIDE_DRAFT = (
    "I snapped at you this morning and I'm sorry.\n"
    "But honestly, you never listen when I'm stressed.\n"
    "Can we start over tonight?"
)


async def _settle(pilot: Pilot) -> None:
    """Let the screen open and the checker thread catch up with the draft."""
    await pilot.pause()
    screen = pilot.app.screen
    if isinstance(screen, RepairBuilderScreen):
        for _ in range(500):
            if screen.feedback_current:
                break
            await pilot.pause(0.01)
    await pilot.pause()


async def _findings_selected(pilot: Pilot) -> None:
    await _settle(pilot)
    await pilot.press("ctrl+f", "down")
    await _settle(pilot)


async def _practice_first_try(pilot: Pilot) -> None:
    app = pilot.app
    assert isinstance(app, TendApp)
    app.open_builder(practice=True)
    await _settle(pilot)
    for character in "Well, you could have taken the bus.":
        await pilot.press(character)
    await _settle(pilot)
    await pilot.press("ctrl+s")
    await _settle(pilot)


async def _practice_accept(pilot: Pilot) -> None:
    app = pilot.app
    assert isinstance(app, TendApp)
    app.open_builder(practice=True)
    await _settle(pilot)
    for _ in range(9):
        await pilot.press("ctrl+n")
    await _settle(pilot)
    for character in "Thank you for saying that. It did sting.":
        await pilot.press(character)
    await _settle(pilot)
    await pilot.press("ctrl+s")
    await _settle(pilot)


async def _starters_open(pilot: Pilot) -> None:
    await _settle(pilot)
    await pilot.press("ctrl+t")
    await _settle(pilot)


def test_builder_with_findings_80x24(snap_compare: Callable[..., bool], make_app: Callable[..., TendApp]) -> None:
    app = make_app(StartAt("draft", text=MIXED_DRAFT))
    assert snap_compare(app, terminal_size=(80, 24), run_before=_settle)


def test_builder_with_a_finding_selected_120x40(
    snap_compare: Callable[..., bool], make_app: Callable[..., TendApp]
) -> None:
    app = make_app(StartAt("draft", text=WIDE_DRAFT))
    assert snap_compare(app, terminal_size=(120, 40), run_before=_findings_selected)


def test_practice_after_a_first_try_80x24(snap_compare: Callable[..., bool], make_app: Callable[..., TendApp]) -> None:
    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=_practice_first_try)


def test_practice_accepting_a_repair_120x40(
    snap_compare: Callable[..., bool], make_app: Callable[..., TendApp]
) -> None:
    assert snap_compare(make_app(), terminal_size=(120, 40), run_before=_practice_accept)


def test_starter_picker_80x24(snap_compare: Callable[..., bool], make_app: Callable[..., TendApp]) -> None:
    app = make_app(StartAt("draft", text="Hey."))
    assert snap_compare(app, terminal_size=(80, 24), run_before=_starters_open)
