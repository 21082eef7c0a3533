"""Any text a person types as In practice answers is saved to the journal as typed."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tui.core.content import load_series
from tui.core.journal import JournalStore
from tui.screens.in_practice import practice_entry

SERIES = load_series(Path(__file__).resolve().parents[2] / "content")
LESSON = SERIES.find("repairing-after-rupture")

# Any Unicode a terminal can deliver as text; surrogates are the journal's own
# concern (it replaces lone halves and says so), tested with the journal.
TYPED = st.text(st.characters(exclude_categories=("Cs",)), max_size=200)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(answers=st.lists(TYPED, min_size=3, max_size=3), note=TYPED)
def test_answers_are_saved_exactly_as_typed(tmp_path: Path, answers: list[str], note: str) -> None:
    assert LESSON is not None
    entry = practice_entry(LESSON, answers, note)
    assert [item.question for item in entry.checklist] == list(LESSON.in_practice)

    store = JournalStore(tmp_path / f"data-{abs(hash((tuple(answers), note)))}")
    store.open()
    entry_id = store.add(entry)
    saved = store.get(entry_id)
    assert saved is not None
    assert saved.kind == "practice" and saved.lesson == LESSON.slug
    assert [item.answer for item in saved.checklist] == [answer.strip() for answer in answers]
    assert saved.note == note.strip()
