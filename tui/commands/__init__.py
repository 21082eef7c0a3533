"""Subcommands that do not open the UI.

Each module here has ``configure(subparsers)``, which adds its parser, and
``run(args, ctx) -> int``. None of them imports Textual: ``tend check`` and
``tend journal list`` must start in a fraction of the time the app takes.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Context:
    """What every subcommand is given: where data and content live."""

    data_dir: Path
    """The private data folder (journal, progress). Not created until written to."""
    content_dir: Path
    """The lessons, rules, starters and scenarios in use."""


@dataclass(frozen=True)
class StartAt:
    """Which screen the app opens on, as the command line asked."""

    screen: str = "home"
    """``home``, ``lesson``, ``draft`` or ``journal``."""
    lesson: str | None = None
    """The lesson slug, for ``lesson``."""
    text: str = ""
    """The draft to prefill, for ``draft``."""
