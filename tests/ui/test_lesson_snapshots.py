"""Snapshots of the lesson screen, its checks and its In practice questions, at 80x24 and 120x40."""

from __future__ import annotations

from collections.abc import Callable

from textual.pilot import Pilot

from tui.app import TendApp
from tui.commands import StartAt

REPAIR = StartAt(screen="lesson", lesson="repairing-after-rupture")


async def _settle(pilot: Pilot) -> None:
    await pilot.pause()
    await pilot.pause()


async def _wrong_answer_on_the_first_check(pilot: Pilot) -> None:
    await _settle(pilot)
    await pilot.press("u")
    await pilot.pause()
    await pilot.press("1")
    await _settle(pilot)


async def _practice_page(pilot: Pilot) -> None:
    await _settle(pilot)
    await pilot.press("e")
    await _settle(pilot)


async def _key_ideas_open(pilot: Pilot) -> None:
    await _settle(pilot)
    await pilot.press("k")
    await _settle(pilot)


async def _in_practice_typed(pilot: Pilot) -> None:
    await _settle(pilot)
    await pilot.press("i")
    await pilot.pause()
    for character in "I talked over her.":
        await pilot.press("space" if character == " " else character)
    await _settle(pilot)


def test_lesson_11_first_section_80x24(snap_compare: Callable[..., bool], make_app: Callable[..., TendApp]) -> None:
    assert snap_compare(make_app(start=REPAIR), terminal_size=(80, 24), run_before=_settle)


def test_lesson_11_first_section_120x40(snap_compare: Callable[..., bool], make_app: Callable[..., TendApp]) -> None:
    assert snap_compare(make_app(start=REPAIR), terminal_size=(120, 40), run_before=_settle)


def test_lesson_11_key_ideas_80x24(snap_compare: Callable[..., bool], make_app: Callable[..., TendApp]) -> None:
    assert snap_compare(make_app(start=REPAIR), terminal_size=(80, 24), run_before=_key_ideas_open)


def test_lesson_11_checks_80x24(snap_compare: Callable[..., bool], make_app: Callable[..., TendApp]) -> None:
    assert snap_compare(make_app(start=REPAIR), terminal_size=(80, 24), run_before=_wrong_answer_on_the_first_check)


def test_lesson_11_checks_120x40(snap_compare: Callable[..., bool], make_app: Callable[..., TendApp]) -> None:
    assert snap_compare(make_app(start=REPAIR), terminal_size=(120, 40), run_before=_wrong_answer_on_the_first_check)


def test_lesson_11_practice_page_120x40(
    snap_compare: Callable[..., bool], make_app: Callable[..., TendApp]
) -> None:
    assert snap_compare(make_app(start=REPAIR), terminal_size=(120, 40), run_before=_practice_page)


def test_lesson_11_in_practice_80x24(snap_compare: Callable[..., bool], make_app: Callable[..., TendApp]) -> None:
    assert snap_compare(make_app(start=REPAIR), terminal_size=(80, 24), run_before=_in_practice_typed)
