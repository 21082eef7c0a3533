"""The work behind ``tend journal add|list|export|import|recover``.

Imported only when a journal action runs (see :mod:`tui.commands.journal`).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TextIO

from tui.commands import Context
from tui.commands.journal import ACTIONS
from tui.core.durable import atomic_write_bytes
from tui.core.errors import TendError
from tui.core.journal import (
    KINDS,
    ChecklistItem,
    Entry,
    JournalFilter,
    JournalStore,
    describe_moment,
    iso,
    now_local,
    parse_import,
)

_RELATIVE = re.compile(r"^\+?(\d+)\s*(m|min|mins|minutes?|h|hours?)$", re.IGNORECASE)
_LINE_WIDTH = 72


def run(args: argparse.Namespace, ctx: Context) -> int:
    """Do the journal action in ``args.journal_action``; returns the exit code.

    Mistakes raise :class:`TendError` (one line; the cli prints it).
    """
    action = getattr(args, "journal_action", None)
    handlers = {
        "add": _add,
        "list": _list,
        "export": _export,
        "import": _import,
        "recover": _recover,
    }
    if action not in handlers:
        raise TendError(f"unknown journal action {action!r}; use one of: {', '.join(ACTIONS)}")
    return handlers[action](args, ctx)


def _open(ctx: Context) -> JournalStore:
    store = JournalStore(ctx.data_dir)
    store.open()
    return store


def _report_notices(store: JournalStore) -> None:
    """Things worth knowing once the action succeeded (a failed action is one line only)."""
    for notice in (store.notice, store.save_notice):
        if notice:
            print(f"tend: {notice}", file=sys.stderr)


def _resolve_lesson(key: str, ctx: Context, *, strict: bool) -> str:
    """The slug for a lesson given by slug or number.

    With ``strict`` an unknown lesson is an error listing what exists;
    otherwise (filtering) the key is used as given, so entries about a lesson
    since removed from the content can still be found.
    """
    from tui.core.content import load_series

    try:
        series = load_series(ctx.content_dir)
    except TendError:
        if strict:
            raise
        return key
    lesson = series.find(key)
    if lesson is not None:
        return lesson.slug
    if strict:
        raise TendError(f"no lesson '{key}'; the lessons are: {series.describe_lessons()}")
    return key


def parse_return_by(text: str, now: datetime | None = None) -> datetime:
    """A promised return time: anything :func:`tui.core.when.parse_when` reads
    (21:30, 9pm, tomorrow 9:00, in 30 minutes, ISO), or the shorthand +20m / +2h."""
    from tui.core.when import parse_when

    now = now or now_local()
    relative = _RELATIVE.match(text.strip())
    if relative:
        amount = int(relative.group(1))
        unit = relative.group(2).lower()
        return now + (timedelta(hours=amount) if unit.startswith("h") else timedelta(minutes=amount))
    try:
        return parse_when(text, now)
    except TendError as error:
        raise TendError(f"--return-by: {error.message}") from None


def _parse_date(text: str | None, option: str) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise TendError(f"{option} {text!r} is not a date; use YYYY-MM-DD") from None


def _parse_checks(pairs: list[str]) -> list[ChecklistItem]:
    items = []
    for pair in pairs:
        question, sep, answer = pair.partition("=")
        if not sep or not question.strip():
            raise TendError(f"--check {pair!r} needs the form QUESTION=ANSWER")
        items.append(ChecklistItem(question.strip(), answer.strip()))
    return items


def _add(args: argparse.Namespace, ctx: Context) -> int:
    if args.kind not in KINDS:
        raise TendError(f"unknown --kind {args.kind!r}; use one of: {', '.join(KINDS)}")
    lesson = _resolve_lesson(args.lesson, ctx, strict=True) if args.lesson else None
    entry = Entry(
        kind=args.kind,
        lesson=lesson,
        note=sys.stdin.read() if args.note == "-" else args.note,
        repair=args.repair or "",
        outcome=args.outcome or "",
        repaired=args.repaired,
        checklist=_parse_checks(args.check),
        tags=[tag.strip() for tag in args.tag if tag.strip()],
        promised_return=iso(parse_return_by(args.return_by)) if args.return_by else None,
    )
    store = _open(ctx)
    new_id = store.add(entry)
    print(new_id, flush=True)
    _report_notices(store)
    return 0


def _filter(args: argparse.Namespace, ctx: Context) -> JournalFilter:
    return JournalFilter(
        lesson=_resolve_lesson(args.lesson, ctx, strict=False) if args.lesson else None,
        tag=args.tag,
        since=_parse_date(args.since, "--since"),
        until=_parse_date(getattr(args, "until", None), "--until"),
        contains=args.contains,
    )


def summary_line(entry: Entry) -> str:
    """One readable line for an entry: id, time, kind, lesson, the note's start, tags."""
    note = " ".join(entry.note.split()) or " ".join(entry.repair.split()) or "(no note)"
    if len(note) > _LINE_WIDTH:
        note = note[: _LINE_WIDTH - 1] + "…"
    parts = [f"#{entry.id}", describe_moment(entry.created), entry.kind]
    if entry.lesson:
        parts.append(f"[{entry.lesson}]")
    parts.append(note)
    if entry.tags:
        parts.append("#" + " #".join(entry.tags))
    if entry.promised_return and not entry.returned_at:
        parts.append(f"(back by {describe_moment(entry.promised_return)})")
    # Control characters (NUL, CR, escape sequences) must not reach the terminal raw.
    return "".join(ch if ch.isprintable() or ch == " " else "\ufffd" for ch in "  ".join(parts))


def _safe_stdout() -> TextIO:
    """Standard output that cannot crash on text the terminal's encoding lacks."""
    stream = sys.stdout
    reconfigure = getattr(stream, "reconfigure", None)
    if reconfigure is not None:
        try:
            reconfigure(errors="replace")
        except (ValueError, OSError):  # pragma: no cover - exotic streams
            pass
    return stream


def _list(args: argparse.Namespace, ctx: Context) -> int:
    flt = _filter(args, ctx)
    store = _open(ctx)
    entries = store.entries(flt)
    out = _safe_stdout()
    _report_notices(store)
    if args.json:
        json.dump([entry.to_dict() for entry in entries], out, ensure_ascii=False, indent=2)
        out.write("\n")
        return 0
    if not entries:
        print("no entries" + (" match" if flt != JournalFilter() else " yet"), file=sys.stderr)
        return 0
    for entry in entries:
        out.write(summary_line(entry) + "\n")
    return 0


def _export(args: argparse.Namespace, ctx: Context) -> int:
    store = _open(ctx)
    text = store.export_json() if args.format == "json" else store.export_markdown()
    _report_notices(store)
    if args.output:
        target = Path(args.output).expanduser()
        if target.is_dir():
            raise TendError(f"{target} is a folder; give a file name for the export")
        if not target.parent.is_dir():
            raise TendError(f"cannot write {target}: the folder {target.parent} does not exist")
        atomic_write_bytes(target, text.encode("utf-8", "replace"), label="export", private_folder=False)
        print(f"wrote {len(store.entries())} entries to {target}", file=sys.stderr)
        return 0
    _safe_stdout().write(text)
    return 0


def _import(args: argparse.Namespace, ctx: Context) -> int:
    source = args.file
    if source == "-":
        text = sys.stdin.read()
        name = "standard input"
    else:
        path = Path(source).expanduser()
        name = str(path)
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise TendError(f"{path}: no such file; nothing was imported") from None
        except UnicodeDecodeError as error:
            raise TendError(f"{path} is not UTF-8 text (byte {error.start}); nothing was imported") from None
        except OSError as error:
            raise TendError(f"could not read {path}: {error.strerror or error}; nothing was imported") from None
    entries = parse_import(text, name)
    if not entries:
        print(f"{name} holds no entries; nothing was imported", file=sys.stderr)
        return 0
    store = _open(ctx)
    ids = store.add_many(entries)
    _report_notices(store)
    print(f"imported {len(ids)} entries (ids {ids[0]}-{ids[-1]})")
    return 0


def _recover(args: argparse.Namespace, ctx: Context) -> int:
    store = JournalStore(ctx.data_dir)
    if not store.needs_recovery():
        print(f"the journal at {store.path} is readable; nothing to recover", file=sys.stderr)
        return 0
    used = store.recover()
    print(f"restored {store.path} from {used}; the damaged file was kept beside it as journal.json.broken-*")
    return 0
