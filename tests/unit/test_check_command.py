"""``tend check`` from the shell: the report, --json, stdin, --lines, usage errors, no Textual."""

from __future__ import annotations

import argparse
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tui.commands import Context, check

REPO = Path(__file__).resolve().parents[2]
CONTENT = REPO / "content"


def parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="tend")
    subparsers = parser.add_subparsers(dest="command")
    check.configure(subparsers)
    return parser.parse_args(["check", *argv])


def run(capsys: pytest.CaptureFixture[str], *argv: str, content: Path = CONTENT) -> tuple[int, str, str]:
    code = check.run(parse(*argv), Context(data_dir=Path("/nonexistent"), content_dir=content))
    out, err = capsys.readouterr()
    return code, out, err


def test_report_shows_labels_verdict_and_each_finding_marked(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "I'm", "sorry,", "but", "you", "started", "it.")
    assert code == 0
    assert "direction: mixed" in out and "accountability: undermined" in out
    assert "⟦I'm sorry⟧" in out
    assert "⟦you started it⟧" in out
    assert "Try:" in out and "Lesson: repairing-after-rupture › Owning the impact" in out


def test_report_fits_an_80_column_terminal(capsys: pytest.CaptureFixture[str]) -> None:
    long = "I'm sorry I yelled, but honestly you kept pushing me and you always do this, " * 5
    _, out, _ = run(capsys, long)
    assert max(len(line) for line in out.splitlines()) <= 80


def test_report_for_a_neutral_message_offers_a_starting_move(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "Dinner's at seven.")
    assert code == 0
    assert "direction: unclear" in out and "One way to start" in out


def test_exit_status_is_zero_even_when_the_message_moves_away(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "You always do this.")
    assert code == 0 and "direction: away" in out


def test_json_is_one_object_with_findings(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--json", "Sorry if you were hurt.")
    assert code == 0
    data = json.loads(out)
    assert data["direction"] == "toward" and data["accountability"] == "undermined"
    assert data["findings"][0]["rule"] == "hollow.conditional"
    assert data["text"][data["findings"][0]["start"] : data["findings"][0]["end"]] == data["findings"][0]["excerpt"]


def test_dash_reads_the_whole_of_stdin_as_one_message(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("I'm sorry I snapped.\nThat wasn't fair.\n"))
    code, out, _ = run(capsys, "--json", "-")
    assert code == 0
    data = json.loads(out)
    assert data["text"] == "I'm sorry I snapped.\nThat wasn't fair.\n"
    assert data["accountability"] == "present"


def test_lines_gives_one_json_object_per_line_in_order(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("im sorry\r\nyou always do this\n\nsorry if u were hurt"))
    code, out, _ = run(capsys, "--json", "--lines")
    assert code == 0
    rows = [json.loads(line) for line in out.splitlines()]
    assert [r["text"] for r in rows] == ["im sorry", "you always do this", "", "sorry if u were hurt"]
    assert [r["direction"] for r in rows] == ["toward", "away", "unclear", "toward"]


@pytest.mark.parametrize(
    ("argv", "fragment"),
    [
        ((), "give the message"),
        (("--lines",), "--lines needs --json"),
        (("--json", "--lines", "hello"), "--lines reads messages from stdin"),
    ],
)
def test_usage_errors_exit_2_with_one_line(capsys: pytest.CaptureFixture[str], argv: tuple[str, ...], fragment: str) -> None:
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == ""
    assert fragment in err and err.count("\n") == 1


def test_broken_rules_exit_2_with_one_line_naming_the_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "bad.yaml").write_text("rules:\n  - id: a.b\n    family: blame\n", encoding="utf-8")
    code, out, err = run(capsys, "hello", content=tmp_path)
    assert code == 2 and out == ""
    # The real file, wherever the content folder is, so the person can open it.
    assert f"{tmp_path / 'rules' / 'bad.yaml'}: rule 'a.b'" in err and err.count("\n") == 1


def _subprocess(args: list[str], stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, *args], input=stdin, capture_output=True, text=True, cwd=REPO, env=env, timeout=60
    )


def test_check_through_the_real_command_line_does_not_import_textual() -> None:
    code = (
        "import sys\n"
        "from tui.cli import main\n"
        "status = main(['check', '--json', 'I am sorry I snapped'])\n"
        "assert 'textual' not in sys.modules, 'tend check imported textual'\n"
        "sys.exit(status)\n"
    )
    result = _subprocess(["-c", code])
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["accountability"] == "present"


def test_lines_streams_through_a_subprocess_with_odd_input() -> None:
    messages = ["I'm sorry 😔", "ur being dramatic", "\x00\x1b[2J", "é" * 50]
    result = _subprocess(["-m", "tui", "check", "--json", "--lines"], stdin="\n".join(messages) + "\n")
    assert result.returncode == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["text"] for r in rows] == messages
    assert rows[0]["direction"] == "toward" and rows[1]["direction"] == "away"


def test_lines_answers_each_message_before_the_next_arrives() -> None:
    import select

    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "tui", "check", "--json", "--lines"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=REPO, env=env,
    )
    assert proc.stdin is not None and proc.stdout is not None
    try:
        for message, direction in (("I'm sorry I snapped.", "toward"), ("You always do this.", "away")):
            proc.stdin.write((message + "\n").encode())
            proc.stdin.flush()
            ready, _, _ = select.select([proc.stdout], [], [], 30)
            assert ready, "no answer while stdin is still open: --lines must flush after each message"
            answer = json.loads(proc.stdout.readline())
            assert answer["text"] == message and answer["direction"] == direction
    finally:
        proc.stdin.close()
        proc.wait(timeout=30)
        proc.stdout.close()
        if proc.stderr is not None:
            proc.stderr.close()
    assert proc.returncode == 0
