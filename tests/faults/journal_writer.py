"""A journal writer for the fault tests: adds entries until it is killed.

Run as ``python journal_writer.py DATA_DIR PREFIX [COUNT]``. After each add
returns it prints ``<id>\\t<note>`` and flushes, so the test knows exactly
which entries were acknowledged. Every fifth round it adds a batch of three
with one write (as an import does). It prints ``ready`` once imported, so the
test can time its kill against the adding rather than against start-up.
With COUNT it stops after that many entries instead of running until killed.
"""

from __future__ import annotations

import sys
from pathlib import Path

from tui.core.journal import Entry, JournalStore


def main() -> int:
    data_dir = Path(sys.argv[1])
    prefix = sys.argv[2]
    count = int(sys.argv[3]) if len(sys.argv) > 3 else None
    store = JournalStore(data_dir)
    store.open()
    print("ready", flush=True)
    number = 0
    while count is None or number < count:
        if number % 5 == 4 and count is None:
            notes = [f"{prefix}-{number + k}" for k in range(3)]
            ids = store.add_many([Entry(note=note, tags=["fault"]) for note in notes])
            sys.stdout.write("".join(f"{i}\t{note}\n" for i, note in zip(ids, notes)))
            sys.stdout.flush()
            number += 3
            continue
        note = f"{prefix}-{number}"
        new_id = store.add(Entry(note=note, tags=["fault"]))
        sys.stdout.write(f"{new_id}\t{note}\n")
        sys.stdout.flush()
        number += 1
        if number % 7 == 0:
            # Now and then behave like a fresh `tend journal add`: a new store, cold caches.
            store = JournalStore(data_dir)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
