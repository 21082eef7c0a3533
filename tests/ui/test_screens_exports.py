"""Every screen is reachable from ``tui.screens`` by name, and the names are right."""

from __future__ import annotations

import pytest

import tui.screens


@pytest.mark.parametrize("name", tui.screens.__all__)
def test_exported_screen_exists(name: str) -> None:
    screen = getattr(tui.screens, name)
    assert screen.__name__ == name


def test_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError):
        tui.screens.NoSuchScreen  # noqa: B018
