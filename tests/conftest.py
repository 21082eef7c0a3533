"""Fixtures shared by every test: no test may touch a real data folder."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHIPPED_CONTENT = REPO / "content"
DEV_SET = REPO.parent / "shared" / "data" / "repair-phrases-dev.yaml"


@pytest.fixture(autouse=True)
def private_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point TEND_HOME (and the XDG folders platformdirs reads) at a fresh temporary folder."""
    home = tmp_path_factory.mktemp("tend-home") / "data"
    monkeypatch.setenv("TEND_HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home.parent / "xdg-data"))
    monkeypatch.delenv("TEND_CONTENT", raising=False)
    monkeypatch.setenv("NO_COLOR", "1")
    return home


@pytest.fixture
def data_dir(private_home: Path) -> Path:
    """The data folder a test's app or command uses (not created yet)."""
    return private_home


@pytest.fixture
def content_dir() -> Path:
    """The content that ships with tend."""
    return SHIPPED_CONTENT
