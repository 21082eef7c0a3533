"""Faults the journal must survive without losing anything it acknowledged.

- writers killed with SIGKILL at random moments against a journal of
  thousands of entries: the file always opens and every entry whose add
  returned is there;
- two processes (and two `tend journal add` commands) adding at once;
- a full disk or a failing rename during a save from the command line;
- a damaged file stays byte for byte as it was until `recover`.

Migration from an older schema, damaged files and odd text are covered in
tests/unit/test_journal_store.py.
"""

from __future__ import annotations

import errno
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tui.core import durable
from tui.core.errors import StorageError
from tui.core.journal import Entry, JournalStore

WRITER = Path(__file__).with_name("journal_writer.py")
REPO = Path(__file__).resolve().parents[2]
SEED_ENTRIES = 3_000
KILLS = 25


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH", "")]))
    return env


def _start_writer(data_dir: Path, prefix: str, count: int | None = None) -> subprocess.Popen[str]:
    args = [sys.executable, str(WRITER), str(data_dir), prefix]
    if count is not None:
        args.append(str(count))
    return subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=_env())


def _acknowledged(output: str) -> dict[int, str]:
    """The entries the writer reported as saved: complete lines only."""
    saved: dict[int, str] = {}
    for line in output.splitlines(keepends=True):
        if not line.endswith("\n") or "\t" not in line:
            continue
        entry_id, note = line.rstrip("\n").split("\t", 1)
        saved[int(entry_id)] = note
    return saved


def _notes_by_id(data_dir: Path) -> dict[int, str]:
    store = JournalStore(data_dir)
    store.open()  # raises StorageError if the file is damaged
    return {entry.id or 0: entry.note for entry in store.entries()}


def test_sigkill_at_random_moments_loses_nothing_acknowledged(data_dir: Path) -> None:
    seed = random.randrange(1_000_000)
    rng = random.Random(seed)
    JournalStore(data_dir).add_many([Entry(note=f"seed-{i}", tags=["seed"]) for i in range(SEED_ENTRIES)])
    acknowledged: dict[int, str] = {}
    kills_mid_run = 0
    kills_during_save = 0  # killed with a half-written temporary file on disk
    for round_number in range(KILLS):
        writer = _start_writer(data_dir, f"r{round_number}")
        assert writer.stdout is not None
        ready = writer.stdout.readline()
        assert ready == "ready\n", f"writer failed to start: {ready!r} {writer.stderr.read() if writer.stderr else ''}"
        time.sleep(rng.uniform(0.0, 0.25))
        writer.send_signal(signal.SIGKILL)
        output, errors = writer.communicate(timeout=30)
        assert writer.returncode == -signal.SIGKILL, f"writer ended on its own (seed {seed}): {errors}"
        kills_mid_run += 1
        if list(data_dir.glob(".journal.json.*.tmp")):
            kills_during_save += 1
        acknowledged.update(_acknowledged(output))

        try:
            on_disk = _notes_by_id(data_dir)
        except StorageError as error:  # pragma: no cover - this is the failure being tested for
            pytest.fail(f"journal unreadable after kill {round_number} (seed {seed}): {error}")
        missing = {i: n for i, n in acknowledged.items() if on_disk.get(i) != n}
        assert not missing, f"acknowledged entries lost after kill {round_number} (seed {seed}): {missing}"
        seeds = sum(1 for note in on_disk.values() if note.startswith("seed-"))
        assert seeds == SEED_ENTRIES, f"seed entries lost (seed {seed})"

    assert kills_mid_run == KILLS
    print(f"{KILLS} kills (seed {seed}), {kills_during_save} during a save, {len(acknowledged)} entries acknowledged")
    assert len(acknowledged) > KILLS, "the writers got to add entries between kills"
    # The lock was never left held, and leftovers of killed writers are cleared on open.
    last = JournalStore(data_dir)
    last.open()
    assert last.add(Entry(note="after the storm")) > max(acknowledged)
    assert not list(data_dir.glob(".journal.json.*.tmp"))


def test_sigkill_of_tend_journal_add_commands(data_dir: Path) -> None:
    """The command a person runs: whatever moment it dies, an id it printed is on disk."""
    seed = random.randrange(1_000_000)
    rng = random.Random(seed)
    JournalStore(data_dir).add_many([Entry(note=f"seed-{i}") for i in range(SEED_ENTRIES)])
    printed: dict[int, str] = {}
    for round_number in range(6):
        note = f"command-{round_number}"
        process = subprocess.Popen(
            [sys.executable, "-m", "tui", "journal", "add", "--note", note],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=_env(),
        )
        time.sleep(rng.uniform(0.05, 0.6))
        process.send_signal(signal.SIGKILL)
        output, _ = process.communicate(timeout=30)
        if output.endswith("\n"):
            printed[int(output)] = note
        on_disk = _notes_by_id(data_dir)
        assert all(on_disk.get(i) == n for i, n in printed.items()), f"printed id lost (seed {seed})"
        assert len(on_disk) >= SEED_ENTRIES


def test_two_processes_adding_at_once_keep_all_entries(data_dir: Path) -> None:
    JournalStore(data_dir).add_many([Entry(note=f"seed-{i}") for i in range(500)])
    per_writer = 40
    writers = [_start_writer(data_dir, name, per_writer) for name in ("left", "right")]
    outputs = []
    for writer in writers:
        output, errors = writer.communicate(timeout=120)
        assert writer.returncode == 0, errors
        outputs.append(_acknowledged(output))
    assert all(len(saved) == per_writer for saved in outputs)
    all_ids = list(outputs[0]) + list(outputs[1])
    assert len(set(all_ids)) == 2 * per_writer, "no id was handed out twice"
    on_disk = _notes_by_id(data_dir)
    for saved in outputs:
        assert all(on_disk.get(i) == note for i, note in saved.items())
    assert len(on_disk) == 500 + 2 * per_writer


def test_two_tend_journal_add_commands_at_once(data_dir: Path) -> None:
    def command(note: str) -> subprocess.Popen[str]:
        return subprocess.Popen(
            [sys.executable, "-m", "tui", "journal", "add", "--note", note],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=_env(),
        )

    notes = [f"terminal-{side}-{n}" for n in range(4) for side in ("a", "b")]
    pending = [(note, command(note)) for note in notes]
    printed: dict[int, str] = {}
    for note, process in pending:
        output, errors = process.communicate(timeout=120)
        assert process.returncode == 0, errors
        printed[int(output)] = note
    assert len(printed) == len(notes)
    assert _notes_by_id(data_dir) == printed


@pytest.mark.parametrize("failing", ["write", "fsync", "replace"])
def test_full_disk_during_tend_journal_add(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], failing: str
) -> None:
    from tui.cli import main

    assert main(["journal", "add", "--note", "already safe"]) == 0
    capsys.readouterr()
    before = (data_dir / "journal.json").read_bytes()

    def no_space(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(durable.os, failing, no_space)
    code = main(["journal", "add", "--note", "cannot fit"])
    monkeypatch.undo()
    out, err = capsys.readouterr()
    assert code == 1 and out == "", "no id is printed for an entry that was not saved"
    assert err.count("\n") == 1 and "no space left on device" in err and "journal.json" in err
    assert (data_dir / "journal.json").read_bytes() == before
    assert list(_notes_by_id(data_dir).values()) == ["already safe"]
    assert not list(data_dir.glob(".journal.json.*.tmp"))


def test_killed_between_temporary_file_and_rename(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """What a crash just before the rename leaves: the old journal, and a stray temporary file."""
    store = JournalStore(data_dir)
    store.add(Entry(note="kept"))

    class Crash(BaseException):
        pass

    def crash(*args: object, **kwargs: object) -> None:
        raise Crash

    monkeypatch.setattr(durable.os, "replace", crash)
    with pytest.raises(Crash):
        store.add(Entry(note="never acknowledged"))
    monkeypatch.undo()
    assert list(data_dir.glob(".journal.json.*.tmp")), "the crash left its temporary file"
    assert list(_notes_by_id(data_dir).values()) == ["kept"]
    assert not list(data_dir.glob(".journal.json.*.tmp")), "opening cleared it"


def test_damaged_journal_is_never_written_over(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from tui.cli import main

    store = JournalStore(data_dir)
    store.add_many([Entry(note=f"n{i}") for i in range(100)])
    store.open()  # the day's backup
    journal = data_dir / "journal.json"
    damaged = journal.read_bytes()[: len(journal.read_bytes()) // 2]
    journal.write_bytes(damaged)
    for argv in (["journal", "add", "--note", "x"], ["journal", "list"], ["journal", "import", os.devnull]):
        main(argv)
    with pytest.raises(StorageError):
        store.add(Entry(note="from a store opened before the damage"))
    capsys.readouterr()
    assert journal.read_bytes() == damaged
    assert main(["journal", "recover"]) == 0
    assert len(_notes_by_id(data_dir)) == 100
