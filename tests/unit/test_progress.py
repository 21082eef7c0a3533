"""Lesson progress: saved as it changes, shared between windows, never fatal."""

from __future__ import annotations

import errno
import json
import os
import stat
from pathlib import Path

import pytest

from tui.core import durable
from tui.core.progress import LessonProgress, ProgressStore

ORDER = ["intro", "noticing", "repair", "shaping"]


def test_new_lessons_start_new_and_nothing_is_written(data_dir: Path) -> None:
    store = ProgressStore(data_dir)
    assert store.get("repair") == LessonProgress("repair")
    assert store.all() == {}
    assert store.notice is None
    assert not data_dir.exists()


def test_visit_practise_and_checks_survive_a_restart(data_dir: Path) -> None:
    store = ProgressStore(data_dir)
    store.visit("repair", 3)
    store.record_check("repair", 0, 2)
    store.record_check("repair", 1, 0)
    store.visit("noticing", 1)
    store.mark_practised("noticing")
    again = ProgressStore(data_dir)
    repair = again.get("repair")
    assert (repair.state, repair.section, repair.checks) == ("read", 3, {"0": 2, "1": 0})
    assert repair.last_visit is not None
    assert again.get("noticing").state == "practised" and again.get("noticing").practised_at
    assert stat.S_IMODE(again.path.stat().st_mode) == 0o600


def test_visiting_a_practised_lesson_keeps_it_practised(data_dir: Path) -> None:
    store = ProgressStore(data_dir)
    store.mark_practised("repair")
    store.visit("repair", 2)
    assert store.get("repair").state == "practised"
    assert store.get("repair").section == 2


def test_two_windows_do_not_overwrite_each_other(data_dir: Path) -> None:
    one, two = ProgressStore(data_dir), ProgressStore(data_dir)
    one.visit("repair", 2)
    two.visit("shaping", 1)
    one.record_check("intro", 0, 1)
    assert set(ProgressStore(data_dir).all()) == {"repair", "shaping", "intro"}
    assert two.get("repair").section == 2, "a window sees what another saved"


def test_continue_target(data_dir: Path) -> None:
    store = ProgressStore(data_dir)
    assert store.continue_target(ORDER) == ("intro", 0)
    store.mark_practised("intro")
    assert store.continue_target(ORDER) == ("noticing", 0)
    store.visit("shaping", 4)
    store.visit("repair", 2)
    assert store.continue_target(ORDER) == ("repair", 2), "the most recently visited unfinished lesson"
    store.mark_practised("repair")
    assert store.continue_target(ORDER) == ("shaping", 4)
    for slug in ORDER:
        store.mark_practised(slug)
    assert store.continue_target(ORDER) is None


def test_corrupt_progress_is_moved_aside_and_the_app_carries_on(data_dir: Path) -> None:
    data_dir.mkdir(mode=0o700)
    path = data_dir / "progress.json"
    path.write_bytes(b'{"lessons": {"1": {"slug": "repair"')
    store = ProgressStore(data_dir)
    assert store.notice is not None
    assert "progress file was unreadable; kept it as progress.json.broken-" in store.notice
    assert store.get("repair").state == "new"
    broken = list(data_dir.glob("progress.json.broken-*"))
    assert len(broken) == 1 and broken[0].read_bytes() == b'{"lessons": {"1": {"slug": "repair"'
    store.visit("repair", 1)
    assert ProgressStore(data_dir).get("repair").section == 1
    assert store.take_notice() is not None and store.notice is None


def test_progress_damaged_while_running_is_moved_aside_on_next_save(data_dir: Path) -> None:
    store = ProgressStore(data_dir)
    store.visit("repair", 1)
    store.path.write_bytes(b"")
    store.visit("intro", 2)
    assert store.notice is not None and "broken-" in store.notice
    assert ProgressStore(data_dir).get("intro").section == 2


def test_full_disk_keeps_progress_in_memory_and_says_so(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = ProgressStore(data_dir)
    store.visit("repair", 1)

    def no_space(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(durable.os, "fsync", no_space)
    store.visit("repair", 5)
    monkeypatch.undo()
    assert store.notice is not None and "no space left on device" in store.notice
    assert ProgressStore(data_dir).get("repair").section == 1, "the previous file is intact"
    assert store.get("repair").section == 5, "this window still remembers where the person is"
    store.visit("intro", 1)  # space again: the next save also carries the one that failed
    assert ProgressStore(data_dir).get("intro").section == 1
    assert ProgressStore(data_dir).get("repair").section == 5


def test_hand_edited_values_read_as_defaults(data_dir: Path) -> None:
    data_dir.mkdir(mode=0o700)
    doc = {"slug": "repair", "state": "finished!", "section": "three", "checks": {"0": "b", "1": 2}}
    (data_dir / "progress.json").write_text(json.dumps({"lessons": {"1": doc}}))
    progress = ProgressStore(data_dir).get("repair")
    assert (progress.state, progress.section, progress.checks) == ("new", 0, {"1": 2})


def test_newer_progress_file_is_left_alone(data_dir: Path) -> None:
    data_dir.mkdir(mode=0o700)
    future = json.dumps({"_meta": {"1": {"format": "tend-progress", "schema": 99}}, "lessons": {}})
    (data_dir / "progress.json").write_text(future)
    store = ProgressStore(data_dir)
    assert store.notice is not None and "newer tend" in store.notice
    store.visit("repair", 1)
    assert (data_dir / "progress.json").read_text() == future
