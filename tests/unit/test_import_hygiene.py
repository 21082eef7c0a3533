"""The domain and the non-UI commands never import Textual.

`tend check` and `tend journal list` must start in a fraction of the time
the app takes; importing Textual alone costs more than they are allowed.
"""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import pytest

import tui.core


def _core_modules() -> list[str]:
    return sorted(
        info.name for info in pkgutil.walk_packages(tui.core.__path__, prefix="tui.core.")
    )


def _textual_after(code: str) -> bool:
    probe = f"{code}\nimport sys\nprint('textual' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    return result.stdout.strip().endswith("True")


@pytest.mark.parametrize("module", _core_modules())
def test_core_module_does_not_import_textual(module: str) -> None:
    assert not _textual_after(f"import {module}"), f"{module} pulls in Textual"


def test_core_package_has_modules_to_check() -> None:
    assert "tui.core.content" in _core_modules()


@pytest.mark.parametrize(
    "argv",
    [
        ["--help"],
        ["check", "--help"],
        ["journal", "list"],
        ["check", "I'm sorry I snapped at you."],
    ],
)
def test_non_ui_commands_do_not_import_textual(argv: list[str]) -> None:
    code = (
        "import sys\n"
        "from tui.cli import main\n"
        "try:\n"
        f"    main({argv!r})\n"
        "except SystemExit:\n"
        "    pass\n"
        "sys.stdout.flush()"
    )
    assert not _textual_after(code), f"tend {' '.join(argv)} imported Textual"
