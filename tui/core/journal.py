"""The practice journal: what happened, what repair was offered, how it went.

Entries live in ``<data dir>/journal.json``, a TinyDB database on
:class:`~tui.core.durable.DurableStorage` (atomic writes, strict reads). Every
change happens inside a cross-process lock and starts from a fresh read of
the file, with a fresh TinyDB table (no cached next id, no cached queries), so
the app, a second app window and ``tend journal add`` in another terminal
never overwrite each other's entries.

The file carries a schema version. An older file is migrated after a copy of
it is put in ``backups/``; a newer one is refused. Once a day, on open, a
copy of the good file goes to ``backups/`` too (the newest few are kept), so a
damaged file can be replaced with :meth:`JournalStore.recover`. A damaged
file is never written over.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any


from tui.core.durable import (
    CorruptFileError,
    DurableStorage,
    DurableTable,
    LockError,
    Tables,
    atomic_write_bytes,
    decode_tables,
    file_lock,
    pause_gc,
    read_bytes_or_none,
    read_meta,
    remove_stale_tmp_files,
)
from tui.core.errors import StorageError, TendError
from tui.core.paths import ensure_private_dir

JOURNAL_FILE = "journal.json"
JOURNAL_FORMAT = "tend-journal"
EXPORT_FORMAT = "tend-journal-export"
SCHEMA_VERSION = 2
"""Version 1 was a plain TinyDB file (``_default`` table, ``text`` for the
note, tags as one comma-separated string, checks as a question->answer
object, naive local times). Version 2 is the :class:`Entry` layout."""
ENTRIES_TABLE = "entries"
BACKUP_DIR = "backups"
DAILY_BACKUPS_KEPT = 5
KINDS = ("rupture", "practice", "draft")
RECOVER_HINT = "run `tend journal recover` to restore the newest backup (the damaged file is kept beside it)"

_SURROGATES = re.compile("[\ud800-\udfff]")


def now_local() -> datetime:
    """The current time with the local UTC offset."""
    return datetime.now().astimezone()


def iso(moment: datetime) -> str:
    """ISO 8601 with a UTC offset, to the second (a naive time is taken as local)."""
    if moment.tzinfo is None:
        moment = moment.astimezone()
    return moment.isoformat(timespec="seconds")


def parse_moment(text: str | None) -> datetime | None:
    """Parse an ISO date-time; a naive one is taken as local time. None if unparseable."""
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.astimezone()
    return moment


def clean_text(text: str) -> tuple[str, int]:
    """Make ``text`` storable as UTF-8 and say how many characters were replaced.

    Everything UTF-8 can carry is kept exactly (emoji, right-to-left text,
    CRLF, NUL, any length). Only surrogates, which a terminal may deliver for
    bytes it could not decode, are touched: a high and low half that belong
    together are joined into their character, a lone half becomes U+FFFD.
    """
    if not _SURROGATES.search(text):
        return text, 0
    fixed = text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
    return fixed, fixed.count("\ufffd") - text.count("\ufffd")


@dataclass
class ChecklistItem:
    """One question from a lesson's "In practice" list, and the answer given."""

    question: str
    answer: str

    def to_dict(self) -> dict[str, str]:
        return {"question": self.question, "answer": self.answer}


@dataclass
class Entry:
    """One journal entry: a rupture, a practice, or a draft from the builder."""

    id: int | None = None
    created: str = ""
    """ISO 8601 with UTC offset, set on add."""
    updated: str | None = None
    kind: str = "rupture"
    """"rupture" | "practice" | "draft"."""
    lesson: str | None = None
    """A lesson slug."""
    note: str = ""
    """What happened."""
    repair: str = ""
    """The repair offered or received."""
    outcome: str = ""
    """How it went ("" when not known yet)."""
    repaired: bool | None = None
    """Did the rupture get a repair (None: not said)."""
    checklist: list[ChecklistItem] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    promised_return: str | None = None
    """ISO date-time the person said they would come back by, after stepping away."""
    returned_at: str | None = None
    """When they did come back."""
    analysis: dict | None = None
    """A checker ``Analysis.to_dict()``, for drafts saved from the builder."""

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict of every field (``id`` included)."""
        return {
            "id": self.id,
            "created": self.created,
            "updated": self.updated,
            "kind": self.kind,
            "lesson": self.lesson,
            "note": self.note,
            "repair": self.repair,
            "outcome": self.outcome,
            "repaired": self.repaired,
            "checklist": [item.to_dict() for item in self.checklist],
            "tags": list(self.tags),
            "promised_return": self.promised_return,
            "returned_at": self.returned_at,
            "analysis": self.analysis,
        }

    def to_document(self) -> dict[str, Any]:
        """The dict stored in TinyDB: everything but the id, which is the key."""
        document = self.to_dict()
        del document["id"]
        return document

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Entry:
        """Build an entry from a stored or exported dict, tolerating missing keys.

        A value of the wrong type (from a hand-edited file) is read as the
        field's default rather than crashing the list. Written for speed:
        opening a journal calls it once per entry.
        """
        get = d.get
        raw_id = get("id")
        kind = get("kind")
        repaired = get("repaired")
        analysis = get("analysis")
        checklist: list[ChecklistItem] = []
        raw_checklist = get("checklist")
        if type(raw_checklist) is list:
            for item in raw_checklist:
                if type(item) is dict:
                    question, answer = item.get("question"), item.get("answer")
                elif isinstance(item, (list, tuple)) and len(item) == 2:
                    question, answer = item
                else:
                    continue
                checklist.append(
                    ChecklistItem(question if type(question) is str else "", answer if type(answer) is str else "")
                )
        raw_tags = get("tags")
        return cls(
            id=raw_id if type(raw_id) is int else None,
            created=_text(get("created")),
            updated=_optional_text(get("updated")),
            kind=kind if type(kind) is str and kind else "rupture",
            lesson=_optional_text(get("lesson")),
            note=_text(get("note")),
            repair=_text(get("repair")),
            outcome=_text(get("outcome")),
            repaired=repaired if type(repaired) is bool else None,
            checklist=checklist,
            tags=[tag for tag in raw_tags if type(tag) is str] if type(raw_tags) is list else [],
            promised_return=_optional_text(get("promised_return")),
            returned_at=_optional_text(get("returned_at")),
            analysis=analysis if type(analysis) is dict else None,
        )

    def created_at(self) -> datetime | None:
        return parse_moment(self.created)

    def cleaned(self) -> tuple[Entry, int]:
        """A copy whose text can be stored as UTF-8, and how many characters changed."""
        changed = 0

        def fix(text: str) -> str:
            nonlocal changed
            fixed, count = clean_text(text)
            changed += count
            return fixed

        def fix_optional(text: str | None) -> str | None:
            return None if text is None else fix(text)

        copy = Entry(
            id=self.id,
            created=self.created,
            updated=self.updated,
            kind=fix(self.kind),
            lesson=fix_optional(self.lesson),
            note=fix(self.note),
            repair=fix(self.repair),
            outcome=fix(self.outcome),
            repaired=self.repaired,
            checklist=[ChecklistItem(fix(item.question), fix(item.answer)) for item in self.checklist],
            tags=[fix(tag) for tag in self.tags],
            promised_return=self.promised_return,
            returned_at=self.returned_at,
            analysis=_clean_json(self.analysis, fix) if self.analysis is not None else None,
        )
        return copy, changed


def _clean_json(value: Any, fix: Any) -> Any:
    if isinstance(value, str):
        return fix(value)
    if isinstance(value, dict):
        return {fix(str(key)): _clean_json(item, fix) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_clean_json(item, fix) for item in value]
    return value


def _text(value: Any) -> str:
    return value if type(value) is str else ""


def _optional_text(value: Any) -> str | None:
    return value if type(value) is str and value else None


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


@dataclass
class JournalFilter:
    """Which entries to show. Every field that is set must match."""

    lesson: str | None = None
    tag: str | None = None
    since: date | None = None
    """Created on or after this local date."""
    until: date | None = None
    """Created on or before this local date."""
    contains: str | None = None
    """Every word must occur somewhere in the entry's text (case-insensitive)."""


@dataclass
class WeekStats:
    """Ruptures and repairs in one ISO week."""

    year: int
    week: int
    start: date
    """The Monday the week begins."""
    ruptures: int = 0
    repairs: int = 0
    """Ruptures in the week marked as repaired."""


@dataclass
class _Indexed:
    entry: Entry
    moment: datetime
    day: date
    haystack: str
    tags: frozenset[str]


_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


def _index(entry: Entry) -> _Indexed:
    moment = entry.created_at() or _EPOCH
    parts = [entry.note, entry.repair, entry.outcome, entry.lesson or "", entry.kind, *entry.tags]
    for item in entry.checklist:
        parts.append(item.question)
        parts.append(item.answer)
    return _Indexed(
        entry, moment, moment.astimezone().date(), "\n".join(parts).casefold(), frozenset(map(str.casefold, entry.tags))
    )


def _apply_filter(items: list[_Indexed], flt: JournalFilter) -> list[_Indexed]:
    """The items matching every set field of ``flt``, order kept.

    One list comprehension per condition: fast enough to re-run on every
    keystroke of a filter box over ten thousand entries.
    """
    if flt.lesson is not None:
        lesson = flt.lesson
        items = [item for item in items if item.entry.lesson == lesson]
    if flt.tag is not None:
        tag = flt.tag.casefold()
        items = [item for item in items if tag in item.tags]
    if flt.since is not None:
        since = flt.since
        items = [item for item in items if item.day >= since]
    if flt.until is not None:
        until = flt.until
        items = [item for item in items if item.day <= until]
    for word in (flt.contains or "").casefold().split():
        items = [item for item in items if word in item.haystack]
    return items


class JournalStore:
    """The journal file: add, change, list, summarise, export, recover."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = Path(data_dir)
        self.path = self.data_dir / JOURNAL_FILE
        self.backup_dir = self.data_dir / BACKUP_DIR
        self.notice: str | None = None
        """Something the person should know after :meth:`open` (e.g. a backup failed)."""
        self.save_notice: str | None = None
        """Set by the last add/update when text had to be cleaned to be saved."""
        self._storage = DurableStorage(
            self.path,
            file_format=JOURNAL_FORMAT,
            schema_version=SCHEMA_VERSION,
            label="journal",
            corrupt_hint=RECOVER_HINT,
        )
        self._opened = False
        self._index_generation = -1
        self._indexed: list[_Indexed] = []
        # Entries already parsed, by id, with the document they came from:
        # after a save only new or changed documents are parsed again.
        self._indexed_by_id: dict[str, tuple[dict, _Indexed]] = {}

    # opening, versions, backups

    def open(self) -> None:
        """Check the file, migrate an older schema, refuse a newer one, take the
        day's backup. Creates nothing when there is no journal yet."""
        self.notice = None
        if not self.path.exists():
            if self._backups():
                self.notice = (
                    f"there is no journal at {self.path}, but backups exist in {self.backup_dir}; "
                    "run `tend journal recover` to bring the newest back"
                )
            self._opened = True
            return
        try:
            with file_lock(self.path, label="journal"):
                remove_stale_tmp_files(self.path)
                tables = self._storage.read_raw()
                self._bring_to_current_schema(tables)
                try:
                    self._take_daily_backup()
                except StorageError as error:
                    self.notice = f"today's backup of the journal was not taken: {error.message}"
        except LockError as error:
            # Reading needs no lock (saves replace the file whole), so a journal
            # in a read-only folder, or one another tend holds, can still be read.
            schema = self._schema_of(self._storage.read_raw())
            if schema != SCHEMA_VERSION:
                raise StorageError(
                    f"{self.path} uses journal schema {schema} and this tend uses {SCHEMA_VERSION}; "
                    f"it cannot be converted now ({error.message})"
                ) from error
            self.notice = f"the journal can be read but not saved right now: {error.message}"
        self._opened = True

    def _ensure_open(self) -> None:
        if not self._opened:
            self.open()

    def _schema_of(self, tables: Tables | None) -> int:
        if not tables:
            return SCHEMA_VERSION
        meta = read_meta(tables)
        if meta is None:
            return 1
        file_format = meta.get("format")
        if file_format not in (None, JOURNAL_FORMAT):
            raise StorageError(
                f"{self.path} is not a tend journal (it says it is {file_format!r}); "
                "move it elsewhere and start again, it was left untouched"
            )
        schema = meta.get("schema")
        if not isinstance(schema, int) or isinstance(schema, bool) or schema < 1:
            raise CorruptFileError(
                f"journal file {self.path} is damaged (its schema version {schema!r} is not a number); "
                f"it was left untouched; {RECOVER_HINT}",
                path=self.path,
                reason="bad schema version",
            )
        return schema

    def _bring_to_current_schema(self, tables: Tables | None) -> None:
        """Migrate (after a backup) or refuse; must be called holding the lock."""
        schema = self._schema_of(tables)
        if schema == SCHEMA_VERSION or tables is None:
            return
        if schema > SCHEMA_VERSION:
            raise StorageError(
                f"{self.path} was saved by a newer tend (journal schema {schema}; this tend knows "
                f"up to {SCHEMA_VERSION}); update tend to open it. The file was left untouched"
            )
        original = read_bytes_or_none(self.path, label="journal")
        if original is None:
            return
        stamp = now_local().strftime("%Y%m%dT%H%M%S")
        ensure_private_dir(self.backup_dir)
        backup = self.backup_dir / f"journal-schema{schema}-{stamp}.json"
        atomic_write_bytes(backup, original, label="journal backup")
        migrated = migrate_tables(tables, schema)
        self._storage.write(migrated)

    def _take_daily_backup(self) -> None:
        today = now_local().date().isoformat()
        target = self.backup_dir / f"journal-{today}.json"
        if target.exists():
            return
        data = read_bytes_or_none(self.path, label="journal")
        if data is None:
            return
        ensure_private_dir(self.backup_dir)
        atomic_write_bytes(target, data, label="journal backup")
        daily = sorted(p for p in self.backup_dir.glob("journal-????-??-??.json"))
        for old in daily[:-DAILY_BACKUPS_KEPT]:
            with contextlib.suppress(OSError):
                old.unlink()

    def _backups(self) -> list[Path]:
        """Every backup, newest first."""
        if not self.backup_dir.is_dir():
            return []
        found = [p for p in self.backup_dir.glob("journal-*.json") if p.is_file()]

        def newest(p: Path) -> tuple[float, str]:
            try:
                return (p.stat().st_mtime, p.name)
            except OSError:
                return (0.0, p.name)

        return sorted(found, key=newest, reverse=True)

    def needs_recovery(self) -> bool:
        """True when the journal file exists and cannot be read, or is missing
        while backups exist."""
        data = read_bytes_or_none(self.path, label="journal")
        if data is None:
            return bool(self._backups())
        try:
            tables = decode_tables(data)
            self._schema_of(tables)
        except (ValueError, CorruptFileError):
            return True
        except StorageError:
            return False
        return False

    def recover(self) -> Path:
        """Replace a damaged (or missing) journal with the newest readable backup.

        The damaged file is renamed to ``journal.json.broken-<time>`` beside
        it, never deleted. Returns the backup used. Raises
        :class:`StorageError` when the journal is fine or no backup is readable.
        """
        with file_lock(self.path, label="journal"):
            if not self.needs_recovery():
                raise StorageError(
                    f"the journal at {self.path} is readable; nothing to recover (backups are in {self.backup_dir})"
                )
            chosen: Path | None = None
            chosen_bytes = b""
            for candidate in self._backups():
                data = read_bytes_or_none(candidate, label="journal backup")
                if data is None:
                    continue
                try:
                    tables = decode_tables(data)
                    schema = self._schema_of(tables)
                except (ValueError, StorageError):
                    continue
                if schema > SCHEMA_VERSION:
                    continue
                chosen, chosen_bytes = candidate, data
                break
            if chosen is None:
                raise StorageError(
                    f"no readable backup of the journal in {self.backup_dir}; {self.path} was left as it is "
                    "(open it in a text editor to repair it by hand)"
                )
            if self.path.exists():
                stamp = now_local().strftime("%Y%m%dT%H%M%S")
                broken = self.path.with_name(f"{self.path.name}.broken-{stamp}")
                try:
                    os.replace(self.path, broken)
                except OSError as error:
                    raise StorageError(
                        f"could not move the damaged {self.path} aside: {error.strerror or error}; nothing was changed"
                    ) from error
            atomic_write_bytes(self.path, chosen_bytes, label="journal")
            self._storage.read_raw()
        self._opened = False
        return chosen

    # changing entries

    @contextlib.contextmanager
    def _writing(self) -> Iterator[DurableTable]:
        """Lock, re-read the file, bring it to the current schema, and give a
        fresh TinyDB table (no cached next id or query results from before)."""
        self._ensure_open()
        with file_lock(self.path, label="journal"):
            tables = self._storage.read_raw()
            self._bring_to_current_schema(tables)
            with self._storage.pinned():
                yield DurableTable(self._storage, ENTRIES_TABLE, cache_size=0)

    def _prepare(self, entry: Entry) -> tuple[Entry, int]:
        if entry.kind not in KINDS:
            raise TendError(f"unknown entry kind {entry.kind!r}; use one of: {', '.join(KINDS)}")
        cleaned, changed = entry.cleaned()
        if not cleaned.created:
            cleaned.created = iso(now_local())
        return cleaned, changed

    def _set_save_notice(self, changed: int) -> None:
        if changed:
            plural = "s" if changed != 1 else ""
            self.save_notice = (
                f"{changed} character{plural} that could not be saved (broken text from the terminal) "
                "became \ufffd; the rest was saved exactly"
            )
        else:
            self.save_notice = None

    def add(self, entry: Entry) -> int:
        """Save a new entry; returns its id once it is safely on disk.

        ``entry.id`` and ``entry.created`` (when empty) are filled in.
        """
        prepared, changed = self._prepare(entry)
        with self._writing() as table:
            new_id = table.insert(prepared.to_document())
        entry.id = new_id
        entry.created = prepared.created
        self._set_save_notice(changed)
        return new_id

    def add_many(self, entries: list[Entry]) -> list[int]:
        """Save several new entries with one write; returns their ids in order."""
        prepared: list[Entry] = []
        changed = 0
        for entry in entries:
            cleaned, count = self._prepare(entry)
            prepared.append(cleaned)
            changed += count
        if not prepared:
            return []
        with self._writing() as table:
            ids = table.insert_multiple([item.to_document() for item in prepared])
        for entry, item, new_id in zip(entries, prepared, ids):
            entry.id = new_id
            entry.created = item.created
        self._set_save_notice(changed)
        return list(ids)

    def update(self, entry: Entry) -> None:
        """Save changes to an existing entry (matched by id); sets ``updated``."""
        if entry.id is None:
            raise TendError("cannot update a journal entry that has no id; add it first")
        prepared, changed = self._prepare(entry)
        prepared.updated = iso(now_local())
        with self._writing() as table:
            if not table.contains(doc_id=entry.id):
                raise TendError(f"there is no journal entry {entry.id} (it may have been deleted elsewhere)")
            document = prepared.to_document()

            def replace_all(stored: dict) -> None:
                stored.clear()
                stored.update(document)

            table.update(replace_all, doc_ids=[entry.id])
        entry.updated = prepared.updated
        self._set_save_notice(changed)

    def delete(self, entry_id: int) -> None:
        """Remove an entry; an id that is already gone is not an error."""
        with self._writing() as table:
            if table.contains(doc_id=entry_id):
                table.remove(doc_ids=[entry_id])

    def mark_returned(self, entry_id: int, when: datetime | None = None) -> Entry:
        """Record that the person came back after stepping away."""
        entry = self.get(entry_id)
        if entry is None:
            raise TendError(f"there is no journal entry {entry_id}")
        entry.returned_at = iso(when or now_local())
        self.update(entry)
        return entry

    # reading

    def _snapshot(self) -> list[_Indexed]:
        """Every entry, parsed and indexed, newest first; rebuilt only when the file changed."""
        self._ensure_open()
        tables = self._storage.read_raw()
        if self._storage.generation != self._index_generation:
            with pause_gc():
                self._rebuild_index(tables)
        return self._indexed

    def _rebuild_index(self, tables: Tables | None) -> None:
        """Parse new or changed documents; reuse the entries of unchanged ones."""
        raw = (tables or {}).get(ENTRIES_TABLE, {})
        known = self._indexed_by_id
        fresh: dict[str, tuple[dict, _Indexed]] = {}
        indexed = []
        for key, document in raw.items():
            previous = known.get(key)
            if previous is not None and (previous[0] is document or previous[0] == document):
                item = previous[1]
            else:
                entry = Entry.from_dict(document)
                entry.id = int(key)
                item = _index(entry)
            fresh[key] = (document, item)
            indexed.append(item)
        self._indexed_by_id = fresh
        indexed.sort(key=lambda item: (item.moment, item.entry.id or 0), reverse=True)
        self._indexed = indexed
        self._index_generation = self._storage.generation

    def get(self, entry_id: int) -> Entry | None:
        self._ensure_open()
        tables = self._storage.read_raw()
        document = (tables or {}).get(ENTRIES_TABLE, {}).get(str(entry_id))
        if document is None:
            return None
        entry = Entry.from_dict(document)
        entry.id = entry_id
        return entry

    def entries(self, flt: JournalFilter | None = None) -> list[Entry]:
        """Entries newest first, optionally filtered.

        The entries returned are shared with the store's index: change a copy
        and pass it to :meth:`update` rather than editing them in place.
        """
        snapshot = self._snapshot()
        if flt is None:
            return [item.entry for item in snapshot]
        return [item.entry for item in _apply_filter(snapshot, flt)]

    def __len__(self) -> int:
        return len(self._snapshot())

    def promised_returns(self, now: datetime | None = None) -> list[Entry]:
        """Entries with a promise to come back not yet kept: overdue first, then
        the soonest due."""
        open_promises = []
        for item in self._snapshot():
            entry = item.entry
            due = parse_moment(entry.promised_return)
            if due is not None and not entry.returned_at:
                open_promises.append((due, entry.id or 0, entry))
        open_promises.sort(key=lambda row: (row[0], row[1]))
        return [entry for _, _, entry in open_promises]

    def weekly_stats(self, weeks: int = 8, now: datetime | None = None) -> list[WeekStats]:
        """Ruptures and repaired ruptures per ISO week, oldest week first,
        ending with the week of ``now``."""
        today = (now or now_local()).astimezone().date()
        this_monday = today - timedelta(days=today.weekday())
        stats: dict[date, WeekStats] = {}
        for back in range(weeks - 1, -1, -1):
            monday = this_monday - timedelta(weeks=back)
            year, week, _ = monday.isocalendar()
            stats[monday] = WeekStats(year=year, week=week, start=monday)
        for item in self._snapshot():
            if item.entry.kind != "rupture":
                continue
            monday = item.day - timedelta(days=item.day.weekday())
            row = stats.get(monday)
            if row is None:
                continue
            row.ruptures += 1
            if item.entry.repaired:
                row.repairs += 1
        return list(stats.values())

    def repair_share(self) -> float | None:
        """Of the ruptures where it was recorded, the share that got a repair."""
        answered = [item.entry.repaired for item in self._snapshot() if item.entry.kind == "rupture"]
        known = [value for value in answered if value is not None]
        if not known:
            return None
        return sum(1 for value in known if value) / len(known)

    def recurring_away_moves(self, top: int = 5) -> list[tuple[str, int]]:
        """The away moves the checker found most often in saved drafts and entries.

        Reads ``analysis["findings"]``: each finding with ``effect`` (or
        ``direction``) ``"away"`` counts under its ``family``, else ``move``,
        else ``rule``.
        """
        counts: Counter[str] = Counter()
        for item in self._snapshot():
            analysis = item.entry.analysis
            if not analysis:
                continue
            for finding in _as_list(analysis.get("findings")):
                if not isinstance(finding, dict):
                    continue
                effect = finding.get("effect", finding.get("direction"))
                if effect != "away":
                    continue
                label = finding.get("family") or finding.get("move") or finding.get("rule") or finding.get("rule_id")
                if isinstance(label, str) and label:
                    counts[label] += 1
        return counts.most_common(top)

    # export

    def export_json(self) -> str:
        """Every entry, newest first, in a document :func:`parse_import` reads back."""
        document = {
            "format": EXPORT_FORMAT,
            "schema": SCHEMA_VERSION,
            "exported": iso(now_local()),
            "entries": [entry.to_dict() for entry in self.entries()],
        }
        return json.dumps(document, ensure_ascii=False, indent=2) + "\n"

    def export_markdown(self) -> str:
        """A readable Markdown page of every entry, newest first."""
        entries = self.entries()
        lines = ["# Tend journal", "", f"Exported {iso(now_local())}: {len(entries)} entries, newest first.", ""]
        for entry in entries:
            lines.extend(entry_markdown(entry))
        return "\n".join(lines).rstrip("\n") + "\n"


def _quote(text: str) -> list[str]:
    return ["> " + line if line else ">" for line in text.replace("\r\n", "\n").split("\n")]


def describe_moment(text: str | None) -> str:
    """A stored time as local 'YYYY-MM-DD HH:MM', or the raw text if unparseable."""
    moment = parse_moment(text)
    if moment is None:
        return text or "?"
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")


def entry_markdown(entry: Entry) -> list[str]:
    """The Markdown lines for one entry in an export."""
    heading = f"## {describe_moment(entry.created)} · {entry.kind}"
    if entry.lesson:
        heading += f" · {entry.lesson}"
    lines = [heading + f" (#{entry.id})", ""]
    for label, text in (("What happened", entry.note), ("Repair", entry.repair), ("Outcome", entry.outcome)):
        if text:
            lines.extend([f"**{label}:**", "", *_quote(text), ""])
    if entry.repaired is not None:
        lines.extend([f"Repaired: {'yes' if entry.repaired else 'not yet'}", ""])
    if entry.checklist:
        lines.append("**Checklist:**")
        lines.append("")
        for item in entry.checklist:
            lines.append(f"- {item.question}: {item.answer}")
        lines.append("")
    if entry.promised_return:
        kept = f", came back {describe_moment(entry.returned_at)}" if entry.returned_at else ""
        lines.extend([f"Said they would come back by {describe_moment(entry.promised_return)}{kept}", ""])
    if entry.tags:
        lines.extend(["Tags: " + ", ".join(entry.tags), ""])
    return lines


def migrate_tables(tables: Tables | None, schema: int) -> Tables:
    """Turn an older journal's tables into the current layout."""
    if schema == 1:
        old = dict((tables or {}).get("_default", {}))
        old.update((tables or {}).get(ENTRIES_TABLE, {}))
        return {ENTRIES_TABLE: {key: _migrate_v1_document(doc) for key, doc in old.items()}}
    raise StorageError(f"no migration from journal schema {schema}; update tend")


def _migrate_v1_document(doc: dict[str, Any]) -> dict[str, Any]:
    tags = doc.get("tags")
    if isinstance(tags, str):
        tags = [tag.strip() for tag in tags.split(",") if tag.strip()]
    checks = doc.get("checks", doc.get("checklist"))
    checklist: list[dict[str, str]] = []
    if isinstance(checks, dict):
        checklist = [{"question": str(q), "answer": str(a)} for q, a in checks.items()]
    elif isinstance(checks, list):
        checklist = [item for item in checks if isinstance(item, dict)]
    created = doc.get("created")
    moment = parse_moment(created) if isinstance(created, str) else None
    migrated = dict(doc)
    migrated.pop("text", None)
    migrated.pop("checks", None)
    migrated.update(
        {
            "created": iso(moment) if moment else (created if isinstance(created, str) else ""),
            "kind": doc.get("kind") or "rupture",
            "note": doc.get("note", doc.get("text", "")),
            "tags": tags if isinstance(tags, list) else [],
            "checklist": checklist,
        }
    )
    return Entry.from_dict(migrated).to_document()


def parse_import(text: str, source: str) -> list[Entry]:
    """Read entries from a JSON export or from the array ``tend journal list --json`` prints.

    Entries come back oldest first, without ids (they get new ones when added).

    Strict: anything that is not such a file raises :class:`TendError`
    naming ``source`` and the first problem, so nothing is imported from it.
    """
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise TendError(
            f"{source} is not a JSON journal export (line {error.lineno}, column {error.colno}: {error.msg}); "
            "nothing was imported"
        ) from error
    if isinstance(document, dict):
        if document.get("format") != EXPORT_FORMAT or not isinstance(document.get("entries"), list):
            raise TendError(
                f"{source} is not a tend journal export (expected \"format\": \"{EXPORT_FORMAT}\" and an "
                "\"entries\" list); nothing was imported"
            )
        schema = document.get("schema", SCHEMA_VERSION)
        if isinstance(schema, int) and schema > SCHEMA_VERSION:
            raise TendError(
                f"{source} was exported by a newer tend (schema {schema}); update tend to import it; "
                "nothing was imported"
            )
        items = document["entries"]
    elif isinstance(document, list):
        items = document
    else:
        raise TendError(f"{source} holds neither a journal export nor a list of entries; nothing was imported")
    keyed: list[tuple[float, int, int, Entry]] = []
    for number, item in enumerate(items, start=1):
        problem = _import_problem(item)
        if problem:
            raise TendError(f"{source}: entry {number} {problem}; nothing was imported")
        entry = Entry.from_dict(item)
        moment = entry.created_at()
        keyed.append((moment.timestamp() if moment else float("inf"), entry.id or 0, number, entry))
        entry.id = None
    # Oldest first (then by the old id), so new ids follow the order the entries were written in.
    keyed.sort(key=lambda row: row[:3])
    return [row[3] for row in keyed]


_STRING_FIELDS = ("created", "kind", "note", "repair", "outcome")
_OPTIONAL_STRING_FIELDS = ("updated", "lesson", "promised_return", "returned_at")
_ENTRY_FIELDS = tuple(name for name in Entry().to_dict() if name != "id")


def _import_problem(item: Any) -> str | None:
    """What is wrong with one imported entry, or None."""
    if not isinstance(item, dict):
        return "is not an object"
    for name in _STRING_FIELDS:
        if name in item and not isinstance(item[name], str):
            return f"has a {name!r} that is not text"
    for name in _OPTIONAL_STRING_FIELDS:
        if item.get(name) is not None and not isinstance(item[name], str):
            return f"has a {name!r} that is not text"
    if not any(name in item for name in _ENTRY_FIELDS):
        return "has none of the fields of a journal entry"
    if "kind" in item and item["kind"] not in KINDS:
        return f"has kind {item['kind']!r} (use one of: {', '.join(KINDS)})"
    if item.get("created") and parse_moment(item["created"]) is None:
        return f"has a 'created' time {item['created']!r} that is not ISO 8601"
    tags = item.get("tags", [])
    if not isinstance(tags, list) or not all(isinstance(tag, str) for tag in tags):
        return "has 'tags' that are not a list of text"
    checklist = item.get("checklist", [])
    if not isinstance(checklist, list):
        return "has a 'checklist' that is not a list"
    for check in checklist:
        if not (
            isinstance(check, dict)
            and isinstance(check.get("question"), str)
            and isinstance(check.get("answer"), str)
        ):
            return "has a checklist item without text 'question' and 'answer'"
    repaired = item.get("repaired")
    if repaired is not None and not isinstance(repaired, bool):
        return "has 'repaired' that is not true, false or null"
    analysis = item.get("analysis")
    if analysis is not None and not isinstance(analysis, dict):
        return "has an 'analysis' that is not an object"
    return None
