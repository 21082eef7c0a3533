"""The journal store: entries, filters, summaries, schema versions, backups, recovery."""

from __future__ import annotations

import errno
import json
import os
import stat
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tui.core import durable, journal
from tui.core.errors import StorageError, TendError
from tui.core.journal import (
    SCHEMA_VERSION,
    ChecklistItem,
    Entry,
    JournalFilter,
    JournalStore,
    clean_text,
    parse_import,
)

UTC = timezone.utc


def _at(day: int, hour: int = 12) -> str:
    return datetime(2026, 3, day, hour, 0, tzinfo=UTC).isoformat()


@pytest.fixture
def store(data_dir: Path) -> JournalStore:
    opened = JournalStore(data_dir)
    opened.open()
    return opened


def test_nothing_is_created_until_the_first_entry(data_dir: Path) -> None:
    store = JournalStore(data_dir)
    store.open()
    assert store.entries() == []
    assert not data_dir.exists()
    store.add(Entry(note="first"))
    assert stat.S_IMODE(store.path.stat().st_mode) == 0o600
    assert stat.S_IMODE(data_dir.stat().st_mode) == 0o700


def test_add_fills_id_and_created_and_reads_back(store: JournalStore) -> None:
    entry = Entry(
        note="I snapped about the dishes",
        lesson="repairing-after-rupture",
        tags=["home"],
        checklist=[ChecklistItem("What part can I own?", "my tone")],
        repaired=True,
    )
    new_id = store.add(entry)
    assert entry.id == new_id == 1
    created = datetime.fromisoformat(entry.created)
    assert created.utcoffset() is not None, "created carries a UTC offset"
    again = JournalStore(store.data_dir).get(new_id)
    assert again == entry


def test_entries_newest_first(store: JournalStore) -> None:
    store.add(Entry(note="middle", created=_at(2)))
    store.add(Entry(note="oldest", created=_at(1)))
    store.add(Entry(note="newest", created=_at(3)))
    assert [e.note for e in store.entries()] == ["newest", "middle", "oldest"]


def test_filters(store: JournalStore) -> None:
    store.add_many(
        [
            Entry(note="Sharp words at dinner", lesson="a", tags=["home"], created=_at(1)),
            Entry(note="Missed the call", lesson="b", tags=["work"], created=_at(5)),
            Entry(note="dinner again, quieter", lesson="a", tags=["Home", "x"], created=_at(9)),
            Entry(note="other", repair="asked to REDO the dinner talk", created=_at(10)),
        ]
    )
    notes = lambda flt: [e.note for e in store.entries(flt)]  # noqa: E731
    assert notes(JournalFilter(lesson="a")) == ["dinner again, quieter", "Sharp words at dinner"]
    assert notes(JournalFilter(tag="home")) == ["dinner again, quieter", "Sharp words at dinner"]
    assert notes(JournalFilter(since=date(2026, 3, 5))) == ["other", "dinner again, quieter", "Missed the call"]
    assert notes(JournalFilter(until=date(2026, 3, 5))) == ["Missed the call", "Sharp words at dinner"]
    assert notes(JournalFilter(contains="DINNER")) == ["other", "dinner again, quieter", "Sharp words at dinner"]
    assert notes(JournalFilter(contains="dinner redo")) == ["other"], "every word must match, in any field"
    assert notes(JournalFilter(contains="dinner", lesson="a", since=date(2026, 3, 2))) == ["dinner again, quieter"]


def test_update_and_delete(store: JournalStore) -> None:
    first = Entry(note="draft")
    store.add(first)
    second_id = store.add(Entry(note="keep"))
    first.outcome = "we talked it through"
    store.update(first)
    reread = JournalStore(store.data_dir).get(first.id or 0)
    assert reread is not None and reread.outcome == "we talked it through"
    assert reread.updated is not None
    store.delete(first.id or 0)
    assert [e.id for e in JournalStore(store.data_dir).entries()] == [second_id]
    with pytest.raises(TendError):
        store.update(first)


def test_two_stores_on_one_folder_never_collide(data_dir: Path) -> None:
    """What two app windows do: each store keeps its own TinyDB, yet ids never clash."""
    one, two = JournalStore(data_dir), JournalStore(data_dir)
    ids = [one.add(Entry(note="a")), two.add(Entry(note="b")), one.add(Entry(note="c")), two.add(Entry(note="d"))]
    assert ids == [1, 2, 3, 4]
    assert sorted(e.note for e in one.entries()) == ["a", "b", "c", "d"]


def test_add_many_writes_once(store: JournalStore, monkeypatch: pytest.MonkeyPatch) -> None:
    store.add(Entry(note="existing"))
    writes: list[Path] = []
    real = durable.atomic_write_bytes

    def counting(path: Path, data: bytes, **kwargs: object) -> None:
        writes.append(path)
        real(path, data, **kwargs)

    monkeypatch.setattr(durable, "atomic_write_bytes", counting)
    ids = store.add_many([Entry(note=f"n{i}") for i in range(50)])
    assert len(ids) == 50 and ids == list(range(2, 52))
    assert writes == [store.path]


def test_full_disk_while_adding_keeps_previous_journal(store: JournalStore, monkeypatch: pytest.MonkeyPatch) -> None:
    store.add(Entry(note="safe"))
    before = store.path.read_bytes()

    def no_space(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(durable.os, "write", no_space)
    with pytest.raises(StorageError) as caught:
        store.add(Entry(note="this one cannot be saved"))
    monkeypatch.undo()
    assert "no space left on device" in caught.value.message
    assert "journal" in caught.value.message and "\n" not in caught.value.message
    assert store.path.read_bytes() == before
    assert [e.note for e in store.entries()] == ["safe"]
    assert [e.note for e in JournalStore(store.data_dir).entries()] == ["safe"]


def test_promised_returns_overdue_first(store: JournalStore) -> None:
    now = datetime(2026, 3, 10, 18, 0, tzinfo=UTC)
    late = store.add(Entry(note="late", promised_return=(now - timedelta(hours=2)).isoformat()))
    soon = store.add(Entry(note="soon", promised_return=(now + timedelta(minutes=10)).isoformat()))
    store.add(Entry(note="later", promised_return=(now + timedelta(hours=3)).isoformat()))
    kept = store.add(Entry(note="kept", promised_return=(now - timedelta(hours=5)).isoformat()))
    store.add(Entry(note="no promise"))
    store.mark_returned(kept, now - timedelta(hours=5, minutes=-5))
    assert [e.note for e in store.promised_returns(now)] == ["late", "soon", "later"]
    returned = store.mark_returned(late)
    assert returned.returned_at is not None
    assert [e.id for e in store.promised_returns(now)] == [soon, soon + 1]


def test_weekly_stats_and_repair_share(store: JournalStore) -> None:
    now = datetime(2026, 3, 18, 12, 0, tzinfo=UTC)  # a Wednesday
    this_week = datetime(2026, 3, 16, 9, 0, tzinfo=UTC)
    last_week = this_week - timedelta(days=5)
    store.add_many(
        [
            Entry(note="a", created=this_week.isoformat(), repaired=True),
            Entry(note="b", created=this_week.isoformat(), repaired=False),
            Entry(note="c", created=last_week.isoformat(), repaired=True),
            Entry(note="d", created=last_week.isoformat(), kind="practice"),
            Entry(note="e", created=(this_week - timedelta(weeks=20)).isoformat(), repaired=None),
        ]
    )
    weeks = store.weekly_stats(weeks=3, now=now)
    assert [(w.week, w.ruptures, w.repairs) for w in weeks] == [(10, 0, 0), (11, 1, 1), (12, 2, 1)]
    assert weeks[-1].start == date(2026, 3, 16)
    assert store.repair_share() == pytest.approx(2 / 3)


def test_repair_share_none_without_answers(store: JournalStore) -> None:
    assert store.repair_share() is None
    store.add(Entry(note="not said"))
    assert store.repair_share() is None


def test_recurring_away_moves(store: JournalStore) -> None:
    def analysis(*families: str) -> dict:
        return {"findings": [{"family": f, "effect": "away"} for f in families] + [{"family": "sorry", "effect": "toward"}]}

    store.add(Entry(kind="draft", note="x", analysis=analysis("defending", "blaming")))
    store.add(Entry(kind="draft", note="y", analysis=analysis("defending")))
    store.add(Entry(kind="draft", note="z", analysis={"findings": [{"rule": "minimising", "direction": "away"}]}))
    assert store.recurring_away_moves(top=1) == [("defending", 2)]
    assert sorted(store.recurring_away_moves()) == [("blaming", 1), ("defending", 2), ("minimising", 1)]


def test_export_json_imports_back_unchanged(store: JournalStore, tmp_path: Path) -> None:
    originals = [
        Entry(note="one", lesson="repairing-after-rupture", tags=["a", "b"], created=_at(1), repaired=False,
              checklist=[ChecklistItem("Q?", "A")], promised_return=_at(1, 13), returned_at=_at(1, 14)),
        Entry(note="two\r\nlines", repair="sorry, that was sharp", outcome="ok", created=_at(2), kind="practice"),
        Entry(note="", kind="draft", analysis={"direction": "toward", "findings": []}, created=_at(3)),
    ]
    store.add_many(originals)
    exported = store.export_json()
    other = JournalStore(tmp_path / "elsewhere")
    imported = parse_import(exported, "export.json")
    other.add_many(imported)

    def without_id(entry: Entry) -> dict:
        d = entry.to_dict()
        d.pop("id")
        return d

    assert [without_id(e) for e in other.entries()] == [without_id(e) for e in store.entries()]
    as_list = json.dumps([e.to_dict() for e in store.entries()])
    oldest_first = [without_id(e) for e in reversed(store.entries())]
    assert [without_id(e) for e in parse_import(as_list, "list.json")] == oldest_first
    assert all(e.id is None for e in parse_import(as_list, "list.json"))


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("not json", "not a JSON journal export"),
        ('{"entries": []}', "not a tend journal export"),
        ('"just text"', "neither"),
        ("[1]", "entry 1 is not an object"),
        ('[{"note": "ok"}, {"note": 5}]', "entry 2 has a 'note' that is not text"),
        ('[{"note": "a", "tags": "x"}]', "tags"),
        ('[{"note": "a", "kind": "rant"}]', "kind"),
        ('[{"note": "a", "created": "yesterday"}]', "ISO 8601"),
        ('[{"unrelated": 1}]', "none of the fields"),
        ('[{"note": "a", "checklist": [{"question": "q"}]}]', "checklist"),
    ],
)
def test_bad_import_names_the_problem(text: str, problem: str) -> None:
    with pytest.raises(TendError) as caught:
        parse_import(text, "in.json")
    assert problem in caught.value.message
    assert "in.json" in caught.value.message
    assert "nothing was imported" in caught.value.message


def test_export_markdown_is_readable(store: JournalStore) -> None:
    store.add(Entry(note="line one\nline two", lesson="x", tags=["t"], checklist=[ChecklistItem("Q?", "yes")]))
    text = store.export_markdown()
    assert text.startswith("# Tend journal")
    assert "> line one\n> line two" in text
    assert "- Q?: yes" in text and "Tags: t" in text


# text that a person (or their terminal) can produce

@pytest.mark.parametrize(
    "note",
    [
        "emoji 👋🏽👩‍👩‍👧 and flags 🇳🇱",
        "עברית ومعها العربية mixed with English",
        "windows\r\nline\r\nends",
        "nul \x00 inside",
        "x" * 100_000,
        "tab\tand escape \x1b[31m codes",
    ],
)
def test_text_is_saved_exactly(data_dir: Path, note: str) -> None:
    store = JournalStore(data_dir)
    new_id = store.add(Entry(note=note, tags=[note[:20]]))
    assert store.save_notice is None
    again = JournalStore(data_dir).get(new_id)
    assert again is not None and again.note == note and again.tags == [note[:20]]


def test_lone_surrogates_are_cleaned_with_a_notice(data_dir: Path) -> None:
    store = JournalStore(data_dir)
    new_id = store.add(Entry(note="bad byte \udcff here, half pair \ud83d end", tags=["\udc80"]))
    assert store.save_notice is not None and store.save_notice.startswith("3 characters")
    again = JournalStore(data_dir).get(new_id)
    assert again is not None
    assert again.note == "bad byte \ufffd here, half pair \ufffd end"
    assert again.tags == ["\ufffd"]


def test_split_surrogate_pair_is_joined_not_replaced() -> None:
    assert clean_text("wave \ud83d\udc4b") == ("wave 👋", 0)
    assert clean_text("plain") == ("plain", 0)


# Free text as people and terminals produce it: any Unicode, plus lone
# surrogates (undecodable terminal bytes), CRLF, NUL, emoji sequences, RTL marks.
_SURROGATE = st.integers(0xD800, 0xDFFF).map(chr)
_TERMINAL_TEXT = st.lists(
    st.one_of(st.text(max_size=40), _SURROGATE, st.sampled_from(["\r\n", "\x00", "👋🏽", "שלום", "\u202e", "\ufffd"])),
    max_size=15,
).map("".join)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(note=_TERMINAL_TEXT, repair=st.text(max_size=50))
def test_any_text_is_kept_or_cleaned_never_lost(data_dir: Path, note: str, repair: str) -> None:
    store = JournalStore(data_dir)
    new_id = store.add(Entry(note=note, repair=repair))
    again = JournalStore(data_dir).get(new_id)
    assert again is not None
    expected, replaced = clean_text(note)
    assert again.note == expected
    assert again.repair == repair
    assert (store.save_notice is not None) == (replaced > 0)
    if not any(0xD800 <= ord(ch) <= 0xDFFF for ch in note):
        assert again.note == note, "text without surrogates is kept exactly"
    else:
        assert len(again.note) <= len(note) and not any(0xD800 <= ord(ch) <= 0xDFFF for ch in again.note)


# damaged files, backups, recovery

def test_corrupt_journal_is_refused_and_left_untouched(data_dir: Path) -> None:
    store = JournalStore(data_dir)
    store.add(Entry(note="precious"))
    damaged = store.path.read_bytes()[:-7] + b"garbage"
    store.path.write_bytes(damaged)
    fresh = JournalStore(data_dir)
    with pytest.raises(StorageError) as caught:
        fresh.open()
    message = caught.value.message
    assert str(store.path) in message and "tend journal recover" in message and "\n" not in message
    with pytest.raises(StorageError):
        fresh.add(Entry(note="must not overwrite"))
    with pytest.raises(StorageError):
        store.add(Entry(note="nor from an already open store"))
    assert store.path.read_bytes() == damaged


def test_emptied_journal_is_not_read_as_blank(data_dir: Path) -> None:
    store = JournalStore(data_dir)
    store.add(Entry(note="precious"))
    store.path.write_bytes(b"")
    with pytest.raises(StorageError, match="empty"):
        JournalStore(data_dir).open()
    assert store.path.read_bytes() == b""


def test_recover_restores_newest_good_backup_and_keeps_broken_file(data_dir: Path) -> None:
    store = JournalStore(data_dir)
    store.add(Entry(note="in yesterday's backup"))
    backups = data_dir / "backups"
    backups.mkdir(mode=0o700)
    older = backups / "journal-2026-01-01.json"
    older.write_bytes(store.path.read_bytes())
    os.utime(older, (1_000_000, 1_000_000))
    store.add(Entry(note="in today's backup"))
    JournalStore(data_dir).open()  # takes today's backup
    store.path.write_bytes(b'{"entries": {"1": ')
    newest_broken = backups / "journal-2099-01-01.json"
    newest_broken.write_bytes(b"also broken")
    recovering = JournalStore(data_dir)
    assert recovering.needs_recovery()
    used = recovering.recover()
    assert used.name.startswith("journal-") and used != newest_broken and used != older
    assert sorted(e.note for e in JournalStore(data_dir).entries()) == ["in today's backup", "in yesterday's backup"]
    broken = list(data_dir.glob("journal.json.broken-*"))
    assert len(broken) == 1 and broken[0].read_bytes() == b'{"entries": {"1": '
    assert not JournalStore(data_dir).needs_recovery()


def test_recover_without_backups_changes_nothing(data_dir: Path) -> None:
    data_dir.mkdir(mode=0o700)
    (data_dir / "journal.json").write_bytes(b"oops")
    with pytest.raises(StorageError, match="no readable backup"):
        JournalStore(data_dir).recover()
    assert (data_dir / "journal.json").read_bytes() == b"oops"


def test_recover_refuses_a_healthy_journal(store: JournalStore) -> None:
    store.add(Entry(note="fine"))
    with pytest.raises(StorageError, match="nothing to recover"):
        store.recover()


def test_daily_backups_roll(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    JournalStore(data_dir).add(Entry(note="x"))
    for day in range(1, 9):
        fake_now = datetime(2026, 4, day, 9, 0, tzinfo=UTC)
        monkeypatch.setattr(journal, "now_local", lambda fake_now=fake_now: fake_now)
        JournalStore(data_dir).open()
        JournalStore(data_dir).open()  # a second open the same day takes no second backup
    names = sorted(p.name for p in (data_dir / "backups").iterdir())
    assert names == [f"journal-2026-04-0{d}.json" for d in range(4, 9)]
    assert all(stat.S_IMODE((data_dir / "backups" / n).stat().st_mode) == 0o600 for n in names)


# schema versions

def _write_v1(data_dir: Path) -> bytes:
    data_dir.mkdir(mode=0o700, exist_ok=True)
    legacy = {
        "_default": {
            "1": {"text": "old note", "lesson": "repairing-after-rupture", "tags": "home, evening",
                  "checks": {"What can I own?": "raised voice"}, "created": "2025-12-01T20:15:00"},
            "2": {"text": "second", "tags": "", "created": "2025-12-02T08:00:00+01:00", "repaired": True},
        }
    }
    raw = json.dumps(legacy).encode()
    (data_dir / "journal.json").write_bytes(raw)
    return raw


def test_migrates_schema_1_after_backing_it_up(data_dir: Path) -> None:
    raw = _write_v1(data_dir)
    store = JournalStore(data_dir)
    store.open()
    backups = list((data_dir / "backups").glob("journal-schema1-*.json"))
    assert len(backups) == 1 and backups[0].read_bytes() == raw
    entries = {e.id: e for e in store.entries()}
    assert entries[1].note == "old note"
    assert entries[1].tags == ["home", "evening"]
    assert entries[1].checklist == [ChecklistItem("What can I own?", "raised voice")]
    assert datetime.fromisoformat(entries[1].created).utcoffset() is not None
    assert entries[2].repaired is True and entries[2].tags == []
    on_disk = json.loads(store.path.read_text())
    assert on_disk["_meta"]["1"]["schema"] == SCHEMA_VERSION and "_default" not in on_disk
    assert store.add(Entry(note="new")) == 3


def test_writing_to_an_unopened_store_also_migrates(data_dir: Path) -> None:
    _write_v1(data_dir)
    store = JournalStore(data_dir)
    store.add(Entry(note="new"))
    assert sorted(e.note for e in JournalStore(data_dir).entries()) == ["new", "old note", "second"]


def test_newer_schema_is_refused_untouched(data_dir: Path) -> None:
    data_dir.mkdir(mode=0o700)
    future = json.dumps({"_meta": {"1": {"format": "tend-journal", "schema": SCHEMA_VERSION + 1}}, "entries": {}})
    (data_dir / "journal.json").write_text(future)
    store = JournalStore(data_dir)
    with pytest.raises(StorageError) as caught:
        store.open()
    assert "newer tend" in caught.value.message and "update tend" in caught.value.message
    with pytest.raises(StorageError):
        store.add(Entry(note="no"))
    assert (data_dir / "journal.json").read_text() == future


def test_stale_temporary_files_from_a_killed_writer_are_cleared_on_open(store: JournalStore) -> None:
    store.add(Entry(note="x"))
    leftover = store.path.with_name(".journal.json.dead1234.tmp")
    leftover.write_bytes(b"half a journal")
    JournalStore(store.data_dir).open()
    assert not leftover.exists()


def test_filtering_ten_thousand_entries_sees_new_ones(data_dir: Path) -> None:
    store = JournalStore(data_dir)
    store.add_many([Entry(note=f"entry number {i}", tags=["bulk"]) for i in range(10_000)])
    assert len(store.entries(JournalFilter(contains="number 9999"))) == 1
    JournalStore(data_dir).add(Entry(note="added elsewhere, number 9999 too"))
    assert len(store.entries(JournalFilter(contains="number 9999"))) == 2


def test_a_journal_that_cannot_be_locked_can_still_be_read(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    JournalStore(data_dir).add(Entry(note="readable"))

    def read_only(*args: object, **kwargs: object) -> None:
        raise PermissionError(errno.EROFS, os.strerror(errno.EROFS))

    monkeypatch.setattr(durable.FileLock, "acquire", read_only)
    store = JournalStore(data_dir)
    store.open()
    assert [e.note for e in store.entries()] == ["readable"]
    assert store.notice is not None and "read but not saved" in store.notice
    with pytest.raises(StorageError, match="read-only file system"):
        store.add(Entry(note="cannot be saved"))
