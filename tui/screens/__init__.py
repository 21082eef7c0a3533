"""tend's screens, one per module.

Re-exported lazily: importing ``tui.screens.home`` for the first frame must not
pull in the builder (and its checker) or the journal before they are opened.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

_WHERE = {
    "ChecksScreen": "lesson_checks",
    "ConfirmDialog": "dialogs",
    "EntryFormScreen": "journal_entry",
    "EntryScreen": "journal_entry",
    "HomeScreen": "home",
    "InPracticeScreen": "in_practice",
    "JournalScreen": "journal",
    "LessonScreen": "lesson",
    "MessageDialog": "dialogs",
    "RepairBuilderScreen": "builder",
    "ScenarioPicker": "practice",
    "StarterPicker": "starters",
    "VersionPicker": "versions",
}

__all__ = sorted(_WHERE)


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f"{__name__}.{_WHERE[name]}"), name)
