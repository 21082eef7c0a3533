"""Loading the repair checker's rules from ``content/rules/*.yaml``.

Rules are data: each names a move family of the repair rubric, the axis it
bears on, its effect, the patterns that recognise it, and the words shown to
the person. ``content/rules/README.md`` describes the format for people who
write or extend rules. This module reads the files, checks every field, expands
``{macro}`` references, and compiles each rule's patterns once. Anything wrong
becomes a :class:`~tui.core.errors.ContentError` naming the file, the rule and
(where YAML knows it) the line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tui.core.errors import ContentError

AXES = ("direction", "accountability")
EFFECTS = ("toward", "away", "undermines", "owns")
_AXIS_OF_EFFECT = {"toward": "direction", "away": "direction", "owns": "accountability", "undermines": "accountability"}
_ID = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
_FAMILY = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_MACRO_REF = re.compile(r"\{([a-z_][a-z0-9_]*)\}")
_RULE_KEYS = frozenset(
    "id family axis effect message suggestion lesson patterns negatable requires "
    "cancelled_by direction priority fallback".split()
)
_LINE_KEY = "__line__"


@dataclass(frozen=True)
class LessonRef:
    """A link into a lesson: its slug and, optionally, a ``## `` heading's text."""

    slug: str
    section: str | None


@dataclass(frozen=True)
class Rule:
    """One move the checker recognises, compiled and ready to match."""

    id: str
    family: str
    axis: str
    effect: str
    message: str
    suggestion: str | None
    lesson: LessonRef | None
    groups: tuple["PatternGroup", ...]
    """The rule's patterns, grouped by the words a match can start with."""
    negatable: bool = True
    """Drop a match that sits inside the scope of a preceding "not"/"never"."""
    requires: tuple[str, ...] = ()
    """Keep a match only if a move of one of these families is also present."""
    cancelled_by: tuple[str, ...] = ()
    """Drop a match when a move of one of these families comes after it."""
    direction: str | None = None
    """Which way the move pulls direction: toward, away, or None (no pull)."""
    priority: int = 0
    fallback: bool = False
    """Count this match only when no other rule moves the direction (a last resort)."""
    source: str = ""


class PatternGroup:
    """Some of a rule's patterns that start the same way, compiled on first use.

    ``words``: the words (or single symbols) a match can begin with, or None.
    ``chars``: when the words are unknown, the characters a match can begin
    with, or None to try everywhere. The checker tries a group only where the
    text could match it; that, and compiling only what a message needs, is
    what keeps it fast.
    """

    __slots__ = ("words", "chars", "pairs", "expression", "_parsed", "_regex")

    def __init__(
        self,
        words: frozenset[str] | None,
        chars: frozenset[str] | None,
        expression: str,
        parsed: list[Any] | None = None,
        pairs: frozenset[str] | None = None,
    ) -> None:
        self.words = words
        self.pairs = pairs
        self.chars = chars
        self.expression = expression
        self._parsed = parsed
        self._regex: re.Pattern[str] | None = None

    @property
    def regex(self) -> re.Pattern[str]:
        if self._regex is None:
            self._regex = _compile_parsed(self._parsed, self.expression)
        return self._regex

    @staticmethod
    def combined(groups: "list[PatternGroup]") -> re.Pattern[str]:
        """One expression trying several groups in turn (for one rule at one word)."""
        if len(groups) == 1:
            return groups[0].regex
        trees: list[Any] | None = []
        for group in groups:
            if group._parsed is None or trees is None:
                trees = None
            else:
                trees.extend(group._parsed)
        return _compile_parsed(trees, "|".join(f"(?:{group.expression})" for group in groups))


def _compile_parsed(parsed: list[Any] | None, expression: str) -> re.Pattern[str]:
    """Compile patterns already parsed at load time, as one alternation.

    Parsing is most of the cost of compiling a regular expression in Python,
    and the loader has already parsed every pattern to see how it starts, so
    the parsed trees are reused. Should the standard library's internals ever
    differ, the expression is simply compiled from its text.
    """
    if parsed:
        try:
            from re import _compiler, _parser  # type: ignore[attr-defined]

            if len(parsed) == 1:
                tree = parsed[0]
            else:
                tree = _parser.SubPattern(_parser.State(), [(_parser.BRANCH, (None, parsed))])
            return _compiler.compile(tree, 0)  # type: ignore[no-any-return]
        except Exception:  # noqa: BLE001 - fall back to the public API
            pass
    return re.compile(expression)


@dataclass(frozen=True)
class RuleSet:
    """All rules from one content folder, in file then document order."""

    rules: tuple[Rule, ...]

    def by_id(self, rule_id: str) -> Rule | None:
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        return None


def _loader() -> type:
    """A safe YAML loader that records each mapping's line number."""
    import yaml

    base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    class LineLoader(base):  # type: ignore[misc, valid-type]
        pass

    def construct_mapping(loader: Any, node: Any) -> dict[Any, Any]:
        mapping = yaml.SafeLoader.construct_mapping(loader, node, deep=True)
        mapping[_LINE_KEY] = node.start_mark.line + 1
        return mapping

    LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, construct_mapping)
    return LineLoader


def _read_yaml(path: Path, label: str) -> Any:
    import yaml

    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ContentError(f"{label}: cannot be read ({exc.__class__.__name__}); check the file") from None
    try:
        return yaml.load(text, Loader=_loader())  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" line {mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or "not valid YAML"
        raise ContentError(f"{label}:{where} {problem}; fix the YAML") from None


def _text_field(data: dict[str, Any], key: str, where: str, *, required: bool) -> str | None:
    value = data.get(key)
    if value is None:
        if required:
            raise ContentError(f"{where}: missing '{key}'")
        return None
    if not isinstance(value, str) or not value.strip():
        raise ContentError(f"{where}: '{key}' must be a non-empty line of text")
    return " ".join(value.split())


def _families(data: dict[str, Any], key: str, where: str) -> tuple[str, ...]:
    value = data.get(key, [])
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and _FAMILY.match(v) for v in value):
        raise ContentError(f"{where}: '{key}' must be a list of family names")
    return tuple(value)


def _lesson(value: Any, where: str) -> LessonRef | None:
    if value is None:
        return None
    if not isinstance(value, dict) or not isinstance(value.get("slug"), str) or not value["slug"].strip():
        raise ContentError(f"{where}: 'lesson' must be a mapping with a 'slug' (and optionally a 'section')")
    section = value.get("section")
    if section is not None and (not isinstance(section, str) or not section.strip()):
        raise ContentError(f"{where}: 'lesson.section' must be a heading's text")
    return LessonRef(value["slug"].strip(), section.strip() if section else None)


def _expand(pattern: str, macros: dict[str, str], where: str) -> str:
    def substitute(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in macros:
            raise ContentError(f"{where}: unknown macro '{{{name}}}'")
        return macros[name]

    return _MACRO_REF.sub(substitute, pattern)


def _build_rule(
    data: Any,
    macros: dict[str, str],
    label: str,
    index: int,
    stand_ins: dict[str, str] | None = None,
    crowded: frozenset[str] = frozenset(),
) -> Rule:
    if not isinstance(data, dict):
        raise ContentError(f"{label}: rule #{index + 1} must be a mapping of fields")
    line = data.get(_LINE_KEY)
    rule_id = data.get("id")
    if not isinstance(rule_id, str) or not _ID.match(rule_id):
        at = f" (line {line})" if line else ""
        raise ContentError(f"{label}: rule #{index + 1}{at}: 'id' must be lower-case words joined by . - or _")
    where = f"{label}: rule '{rule_id}'" + (f" (line {line})" if line else "")
    unknown = sorted(k for k in data if k != _LINE_KEY and k not in _RULE_KEYS)
    if unknown:
        raise ContentError(f"{where}: unknown field '{unknown[0]}'")
    family = data.get("family")
    if not isinstance(family, str) or not _FAMILY.match(family):
        raise ContentError(f"{where}: 'family' must be a lower-case name such as 'blame'")
    effect = data.get("effect")
    if effect not in EFFECTS:
        raise ContentError(f"{where}: 'effect' must be one of {', '.join(EFFECTS)} (got {effect!r})")
    axis = data.get("axis", _AXIS_OF_EFFECT[effect])
    if axis not in AXES:
        raise ContentError(f"{where}: 'axis' must be one of {', '.join(AXES)} (got {axis!r})")
    if axis != _AXIS_OF_EFFECT[effect]:
        raise ContentError(f"{where}: effect '{effect}' belongs on axis '{_AXIS_OF_EFFECT[effect]}', not '{axis}'")
    message = _text_field(data, "message", where, required=True)
    suggestion = _text_field(data, "suggestion", where, required=False)
    lesson = _lesson(data.get("lesson"), where)
    direction_default = {"toward": "toward", "away": "away", "owns": "toward", "undermines": "toward"}[effect]
    direction = data.get("direction", direction_default)
    if direction not in ("toward", "away", None):
        raise ContentError(f"{where}: 'direction' must be toward, away or null (got {direction!r})")
    if effect in ("toward", "away") and direction != effect:
        raise ContentError(f"{where}: a '{effect}' rule always pulls {effect}; drop 'direction'")
    negatable = data.get("negatable", True)
    if not isinstance(negatable, bool):
        raise ContentError(f"{where}: 'negatable' must be true or false")
    priority = data.get("priority", 0)
    if not isinstance(priority, int) or isinstance(priority, bool):
        raise ContentError(f"{where}: 'priority' must be a whole number")
    fallback = data.get("fallback", False)
    if not isinstance(fallback, bool):
        raise ContentError(f"{where}: 'fallback' must be true or false")
    patterns = data.get("patterns")
    if patterns is None:
        patterns = []
    if not isinstance(patterns, list) or not all(isinstance(p, str) and p.strip() for p in patterns):
        raise ContentError(f"{where}: 'patterns' must be a list of regular expressions")
    groups: tuple[PatternGroup, ...] = ()
    if patterns:
        skeletons = [_expand(p, stand_ins, where) for p in patterns] if stand_ins is not None else None
        groups = _group_patterns(patterns, [_expand(p, macros, where) for p in patterns], where, skeletons, crowded)
    return Rule(
        id=rule_id,
        family=family,
        axis=axis,
        effect=effect,
        message=message or "",
        suggestion=suggestion,
        lesson=lesson,
        groups=groups,
        negatable=negatable,
        requires=_families(data, "requires", where),
        cancelled_by=_families(data, "cancelled_by", where),
        direction=direction,
        priority=priority,
        fallback=fallback,
        source=label,
    )


def _sre() -> Any:
    """The standard library's regular-expression parser, or None if it moved."""
    try:
        from re import _parser  # type: ignore[attr-defined]

        return _parser
    except ImportError:  # Python 3.10
        try:
            import sre_parse

            return sre_parse
        except ImportError:
            return None


def _group_patterns(
    originals: list[str],
    expanded: list[str],
    where: str,
    skeletons: list[str] | None = None,
    crowded: frozenset[str] = frozenset(),
) -> tuple[PatternGroup, ...]:
    """Check each pattern, find how it can start, and group patterns that start alike.

    ``skeletons`` are the patterns with each macro replaced by a short stand-in
    of the same shape (see :func:`_stand_in`). Parsing is most of the cost of
    loading, and the big macros (lists of a hundred words) would otherwise be
    parsed again in every pattern that uses them; a skeleton parses in a
    fraction of the time and says the same about how the pattern starts. When
    a match could begin inside a macro, the whole pattern is parsed after all.
    """
    sre = _sre()
    keyed: dict[
        tuple[frozenset[str] | None, frozenset[str] | None, frozenset[str] | None], list[tuple[str, Any]]
    ] = {}
    for index, (original, pattern) in enumerate(zip(originals, expanded)):
        skeleton = skeletons[index] if skeletons is not None else pattern
        if sre is not None and skeleton != pattern:
            try:
                parsed_skeleton = sre.parse(skeleton, 0)
            except re.error as exc:
                raise ContentError(f"{where}: bad pattern {original!r}: {exc}") from None
            words_found = _start_words(parsed_skeleton, original, where, sre)
            if words_found is not None and not any(_STAND_IN in word for word in words_found):
                if pattern.startswith("\\b") and all(_is_word_char(word[0]) for word in words_found):
                    pattern = pattern[2:]  # tried only where a word starts: see below
                pairs_found = _first_pairs(parsed_skeleton, sre) if words_found & crowded else None
                keyed.setdefault((words_found, None, pairs_found), []).append((pattern, None))
                continue
        try:
            parsed = sre.parse(pattern, 0) if sre is not None else re.compile(pattern)
        except re.error as exc:
            raise ContentError(f"{where}: bad pattern {original!r}: {exc}") from None
        words: frozenset[str] | None = None
        chars: frozenset[str] | None = None
        if sre is not None:
            try:
                _check_parsed(parsed, pattern, original, where, sre)
                found_words = _first_words(list(parsed), "", sre)
                if found_words is not None and len(found_words) <= 400:
                    words = frozenset(found_words)
                else:
                    found_chars, nullable = _first_chars(parsed, sre)
                    if found_chars is not None and not nullable:
                        chars = frozenset(found_chars)
            except ContentError:
                raise
            except Exception:  # noqa: BLE001 - the parser's internals changed: try this pattern everywhere
                words = chars = None
        else:
            compiled = re.compile(pattern)
            if compiled.groups:
                raise ContentError(f"{where}: use (?:...) instead of capturing groups in {original!r}")
            if compiled.search("") is not None:
                raise ContentError(f"{where}: pattern {original!r} matches empty text; it would flag everything")
        tree = parsed if sre is not None else None
        pairs = _first_pairs(tree, sre) if tree is not None and words is not None and words & crowded else None
        if (
            words is not None
            and tree is not None
            and pattern.startswith("\\b")
            and all(_is_word_char(word[0]) for word in words)
            and _drop_leading_boundary(tree, sre)
        ):
            # a word-indexed pattern is only tried where a word starts, so its
            # leading \b always holds; without it the regex engine can reject
            # on the first letters at once (a \b first defeats that shortcut)
            pattern = pattern[2:]
        keyed.setdefault((words, chars, pairs), []).append((pattern, tree))
    groups = []
    for (words, chars, pairs), members in keyed.items():
        expression = "|".join(f"(?:{pattern})" for pattern, _ in members)
        trees = [tree for _, tree in members]
        groups.append(PatternGroup(words, chars, expression, None if None in trees else trees, pairs))
    return tuple(groups)


_STAND_IN = "zqmacro"


def _stand_in(name: str, body: str, label: str) -> str:
    """Check a macro once and return a short pattern of the same shape to parse in its place.

    The stand-in is optional where the macro can match nothing and has two
    lengths where the macro's length varies, so the checks on a skeleton
    (matches empty text? look-behind of one width?) come out as they would on
    the whole pattern.
    """
    sre = _sre()
    try:
        parsed = sre.parse(body, 0) if sre is not None else re.compile(body)
    except re.error as exc:
        raise ContentError(f"{label}: macro '{name}' is not a valid pattern: {exc}") from None
    if sre is None:
        return f"(?:{body})"
    if parsed.state.groups > 1:
        raise ContentError(f"{label}: macro '{name}': use (?:...) instead of capturing groups")
    if "(?<" in body and not _lookbehinds_fixed(list(parsed), sre):
        raise ContentError(f"{label}: macro '{name}': a look-behind must have a fixed width")
    low, high = parsed.getwidth()
    stand_in = f"(?:{_STAND_IN})" if low == high else f"(?:{_STAND_IN}|{_STAND_IN}s)"
    return stand_in + "?" if low == 0 else stand_in


def _check_parsed(parsed: Any, text: str, original: str, where: str, sre: Any) -> None:
    """Refuse, at load, what would misbehave at first use: capturing groups, a pattern that
    matches empty text, and a look-behind of varying width (``text`` is what was parsed)."""
    if parsed.state.groups > 1:
        raise ContentError(f"{where}: use (?:...) instead of capturing groups in {original!r}")
    if parsed.getwidth()[0] == 0:
        raise ContentError(f"{where}: pattern {original!r} matches empty text; it would flag everything")
    if "(?<" in text and not _lookbehinds_fixed(list(parsed), sre):
        # compiling is left until first use, so say it now rather than at a keystroke
        raise ContentError(
            f"{where}: bad pattern {original!r}: a look-behind (?<=...) or (?<!...) must have a fixed "
            "width; split it into one look-behind per length"
        )


def _start_words(parsed: Any, original: str, where: str, sre: Any) -> frozenset[str] | None:
    """Check a parsed skeleton and return the words a match can start with (None: parse it whole)."""
    _check_parsed(parsed, original, original, where, sre)
    try:
        found = _first_words(list(parsed), "", sre)
    except Exception:  # noqa: BLE001 - the parser's internals changed: parse the whole pattern
        return None
    return frozenset(found) if found is not None and len(found) <= 400 else None


def _lookbehinds_fixed(items: list[Any], sre: Any) -> bool:
    """Whether every look-behind in a parsed pattern has one width (Python cannot compile it otherwise)."""
    for op, av in items:
        if op in (sre.ASSERT, sre.ASSERT_NOT):
            direction, sub = av
            if direction < 0:
                low, high = sub.getwidth()
                if low != high:
                    return False
            if not _lookbehinds_fixed(list(sub), sre):
                return False
        elif op is sre.BRANCH:
            if not all(_lookbehinds_fixed(list(branch), sre) for branch in av[1]):
                return False
        elif op is sre.SUBPATTERN:
            if not _lookbehinds_fixed(list(av[-1]), sre):
                return False
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT):
            if not _lookbehinds_fixed(list(av[2]), sre):
                return False
    return True


def _drop_leading_boundary(tree: Any, sre: Any) -> bool:
    """Remove a leading ``\\b`` from a parsed pattern; True if there was one to remove."""
    data = tree.data
    if data and data[0][0] is sre.AT and data[0][1] is sre.AT_BOUNDARY:
        del data[0]
        return True
    return False


def _is_word_char(char: str) -> bool:
    return char.isalnum() or char == "_"


def _first_words(items: list[Any], prefix: str, sre: Any, spaces: int = 0) -> set[str] | None:
    """The whole words (or single symbols) a match of ``items`` can begin with; None if unsure.

    With ``spaces=1`` a "word" runs on over one space, giving the two words a
    match can begin with ("i am"); see :func:`_first_pairs`.
    """
    for index, (op, av) in enumerate(items):
        rest = items[index + 1 :]
        if op is sre.AT:
            if prefix:
                return {prefix} if av is sre.AT_BOUNDARY else None
            continue
        if op in (sre.ASSERT, sre.ASSERT_NOT):
            if prefix:
                return None
            continue
        if op is sre.LITERAL:
            char = chr(av)
            if char == " " and spaces > 0 and prefix and not prefix.endswith(" "):
                prefix += char
                spaces -= 1
                continue
            if _is_word_char(char):
                prefix += char
                continue
            if prefix:
                return {prefix}
            return None if char.isspace() else {char}
        if op is sre.IN:
            chars = _in_chars(av, sre)
            if not chars or any(_is_word_char(c) for c in chars):
                return None
            if prefix:
                return {prefix}
            return None if any(c.isspace() for c in chars) else set(chars)
        if op is sre.BRANCH:
            if prefix.endswith(" ") and len(av[1]) > 40:
                return None  # a long list of second words: not worth filing each pair
            found: set[str] = set()
            for branch in av[1]:
                words = _first_words(list(branch) + rest, prefix, sre, spaces)
                if words is None:
                    return None
                found |= words
            return found
        if op is sre.SUBPATTERN:
            return _first_words(list(av[-1]) + rest, prefix, sre, spaces)
        if op in (sre.MAX_REPEAT, sre.MIN_REPEAT):
            low, high, sub = av
            if prefix:
                starts, _ = _first_chars(sub, sre)
                if starts is not None and starts and not any(_is_word_char(c) for c in starts):
                    return {prefix}  # what repeats is punctuation or space: the word has ended
                if high > 1:
                    return None
            taken = _first_words(list(sub) + rest, prefix, sre, spaces)
            if taken is None:
                return None
            if low == 0:
                skipped = _first_words(rest, prefix, sre, spaces)
                if skipped is None:
                    return None
                taken |= skipped
            return taken
        return None
    return None


def _first_pairs(parsed: Any, sre: Any) -> frozenset[str] | None:
    """The two words ("i am") every match must begin with, or None when that is not known.

    The checker files such patterns under both words, so at "i" followed by
    "think" it never tries the patterns that need "i am"; "i" starts so many
    patterns that this saves a good share of the work.
    """
    first = parsed.data[0] if parsed.data else None
    if first is not None and first[0] is not sre.LITERAL and first[0] is not sre.AT:
        return None  # pairs pay off for patterns that begin with one plain word
    try:
        found = _first_words(list(parsed), "", sre, spaces=1)
    except Exception:  # noqa: BLE001 - the parser's internals changed: file under one word
        return None
    if not found or len(found) > 400:
        return None
    for pair in found:
        first, _, second = pair.partition(" ")
        if not first or " " in second or _STAND_IN in pair:
            return None
        if not all(_is_word_char(c) for c in first + second):
            return None
    if not any(" " in pair for pair in found):
        return None
    # a mix is fine: "i am" is filed under both words, a lone "sorry" under one
    return frozenset(found)


def _first_chars(sequence: Any, sre: Any) -> tuple[set[str] | None, bool]:
    """(possible first characters or None for "any", whether the sequence can match empty)."""
    chars: set[str] = set()
    for op, av in sequence:
        if op in (sre.AT, sre.ASSERT, sre.ASSERT_NOT):
            continue  # zero-width: look at what follows
        if op is sre.LITERAL:
            chars.add(chr(av))
            return chars, False
        if op is sre.IN:
            found = _in_chars(av, sre)
            if found is None:
                return None, False
            chars |= found
            return chars, False
        if op is sre.BRANCH:
            nullable = False
            for branch in av[1]:
                found, empty = _first_chars(branch, sre)
                if found is None:
                    return None, False
                chars |= found
                nullable = nullable or empty
            if not nullable:
                return chars, False
            continue
        if op is sre.SUBPATTERN:
            found, empty = _first_chars(av[-1], sre)
            if found is None:
                return None, False
            chars |= found
            if not empty:
                return chars, False
            continue
        if op in (sre.MAX_REPEAT, sre.MIN_REPEAT):
            low, _high, sub = av
            found, empty = _first_chars(sub, sre)
            if found is None:
                return None, False
            chars |= found
            if low > 0 and not empty:
                return chars, False
            continue
        return None, False
    return chars, True


def _in_chars(items: Any, sre: Any) -> set[str] | None:
    chars: set[str] = set()
    for op, av in items:
        if op is sre.LITERAL:
            chars.add(chr(av))
        elif op is sre.RANGE and av[1] - av[0] < 400:
            chars.update(chr(code) for code in range(av[0], av[1] + 1))
        else:
            return None
    return chars


_LEADING_WORD = re.compile(r"^\\b([a-z]+) ")
_LEADING_CHOICE = re.compile(r"^\\b\(\?:([a-z |]+)\) ")
CROWDED_AT = 20


def _crowded_words(documents: list[tuple[str, dict[str, Any]]]) -> frozenset[str]:
    """Words that begin at least CROWDED_AT patterns ("i", "you"): only these are worth filing by two words."""
    counts: dict[str, int] = {}
    for _label, data in documents:
        for raw in data.get("rules") or []:
            if not isinstance(raw, dict):
                continue
            for pattern in raw.get("patterns") or []:
                if not isinstance(pattern, str):
                    continue
                found = _LEADING_WORD.match(pattern)
                if found:
                    counts[found.group(1)] = counts.get(found.group(1), 0) + 1
                    continue
                choice = _LEADING_CHOICE.match(pattern)
                if choice:  # "\b(?:that|it|this) ...": count each word it may start with
                    for option in choice.group(1).split("|"):
                        word = option.split(" ")[0]
                        counts[word] = counts.get(word, 0) + 1
    return frozenset(word for word, count in counts.items() if count >= CROWDED_AT)


def load_rules(content_dir: Path) -> RuleSet:
    """Read and compile every ``rules/*.yaml`` under ``content_dir``."""
    rules_dir = Path(content_dir) / "rules"
    if not rules_dir.is_dir():
        raise ContentError(f"{rules_dir}: no rules folder; point --content at a folder with rules/*.yaml")
    files = sorted(p for p in rules_dir.glob("*.yaml") if p.is_file())
    if not files:
        raise ContentError(f"{rules_dir}: no rule files (*.yaml) found")
    documents: list[tuple[str, dict[str, Any]]] = []
    macros: dict[str, str] = {}
    for path in files:
        label = str(path)
        data = _read_yaml(path, label)
        if data is None:
            continue
        if not isinstance(data, dict):
            raise ContentError(f"{label}: the file must be a mapping with 'rules:' and/or 'macros:'")
        unknown = sorted(k for k in data if k not in ("rules", "macros", _LINE_KEY))
        if unknown:
            raise ContentError(f"{label}: unknown top-level key '{unknown[0]}' (expected rules, macros)")
        for name, value in (data.get("macros") or {}).items():
            if name == _LINE_KEY:
                continue
            if not isinstance(name, str) or not re.match(r"^[a-z_][a-z0-9_]*$", name) or not isinstance(value, str):
                raise ContentError(f"{label}: macro {name!r} must be a lower-case name with a pattern as text")
            if name in macros:
                raise ContentError(f"{label}: macro '{name}' is defined twice")
            macros[name] = value
        documents.append((label, data))
    # Macros may use macros defined before them; expand until stable.
    for _ in range(5):
        changed = False
        for name, value in macros.items():
            expanded = _MACRO_REF.sub(lambda m: macros.get(m.group(1), m.group(0)), value)
            if expanded != value:
                macros[name] = expanded
                changed = True
        if not changed:
            break
    stand_ins = {name: _stand_in(name, body, rules_dir.name) for name, body in macros.items()}
    crowded = _crowded_words(documents)
    rules: list[Rule] = []
    seen: dict[str, str] = {}
    for label, data in documents:
        raw_rules = data.get("rules") or []
        if not isinstance(raw_rules, list):
            raise ContentError(f"{label}: 'rules' must be a list")
        for index, raw in enumerate(raw_rules):
            rule = _build_rule(raw, macros, label, index, stand_ins, crowded)
            if rule.id in seen:
                raise ContentError(f"{label}: rule '{rule.id}': id already used in {seen[rule.id]}")
            seen[rule.id] = label
            rules.append(rule)
    if not any(rule.groups for rule in rules):
        raise ContentError(f"{rules_dir}: no rule has any patterns")
    return RuleSet(tuple(rules))
