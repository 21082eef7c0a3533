"""The repair builder's domain: starters, practice scenarios, draft versions and scores.

Everything here works on the checker's :class:`~tui.core.checker.Analysis`
and never imports Textual, so the same logic serves the builder screen, its
tests and any future command. It reads ``content/starters.yaml`` and
``content/scenarios.yaml``; a mistake in either comes back as one
:class:`~tui.core.errors.ContentError` line naming the file and the field.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from tui.core.content import SLUG_PATTERN, parse_yaml, read_content_file
from tui.core.errors import ContentError

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

STARTERS_FILE = "starters.yaml"
SCENARIOS_FILE = "scenarios.yaml"
REPAIR_LESSON = "repairing-after-rupture"
"""The lesson that teaches everything the builder checks."""

STARTER_SOURCES = ("gottman", "lesson-11", "tend")
SCENARIO_KINDS = ("repair", "accept")

# Effects a checker finding can have (see tui.core.checker.Finding.effect).
TOWARD = "toward"
AWAY = "away"
UNDERMINES = "undermines"
OWNS = "owns"

ACCEPT_FAMILY = "accept-repair"
REFUSE_FAMILY = "refuse-repair"
BREAK_FAMILY = "break-with-return"


class _FindingLike(Protocol):
    rule: str
    family: str
    effect: str
    start: int
    end: int


class _AnalysisLike(Protocol):
    text: str
    direction: str
    accountability: str
    findings: Sequence[Any]


# ---------------------------------------------------------------------------
# Starters


@dataclass(frozen=True)
class StarterFamily:
    """One family of opening lines, e.g. the Gottmans' "Sorry"."""

    key: str
    title: str
    source: str
    """``gottman``, ``lesson-11`` or ``tend``: who the family is owed to."""
    about: str
    """One short line on what the move does."""
    lines: tuple[str, ...]


@dataclass(frozen=True)
class Starters:
    """All starter families, in the order the file gives them."""

    credit: str
    families: tuple[StarterFamily, ...]
    path: Path

    def family(self, key: str) -> StarterFamily | None:
        """The family called ``key``, if there is one."""
        return next((family for family in self.families if family.key == key), None)

    def all_lines(self) -> list[tuple[StarterFamily, str]]:
        """Every line with its family, in picker order."""
        return [(family, line) for family in self.families for line in family.lines]


def load_starters(content_dir: Path) -> Starters:
    """Read ``starters.yaml``; raise ContentError naming the file on any fault."""
    path = Path(content_dir) / STARTERS_FILE
    data = _read_mapping(path, "'credit' and 'families'")
    fields = _Fields(data, path)
    credit = fields.text("credit")
    raw_families = fields.items("families")
    families: list[StarterFamily] = []
    seen: set[str] = set()
    for number, raw in enumerate(raw_families, start=1):
        inner = _Fields(raw, path, f"families[{number}].")
        key = inner.key("key", seen)
        source = inner.choice("source", STARTER_SOURCES)
        families.append(
            StarterFamily(
                key=key,
                title=inner.text("title"),
                source=source,
                about=inner.text("about"),
                lines=inner.text_list("lines", minimum=2),
            )
        )
    return Starters(credit=credit, families=tuple(families), path=path)


# ---------------------------------------------------------------------------
# Scenarios


@dataclass(frozen=True)
class Scenario:
    """A practice situation: write a repair, or accept one offered to you."""

    key: str
    kind: str
    """``repair`` (reach back after a rupture) or ``accept`` (let their repair in)."""
    relationship: str
    title: str
    situation: str
    model_answer: str
    their_words: str = ""
    """For ``accept``: the imperfect repair the other person offers."""
    why: str = ""
    lesson_section: str = ""

    @property
    def ask(self) -> str:
        """The one-line task shown above the editor."""
        if self.kind == "accept":
            return "Write a reply that lets their repair in."
        return "Write what you would say to reach back."


def load_scenarios(content_dir: Path) -> tuple[Scenario, ...]:
    """Read ``scenarios.yaml``; raise ContentError naming the file on any fault."""
    path = Path(content_dir) / SCENARIOS_FILE
    data = _read_mapping(path, "'scenarios'")
    raw_scenarios = _Fields(data, path).items("scenarios")
    scenarios: list[Scenario] = []
    seen: set[str] = set()
    for number, raw in enumerate(raw_scenarios, start=1):
        inner = _Fields(raw, path, f"scenarios[{number}].")
        key = inner.key("key", seen)
        kind = inner.choice("kind", SCENARIO_KINDS)
        their_words = inner.text("their_words", required=kind == "accept")
        scenarios.append(
            Scenario(
                key=key,
                kind=kind,
                relationship=inner.text("relationship"),
                title=inner.text("title"),
                situation=inner.text("situation"),
                model_answer=inner.text("model_answer"),
                their_words=their_words,
                why=inner.text("why", required=False),
                lesson_section=inner.text("lesson_section", required=False),
            )
        )
    return tuple(scenarios)


# ---------------------------------------------------------------------------
# What a draft does, in checker terms


@dataclass(frozen=True)
class DraftSummary:
    """The counts and labels that a version diff and a score talk about."""

    direction: str
    accountability: str
    away: int
    toward: int
    undermines: int
    owns: int
    families: frozenset[str]
    ends_with_question: bool

    @property
    def acknowledges(self) -> bool:
        """The draft owns something, plainly."""
        return self.accountability == "present"


def summarise(analysis: _AnalysisLike) -> DraftSummary:
    """Count what the checker found in one draft."""
    counts = {TOWARD: 0, AWAY: 0, UNDERMINES: 0, OWNS: 0}
    families: set[str] = set()
    for finding in analysis.findings:
        counts[finding.effect] = counts.get(finding.effect, 0) + 1
        families.add(finding.family)
    return DraftSummary(
        direction=analysis.direction,
        accountability=analysis.accountability,
        away=counts[AWAY],
        toward=counts[TOWARD],
        undermines=counts[UNDERMINES],
        owns=counts[OWNS],
        families=frozenset(families),
        ends_with_question=ends_with_question(analysis.text),
    )


def ends_with_question(text: str) -> bool:
    """The draft's last sentence is a question (closing quotes and emoji aside)."""
    stripped = text.rstrip().rstrip("\"'”’)]}*_ ")
    while stripped and not stripped[-1].isascii() and not stripped[-1].isalnum():
        stripped = stripped[:-1].rstrip()
    return stripped.endswith("?")


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def describe_change(before: DraftSummary | None, after: DraftSummary) -> list[str]:
    """What changed between two versions, in checker terms.

    E.g. ``["direction mixed → toward", "away moves 2 → 0", "acknowledgment added"]``.
    The first version is described on its own.
    """
    if before is None:
        first = [f"direction {after.direction}", f"accountability {after.accountability}"]
        if after.away:
            first.append(_plural(after.away, "away move"))
        return first
    changes: list[str] = []
    if before.direction != after.direction:
        changes.append(f"direction {before.direction} → {after.direction}")
    if before.away != after.away:
        changes.append(f"away moves {before.away} → {after.away}")
    if before.toward != after.toward:
        changes.append(f"toward moves {before.toward} → {after.toward}")
    if before.accountability != after.accountability:
        if after.accountability == "present":
            changes.append("acknowledgment added")
        elif after.accountability == "undermined":
            changes.append("acknowledgment hollowed out")
        elif before.accountability == "present":
            changes.append("acknowledgment removed")
        else:
            changes.append("hollow acknowledgment removed")
    elif before.undermines != after.undermines:
        changes.append(f"undermining words {before.undermines} → {after.undermines}")
    if before.ends_with_question != after.ends_with_question:
        changes.append("ends with a question now" if after.ends_with_question else "no longer ends with a question")
    return changes or ["wording only; the checker sees the same moves"]


# ---------------------------------------------------------------------------
# Applying a finding's suggestion to the draft

_PERSON_WORDS = re.compile(r"\b(?:i|i'm|i'd|i'll|i've|im|me|my|we|we're|let's|lets|us|our|you|your|you're)\b", re.I)
_PLACEHOLDER = re.compile(r"<[^<>\n]{1,60}>")
_CLAUSE_BREAK = re.compile(r"(?:[,;:\u2013\u2014]|\b(?:and|but|so|because)\b)\s*\Z", re.I)
_CONTRAST_BREAK = re.compile(r"\b(?:but|however|though|although|yet)\b[\s,;:]*\Z", re.I)
_SENTENCE_END = re.compile(r"[.!?]+(?=\s|$)|\n")
_TRAILING_CONNECTOR = re.compile(
    r"[\s,;:\u2013\u2014-]*(?:\b(?:but|however|though|although|and|because|cause|yet|still|so)\b)?[\s,;:\u2013\u2014-]*\Z",
    re.I,
)


def is_advice(suggestion: str) -> bool:
    """True when a suggestion is advice about the draft rather than words to say.

    Words to say speak as "I", "we" or to "you"; advice ("Let the apology
    stand on its own") speaks about the message.
    """
    return not _PERSON_WORDS.search(suggestion)


@dataclass(frozen=True)
class Rewrite:
    """A planned edit of the draft: replace ``text[start:end]`` with ``replacement``."""

    start: int
    end: int
    replacement: str
    kind: str
    """``span`` (the marked words), ``sentence``, ``message`` (the whole) or ``remove``."""

    def apply(self, text: str) -> str:
        return text[: self.start] + self.replacement + text[self.end :]

    @property
    def placeholder(self) -> tuple[int, int] | None:
        """Offsets, in the rewritten text, of the first ``<...>`` to fill in, if any."""
        match = _PLACEHOLDER.search(self.replacement)
        if match is None:
            return None
        return self.start + match.start(), self.start + match.end()

    @property
    def description(self) -> str:
        return {
            "span": "replaced the marked words",
            "sentence": "rewrote the sentence",
            "message": "rewrote the message",
            "remove": "removed the marked words",
        }.get(self.kind, "rewrote the draft")


def _sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence around ``text[start:end]``: from the previous end mark to the next (inclusive)."""
    sentence_start = 0
    for match in _SENTENCE_END.finditer(text):
        if match.end() <= start:
            sentence_start = match.end()
        elif match.start() >= end:
            return sentence_start, match.end() if match.group() != "\n" else match.start()
    return sentence_start, len(text)


def plan_rewrite(text: str, finding: Any) -> Rewrite | None:
    """How to apply ``finding``'s suggestion to ``text``; ``None`` when there is nothing to apply.

    A suggestion that is advice rather than words (see :func:`is_advice`)
    removes the marked words of an away or undermining move, with the "but"
    that led into them. A suggestion that is a whole sentence replaces the
    sentence holding the marked words (the whole message when that sentence
    is all there is), keeping a clause before them that ends in a comma or
    "and"; a phrase replaces just the marked words.
    """
    suggestion = (finding.suggestion or "").strip()
    start, end = max(0, finding.start), min(len(text), finding.end)
    if not suggestion or end <= start:
        return None
    if is_advice(suggestion):
        if finding.effect not in (AWAY, UNDERMINES):
            return None
        return _plan_removal(text, start, end)

    sentence_start, sentence_end = _sentence_bounds(text, start, end)
    sentence = text[sentence_start:sentence_end]
    sentence_start += len(sentence) - len(sentence.lstrip())
    sentence_end = sentence_start + len(sentence.strip())
    if suggestion[-1] in ".!?":
        # Words that make a whole sentence replace the sentence, keeping a
        # clause that stands before the marked words ("I love you, and ...").
        before = text[sentence_start:start]
        if before.strip() and _CONTRAST_BREAK.search(before):
            # "I'm sorry, but <marked>": the "but" goes, the new words stand as their own sentence.
            kept = sentence_start + len(_TRAILING_CONNECTOR.sub("", before))
            return Rewrite(kept, sentence_end, ". " + suggestion, "sentence")
        if before.strip() and _CLAUSE_BREAK.search(before):
            if not re.match(r"I\b", suggestion):
                suggestion = suggestion[0].lower() + suggestion[1:]
            return Rewrite(start, sentence_end, suggestion, "sentence")
        whole = sentence_start == len(text) - len(text.lstrip()) and sentence_end == len(text.rstrip())
        return Rewrite(sentence_start, sentence_end, suggestion, "message" if whole else "sentence")
    return Rewrite(start, end, suggestion, "span")


def _plan_removal(text: str, start: int, end: int) -> Rewrite:
    prefix = text[:start]
    trimmed = _TRAILING_CONNECTOR.sub("", prefix)
    suffix = text[end:]
    if not trimmed.strip():
        # The marked words open the message: drop them and any punctuation after.
        rest = suffix.lstrip(" ,;:.!?\u2013\u2014-")
        return Rewrite(0, len(text) - len(rest), "", "remove")
    rest = suffix
    if rest[:1] and rest[:1] in ".!?":
        joiner = ""
    elif trimmed[-1:] in ".!?":
        joiner = " " if rest.strip() else ""
        rest = rest.lstrip(" ,;:")
    else:
        joiner = "." + (" " if rest.strip() and not rest[:1].isspace() else "")
        rest = rest.lstrip(",;:")
    return Rewrite(len(trimmed), len(text) - len(rest), joiner, "remove")


# ---------------------------------------------------------------------------
# Versions of a draft


@dataclass(frozen=True)
class DraftVersion:
    """One kept version of a draft, with what the checker made of it."""

    number: int
    text: str
    reason: str
    """Why it was kept: ``kept``, ``copied``, ``saved`` or ``practice``."""
    summary: DraftSummary
    analysis: dict[str, Any]
    """``Analysis.to_dict()`` at the time it was kept."""
    at: datetime
    changes: tuple[str, ...]
    """What changed since the version before, in checker terms."""


@dataclass
class VersionHistory:
    """The versions kept during one builder session, oldest first."""

    versions: list[DraftVersion] = field(default_factory=list)

    def record(self, text: str, analysis: Any, reason: str, at: datetime | None = None) -> DraftVersion | None:
        """Keep ``text`` as a new version; ``None`` when it equals the latest (or is blank)."""
        if not text.strip():
            return None
        if self.versions and self.versions[-1].text == text:
            return None
        summary = summarise(analysis)
        previous = self.versions[-1].summary if self.versions else None
        version = DraftVersion(
            number=len(self.versions) + 1,
            text=text,
            reason=reason,
            summary=summary,
            analysis=analysis.to_dict(),
            at=at or datetime.now().astimezone(),
            changes=tuple(describe_change(previous, summary)),
        )
        self.versions.append(version)
        return version

    def __len__(self) -> int:
        return len(self.versions)

    def latest(self) -> DraftVersion | None:
        return self.versions[-1] if self.versions else None

    def as_records(self) -> list[dict[str, Any]]:
        """Plain dicts (for a journal entry): number, text, reason, at, changes."""
        return [
            {
                "number": version.number,
                "text": version.text,
                "reason": version.reason,
                "at": version.at.isoformat(timespec="seconds"),
                "direction": version.summary.direction,
                "accountability": version.summary.accountability,
                "changes": list(version.changes),
            }
            for version in self.versions
        ]


# ---------------------------------------------------------------------------
# "Before you send"


@dataclass(frozen=True)
class SendCheck:
    """One question of the "before you send" list, with the checker's own answer."""

    key: str
    question: str
    answer: str
    """What the checker can say, e.g. "checker: no acknowledgment yet"."""
    good: bool
    """Whether the checker's answer is reassuring."""


SEND_QUESTIONS = (
    ("moment", "Is this the moment, or do I need a break first?"),
    ("owns", "Does it own my part, without a defence?"),
    ("room", "Does it leave room for them?"),
)


def before_you_send(analysis: _AnalysisLike) -> tuple[SendCheck, ...]:
    """The three questions and what the checker has to say about each."""
    if getattr(analysis, "language", "en") == "unsupported":
        unread = ("checker: not read (it reads English only)", False)
        return tuple(SendCheck(key, question, *unread) for key, question in SEND_QUESTIONS)
    summary = summarise(analysis)
    empty = not analysis.text.strip()

    if empty:
        moment = ("checker: nothing written yet", False)
    elif BREAK_FAMILY in summary.families:
        moment = ("checker: a break with a return, good if you are flooded", True)
    elif summary.away:
        moment = (f"checker: {_plural(summary.away, 'away move')}; a break may come first", False)
    else:
        moment = ("checker: no away moves found", True)

    if summary.accountability == "present":
        owns = ("checker: it owns your part", True)
    elif summary.accountability == "undermined":
        owns = ("checker: the acknowledgment is hollowed out (~)", False)
    else:
        owns = ("checker: no acknowledgment yet", False)

    invites = {ACCEPT_FAMILY, BREAK_FAMILY} & summary.families
    if summary.ends_with_question:
        room = ("checker: ends with a question, it invites them", True)
    elif invites:
        room = ("checker: it lets them back in", True)
    elif summary.direction == "toward":
        room = ("checker: reaches toward them; a question could invite them further", True)
    else:
        room = ("checker: no question or invitation yet", False)

    answers = (moment, owns, room)
    return tuple(
        SendCheck(key, question, answer, good)
        for (key, question), (answer, good) in zip(SEND_QUESTIONS, answers)
    )


# ---------------------------------------------------------------------------
# Scoring a practice draft


@dataclass(frozen=True)
class PracticeScore:
    """How a practice draft did, in a headline and a few plain points."""

    passed: bool
    headline: str
    points: tuple[str, ...]
    stars: int
    """0-3: direction, accountability (or acceptance), no away moves."""


def score_practice(scenario: Scenario, analysis: _AnalysisLike) -> PracticeScore:
    """Score a draft written for ``scenario``.

    A ``repair`` scenario passes when the draft moves toward the other person
    with no away move; accountability makes it strong. An ``accept`` scenario
    passes when the checker hears the reply accept the repair, with no
    refusal and no away move.
    """
    summary = summarise(analysis)
    if not analysis.text.strip():
        return PracticeScore(False, "Not yet: write a reply first.", (), 0)
    if scenario.kind == "accept":
        return _score_accept(summary)
    return _score_repair(summary)


def _score_repair(summary: DraftSummary) -> PracticeScore:
    points: list[str] = []
    stars = 0
    if summary.direction == "toward":
        stars += 1
        points.append("✓ direction: toward, it reaches back")
    elif summary.direction == "mixed":
        points.append("✗ direction: mixed, something pulls the reach back")
    elif summary.direction == "away":
        points.append("✗ direction: away, it moves further apart")
    else:
        points.append("· direction: unclear, no repair move yet")

    if summary.accountability == "present":
        stars += 1
        points.append("✓ accountability: it owns your part")
    elif summary.accountability == "undermined":
        points.append("~ accountability: hollowed out; say it plainly, with nothing after")
    else:
        points.append("· accountability: none yet; a plain word about your impact helps")

    if summary.away == 0:
        stars += 1
        points.append("✓ no away moves")
    else:
        points.append(f"✗ {_plural(summary.away, 'away move')}: see the marked words")

    passed = summary.direction == "toward" and summary.away == 0
    if passed and summary.accountability == "present":
        headline = "A strong repair: it reaches back and owns its part."
    elif passed:
        headline = "A repair. It may land better with a plain acknowledgment of your part."
    elif summary.direction == "unclear":
        headline = "Not yet: nothing here reaches back so far. Try one small move toward them."
    else:
        headline = "Not yet. Look at the marked words and try again."
    return PracticeScore(passed, headline, tuple(points), stars)


def _score_accept(summary: DraftSummary) -> PracticeScore:
    points: list[str] = []
    stars = 0
    accepts = ACCEPT_FAMILY in summary.families
    refuses = REFUSE_FAMILY in summary.families
    if accepts and not refuses:
        stars += 1
        points.append("✓ it accepts their repair")
    elif refuses:
        points.append("✗ it refuses their repair")
    else:
        points.append("· the checker does not hear it let their repair in yet")

    if summary.direction == "toward":
        stars += 1
        points.append("✓ direction: toward")
    else:
        points.append(f"{'✗' if summary.direction in ('away', 'mixed') else '·'} direction: {summary.direction}")

    if summary.away == 0:
        stars += 1
        points.append("✓ no away moves")
    else:
        points.append(f"✗ {_plural(summary.away, 'away move')}: see the marked words")

    passed = accepts and not refuses and summary.away == 0
    if passed:
        headline = "You let their repair in. That is what keeps the way back open."
    elif refuses or summary.away:
        headline = "Not yet: this keeps the wall up. Try letting the attempt in, imperfect as it is."
    else:
        headline = "Not yet: say plainly that you take their attempt, e.g. thank them for it."
    return PracticeScore(passed, headline, tuple(points), stars)


# ---------------------------------------------------------------------------
# Reading the files


def _read_mapping(path: Path, expected: str) -> dict[str, Any]:
    data = parse_yaml(read_content_file(path), path)
    if not isinstance(data, dict):
        raise ContentError(f"{path}: expected a mapping with {expected}")
    return data


class _Fields:
    """Typed access to one mapping of a content file, with errors naming file and field."""

    def __init__(self, data: Any, path: Path, prefix: str = "") -> None:
        if not isinstance(data, dict):
            where = prefix.rstrip(".") or "the file"
            raise ContentError(f"{path}: {where} must be a mapping of fields")
        self.data = data
        self.path = path
        self.prefix = prefix

    def _error(self, name: str, problem: str) -> ContentError:
        return ContentError(f"{self.path}: field '{self.prefix}{name}' {problem}")

    def text(self, name: str, *, required: bool = True) -> str:
        value = self.data.get(name)
        if value is None:
            if required:
                raise ContentError(f"{self.path}: missing field '{self.prefix}{name}'")
            return ""
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str):
            raise self._error(name, "must be text")
        value = " ".join(value.split())
        if required and not value:
            raise self._error(name, "must not be empty")
        return value

    def key(self, name: str, seen: set[str]) -> str:
        value = self.text(name)
        if not SLUG_PATTERN.match(value):
            raise self._error(name, f"'{value}' must be lowercase words joined by hyphens")
        if value in seen:
            raise self._error(name, f"'{value}' is used twice")
        seen.add(value)
        return value

    def choice(self, name: str, allowed: Iterable[str]) -> str:
        allowed = tuple(allowed)
        value = self.text(name)
        if value not in allowed:
            raise self._error(name, f"is '{value}'; use one of: {', '.join(allowed)}")
        return value

    def items(self, name: str) -> list[Any]:
        value = self.data.get(name)
        if value is None:
            raise ContentError(f"{self.path}: missing field '{self.prefix}{name}'")
        if not isinstance(value, list) or not value:
            raise self._error(name, "must be a list with at least one item")
        return value

    def text_list(self, name: str, *, minimum: int) -> tuple[str, ...]:
        raw = self.items(name)
        lines: list[str] = []
        for index, item in enumerate(raw, start=1):
            if not isinstance(item, str) or not item.strip():
                raise self._error(f"{name}[{index}]", "must be non-empty text")
            lines.append(" ".join(item.split()))
        if len(lines) < minimum:
            raise self._error(name, f"needs at least {minimum} lines")
        return tuple(lines)
