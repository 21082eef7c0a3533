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
    "cancelled_by direction priority".split()
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
    pattern: re.Pattern[str] | None
    negatable: bool = True
    """Drop a match that sits inside the scope of a preceding "not"/"never"."""
    requires: tuple[str, ...] = ()
    """Keep a match only if a move of one of these families is also present."""
    cancelled_by: tuple[str, ...] = ()
    """Drop a match when a move of one of these families comes after it."""
    direction: str | None = None
    """Which way the move pulls direction: toward, away, or None (no pull)."""
    priority: int = 0
    source: str = ""


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


def _build_rule(data: Any, macros: dict[str, str], label: str, index: int) -> Rule:
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
    patterns = data.get("patterns")
    if patterns is None:
        patterns = []
    if not isinstance(patterns, list) or not all(isinstance(p, str) and p.strip() for p in patterns):
        raise ContentError(f"{where}: 'patterns' must be a list of regular expressions")
    compiled: re.Pattern[str] | None = None
    if patterns:
        expanded = [_expand(p, macros, where) for p in patterns]
        for original, pattern in zip(patterns, expanded):
            try:
                re.compile(pattern)
            except re.error as exc:
                raise ContentError(f"{where}: bad pattern {original!r}: {exc}") from None
        compiled = re.compile("|".join(f"(?:{p})" for p in expanded))
        if compiled.groups:
            # Capturing groups are harmless but slow; say so rather than guess.
            raise ContentError(f"{where}: use (?:...) instead of capturing groups in patterns")
        if compiled.search(""):
            raise ContentError(f"{where}: a pattern matches empty text; it would flag everything")
    return Rule(
        id=rule_id,
        family=family,
        axis=axis,
        effect=effect,
        message=message or "",
        suggestion=suggestion,
        lesson=lesson,
        pattern=compiled,
        negatable=negatable,
        requires=_families(data, "requires", where),
        cancelled_by=_families(data, "cancelled_by", where),
        direction=direction,
        priority=priority,
        source=label,
    )


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
        label = f"content/rules/{path.name}"
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
    rules: list[Rule] = []
    seen: dict[str, str] = {}
    for label, data in documents:
        raw_rules = data.get("rules") or []
        if not isinstance(raw_rules, list):
            raise ContentError(f"{label}: 'rules' must be a list")
        for index, raw in enumerate(raw_rules):
            rule = _build_rule(raw, macros, label, index)
            if rule.id in seen:
                raise ContentError(f"{label}: rule '{rule.id}': id already used in {seen[rule.id]}")
            seen[rule.id] = label
            rules.append(rule)
    if not any(rule.pattern is not None for rule in rules):
        raise ContentError(f"{rules_dir}: no rule has any patterns")
    return RuleSet(tuple(rules))
