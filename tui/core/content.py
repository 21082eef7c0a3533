"""Load and validate the series: ``series.yaml`` and one Markdown file per lesson.

The content is data a person can edit, so every mistake in it must come back
as one :class:`~tui.core.errors.ContentError` line that names the file (and
the line, where YAML reports one) and says what is wrong.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from tui.core.errors import ContentError

_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's loader where PyYAML was built with it: several times faster at start-up."""

SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)^---[ \t]*\r?$\n?", re.DOTALL | re.MULTILINE)
_SECTION_HEADING = re.compile(r"^##[ \t]+(.+?)[ \t]*#*[ \t]*$", re.MULTILINE)


@dataclass(frozen=True)
class Choice:
    """One answer to an understanding check."""

    text: str
    correct: bool
    why: str
    """One sentence on why this is, or is not, the skill."""


@dataclass(frozen=True)
class Check:
    """A short scenario with choices, exactly one of them right."""

    prompt: str
    choices: tuple[Choice, ...]

    @property
    def answer(self) -> int:
        """Index of the correct choice."""
        return next(i for i, choice in enumerate(self.choices) if choice.correct)


@dataclass(frozen=True)
class Exercise:
    """The lesson's one practice exercise."""

    title: str
    steps: tuple[str, ...]


@dataclass(frozen=True)
class Section:
    """A ``## `` section of the lesson body."""

    title: str
    body: str
    """The section's Markdown, without its heading."""


@dataclass(frozen=True)
class Lesson:
    """One lesson of the series, as read from its file."""

    number: int
    slug: str
    title: str
    summary: str
    own_syllabus: bool
    """True where the topic is tend's own choice rather than the series'."""
    safety: bool
    """Show the safety note: the lesson invites reaching back toward someone."""
    builder: bool
    """Offer the repair builder from this lesson."""
    key_ideas: tuple[str, ...]
    examples: tuple[str, ...]
    in_practice: tuple[str, ...]
    """Reflection questions; they become the lesson's journal checklist."""
    exercise: Exercise
    checks: tuple[Check, ...]
    credits: tuple[str, ...]
    sections: tuple[Section, ...]
    path: Path

    @property
    def label(self) -> str:
        return f"{self.number}. {self.title}"

    def section_index(self, title: str | None) -> int:
        """The index of the section called ``title`` (case-insensitive), else 0."""
        if title:
            wanted = title.casefold()
            for index, section in enumerate(self.sections):
                if section.title.casefold() == wanted:
                    return index
        return 0


@dataclass(frozen=True)
class Series:
    """The whole series in reading order."""

    title: str
    syllabus_note: str
    safety_note: str
    lessons: tuple[Lesson, ...]
    path: Path

    def find(self, key: str | int) -> Lesson | None:
        """A lesson by number (``11``, ``"11"``) or slug (``"repairing-after-rupture"``)."""
        text = str(key).strip().lower()
        for lesson in self.lessons:
            if text == lesson.slug or (text.isdigit() and int(text) == lesson.number):
                return lesson
        return None

    def describe_lessons(self) -> str:
        """A compact list of what exists, for error messages."""
        return ", ".join(f"{lesson.number} {lesson.slug}" for lesson in self.lessons)


def load_series(content_dir: Path) -> Series:
    """Read ``series.yaml`` and every lesson it names; raise ContentError on any fault."""
    content_dir = Path(content_dir)
    series_path = content_dir / "series.yaml"
    if not content_dir.is_dir():
        raise ContentError(f"{content_dir}: content folder not found")
    data = _load_yaml_file(series_path)
    if not isinstance(data, dict):
        raise ContentError(f"{series_path}: expected a mapping with 'title' and 'lessons'")
    fields = _Fields(data, series_path)
    title = fields.text("title")
    syllabus_note = fields.text("syllabus_note", required=False)
    safety_note = fields.text("safety_note")
    names = fields.text_list("lessons", minimum=1)

    lessons: list[Lesson] = []
    seen_slugs: dict[str, Path] = {}
    seen_numbers: dict[int, Path] = {}
    for name in names:
        lesson_path = content_dir / "lessons" / name
        lesson = load_lesson(lesson_path)
        if lesson.slug in seen_slugs:
            raise ContentError(
                f"{lesson_path}: slug '{lesson.slug}' is already used by {seen_slugs[lesson.slug].name}"
            )
        if lesson.number in seen_numbers:
            raise ContentError(
                f"{lesson_path}: number {lesson.number} is already used by {seen_numbers[lesson.number].name}"
            )
        seen_slugs[lesson.slug] = lesson_path
        seen_numbers[lesson.number] = lesson_path
        lessons.append(lesson)
    return Series(title, syllabus_note, safety_note, tuple(lessons), series_path)


def load_lesson(path: Path) -> Lesson:
    """Read one lesson file: YAML front matter, then Markdown with ``## `` sections."""
    raw = read_content_file(path, missing="lesson file not found (named in series.yaml)").lstrip("\ufeff")
    match = _FRONT_MATTER.match(raw)
    if match is None:
        raise ContentError(f"{path}: no front matter (the file must start with a '---' line and close it with another)")
    meta = parse_yaml(match.group(1), path, line_offset=1)
    if not isinstance(meta, dict):
        raise ContentError(f"{path}: front matter must be a mapping of fields")
    body = raw[match.end() :]
    fields = _Fields(meta, path)

    number = fields.integer("number")
    slug = fields.text("slug")
    if not SLUG_PATTERN.match(slug):
        raise ContentError(f"{path}: slug '{slug}' must be lowercase words joined by hyphens")
    sections = _split_sections(body, path)
    return Lesson(
        number=number,
        slug=slug,
        title=fields.text("title"),
        summary=fields.text("summary"),
        own_syllabus=fields.boolean("own_syllabus", default=False),
        safety=fields.boolean("safety", default=False),
        builder=fields.boolean("builder", default=False),
        key_ideas=fields.text_list("key_ideas", minimum=1),
        examples=fields.text_list("examples", required=False),
        in_practice=fields.text_list("in_practice", minimum=1),
        exercise=_exercise(fields, path),
        checks=_checks(fields, path),
        credits=fields.text_list("credits", required=False),
        sections=sections,
        path=path,
    )


def _split_sections(body: str, path: Path) -> tuple[Section, ...]:
    headings = list(_SECTION_HEADING.finditer(body))
    if not headings:
        raise ContentError(f"{path}: the lesson text has no '## ' sections")
    if body[: headings[0].start()].strip():
        line = body[: headings[0].start()].count("\n") + 1
        raise ContentError(f"{path}: text before the first '## ' section (body line {line}); start with a heading")
    sections = []
    for index, heading in enumerate(headings):
        end = headings[index + 1].start() if index + 1 < len(headings) else len(body)
        text = body[heading.end() : end].strip("\r\n")
        if not text.strip():
            raise ContentError(f"{path}: section '{heading.group(1)}' is empty")
        sections.append(Section(heading.group(1).strip(), text.strip()))
    return tuple(sections)


def _exercise(fields: _Fields, path: Path) -> Exercise:
    value = fields.mapping("exercise")
    inner = _Fields(value, path, prefix="exercise.")
    return Exercise(inner.text("title"), inner.text_list("steps", minimum=1))


def _checks(fields: _Fields, path: Path) -> tuple[Check, ...]:
    raw_checks = fields.raw("checks")
    if not isinstance(raw_checks, list) or not raw_checks:
        raise ContentError(f"{path}: 'checks' must be a list of at least one check")
    checks = []
    for number, raw in enumerate(raw_checks, start=1):
        if not isinstance(raw, dict):
            raise ContentError(f"{path}: check {number} must be a mapping with 'prompt' and 'choices'")
        inner = _Fields(raw, path, prefix=f"checks[{number}].")
        prompt = inner.text("prompt")
        raw_choices = inner.raw("choices")
        if not isinstance(raw_choices, list) or len(raw_choices) < 2:
            raise ContentError(f"{path}: check {number} needs at least two choices")
        choices = []
        for choice_number, raw_choice in enumerate(raw_choices, start=1):
            if not isinstance(raw_choice, dict):
                raise ContentError(f"{path}: check {number}, choice {choice_number} must be a mapping")
            choice_fields = _Fields(raw_choice, path, prefix=f"checks[{number}].choices[{choice_number}].")
            choices.append(
                Choice(
                    choice_fields.text("text"),
                    choice_fields.boolean("correct", default=False),
                    choice_fields.text("why"),
                )
            )
        if sum(choice.correct for choice in choices) != 1:
            raise ContentError(f"{path}: check {number} must have exactly one choice marked 'correct: true'")
        checks.append(Check(prompt, tuple(choices)))
    return tuple(checks)


class _Fields:
    """Typed access to a mapping of fields, with errors that name the file and field."""

    def __init__(self, data: dict[str, Any], path: Path, prefix: str = "") -> None:
        self.data = data
        self.path = path
        self.prefix = prefix

    def _missing(self, name: str) -> ContentError:
        return ContentError(f"{self.path}: missing field '{self.prefix}{name}'")

    def _wrong(self, name: str, expected: str) -> ContentError:
        return ContentError(f"{self.path}: field '{self.prefix}{name}' must be {expected}")

    def raw(self, name: str) -> Any:
        if name not in self.data or self.data[name] is None:
            raise self._missing(name)
        return self.data[name]

    def text(self, name: str, *, required: bool = True) -> str:
        if not required and self.data.get(name) is None:
            return ""
        value = self.raw(name)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str):
            raise self._wrong(name, "text")
        if not value.strip():
            if required:
                raise self._wrong(name, "non-empty text")
            return ""
        return value.strip()

    def integer(self, name: str) -> int:
        value = self.raw(name)
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise self._wrong(name, "a whole number, 0 or more")
        return value

    def boolean(self, name: str, *, default: bool) -> bool:
        value = self.data.get(name)
        if value is None:
            return default
        if not isinstance(value, bool):
            raise self._wrong(name, "true or false")
        return value

    def mapping(self, name: str) -> dict[str, Any]:
        value = self.raw(name)
        if not isinstance(value, dict):
            raise self._wrong(name, "a mapping")
        return value

    def text_list(self, name: str, *, minimum: int = 0, required: bool = True) -> tuple[str, ...]:
        if not required and self.data.get(name) is None:
            return ()
        value = self.raw(name)
        if not isinstance(value, list):
            raise self._wrong(name, "a list")
        items = []
        for index, item in enumerate(value, start=1):
            if isinstance(item, (int, float)) and not isinstance(item, bool):
                item = str(item)
            if not isinstance(item, str) or not item.strip():
                raise self._wrong(f"{name}[{index}]", "non-empty text")
            items.append(item.strip())
        if len(items) < minimum:
            raise self._wrong(name, f"a list of at least {minimum}")
        return tuple(items)


def read_content_file(path: Path, *, missing: str = "not found") -> str:
    """A content file's text; a missing, unreadable or non-UTF-8 file is one ContentError line."""
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ContentError(f"{path}: {missing}") from None
    except UnicodeDecodeError as error:
        raise ContentError(f"{path}: not UTF-8 text (byte {error.start})") from None
    except OSError as error:
        raise ContentError(f"{path}: cannot read ({error.strerror})") from None


def _load_yaml_file(path: Path) -> Any:
    return parse_yaml(read_content_file(path), path)


def parse_yaml(text: str, path: Path, line_offset: int = 0) -> Any:
    """Parse YAML safely; a syntax error is one ContentError line naming ``path`` and the line."""
    try:
        return yaml.load(text, Loader=_YAML_LOADER)  # noqa: S506 - a safe loader
    except yaml.YAMLError as error:
        raise ContentError(f"{path}: {describe_yaml_error(error, line_offset)}") from None


def describe_yaml_error(error: yaml.YAMLError, line_offset: int = 0) -> str:
    """Condense a PyYAML error to 'line N: what' (PyYAML's own text runs over several lines)."""
    mark = getattr(error, "problem_mark", None)
    problem = getattr(error, "problem", None) or "malformed YAML"
    context = getattr(error, "context", None)
    what = f"{problem} ({context})" if context else str(problem)
    if mark is not None:
        return f"line {mark.line + 1 + line_offset}, column {mark.column + 1}: invalid YAML: {what}"
    return f"invalid YAML: {what}"
