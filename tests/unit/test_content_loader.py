"""The content loader: good content loads; every kind of broken content is one clear line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tui.core.content import load_series
from tui.core.errors import ContentError

LESSON = """\
---
number: {number}
slug: {slug}
title: A Lesson
summary: One line.
key_ideas: [An idea]
in_practice: ["A question?"]
exercise:
  title: Try it
  steps: [Do one thing]
checks:
  - prompt: "What now?"
    choices:
      - {{text: This, correct: true, why: Because it is the skill.}}
      - {{text: That, correct: false, why: Because it is not.}}
---
## First part

Some text.

## Second part

More text.
"""


def write_content(root: Path, lessons: dict[str, str] | None = None) -> Path:
    """A small, valid content folder with two lessons (or the given files)."""
    lessons = lessons or {
        "00-one.md": LESSON.format(number=0, slug="one"),
        "01-two.md": LESSON.format(number=1, slug="two"),
    }
    (root / "lessons").mkdir(parents=True)
    for name, text in lessons.items():
        (root / "lessons" / name).write_text(text, encoding="utf-8")
    names = "\n".join(f"  - {name}" for name in lessons)
    (root / "series.yaml").write_text(
        f"title: Test Series\nsyllabus_note: Ours.\nsafety_note: Be safe.\nlessons:\n{names}\n", encoding="utf-8"
    )
    return root


def test_valid_content_loads_into_lessons_with_sections(tmp_path: Path) -> None:
    series = load_series(write_content(tmp_path))
    assert [lesson.slug for lesson in series.lessons] == ["one", "two"]
    first = series.lessons[0]
    assert [section.title for section in first.sections] == ["First part", "Second part"]
    assert first.sections[1].body == "More text."
    assert first.checks[0].answer == 0
    assert series.find("1") is series.lessons[1]
    assert series.find("two") is series.lessons[1]
    assert series.find("nope") is None


def test_shipped_content_loads(content_dir: Path) -> None:
    series = load_series(content_dir)
    lesson = series.find("repairing-after-rupture")
    assert lesson is not None and lesson.number == 11
    assert series.find(11) is lesson


def _error(root: Path) -> str:
    with pytest.raises(ContentError) as caught:
        load_series(root)
    message = caught.value.message
    assert "\n" not in message
    return message


def test_missing_field_names_file_and_field(tmp_path: Path) -> None:
    text = LESSON.format(number=0, slug="one").replace("summary: One line.\n", "")
    message = _error(write_content(tmp_path, {"00-one.md": text}))
    assert "00-one.md" in message and "summary" in message


def test_duplicate_slug_names_both_files(tmp_path: Path) -> None:
    root = write_content(
        tmp_path,
        {"00-one.md": LESSON.format(number=0, slug="same"), "01-two.md": LESSON.format(number=1, slug="same")},
    )
    message = _error(root)
    assert "01-two.md" in message and "00-one.md" in message and "same" in message


def test_duplicate_number_is_refused(tmp_path: Path) -> None:
    root = write_content(
        tmp_path,
        {"00-one.md": LESSON.format(number=3, slug="one"), "01-two.md": LESSON.format(number=3, slug="two")},
    )
    assert "number 3" in _error(root)


def test_malformed_front_matter_yaml_gives_file_and_line(tmp_path: Path) -> None:
    text = LESSON.format(number=0, slug="one").replace("title: A Lesson", "title: [unclosed")
    message = _error(write_content(tmp_path, {"00-one.md": text}))
    assert "00-one.md" in message and "line " in message


def test_missing_front_matter(tmp_path: Path) -> None:
    message = _error(write_content(tmp_path, {"00-one.md": "## Just text\n\nHello.\n"}))
    assert "00-one.md" in message and "front matter" in message


def test_malformed_series_yaml(tmp_path: Path) -> None:
    root = write_content(tmp_path)
    (root / "series.yaml").write_text("title: x\nlessons: [a.md\n", encoding="utf-8")
    message = _error(root)
    assert "series.yaml" in message and "line" in message


def test_lesson_named_in_series_but_missing(tmp_path: Path) -> None:
    root = write_content(tmp_path)
    (root / "lessons" / "01-two.md").unlink()
    message = _error(root)
    assert "01-two.md" in message and "not found" in message


def test_check_needs_exactly_one_correct_choice(tmp_path: Path) -> None:
    text = LESSON.format(number=0, slug="one").replace("correct: false", "correct: true")
    assert "exactly one" in _error(write_content(tmp_path, {"00-one.md": text}))


def test_bad_slug_is_refused(tmp_path: Path) -> None:
    message = _error(write_content(tmp_path, {"00-one.md": LESSON.format(number=0, slug="Not A Slug")}))
    assert "slug" in message


def test_lesson_without_sections_is_refused(tmp_path: Path) -> None:
    text = LESSON.format(number=0, slug="one").split("## First part")[0] + "Just a paragraph.\n"
    assert "sections" in _error(write_content(tmp_path, {"00-one.md": text}))


def test_content_folder_missing(tmp_path: Path) -> None:
    assert "not found" in _error(tmp_path / "nowhere")


def test_not_utf8(tmp_path: Path) -> None:
    root = write_content(tmp_path)
    (root / "lessons" / "00-one.md").write_bytes(b"---\nnumber: 0\ntitle: \xff\xfe\n---\n")
    assert "UTF-8" in _error(root)


def test_shipped_content_can_be_copied_and_reordered(tmp_path: Path, content_dir: Path) -> None:
    """A person can reorder lessons by editing series.yaml alone."""
    copy = tmp_path / "content"
    shutil.copytree(content_dir, copy)
    series_file = copy / "series.yaml"
    lines = series_file.read_text(encoding="utf-8").splitlines()
    entries = [i for i, line in enumerate(lines) if line.strip().startswith("- ") and line.strip().endswith(".md")]
    lines[entries[0]], lines[entries[-1]] = lines[entries[-1]], lines[entries[0]]
    series_file.write_text("\n".join(lines) + "\n", encoding="utf-8")
    original = load_series(content_dir)
    reordered = load_series(copy)
    assert reordered.lessons[0].slug == original.lessons[-1].slug
    assert reordered.lessons[-1].slug == original.lessons[0].slug
