"""Build the app the way the command line does, on temporary data."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tui.app import TendApp
from tui.commands import StartAt
from tui.core.content import load_series


@pytest.fixture
def make_app(content_dir: Path, data_dir: Path) -> Callable[..., TendApp]:
    """``make_app(start=StartAt(...))`` gives a TendApp on the shipped content and a temporary data folder."""

    def factory(start: StartAt | None = None, *, data: Path | None = None) -> TendApp:
        return TendApp(
            series=load_series(content_dir),
            content_dir=content_dir,
            data_dir=data or data_dir,
            start=start,
        )

    return factory
