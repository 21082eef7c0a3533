"""The repair checker: labels a message on direction and accountability.

It follows ``shared/brief/repair-rubric.md``. The language lives in
``content/rules/*.yaml`` (see :mod:`tui.core.checker_rules`); this module holds
the mechanics:

1. normalise the text (case, contractions, texting spellings) keeping a map to
   the original characters (:mod:`tui.core.checker_text`);
2. match every rule, dropping matches inside the scope of a preceding negator
   ("I'm *not saying* you're wrong") unless the rule opts out;
3. keep the longest (then highest-priority) match where matches overlap, so
   "sorry doesn't fix anything" is a refusal and not an apology;
4. apply each rule's ``requires`` (a break needs a return) and
   ``cancelled_by`` (intent named before impact is not a defence), repeating
   until stable;
5. a move toward followed by "but" and a clause with no move of its own is
   pulled back (what follows "but" wins);
6. an apology or ownership followed by blame, justification or minimising is
   taken back: accountability becomes ``undermined``;
7. combine into the two labels and a one-sentence verdict.

Rules marked ``fallback`` (hostile words about "you" that no rule names) are
matched only when steps 2-4 leave a message with no direction. Patterns are
filed under the word a match must start with (and, under very common words
such as "i", the two words), so each position tries only the rules that can
match there.

``analyse`` never raises for any ``str``: a fault in the mechanics falls back
to an ``unclear`` analysis rather than a traceback in the person's face.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tui.core.checker_blend import Blender
from tui.core.checker_families import Family, load_families
from tui.core.checker_language import LanguageGuard
from tui.core.checker_model import Model, load_model
from tui.core.checker_rules import LessonRef, PatternGroup, Rule, RuleSet, load_rules
from tui.core.checker_text import Normalised, normalise
from tui.core.errors import ContentError

__all__ = [
    "Analysis",
    "Checker",
    "ContentError",
    "Finding",
    "LessonRef",
    "RuleSet",
    "VERDICTS",
    "analyse",
    "load_checker",
    "load_rules",
]

TAKEN_BACK_RULE = "hollow.taken-back"
PULL_BACK_RULE = "away.pull-back"
# "But" and its kin: what follows them wins (the rubric's first hard case).
_CONTRAST = re.compile(
    r"(?<!\bnothing )(?<!\banything )(?<!\banyone )(?<!\beveryone )(?<!\bno one )(?<!\ball )(?<!\bhelp )"
    r"(?<!\beven )\b(?:but|however|though|although|that said|except)\b(?! also\b)"
)
_CONTRAST_WORDS = ("but", "however", "though", "that said", "except")
_CLAUSE_END = re.compile(r"[.!?;\n]")
_WORDS_IN = re.compile(r"[^\W\d_]+")
# Where a match may begin: each word, and each symbol (punctuation, emoji).
# A rule's pattern group is tried only at a word it can start with.
_TOKENS = re.compile(r"\w+(?=(?: (\w+))?)|[^\w\s]")  # group 1: the next word, when one space joins them
_DEFAULT_TAKES_BACK = (
    "blame", "criticism", "contempt", "minimise", "defend", "intent-over-impact",
    "justification", "keeping-score", "demand-first", "pull-back", "refuse-apology",
)

# The sentence for the person, per the rubric's combination table. The keys
# are verdict keys; a "-hollow" variant adds the rubric's "undermined" row to
# a mixed or away verdict (its verdict_key is the plain one).
VERDICTS: dict[str, str] = {
    "strong-repair": "A strong repair: it reaches back and owns its part.",
    "repair-no-ownership": "This reaches back; a plain word about how it affected them may help it land.",
    "hollow-acknowledgment": "This reaches back, but the apology is hollowed out; the plain version will land better.",
    "pulled-back": "The reach is there, but something in it pulls back; the marked part shows where.",
    "pulled-back-hollow": "The reach is there, but part of it pulls back and hollows the apology; the marked parts show where.",
    "moves-away": "For now this moves away; the marked part shows where, with a way to turn it toward.",
    "moves-away-hollow": "This moves away, and the apology in it sounds hollow; the plain version is offered below.",
    "no-direction": "No clear direction yet; a small first move, like naming what you noticed, could start one.",
    "unsupported-language": "tend's checker reads English only, so it has not judged this message.",
}
UNSUPPORTED = "unsupported-language"


@dataclass(frozen=True)
class Finding:
    """One recognised move, located in the original text."""

    rule: str
    family: str
    axis: str
    effect: str
    start: int
    end: int
    excerpt: str
    message: str
    suggestion: str | None
    lesson: LessonRef | None
    direction: str | None = None
    """Which way the move pulls direction: toward, away, or None."""
    source: str = "rule"
    """What found it: ``rule`` (a rule file) or ``model`` (the trained model)."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "source": self.source,
            "family": self.family,
            "axis": self.axis,
            "effect": self.effect,
            "start": self.start,
            "end": self.end,
            "excerpt": self.excerpt,
            "message": self.message,
            "suggestion": self.suggestion,
            "lesson": None if self.lesson is None else {"slug": self.lesson.slug, "section": self.lesson.section},
        }


@dataclass(frozen=True)
class Analysis:
    """The two labels, the verdict and the findings for one message."""

    text: str
    direction: str
    accountability: str
    verdict_key: str
    verdict: str
    findings: tuple[Finding, ...]
    language: str = "en"
    """``en``, or ``unsupported`` when the message is mostly not English (then nothing is judged)."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "language": self.language,
            "direction": self.direction,
            "accountability": self.accountability,
            "verdict_key": self.verdict_key,
            "verdict": self.verdict,
            "findings": [finding.to_dict() for finding in self.findings],
        }


@dataclass(frozen=True, eq=False)
class _Match:
    rule: Rule
    start: int
    end: int


def verdict_for(direction: str, accountability: str) -> str:
    """The key into :data:`VERDICTS` for a pair of labels (verdict_key, plus "-hollow" where it applies)."""
    hollow = accountability == "undermined"
    if direction == "toward":
        if hollow:
            return "hollow-acknowledgment"
        return "strong-repair" if accountability == "present" else "repair-no-ownership"
    if direction == "mixed":
        return "pulled-back-hollow" if hollow else "pulled-back"
    if direction == "away":
        return "moves-away-hollow" if hollow else "moves-away"
    return "no-direction"


class _Index:
    """Some rules' pattern groups, filed under the words (or characters) a match can start with."""

    def __init__(self, rules: list[Rule]) -> None:
        by_word: dict[str, list[tuple[Rule, PatternGroup]]] = {}
        by_pair: dict[str, list[tuple[Rule, PatternGroup]]] = {}
        by_char: dict[str, list[tuple[Rule, PatternGroup]]] = {}
        anywhere: list[tuple[Rule, PatternGroup]] = []
        for rule in rules:
            for group in rule.groups:
                if group.pairs is not None:
                    for pair in group.pairs:
                        (by_pair if " " in pair else by_word).setdefault(pair, []).append((rule, group))
                elif group.words is not None:
                    for word in group.words:
                        by_word.setdefault(word, []).append((rule, group))
                elif group.chars is not None:
                    for char in group.chars:
                        by_char.setdefault(char, []).append((rule, group))
                else:
                    anywhere.append((rule, group))
        self.has_rules = bool(rules)
        self._by_word = {word: tuple(found) for word, found in by_word.items()}
        self._by_char = {char: tuple(found) for char, found in by_char.items()}
        self._by_pair = {pair: tuple(found) for pair, found in by_pair.items()}
        self.pair_starts = frozenset(pair.partition(" ")[0] for pair in by_pair)
        self.anywhere = tuple(anywhere)
        self.token_cache: dict[str, tuple[tuple[Rule, Any], ...]] = {}

    def matchers_for(self, token: str, pair: str | None = None) -> tuple[tuple[Rule, Any], ...]:
        """The compiled pattern groups to try where ``token`` starts (compiled once, on first need).

        ``pair`` is the token and the word after it ("i am") when one plain
        space joins them; it is also the cache key then.
        """
        key = pair or token
        cached = self.token_cache.get(key)
        if cached is None:
            pairs = self._by_word.get(token, ()) + self._by_char.get(token[0], ())
            if pair is not None:
                pairs += self._by_pair.get(pair, ())
            # one expression per rule here, however many of its groups can start at this word
            per_rule: dict[str, tuple[Rule, list[PatternGroup]]] = {}
            for rule, group in pairs:
                per_rule.setdefault(rule.id, (rule, []))[1].append(group)
            cached = tuple((rule, PatternGroup.combined(groups).match) for rule, groups in per_rule.values())
            if len(self.token_cache) < 50_000:
                self.token_cache[key] = cached
        return cached


class Checker:
    """Labels messages with one compiled :class:`RuleSet`."""

    def __init__(
        self,
        rules: RuleSet,
        model: Model | None = None,
        families: dict[str, Family] | None = None,
        language: LanguageGuard | None = None,
    ) -> None:
        self.rules = rules
        self.model = model
        self.language = language or LanguageGuard()
        self._blender: Blender | None = None
        if model is not None:
            if families is None:
                raise ValueError("a model needs the move families that name its findings")
            self._blender = Blender(model, families)
        # Fallback rules get their own index: they are tried only when the
        # named rules give a message no direction, which keeps them off the
        # common path.
        self._order = {rule.id: number for number, rule in enumerate(rules.rules)}
        self._main = _Index([rule for rule in rules.rules if not rule.fallback])
        self._fallback = _Index([rule for rule in rules.rules if rule.fallback])
        taken_back = rules.by_id(TAKEN_BACK_RULE)
        if taken_back is None:
            taken_back = Rule(
                id=TAKEN_BACK_RULE,
                family="taken-back",
                axis="accountability",
                effect="undermines",
                message="What follows takes back the apology before it can land.",
                suggestion="Let the apology stand on its own; the rest can wait for another moment.",
                lesson=LessonRef("repairing-after-rupture", "Owning the impact"),
                groups=(),
                requires=_DEFAULT_TAKES_BACK,
                direction=None,
            )
        self._taken_back = taken_back
        self._takes_back = frozenset(taken_back.requires or _DEFAULT_TAKES_BACK)
        pull_back = rules.by_id(PULL_BACK_RULE)
        if pull_back is None:
            pull_back = Rule(
                id=PULL_BACK_RULE,
                family="pull-back",
                axis="direction",
                effect="away",
                message="What follows the \"but\" is what they will remember, and here it pulls back from what came before.",
                suggestion="Stop before the \"but\": let the first part stand on its own for now.",
                lesson=LessonRef("repairing-after-rupture", "Owning the impact"),
                groups=(),
                direction="away",
            )
        self._pull_back = pull_back

    def analyse(self, text: str) -> Analysis:
        """Label ``text``. Never raises for a ``str``."""
        if not isinstance(text, str):
            text = str(text)
        try:
            return self._analyse(text)
        except Exception:  # noqa: BLE001 - the promise is "never raise"; see module docstring
            return Analysis(text, "unclear", "absent", "no-direction", VERDICTS["no-direction"], ())

    # -- mechanics ---------------------------------------------------------

    def _candidates(self, norm: Normalised, index: "_Index", scopes: list[tuple[int, int]]) -> list[_Match]:
        tidy = norm.text
        spans: list[tuple[Rule, int, int]] = []
        cache = index.token_cache
        pair_starts = index.pair_starts
        for token in _TOKENS.finditer(tidy):
            word = token.group()
            pair = None
            if word in pair_starts:
                following = token.group(1)
                if following is not None:
                    pair = word + " " + following
            matchers = cache.get(pair or word)
            if matchers is None:
                matchers = index.matchers_for(word, pair)
            if not matchers:
                continue
            at = token.start()
            spans.extend([(rule, at, found.end()) for rule, match_at in matchers if (found := match_at(tidy, at))])
        for rule, group in index.anywhere:
            for match in group.regex.finditer(tidy):
                spans.append((rule, match.start(), match.end()))
        scope_starts = [s for s, _ in scopes]

        def negated(start: int) -> bool:
            # Scopes are sorted, and a later negator's scope in a clause ends no
            # sooner than an earlier one's: the last scope begun is the one to test.
            index = bisect_right(scope_starts, start) - 1
            return index >= 0 and start < scopes[index][1]

        return [
            _Match(rule, start, end)
            for rule, start, end in spans
            if end > start and not (rule.negatable and scopes and negated(start))
        ]

    def _resolve_overlaps(self, candidates: list[_Match]) -> list[_Match]:
        order = self._order  # on a full tie, the rule that comes first in the files wins
        ranked = sorted(candidates, key=lambda m: (-m.rule.priority, -(m.end - m.start), m.start, order[m.rule.id]))
        kept: list[_Match] = []
        starts: list[int] = []  # of kept matches, which never overlap, so their ends are sorted too
        ends: list[int] = []
        for match in ranked:
            index = bisect_left(starts, match.end)
            if index > 0 and ends[index - 1] > match.start:
                continue
            starts.insert(index, match.start)
            ends.insert(index, match.end)
            kept.insert(index, match)
        return kept

    @staticmethod
    def _unmet(kept: list[_Match]) -> set[_Match]:
        failing: set[_Match] = set()
        count: dict[str, int] = {}
        last_start: dict[str, int] = {}
        for match in kept:
            family = match.rule.family
            count[family] = count.get(family, 0) + 1
            last_start[family] = max(last_start.get(family, -1), match.start)
        for match in kept:
            rule = match.rule
            if rule.requires and not any(
                count.get(family, 0) > (1 if family == rule.family else 0) for family in rule.requires
            ):
                failing.add(match)
            if rule.cancelled_by and any(last_start.get(family, -1) >= match.end for family in rule.cancelled_by):
                failing.add(match)
        return failing

    def _select(self, candidates: list[_Match]) -> list[_Match]:
        pool = list(candidates)
        for _ in range(8):
            kept = self._resolve_overlaps(pool)
            failing = self._unmet(kept)
            if not failing:
                return kept
            pool = [m for m in pool if m not in failing]
        return self._resolve_overlaps(pool)

    def _add_pull_backs(self, tidy: str, kept: list[_Match]) -> list[_Match]:
        """A reach followed by "but" and a clause that moves nowhere toward is pulled back.

        "I'm sorry, but you need to stop bringing this up": no single rule
        says the second half is blame, but after "but" it is what lands, so
        the clause itself becomes an away move. A clause that already holds a
        move of either direction is left to that move.
        """
        if not kept or "toward" not in {m.rule.direction for m in kept}:
            return kept
        if not any(word in tidy for word in _CONTRAST_WORDS):
            return kept
        added: list[_Match] = []
        first_toward_end = min(m.end for m in kept if m.rule.direction == "toward")
        moving = [m for m in kept if m.rule.direction is not None]  # sorted and non-overlapping
        move_starts = [m.start for m in moving]
        for contrast in _CONTRAST.finditer(tidy):
            if first_toward_end > contrast.start():
                continue
            end_mark = _CLAUSE_END.search(tidy, contrast.end())
            end = end_mark.start() if end_mark else len(tidy)
            start = contrast.end()
            words = _WORDS_IN.findall(tidy, start, end)
            # two words make a clause; one is enough when it turns to "you"
            if len(words) < 2 and words[:1] not in (["you"], ["your"]):
                continue
            index = bisect_left(move_starts, end)
            if index > 0 and moving[index - 1].end > start:
                continue
            while start < end and not tidy[start].isalnum():
                start += 1
            added.append(_Match(self._pull_back, start, end))
        return sorted(kept + added, key=lambda m: (m.start, m.end)) if added else kept

    def _finding(self, rule: Rule, norm: Normalised, original: str, start: int, end: int) -> Finding:
        o_start, o_end = norm.original_span(start, end)
        while o_start < o_end and original[o_start].isspace():
            o_start += 1
        while o_end > o_start and original[o_end - 1].isspace():
            o_end -= 1
        return Finding(
            rule=rule.id,
            family=rule.family,
            axis=rule.axis,
            effect=rule.effect,
            start=o_start,
            end=o_end,
            excerpt=original[o_start:o_end],
            message=rule.message,
            suggestion=rule.suggestion,
            lesson=rule.lesson,
            direction=rule.direction,
        )

    @property
    def blender(self) -> "Blender | None":
        """The model's side of the checker, or None when it runs on rules alone."""
        return self._blender

    def _analyse(self, text: str) -> Analysis:
        if not self.language.reads_as_english(text):
            return Analysis(text, "unclear", "absent", UNSUPPORTED, VERDICTS[UNSUPPORTED], (), language="unsupported")
        norm, ruled = self.rule_view(text)
        if self._blender is None:
            return ruled
        reading = self._blender.read(norm, ruled)
        findings = self._blender.reconcile(text, norm, ruled.findings, reading)
        direction, accountability = reading.direction, reading.accountability
        sentence = verdict_for(direction, accountability)
        return Analysis(
            text, direction, accountability, sentence.removesuffix("-hollow"), VERDICTS[sentence], findings
        )

    def rule_view(self, text: str) -> tuple[Normalised, Analysis]:
        """The tidy text and what the rules alone make of it."""
        norm = normalise(text)
        scopes = norm.negation_scopes() if norm.text else []
        named = self._candidates(norm, self._main, scopes)
        kept = self._select(named)
        if self._fallback.has_rules and not any(m.rule.direction is not None for m in kept):
            # Fallback rules are a last resort: they read a message only when
            # no named move gives it a direction.
            extra = self._candidates(norm, self._fallback, scopes)
            if extra:
                kept = self._select(named + extra)
        kept = self._add_pull_backs(norm.text, kept)

        extra: list[_Match] = []
        owning = [m for m in kept if m.rule.effect == "owns"]
        if owning:
            first_own = min(m.start for m in owning)
            for match in kept:
                if match.rule.effect == "away" and match.start >= first_own and match.rule.family in self._takes_back:
                    extra.append(_Match(self._taken_back, match.start, match.end))
                    break

        toward = any(m.rule.direction == "toward" for m in kept)
        away = any(m.rule.direction == "away" for m in kept)
        direction = "mixed" if toward and away else "toward" if toward else "away" if away else "unclear"
        if extra or any(m.rule.effect == "undermines" for m in kept):
            accountability = "undermined"
        elif owning:
            accountability = "present"
        else:
            accountability = "absent"
        sentence = verdict_for(direction, accountability)
        key = sentence.removesuffix("-hollow")
        findings = sorted(
            (self._finding(m.rule, norm, text, m.start, m.end) for m in kept + extra),
            key=lambda f: (f.start, f.end, f.rule),
        )
        return norm, Analysis(text, direction, accountability, key, VERDICTS[sentence], tuple(findings))


_CHECKERS: dict[str, Checker] = {}


def checker_for(content_dir: Path | None = None) -> Checker:
    """The cached :class:`Checker` for a content folder (default: the one in use)."""
    if content_dir is None:
        from tui.core.paths import content_dir as default_content_dir

        content_dir = default_content_dir()
    key = str(Path(content_dir).resolve())
    checker = _CHECKERS.get(key)
    if checker is None:
        checker = load_checker(Path(content_dir))
        _CHECKERS[key] = checker
    return checker


def load_checker(content_dir: Path) -> Checker:
    """The checker a content folder describes: its rules, and its trained model where it ships one."""
    rules = load_rules(content_dir)
    model = load_model(content_dir)
    families = load_families(content_dir) if model is not None else None
    return Checker(rules, model, families, LanguageGuard.for_content(content_dir))


def analyse(text: str, content_dir: Path | None = None) -> Analysis:
    """Label ``text`` with the rules of ``content_dir`` (compiled once, then cached)."""
    return checker_for(content_dir).analyse(text)
