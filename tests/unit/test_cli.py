"""The command line: help, version, lesson lookup and clear one-line errors."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import tui
from tui import cli
from tui.cli import StartAt, build_parser, main


def run_tend(*args: str, env: dict[str, str] | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``python -m tui`` as a person would run ``tend``."""
    return subprocess.run(
        [sys.executable, "-m", "tui", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        cwd=cwd,
        timeout=60,
    )


@pytest.fixture
def launched(monkeypatch: pytest.MonkeyPatch) -> list[StartAt]:
    """Record what the app would open on instead of running it."""
    from tui.app import TendApp

    starts: list[StartAt] = []

    def fake_run(self: TendApp, *args: object, **kwargs: object) -> None:
        starts.append(self.start or StartAt())

    monkeypatch.setattr(TendApp, "run", fake_run)
    return starts


def test_help_lists_every_command() -> None:
    result = run_tend("--help")
    assert result.returncode == 0
    for word in ("lesson", "draft", "journal", "check", "--data-dir", "--content", "--version"):
        assert word in result.stdout


def test_version() -> None:
    result = run_tend("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"tend {tui.__version__}"


def test_lesson_by_number_and_by_slug_open_the_same_lesson(launched: list[StartAt]) -> None:
    assert main(["lesson", "11"]) == 0
    assert main(["lesson", "repairing-after-rupture"]) == 0
    assert [start.lesson for start in launched] == ["repairing-after-rupture"] * 2
    assert all(start.screen == "lesson" for start in launched)


def test_unknown_lesson_is_one_line_listing_lessons_exit_2() -> None:
    result = run_tend("lesson", "nope")
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "no lesson 'nope'" in lines[0]
    assert "11 repairing-after-rupture" in lines[0]
    assert "Traceback" not in result.stderr


def test_draft_prefills_text(launched: list[StartAt]) -> None:
    assert main(["draft", "You", "always", "do", "this."]) == 0
    assert launched == [StartAt("draft", text="You always do this.")]


def test_bare_journal_opens_the_journal_screen(launched: list[StartAt]) -> None:
    assert main(["journal"]) == 0
    assert launched == [StartAt("journal")]


def test_no_command_opens_home(launched: list[StartAt]) -> None:
    assert main([]) == 0
    assert launched == [StartAt()]


def test_broken_content_is_one_line_exit_2(tmp_path: Path) -> None:
    (tmp_path / "lessons").mkdir()
    (tmp_path / "series.yaml").write_text("title: x\n\tlessons: []\n", encoding="utf-8")
    for args in (["--content", str(tmp_path)], ["lesson", "1", "--content", str(tmp_path)]):
        result = run_tend(*args)
        assert result.returncode == 2
        assert len(result.stderr.strip().splitlines()) == 1
        assert "series.yaml" in result.stderr and "line 2" in result.stderr
        assert "Traceback" not in result.stderr


def test_content_from_environment(tmp_path: Path) -> None:
    result = run_tend("lesson", "1", env={"TEND_CONTENT": str(tmp_path / "missing")})
    assert result.returncode == 2
    assert "content folder not found" in result.stderr


def test_unknown_command_is_a_usage_error() -> None:
    result = run_tend("frobnicate")
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1


def test_global_options_work_before_or_after_the_command(tmp_path: Path) -> None:
    parser = build_parser()
    before = parser.parse_args(["--data-dir", str(tmp_path), "lesson", "3"])
    after = parser.parse_args(["lesson", "3", "--data-dir", str(tmp_path)])
    assert before.data_dir == after.data_dir == str(tmp_path)


def test_data_dir_option_beats_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TEND_HOME", str(tmp_path / "env"))
    args = build_parser().parse_args(["--data-dir", str(tmp_path / "flag")])
    assert cli._context(args).data_dir == tmp_path / "flag"
    args = build_parser().parse_args([])
    assert cli._context(args).data_dir == tmp_path / "env"


def test_nothing_is_written_when_only_reading(tmp_path: Path, launched: list[StartAt]) -> None:
    home = tmp_path / "home"
    assert main(["--data-dir", str(home), "lesson", "0"]) == 0
    assert not home.exists()


def test_draft_with_a_broken_rule_file_is_one_line_exit_2(tmp_path: Path, content_dir: Path) -> None:
    import shutil

    copy = tmp_path / "content"
    shutil.copytree(content_dir, copy)
    rule_file = sorted((copy / "rules").glob("*.yaml"))[-1]
    rule_file.write_text(rule_file.read_text(encoding="utf-8") + "\n  - id: [unclosed\n", encoding="utf-8")
    result = run_tend("draft", "hi", "--content", str(copy))
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert rule_file.name in result.stderr
    assert "Traceback" not in result.stderr
