"""The durable storage: atomic replace, private files, strict reads, clear errors."""

from __future__ import annotations

import errno
import json
import os
import stat
from pathlib import Path

import pytest
from tinydb import TinyDB

from tui.core import durable
from tui.core.durable import (
    CorruptFileError,
    DurableStorage,
    DurableTable,
    atomic_write_bytes,
    decode_tables,
    encode_tables,
    file_lock,
    remove_stale_tmp_files,
)
from tui.core.errors import StorageError


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _storage(path: Path) -> DurableStorage:
    return DurableStorage(path, file_format="test", schema_version=1, label="test data", corrupt_hint="do X")


def test_atomic_write_creates_private_file_in_private_folder(tmp_path: Path) -> None:
    target = tmp_path / "new" / "data.json"
    old_umask = os.umask(0o022)
    try:
        atomic_write_bytes(target, b"hello")
    finally:
        os.umask(old_umask)
    assert target.read_bytes() == b"hello"
    assert _mode(target) == 0o600
    assert _mode(target.parent) == 0o700
    assert [p.name for p in target.parent.iterdir()] == ["data.json"], "no temporary file is left behind"


def test_atomic_write_replaces_whole_file(tmp_path: Path) -> None:
    target = tmp_path / "data.json"
    atomic_write_bytes(target, b"a much longer first version of the file")
    atomic_write_bytes(target, b"short")
    assert target.read_bytes() == b"short", "no trailing bytes from the longer version"


@pytest.mark.parametrize("failing", ["write", "fsync"])
def test_full_disk_leaves_previous_file_and_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failing: str) -> None:
    target = tmp_path / "journal.json"
    atomic_write_bytes(target, b"previous")

    def no_space(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(durable.os, failing, no_space)
    with pytest.raises(StorageError) as caught:
        atomic_write_bytes(target, b"new content", label="journal")
    monkeypatch.undo()
    message = caught.value.message
    assert str(target) in message
    assert "no space left on device" in message
    assert "previous journal is unchanged" in message
    assert "\n" not in message
    assert target.read_bytes() == b"previous"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["journal.json"], "the temporary file was removed"


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores folder permissions")
def test_permission_error_is_one_clear_line(tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    target = folder / "journal.json"
    target.write_bytes(b"previous")
    folder.chmod(0o500)
    try:
        with pytest.raises(StorageError) as caught:
            atomic_write_bytes(target, b"new", label="journal")
    finally:
        folder.chmod(0o700)
    assert "permission denied" in caught.value.message
    assert target.read_bytes() == b"previous"


def test_permission_error_simulated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "journal.json"
    atomic_write_bytes(target, b"previous")

    def denied(*args: object, **kwargs: object) -> None:
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))

    monkeypatch.setattr(durable.os, "replace", denied)
    with pytest.raises(StorageError, match="permission denied; your previous journal is unchanged"):
        atomic_write_bytes(target, b"new", label="journal")
    monkeypatch.undo()
    assert target.read_bytes() == b"previous"


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty"),
        (b"   \n", "empty"),
        (b'{"entries": {"1": {"note": "a"}}}garbage', "not valid JSON"),
        (b'{"entries": {"1": {"note": "a"', "not valid JSON"),
        (b"[1, 2]", "not a JSON object"),
        (b'{"entries": [1]}', "not a JSON object"),
        (b'{"entries": {"x": {}}}', "not a number"),
        (b"\xff\xfe{}", "not UTF-8"),
    ],
)
def test_strict_read_refuses_what_tinydb_would_accept_or_crash_on(tmp_path: Path, content: bytes, reason: str) -> None:
    target = tmp_path / "data.json"
    target.write_bytes(content)
    storage = _storage(target)
    with pytest.raises(CorruptFileError) as caught:
        storage.read()
    assert reason in caught.value.message
    assert str(target) in caught.value.message
    assert "do X" in caught.value.message
    assert target.read_bytes() == content, "a damaged file is never touched"


def test_missing_file_reads_as_empty_and_creates_nothing(tmp_path: Path) -> None:
    storage = _storage(tmp_path / "sub" / "data.json")
    assert storage.read() is None
    assert not (tmp_path / "sub").exists()


def test_tinydb_round_trip_through_durable_storage(tmp_path: Path) -> None:
    target = tmp_path / "data.json"
    db = TinyDB(target, storage=DurableStorage, file_format="test", schema_version=3)
    db.insert({"note": "first"})
    db.insert({"note": "second"})
    reread = decode_tables(target.read_bytes())
    assert reread["_meta"] == {"1": {"format": "test", "schema": 3}}
    assert [doc["note"] for doc in TinyDB(target, storage=DurableStorage, file_format="test", schema_version=3).all()] == [
        "first",
        "second",
    ]
    assert _mode(target) == 0o600


def test_second_writer_sees_first_writers_documents(tmp_path: Path) -> None:
    """Two storages on one file (two processes, in effect): fresh tables never collide on ids."""
    target = tmp_path / "data.json"
    one, two = _storage(target), _storage(target)
    DurableTable(one, "t").insert({"n": 1})
    DurableTable(two, "t").insert({"n": 2})
    DurableTable(one, "t").insert({"n": 3})
    docs = decode_tables(target.read_bytes())["t"]
    assert sorted(doc["n"] for doc in docs.values()) == [1, 2, 3]


def test_update_through_durable_table_is_saved_and_cache_follows(tmp_path: Path) -> None:
    target = tmp_path / "data.json"
    storage = _storage(target)
    table = DurableTable(storage, "t")
    doc_id = table.insert({"note": "before", "tags": ["a"]})
    DurableTable(storage, "t").insert({"note": "other"})
    DurableTable(storage, "t").update({"note": "after"}, doc_ids=[doc_id])
    assert decode_tables(target.read_bytes())["t"][str(doc_id)]["note"] == "after"
    DurableTable(storage, "t").insert({"note": "third"})
    on_disk = decode_tables(target.read_bytes())["t"]
    assert on_disk[str(doc_id)]["note"] == "after", "a later save does not bring back the old text"
    assert _storage(target).read()["t"][str(doc_id)]["note"] == "after"


def test_failed_write_does_not_leave_changes_in_memory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "data.json"
    storage = _storage(target)
    doc_id = DurableTable(storage, "t").insert({"note": "kept"})

    def no_space(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(durable.os, "fsync", no_space)
    with pytest.raises(StorageError):
        DurableTable(storage, "t").update({"note": "lost"}, doc_ids=[doc_id])
    monkeypatch.undo()
    assert storage.read()["t"][str(doc_id)]["note"] == "kept"


def test_encoding_keeps_text_exactly_and_survives_lone_surrogates() -> None:
    tables = {"t": {"1": {"note": "emoji 👋🏽, RTL שלום, CRLF\r\n, NUL \x00 end"}}}
    assert decode_tables(encode_tables(tables)) == tables
    lone = {"t": {"1": {"note": "half \ud83d here"}}}
    assert decode_tables(encode_tables(lone)) == lone, "escaped as ASCII rather than lost"
    remembered: dict = {}
    assert decode_tables(encode_tables(lone, remembered)) == lone


def test_remembered_encoding_follows_every_kind_of_change() -> None:
    memos: dict = {}
    first, second = {"note": "a"}, {"note": "b"}
    table = {"1": first, "2": second}

    def saved() -> dict:
        return json.loads(encode_tables({"t": dict(table)}, memos))["t"]

    assert saved() == {"1": {"note": "a"}, "2": {"note": "b"}}
    table["3"] = {"note": "appended"}
    assert saved() == {"1": {"note": "a"}, "2": {"note": "b"}, "3": {"note": "appended"}}
    table["2"] = {"note": "replaced"}
    assert saved()["2"] == {"note": "replaced"}
    del table["1"]
    assert saved() == {"2": {"note": "replaced"}, "3": {"note": "appended"}}
    table.clear()
    assert saved() == {}
    table["9"] = {"note": "after emptying"}
    assert saved() == {"9": {"note": "after emptying"}}


def test_stale_temporary_files_are_removed(tmp_path: Path) -> None:
    target = tmp_path / "journal.json"
    target.write_bytes(b"{}")
    stale = tmp_path / ".journal.json.abc123.tmp"
    stale.write_bytes(b"half")
    other = tmp_path / "keep.tmp"
    other.write_bytes(b"x")
    with file_lock(target):
        assert remove_stale_tmp_files(target) == 1
    assert not stale.exists()
    assert other.exists()
    lock = tmp_path / "journal.json.lock"
    assert _mode(lock) == 0o600
