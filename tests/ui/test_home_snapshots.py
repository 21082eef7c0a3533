"""Snapshots of the home screen at 80x24 and at a wide size."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest

from tui.app import TendApp
from tui.core import progress


def test_home_80x24(snap_compare: Callable[..., bool], make_app: Callable[..., TendApp]) -> None:
    assert snap_compare(make_app(), terminal_size=(80, 24))


def test_home_120x40(snap_compare: Callable[..., bool], make_app: Callable[..., TendApp]) -> None:
    assert snap_compare(make_app(), terminal_size=(120, 40))


def test_home_with_progress_120x40(
    snap_compare: Callable[..., bool], make_app: Callable[..., TendApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    # A fixed "last visit" so the detail panel reads the same on every run.
    monkeypatch.setattr(progress, "_now", lambda: "2026-11-03T21:40:00+00:00")
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    app = make_app()
    for slug in ("an-introduction", "noticing-what-i-bring", "pausing-when-flooded"):
        app.progress.mark_practised(slug)
    app.progress.visit("turning-toward-bids", 2)
    assert snap_compare(app, terminal_size=(120, 40))
