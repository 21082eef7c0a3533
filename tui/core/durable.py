"""Saving files so that a crash, a full disk or a second tend never loses what was saved.

Everything tend keeps (the journal, lesson progress) goes through here.

:func:`atomic_write_bytes` writes a whole file the safe way: a private (0600)
temporary file in the same folder is written, flushed and fsynced, then moved
over the old file with ``os.replace`` (atomic on POSIX), and the folder is
fsynced so the rename itself survives a power cut. At every instant the file
on disk is either the complete old version or the complete new one.

:class:`DurableStorage` is a TinyDB storage built on it. TinyDB's own
``JSONStorage`` rewrites the file in place and truncates after the fsync, so a
crash can leave trailing garbage, and it reads an emptied file as a blank
database; this one reads strictly (anything that is not a well-formed tend
file raises :class:`CorruptFileError`) and never writes in place. It keeps the
last file it read or wrote in memory and re-parses only when the bytes on disk
differ, so a large journal is not parsed again for every list or filter.

Locking is not done here: a store wraps each read-modify-write in
:func:`file_lock`.
"""

from __future__ import annotations

import contextlib
import copy
import gc
import json
import operator
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from filelock import FileLock, Timeout
from tinydb.storages import Storage
from tinydb.table import Document, Table

from tui.core.errors import StorageError
from tui.core.paths import PRIVATE_FILE_MODE, ensure_private_dir

META_TABLE = "_meta"
"""The TinyDB table holding one document: ``{"format": ..., "schema": N}``."""

LOCK_TIMEOUT_SECONDS = 15.0
TMP_SUFFIX = ".tmp"

Tables = dict[str, dict[str, Any]]


class CorruptFileError(StorageError):
    """A data file exists but is not something tend wrote: broken JSON, empty, wrong shape."""

    def __init__(self, message: str, *, path: Path, reason: str) -> None:
        super().__init__(message)
        self.path = path
        self.reason = reason


class LockError(StorageError):
    """The lock beside a data file could not be taken (busy, or the folder is read-only)."""


def describe_os_error(error: OSError) -> str:
    """A short lower-case reason for an OS error, e.g. 'no space left on device'."""
    if error.errno is not None:
        text = os.strerror(error.errno)
    else:
        text = error.strerror or str(error) or type(error).__name__
    return text[:1].lower() + text[1:]


def tmp_prefix(path: Path) -> str:
    """The name prefix of temporary files written next to ``path`` (hidden, so
    a person browsing the folder sees only real files)."""
    return f".{path.name}."


def remove_stale_tmp_files(path: Path) -> int:
    """Delete temporary files a killed writer left next to ``path``.

    Call only while holding the file's lock: a live writer holds it for as
    long as its temporary file exists. Returns how many were removed.
    """
    removed = 0
    folder = path.parent
    if not folder.is_dir():
        return 0
    prefix = tmp_prefix(path)
    for candidate in folder.iterdir():
        if candidate.name.startswith(prefix) and candidate.name.endswith(TMP_SUFFIX):
            with contextlib.suppress(OSError):
                candidate.unlink()
                removed += 1
    return removed


def fsync_folder(folder: Path) -> None:
    """Make a rename or a new file in ``folder`` durable."""
    fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def atomic_write_bytes(path: Path, data: bytes, *, label: str = "", private_folder: bool = True) -> None:
    """Replace ``path`` with ``data`` so that it is either wholly old or wholly new.

    The file ends up 0600. With ``private_folder`` (tend's own data) the
    folder is created if needed and made 0700; without it (an export to a
    place the person chose) the folder is used as it is and must exist. Returns only once the data and the rename are on disk. On any OS
    error (full disk, permission, read-only file system) the previous file is
    left as it was, the temporary file is removed, and :class:`StorageError`
    is raised with one line naming the file and the reason. ``label`` says
    what the file is to a person ("journal"), for that message.
    """
    path = Path(path)
    folder = path.parent
    tmp_name: str | None = None
    existed = path.exists()
    replaced = False
    try:
        if private_folder:
            ensure_private_dir(folder)
        # mkstemp creates the file with mode 0600 whatever the umask is.
        fd, tmp_name = tempfile.mkstemp(dir=folder, prefix=tmp_prefix(path), suffix=TMP_SUFFIX)
        try:
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp_name, path)
        replaced = True
        tmp_name = None
        fsync_folder(folder)
    except OSError as error:
        if tmp_name is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp_name)
        reason = describe_os_error(error)
        if replaced:
            raise StorageError(
                f"saved {path} but could not confirm it reached the disk: {reason}; "
                "check the disk before relying on this change"
            ) from error
        what = label or "file"
        outcome = f"your previous {what} is unchanged" if existed else "nothing was saved"
        raise StorageError(f"could not save {path}: {reason}; {outcome}") from error


def read_bytes_or_none(path: Path, *, label: str = "") -> bytes | None:
    """The bytes of ``path``, or None if it does not exist; other OS errors
    become :class:`StorageError`."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as error:
        what = label or "file"
        raise StorageError(
            f"could not read {path}: {describe_os_error(error)}; check the {what} file's permissions"
        ) from error


@contextlib.contextmanager
def file_lock(path: Path, *, label: str = "") -> Iterator[None]:
    """Hold the cross-process lock guarding ``path`` (a ``.lock`` file beside it).

    Creates the folder (0700) and the lock file (0600). The lock is an OS
    advisory lock, so a writer killed while holding it releases it.
    """
    lock_path = path.with_name(path.name + ".lock")
    try:
        ensure_private_dir(path.parent)
        lock = FileLock(
            lock_path,
            timeout=LOCK_TIMEOUT_SECONDS,
            mode=PRIVATE_FILE_MODE,
            poll_interval=0.005,
            preserve_lock_file=True,
        )
        lock.acquire()
    except Timeout as error:
        what = label or path.name
        raise LockError(
            f"the {what} at {path} is busy: another tend has held {lock_path} for "
            f"{LOCK_TIMEOUT_SECONDS:.0f} seconds; close other tend windows and try again"
        ) from error
    except OSError as error:
        raise LockError(
            f"could not lock {lock_path}: {describe_os_error(error)}; check the folder's permissions"
        ) from error
    try:
        yield
    finally:
        lock.release()


@contextlib.contextmanager
def pause_gc() -> Iterator[None]:
    """Hold off Python's cycle collector while building many objects at once.

    Parsing a large journal creates tens of thousands of dicts and lists that
    all stay alive; the collector would walk them again and again for
    nothing, roughly doubling the time. Plain reference counting still frees
    everything as usual; the collector runs again right after.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _validate_tables(raw: Any) -> str | None:
    """Why ``raw`` is not a well-formed TinyDB tables dict, or None if it is."""
    if not isinstance(raw, dict):
        return "the top level is not a JSON object"
    for table_name, table in raw.items():
        if not isinstance(table, dict):
            return f"table {table_name!r} is not a JSON object"
        for doc_id, doc in table.items():
            if not doc_id.isdigit():
                return f"table {table_name!r} has a document id {doc_id!r} that is not a number"
            if not isinstance(doc, dict):
                return f"document {doc_id} in table {table_name!r} is not a JSON object"
    return None


def decode_tables(data: bytes) -> Tables:
    """Parse a tend data file's bytes strictly; raises ValueError with a reason."""
    if not data.strip():
        raise ValueError("the file is empty")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ValueError(f"it is not UTF-8 text (byte {error.start})") from error
    try:
        with pause_gc():
            raw = json.loads(text)
    except json.JSONDecodeError as error:
        raise ValueError(f"it is not valid JSON (line {error.lineno}, column {error.colno}: {error.msg})") from error
    problem = _validate_tables(raw)
    if problem:
        raise ValueError(problem)
    return raw


_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def _encode_value(value: Any) -> str:
    """Compact JSON for one value (one encoder reused: this runs once per document)."""
    return _ENCODER.encode(value)


@dataclass
class TableMemo:
    """What one table looked like when it was last encoded, and its JSON body."""

    keys: list[str]
    documents: list[Any]
    body: str
    """The table's JSON without its braces: ``"1":{...},"2":{...}``."""


def _encode_table_body(table: dict[str, Any], memo: TableMemo | None) -> str:
    """A table's JSON body, reusing ``memo`` when documents were only appended.

    When every document of the last encoding is still there, in the same
    place and as the very same object, only the new ones are encoded (saving
    one entry in a large journal); otherwise the table is encoded in one call.
    Sound because documents are never changed in place (see DurableTable).
    """
    keys = list(table)
    if memo is not None and memo.keys and len(keys) >= len(memo.keys):
        known = len(memo.keys)
        documents = list(table.values())
        if keys[:known] == memo.keys and all(map(operator.is_, documents, memo.documents)):
            added = [
                f"{_encode_value(str(key))}:{_encode_value(doc)}" for key, doc in zip(keys[known:], documents[known:])
            ]
            return ",".join([memo.body, *added]) if added else memo.body
    return _encode_value(table)[1:-1]


def encode_tables(tables: Tables, memos: dict[str, TableMemo] | None = None) -> bytes:
    """Serialise tables as compact UTF-8 JSON.

    Text is written as itself (readable when opened by hand). Should a lone
    surrogate slip through, which UTF-8 cannot carry, the file falls back to
    ASCII escapes, which JSON reads back exactly, rather than failing.

    ``memos`` (updated in place) remembers each table's last encoding so that
    appending to a large table does not encode it all again.
    """
    parts: list[str] = []
    for name, table in tables.items():
        body = _encode_table_body(table, memos.get(name) if memos is not None else None)
        if memos is not None:
            memos[name] = TableMemo(list(table), list(table.values()), body)
        parts.append(f"{_encode_value(name)}:{{{body}}}")
    text = "{" + ",".join(parts) + "}"
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        return json.dumps(tables, ensure_ascii=True, separators=(",", ":")).encode("ascii")


def read_meta(tables: Tables | None) -> dict[str, Any] | None:
    """The ``_meta`` document of a tables dict, if there is one."""
    if not tables:
        return None
    meta_table = tables.get(META_TABLE)
    if not meta_table:
        return None
    return next(iter(meta_table.values()), None)


class DurableStorage(Storage):
    """A TinyDB storage that reads strictly and writes atomically.

    Every :meth:`write` stamps the ``_meta`` table with ``file_format`` and
    ``schema_version``. ``corrupt_hint`` is the advice appended to the
    one-line error for a broken file.
    """

    def __init__(
        self,
        path: Path,
        *,
        file_format: str,
        schema_version: int,
        label: str = "",
        corrupt_hint: str = "",
    ) -> None:
        super().__init__()
        self.path = Path(path)
        self.file_format = file_format
        self.schema_version = schema_version
        self.label = label or self.path.name
        self.corrupt_hint = corrupt_hint
        self._cached_bytes: bytes | None = None
        self._cached_tables: Tables | None = None
        self._memos: dict[str, TableMemo] = {}
        self._pinned = False
        self.generation = 0
        """Changes whenever the content this storage last saw changes; lets
        stores keep derived views (sorted entries, search text) until then."""

    def read_raw(self) -> Tables | None:
        """The tables on disk, parsed strictly; None if the file does not exist.

        The returned structure is shared with the cache: do not mutate it;
        :meth:`read` hands TinyDB a copy it may change.
        """
        if self._pinned and self._cached_tables is not None:
            return self._cached_tables
        data = read_bytes_or_none(self.path, label=self.label)
        if data is None:
            if self._cached_bytes is not None:
                self._forget()
            return None
        if data == self._cached_bytes and self._cached_tables is not None:
            return self._cached_tables
        try:
            tables = decode_tables(data)
        except ValueError as error:
            self._forget()
            hint = f"; {self.corrupt_hint}" if self.corrupt_hint else ""
            raise CorruptFileError(
                f"{self.label} file {self.path} is damaged ({error}); it was left untouched{hint}",
                path=self.path,
                reason=str(error),
            ) from error
        self._cached_bytes = data
        self._cached_tables = tables
        self.generation += 1
        return tables

    @contextlib.contextmanager
    def pinned(self) -> Iterator[None]:
        """Trust the copy in memory instead of re-reading the file.

        Use only while holding the file's lock, after one fresh read: no one
        else can change the file then, so the several reads TinyDB makes for
        one change need not each read and compare the whole file.
        """
        self._pinned = True
        try:
            yield
        finally:
            self._pinned = False

    def read(self) -> Tables | None:
        """The tables for TinyDB: fresh table dicts, documents shared with the cache.

        Sharing documents keeps a save of a large file cheap (unchanged
        documents are recognised by identity and not encoded again). It is
        safe because writes go through :class:`DurableTable`, which gives
        TinyDB a private copy of any document before it can change it.
        """
        tables = self.read_raw()
        if tables is None:
            return None
        return {name: dict(table) for name, table in tables.items()}

    def write(self, data: Tables) -> None:
        data[META_TABLE] = {"1": {"format": self.file_format, "schema": self.schema_version}}
        encoded = encode_tables(data, self._memos)
        try:
            atomic_write_bytes(self.path, encoded, label=self.label)
        except StorageError:
            self._forget()
            raise
        self._cached_bytes = encoded
        self._cached_tables = data
        self.generation += 1

    def _forget(self) -> None:
        self._cached_bytes = None
        self._cached_tables = None
        self.generation += 1


class _CopyOnAccess(dict):
    """A table's documents, handing out a private copy of each document the
    first time it is looked up, so that TinyDB's in-place updates change the
    copy and never the document the storage remembers."""

    def __init__(self, documents: dict) -> None:
        super().__init__(documents)
        self._copied: set = set()

    def __getitem__(self, key: Any) -> Any:
        value = super().__getitem__(key)
        if key not in self._copied:
            value = copy.deepcopy(value)
            super().__setitem__(key, value)
            self._copied.add(key)
        return value

    def get(self, key: Any, default: Any = None) -> Any:
        return self[key] if key in self else default


class DurableTable(Table):
    """A TinyDB table for :class:`DurableStorage`.

    Behaves like TinyDB's table, except that inserts go straight to the
    storage's string-keyed table (no round trip of every id through int), and
    other changes get a private copy of any document they touch (see
    :class:`_CopyOnAccess`), so documents the storage remembers are never
    changed in place. Make a fresh instance for each locked write: TinyDB
    tables remember the next document id, which another process may already
    have used.
    """

    def insert(self, document: Mapping) -> int:
        return self.insert_multiple([document])[0]

    def insert_multiple(self, documents: Iterable[Mapping]) -> list[int]:
        """Add documents with one write, as TinyDB does, but without converting
        every id of a large table to a number and back: adding one entry to a
        big journal should cost little more than writing the file."""
        tables = self._storage.read() or {}
        table = tables.get(self.name, {})
        next_id = max(map(int, table), default=0) + 1
        added: list[int] = []
        for document in documents:
            if not isinstance(document, Mapping):
                raise ValueError("Document is not a Mapping")
            doc_id = document.doc_id if isinstance(document, Document) else next_id
            if str(doc_id) in table:
                raise ValueError(f"Document with ID {doc_id} already exists")
            table[str(doc_id)] = dict(document)
            next_id = max(next_id, doc_id + 1)
            added.append(doc_id)
        tables[self.name] = table
        self._storage.write(tables)
        self.clear_cache()
        return added

    def _update_table(self, updater: Callable[[dict[int, Mapping]], None]) -> None:
        def on_private_copies(table: dict[int, Mapping]) -> None:
            guarded = _CopyOnAccess(table)
            updater(guarded)
            table.clear()
            table.update(dict.items(guarded))

        super()._update_table(on_private_copies)
