"""``tend journal add|list|export|import|recover`` as a person uses them."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest

from tui.cli import main
from tui.core.journal import JournalStore

REPAIR_SLUG = "repairing-after-rupture"


def tend(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["journal", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_add_prints_the_id_once_saved(capsys: pytest.CaptureFixture[str], data_dir: Path) -> None:
    code, out, err = tend(
        capsys, "add", "--note", "I snapped about the dishes", "--lesson", REPAIR_SLUG,
        "--tag", "home", "--tag", "evening", "--check", "What part can I own?=my tone, not the dishes",
    )
    assert (code, out, err) == (0, "1\n", "")
    entry = JournalStore(data_dir).get(1)
    assert entry is not None
    assert entry.note == "I snapped about the dishes" and entry.lesson == REPAIR_SLUG
    assert entry.tags == ["home", "evening"]
    assert [(c.question, c.answer) for c in entry.checklist] == [("What part can I own?", "my tone, not the dishes")]
    assert tend(capsys, "add", "--note", "second")[1] == "2\n"


def test_add_accepts_a_lesson_number(capsys: pytest.CaptureFixture[str], data_dir: Path) -> None:
    assert tend(capsys, "add", "--note", "x", "--lesson", "11")[0] == 0
    assert JournalStore(data_dir).get(1).lesson == REPAIR_SLUG  # type: ignore[union-attr]


def test_add_extras(capsys: pytest.CaptureFixture[str], data_dir: Path) -> None:
    code, out, _ = tend(
        capsys, "add", "--note", "walked out", "--repair", "came back and said sorry", "--outcome", "calmer",
        "--kind", "practice", "--repaired", "--return-by", "in 20 minutes",
    )
    assert code == 0
    entry = JournalStore(data_dir).get(int(out))
    assert entry is not None
    assert (entry.repair, entry.outcome, entry.kind, entry.repaired) == ("came back and said sorry", "calmer", "practice", True)
    due = datetime.fromisoformat(entry.promised_return or "")
    assert 15 * 60 < (due - datetime.now().astimezone()).total_seconds() <= 20 * 60


def test_unknown_lesson_is_one_line_listing_lessons(capsys: pytest.CaptureFixture[str], data_dir: Path) -> None:
    code, out, err = tend(capsys, "add", "--note", "x", "--lesson", "no-such-lesson")
    assert code == 2 and out == ""
    assert err.count("\n") == 1
    assert "no-such-lesson" in err and REPAIR_SLUG in err
    assert not data_dir.exists(), "nothing was saved"


@pytest.mark.parametrize(
    "args",
    [
        ["add", "--note", "x", "--check", "no equals sign"],
        ["add", "--note", "x", "--return-by", "whenever"],
        ["list", "--since", "last tuesday"],
    ],
)
def test_bad_arguments_are_one_line_exit_2(capsys: pytest.CaptureFixture[str], args: list[str]) -> None:
    code, out, err = tend(capsys, *args)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith("tend: ")


def _add(capsys: pytest.CaptureFixture[str], *args: str) -> int:
    code, out, _ = tend(capsys, "add", *args)
    assert code == 0
    return int(out)


def test_list_plain_newest_first_one_line_each(capsys: pytest.CaptureFixture[str]) -> None:
    _add(capsys, "--note", "first\nwith a second line", "--tag", "home")
    _add(capsys, "--note", "second", "--lesson", REPAIR_SLUG)
    code, out, _ = tend(capsys, "list")
    lines = out.splitlines()
    assert code == 0 and len(lines) == 2
    assert lines[0].startswith("#2 ") and "second" in lines[0] and REPAIR_SLUG in lines[0]
    assert lines[1].startswith("#1 ") and "first with a second line" in lines[1] and "#home" in lines[1]


def test_list_does_not_pass_control_characters_to_the_terminal(capsys: pytest.CaptureFixture[str]) -> None:
    _add(capsys, "--note", "red \x1b[31mtext\x00 and\rreturn")
    out = tend(capsys, "list")[1]
    assert "\x1b" not in out and "\x00" not in out and "\r" not in out
    assert "text" in out


def test_list_json_and_filters(capsys: pytest.CaptureFixture[str]) -> None:
    _add(capsys, "--note", "dinner argument", "--tag", "home", "--lesson", REPAIR_SLUG)
    _add(capsys, "--note", "work email", "--tag", "work")
    _add(capsys, "--note", "dinner, better", "--tag", "home")
    code, out, _ = tend(capsys, "list", "--json")
    entries = json.loads(out)
    assert code == 0 and [e["id"] for e in entries] == [3, 2, 1]
    for key in ("id", "created", "lesson", "note", "tags", "checklist"):
        assert key in entries[0]
    ids = lambda *a: [e["id"] for e in json.loads(tend(capsys, "list", "--json", *a)[1])]  # noqa: E731
    assert ids("--tag", "home") == [3, 1]
    assert ids("--lesson", REPAIR_SLUG) == [1]
    assert ids("--lesson", "11") == [1]
    assert ids("--contains", "DINNER better") == [3]
    assert ids("--since", datetime.now().astimezone().date().isoformat()) == [3, 2, 1]
    assert ids("--since", "2999-01-01") == []


def test_export_import_round_trip(capsys: pytest.CaptureFixture[str], tmp_path: Path, data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _add(capsys, "--note", "one 👋 שלום", "--tag", "a", "--check", "Q?=A", "--repaired")
    _add(capsys, "--note", "two\r\nlines", "--repair", "redo?", "--kind", "practice")
    shared_folder = tmp_path / "out"
    shared_folder.mkdir(mode=0o755)
    shared_folder.chmod(0o755)
    exported = shared_folder / "journal-export.json"
    code, _, err = tend(capsys, "export", "--format", "json", "-o", str(exported))
    assert code == 0 and "2 entries" in err
    assert stat.S_IMODE(exported.stat().st_mode) == 0o600
    assert stat.S_IMODE(shared_folder.stat().st_mode) == 0o755, "a folder the person chose is not changed"
    code, _, err = tend(capsys, "export", "--format", "json", "-o", str(tmp_path / "missing" / "x.json"))
    assert code == 2 and "does not exist" in err
    before = json.loads(tend(capsys, "list", "--json")[1])

    monkeypatch.setenv("TEND_HOME", str(tmp_path / "other-home"))
    code, out, _ = tend(capsys, "import", str(exported))
    assert code == 0 and "imported 2 entries" in out
    after = json.loads(tend(capsys, "list", "--json")[1])
    strip = lambda rows: [{k: v for k, v in row.items() if k != "id"} for row in rows]  # noqa: E731
    assert strip(after) == strip(before)

    listed = tmp_path / "listed.json"
    listed.write_text(json.dumps(before))
    monkeypatch.setenv("TEND_HOME", str(tmp_path / "third-home"))
    assert tend(capsys, "import", str(listed))[0] == 0
    assert strip(json.loads(tend(capsys, "list", "--json")[1])) == strip(before)


def test_export_markdown(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    _add(capsys, "--note", "a note", "--check", "What small step is open to me?=ask to redo")
    code, out, _ = tend(capsys, "export", "--format", "markdown")
    assert code == 0 and out.startswith("# Tend journal")
    assert "> a note" in out and "What small step is open to me?: ask to redo" in out


def test_bad_import_changes_nothing(capsys: pytest.CaptureFixture[str], tmp_path: Path, data_dir: Path) -> None:
    _add(capsys, "--note", "keep me")
    before = (data_dir / "journal.json").read_bytes()
    bad = tmp_path / "bad.json"
    bad.write_text('[{"note": "fine"}, {"note": 42}]')
    code, out, err = tend(capsys, "import", str(bad))
    assert code == 2 and out == "" and err.count("\n") == 1
    assert str(bad) in err and "entry 2" in err
    assert (data_dir / "journal.json").read_bytes() == before
    code, _, err = tend(capsys, "import", str(tmp_path / "missing.json"))
    assert code == 2 and "no such file" in err


def test_corrupt_journal_stops_with_one_line_and_recover_restores(capsys: pytest.CaptureFixture[str], data_dir: Path) -> None:
    _add(capsys, "--note", "before the damage")
    assert tend(capsys, "list")[0] == 0  # opening an existing journal takes the day's backup
    journal = data_dir / "journal.json"
    damaged = journal.read_bytes() + b"\x00trailing garbage"
    journal.write_bytes(damaged)
    for args in (["list"], ["add", "--note", "new"], ["export", "--format", "json"]):
        code, out, err = tend(capsys, *args)
        assert code == 1 and out == ""
        assert err.count("\n") == 1 and str(journal) in err and "tend journal recover" in err
    assert journal.read_bytes() == damaged
    code, out, _ = tend(capsys, "recover")
    assert code == 0 and "restored" in out
    assert [e["note"] for e in json.loads(tend(capsys, "list", "--json")[1])] == ["before the damage"]
    assert [p.read_bytes() for p in data_dir.glob("journal.json.broken-*")] == [damaged]
    code, _, err = tend(capsys, "recover")
    assert code == 0 and "nothing to recover" in err


def test_journal_commands_do_not_import_textual(data_dir: Path) -> None:
    script = (
        "import sys\n"
        "from tui.cli import main\n"
        "assert main(['journal', 'add', '--note', 'x']) == 0\n"
        "assert main(['journal', 'list', '--json']) == 0\n"
        "assert main(['journal', 'export', '--format', 'markdown']) == 0\n"
        "assert not [m for m in sys.modules if m == 'textual' or m.startswith('textual.')], 'textual imported'\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=dict(os.environ))
    assert result.returncode == 0, result.stderr


def test_python_dash_m_tui_journal_add_exit_code(data_dir: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "tui", "journal", "add", "--note", "from another terminal"],
        capture_output=True, text=True, env=dict(os.environ),
    )
    assert (result.returncode, result.stdout) == (0, "1\n")


def test_broken_terminal_text_is_saved_cleaned_with_a_notice(capsys: pytest.CaptureFixture[str], data_dir: Path) -> None:
    code, out, err = tend(capsys, "add", "--note", "caf\udce9 after the fight")
    assert (code, out) == (0, "1\n")
    assert "1 character" in err and err.count("\n") == 1
    assert JournalStore(data_dir).get(1).note == "caf\ufffd after the fight"  # type: ignore[union-attr]


def test_note_from_standard_input(data_dir: Path) -> None:
    long_note = "line one\r\nline two 👋\n" + "x" * 100_000
    result = subprocess.run(
        [sys.executable, "-m", "tui", "journal", "add", "--note", "-", "--tag", "piped"],
        input=long_note.encode("utf-8"), capture_output=True, env=dict(os.environ),
    )
    assert result.returncode == 0, result.stderr
    entry = JournalStore(data_dir).get(int(result.stdout))
    assert entry is not None and entry.note == long_note
