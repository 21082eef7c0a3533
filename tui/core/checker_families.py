"""The move families of the repair rubric (``content/checker/families.yaml``).

A family says which way a move pulls (toward, away, or neither), what it does
to accountability (owns, undermines, or nothing), and the words shown to the
person when the checker's model, rather than a rule, finds the move. The
corpus labellers mark moves with the same names.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from tui.core.checker_rules import LessonRef
from tui.core.errors import ContentError

FAMILIES_FILE = Path("checker") / "families.yaml"
_DIRECTIONS = (None, "toward", "away")
_ACCOUNTABILITY = (None, "owns", "undermines")

# The labelling vocabulary, and which way each family pulls. The YAML file
# must describe every one of these (and may describe no others).
FAMILIES: dict[str, str | None] = {
    **dict.fromkeys(
        "owning apology redo check-in own-state gentle-startup gentle-request break-return "
        "care agreeing accepting not-yet hollow-apology".split(),
        "toward",
    ),
    **dict.fromkeys(
        "defending blaming criticism contempt minimising score-keeping withdrawing threat "
        "demanding-repair refusing-repair sarcastic-apology".split(),
        "away",
    ),
    **dict.fromkeys("boundary break-no-return safety".split(), None),
}


def direction_of_family(family: str) -> str | None:
    """Which way a labelled move of ``family`` pulls: toward, away, or None."""
    return FAMILIES.get(family)


@dataclass(frozen=True)
class Family:
    """One family's meaning and its words for the person."""

    name: str
    label: str
    direction: str | None
    accountability: str | None
    message: str
    suggestion: str | None
    lesson: LessonRef | None


def load_families(content_dir: Path) -> dict[str, Family]:
    """The families described in ``content_dir``; a missing or wrong entry is a ContentError."""
    import yaml

    path = Path(content_dir) / FAMILIES_FILE
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506
    except FileNotFoundError:
        raise ContentError(f"{path}: missing; the checker's model needs its move families") from None
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise ContentError(f"{path}: cannot be read ({' '.join(str(exc).split())})") from None
    if not isinstance(data, dict):
        raise ContentError(f"{path}: should map each family name to its description")
    missing = sorted(set(FAMILIES) - set(data))
    unknown = sorted(set(data) - set(FAMILIES))
    if missing or unknown:
        raise ContentError(f"{path}: families missing {missing} or unknown {unknown}")
    out: dict[str, Family] = {}
    for name, spec in data.items():
        where = f"{path}: family {name}"
        if not isinstance(spec, dict) or not isinstance(spec.get("message"), str):
            raise ContentError(f"{where} needs a message")
        direction = spec.get("direction")
        accountability = spec.get("accountability")
        if direction not in _DIRECTIONS or direction != FAMILIES[name]:
            raise ContentError(f"{where}: direction should be {FAMILIES[name]!r}, not {direction!r}")
        if accountability not in _ACCOUNTABILITY:
            raise ContentError(f"{where}: accountability {accountability!r} is not owns or undermines")
        lesson = spec.get("lesson")
        if lesson is not None:
            if not (isinstance(lesson, list) and 1 <= len(lesson) <= 2 and all(isinstance(p, str) for p in lesson)):
                raise ContentError(f"{where}: lesson is [slug] or [slug, section]")
            lesson = LessonRef(lesson[0], lesson[1] if len(lesson) == 2 else None)
        suggestion = spec.get("suggestion")
        out[name] = Family(
            name=name,
            label=str(spec.get("label") or name),
            direction=direction,
            accountability=accountability,
            message=spec["message"],
            suggestion=suggestion if isinstance(suggestion, str) else None,
            lesson=lesson,
        )
    return out
