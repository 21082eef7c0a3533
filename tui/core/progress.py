"""How far a person has got in each lesson: read, practised, where they stopped.

Kept in ``<data dir>/progress.json`` through the same durable storage as the
journal (atomic writes, a cross-process lock around each change). Progress is
a convenience, not a record: a damaged progress file never stops the app. It
is moved aside as ``progress.json.broken-<time>`` (for anyone who wants to
look at it), :attr:`ProgressStore.notice` says so once, and tend starts
afresh. A save that fails (full disk) keeps the change in memory, sets the
notice instead of raising, and goes out with the next save that works.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from tinydb import Query

from tui.core.durable import (
    CorruptFileError,
    DurableStorage,
    DurableTable,
    file_lock,
    read_meta,
    remove_stale_tmp_files,
)
from tui.core.errors import StorageError

PROGRESS_FILE = "progress.json"
PROGRESS_FORMAT = "tend-progress"
SCHEMA_VERSION = 1
LESSONS_TABLE = "lessons"
STATES = ("new", "read", "practised")


def _now() -> str:
    return datetime.now().astimezone().isoformat()


@dataclass
class LessonProgress:
    """One lesson's progress."""

    slug: str
    state: str = "new"
    """"new" | "read" | "practised"."""
    section: int = 0
    """The section the person was last on."""
    last_visit: str | None = None
    practised_at: str | None = None
    checks: dict[str, int] = field(default_factory=dict)
    """Check-yourself question index (as text) -> the choice picked."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "slug": self.slug,
            "state": self.state,
            "section": self.section,
            "last_visit": self.last_visit,
            "practised_at": self.practised_at,
            "checks": dict(self.checks),
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> LessonProgress:
        """Tolerant of hand edits: a wrong value reads as the default."""
        state = d.get("state")
        section = d.get("section")
        checks = d.get("checks")
        return cls(
            slug=str(d.get("slug", "")),
            state=state if state in STATES else "new",
            section=section if isinstance(section, int) and not isinstance(section, bool) and section >= 0 else 0,
            last_visit=d.get("last_visit") if isinstance(d.get("last_visit"), str) else None,
            practised_at=d.get("practised_at") if isinstance(d.get("practised_at"), str) else None,
            checks={
                str(key): value
                for key, value in (checks.items() if isinstance(checks, dict) else [])
                if isinstance(value, int) and not isinstance(value, bool)
            },
        )


class ProgressStore:
    """Per-lesson progress, saved as it changes."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = Path(data_dir)
        self.path = self.data_dir / PROGRESS_FILE
        self.notice: str | None = None
        """Set when progress could not be read or saved; the app shows it once."""
        self._storage = DurableStorage(
            self.path,
            file_format=PROGRESS_FORMAT,
            schema_version=SCHEMA_VERSION,
            label="progress",
        )
        self._memory: dict[str, LessonProgress] = {}
        self._unsaved: dict[str, LessonProgress] = {}
        self._readable = True
        self._load()

    def take_notice(self) -> str | None:
        """Return the notice and clear it, so it is shown once."""
        notice, self.notice = self.notice, None
        return notice

    def _load(self) -> None:
        """Refresh the in-memory view from the file, moving a damaged file aside."""
        if not self._readable:
            return
        try:
            tables = self._storage.read_raw()
            meta = read_meta(tables)
            if meta is not None and meta.get("format") not in (None, PROGRESS_FORMAT):
                raise CorruptFileError("not a progress file", path=self.path, reason="not a progress file")
            if meta is not None and isinstance(meta.get("schema"), int) and meta["schema"] > SCHEMA_VERSION:
                self._readable = False
                self.notice = (
                    f"progress in {self.path} was saved by a newer tend; it is shown as new here "
                    "and left untouched (update tend to see it)"
                )
                return
        except CorruptFileError:
            self._move_aside()
            return
        except StorageError as error:
            self.notice = f"progress could not be read ({error.message}); carrying on without it"
            self._readable = False
            return
        memory: dict[str, LessonProgress] = {}
        for document in (tables or {}).get(LESSONS_TABLE, {}).values():
            progress = LessonProgress.from_dict(document)
            if progress.slug:
                memory[progress.slug] = progress
        # Changes that could not be saved (full disk) still count in this window.
        memory.update(self._unsaved)
        self._memory = memory

    def _move_aside(self) -> None:
        stamp = datetime.now().strftime("%Y%m%dT%H%M%S")
        broken = self.path.with_name(f"{self.path.name}.broken-{stamp}")
        try:
            os.replace(self.path, broken)
        except OSError:
            self._readable = False
            self.notice = f"progress file {self.path} was unreadable and could not be moved aside; progress will not be saved"
            return
        self._memory = {}
        self.notice = f"progress file was unreadable; kept it as {broken.name} and started fresh"

    def _save(self, progress: LessonProgress) -> None:
        """Write one lesson's progress under the lock, merged with what other windows saved."""
        self._memory[progress.slug] = progress
        if not self._readable:
            self._unsaved[progress.slug] = progress
            return
        try:
            with file_lock(self.path, label="progress"):
                remove_stale_tmp_files(self.path)
                try:
                    self._storage.read_raw()
                except CorruptFileError:
                    self._move_aside()
                    self._memory[progress.slug] = progress
                # Anything an earlier failed save left behind goes out with this one.
                pending = {**self._unsaved, progress.slug: progress}
                with self._storage.pinned():
                    for slug, item in pending.items():
                        table = DurableTable(self._storage, LESSONS_TABLE, cache_size=0)
                        table.upsert(item.to_dict(), Query().slug == slug)
                        self._unsaved.pop(slug, None)
        except StorageError as error:
            self._unsaved[progress.slug] = progress
            self.notice = f"progress was not saved: {error.message}"

    def get(self, slug: str) -> LessonProgress:
        self._load()
        found = self._memory.get(slug)
        return LessonProgress.from_dict(found.to_dict()) if found else LessonProgress(slug=slug)

    def all(self) -> dict[str, LessonProgress]:
        self._load()
        return {slug: LessonProgress.from_dict(p.to_dict()) for slug, p in self._memory.items()}

    def visit(self, slug: str, section: int) -> None:
        """The person is reading ``slug`` at ``section``: marks it read (unless practised)."""
        progress = self.get(slug)
        if progress.state == "new":
            progress.state = "read"
        progress.section = max(0, section)
        progress.last_visit = _now()
        self._save(progress)

    def mark_practised(self, slug: str) -> None:
        progress = self.get(slug)
        progress.state = "practised"
        progress.practised_at = _now()
        progress.last_visit = progress.last_visit or progress.practised_at
        self._save(progress)

    def record_check(self, slug: str, check_index: int, choice_index: int) -> None:
        progress = self.get(slug)
        progress.checks[str(check_index)] = choice_index
        self._save(progress)

    def continue_target(self, slugs_in_order: list[str]) -> tuple[str, int] | None:
        """Where "continue" should go: the most recently visited lesson not yet
        practised, at the section where the person stopped; if none was
        visited, the first lesson not practised. None when all are practised."""
        progress = self.all()
        unfinished = [slug for slug in slugs_in_order if progress.get(slug, LessonProgress(slug)).state != "practised"]
        if not unfinished:
            return None
        visited = [slug for slug in unfinished if slug in progress and progress[slug].last_visit]
        if visited:
            latest = max(visited, key=lambda slug: _visit_key(progress[slug].last_visit))
            return latest, progress[latest].section
        first = unfinished[0]
        return first, progress[first].section if first in progress else 0


def _visit_key(text: str | None) -> float:
    try:
        moment = datetime.fromisoformat(text or "")
    except ValueError:
        return 0.0
    if moment.tzinfo is None:
        moment = moment.astimezone()
    return moment.timestamp()
