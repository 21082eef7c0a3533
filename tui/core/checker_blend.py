"""Rules and model together: the trained heads decide the labels, the findings follow them.

The rules (:mod:`tui.core.checker`) find moves with exact spans and carry the
rubric's mechanics; the model (:mod:`tui.core.checker_model`) has read every
labelled message in the corpus and reaches phrasings no rule names. The
``blend`` heads read both the words and the rules' findings, and decide the
two labels. The findings are then made to agree with those labels:

- a finding that pulls the way the labels do not (a rule's "toward" in a
  message the model reads as sarcasm) is dropped;
- a pull or an ownership the labels need and no rule found is pointed at the
  sentence (or the part after a "but") the text heads score highest for it,
  with the family the move head names there, marked ``source: model``.

So the verdict, the marks in the draft and the reasons always tell the same
story.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from tui.core.checker_model import Head, Model, hashed, ngram_features

if TYPE_CHECKING:
    from tui.core.checker import Analysis, Finding
    from tui.core.checker_families import Family
    from tui.core.checker_text import Normalised

# Sentence ends, and the contrast words a new part of a message starts at.
_SEGMENT_BREAK = re.compile(r"[.!?;\n]+|(?=\b(?:but|however|though|although)\b)")
_TOWARD_FAMILIES = (
    "redo", "check-in", "own-state", "gentle-startup", "gentle-request", "break-return",
    "care", "agreeing", "accepting", "not-yet",
)
_OWNING_FAMILIES = ("owning", "apology")
_AWAY_FAMILIES = (
    "defending", "blaming", "criticism", "contempt", "minimising", "score-keeping",
    "withdrawing", "threat", "demanding-repair", "refusing-repair",
)
# How sure the blend head must be before it says "toward": calling a jab a
# good repair is the worst mistake the checker can make. Below this, the
# likeliest other label is said. In grouped cross-validation over the new
# batches, 0.7 cut those mistakes from 6.7% of away and mixed messages to 3.6%
# for 0.1 points of direction (89.9% to 89.8%).
TOWARD_FLOOR = 0.7


def segments(tidy: str) -> list[tuple[int, int]]:
    """The parts of a tidy text a model finding can point at: sentences, split again before "but"."""
    out: list[tuple[int, int]] = []
    start = 0
    for mark in _SEGMENT_BREAK.finditer(tidy):
        end = mark.end()
        if end > start and tidy[start:end].strip(" ,.!?;\n"):
            out.append((start, end))
            start = end
        elif mark.end() > mark.start():
            start = end
    if tidy[start:].strip(" ,.!?;\n"):
        out.append((start, len(tidy)))
    return out


def message_rows(tidy: str, bits: int) -> tuple[list[tuple[int, int]], list[list[int]], list[int]]:
    """A message's parts, each part's feature rows, and all of them together (the message's rows).

    The message's features are its parts' features, so each part is hashed
    once and serves both the part scores and the whole-message heads.
    """
    parts = segments(tidy) or [(0, len(tidy))]
    part_rows = [hashed(ngram_features(tidy[start:end]), bits) for start, end in parts]
    return parts, part_rows, [row for rows in part_rows for row in rows]


def _bin(value: float) -> str:
    return str(min(4, int(value * 5)))


def part_features(part_probabilities: "list[dict[str, float]]") -> list[str]:
    """What the part head says about a message's parts, as coarse features for the blend heads.

    The strongest pull each way, the pull away after the first part that
    reaches toward ("what follows but wins"), and how the first and last
    parts read.
    """
    if not part_probabilities:
        return []
    toward = [p["toward"] + p["mixed"] for p in part_probabilities]
    away = [p["away"] + p["mixed"] for p in part_probabilities]
    top_toward, top_away = _bin(max(toward)), _bin(max(away))
    feats = ["sg:t" + top_toward, "sg:a" + top_away, "sg:ta" + top_toward + "/" + top_away]
    first_toward = next((i for i, value in enumerate(toward) if value >= 0.5), None)
    if first_toward is not None and first_toward + 1 < len(away):
        feats.append("sg:after" + _bin(max(away[first_toward + 1 :])))
    feats.append("sg:first-" + max(part_probabilities[0], key=part_probabilities[0].__getitem__))
    feats.append("sg:last-" + max(part_probabilities[-1], key=part_probabilities[-1].__getitem__))
    feats.append("sg:n" + str(min(len(part_probabilities), 4)))
    return feats


def text_features(p_dir: dict[str, float], p_acc: dict[str, float]) -> tuple[list[str], list[tuple[str, float]]]:
    """What the text heads say of the whole message, as features for the blend heads.

    Each label's probability, both as a value and as one of five bands (so a
    blend head can treat "sure" and "unsure" differently), and the likeliest
    label on each axis.
    """
    feats = ["td:top-" + max(p_dir, key=p_dir.__getitem__), "ta:top-" + max(p_acc, key=p_acc.__getitem__)]
    feats += ["td:" + name + _bin(p) for name, p in p_dir.items()]
    feats += ["ta:" + name + _bin(p) for name, p in p_acc.items()]
    valued = [("tv:" + name, p) for name, p in p_dir.items()] + [("tav:" + name, p) for name, p in p_acc.items()]
    return feats, valued


def fitting_accountability(direction: str, p_acc: dict[str, float]) -> str:
    """The likeliest accountability that fits ``direction``.

    Owning is a move toward, so an away or unclear message cannot own; a
    hollow apology is still an apology (toward, or away when sarcastic), so an
    unclear message cannot hold one.
    """
    if direction == "unclear":
        return "absent"
    allowed = [name for name in p_acc if not (direction == "away" and name == "present")]
    return max(allowed, key=p_acc.__getitem__)


def rule_features(analysis: "Analysis") -> list[str]:
    """What the rules said, as features for the blend heads."""
    feats = [
        "rd:" + analysis.direction,
        "ra:" + analysis.accountability,
        "rda:" + analysis.direction + "/" + analysis.accountability,
    ]
    findings = analysis.findings
    for finding in findings:
        feats += ["rf:" + finding.family, "rr:" + finding.rule, "re:" + finding.effect]
    if findings:
        feats += ["rfirst:" + findings[0].effect, "rlast:" + findings[-1].effect]
    # Presence, not counts: five findings of a break with a return are one
    # break with a return, not five times the evidence (long messages find
    # more, and long messages are more often mixed).
    return list(dict.fromkeys(feats))


@dataclass(frozen=True)
class Reading:
    """What the heads made of one message: the labels, its parts and how each part pulls."""

    direction: str
    accountability: str
    parts: list[tuple[int, int]]
    part_rows: list[list[int]]
    part_probabilities: list[dict[str, float]]
    direction_probabilities: dict[str, float]
    accountability_probabilities: dict[str, float]
    text_labels: tuple[str, str]
    """What the text heads alone say (direction, accountability): the "model alone" figures."""


class Blender:
    """Decides the labels with the model's heads and reconciles the findings to them."""

    def __init__(self, model: Model, families: "dict[str, Family]", toward_floor: float = TOWARD_FLOOR) -> None:
        self.families = families
        self.toward_floor = toward_floor
        direction = model.head("blend.direction")
        accountability = model.head("blend.accountability")
        text_direction = model.head("text.direction")
        text_accountability = model.head("text.accountability")
        if None in (direction, accountability, text_direction, text_accountability):
            raise ValueError("the model lacks a head the checker needs")
        self.direction: Head = direction  # type: ignore[assignment]
        self.accountability: Head = accountability  # type: ignore[assignment]
        self.text_direction: Head = text_direction  # type: ignore[assignment]
        self.text_accountability: Head = text_accountability  # type: ignore[assignment]
        self.move: Head | None = model.head("move.family")
        self.part: Head | None = model.head("part.direction")
        # The valued features have fixed names; hash them once, not per message.
        names = ["tv:" + c for c in text_direction.classes] + ["tav:" + c for c in text_accountability.classes]
        self._valued_rows = dict(zip(names, hashed(names, direction.bits)))

    # -- labels ----------------------------------------------------------

    def read(self, norm: "Normalised", rules: "Analysis") -> "Reading":
        """Everything the heads say about one message (its labels, and each part's pull)."""
        bits = self.direction.bits
        parts, part_rows, text_rows = message_rows(norm.text, bits)
        part_probabilities = [self.part.probabilities(rows) for rows in part_rows] if self.part else []
        p_text_dir = self.text_direction.probabilities(text_rows)
        p_text_acc = self.text_accountability.probabilities(text_rows)
        said, valued = text_features(p_text_dir, p_text_acc)
        other_rows = hashed(rule_features(rules) + part_features(part_probabilities) + said, bits)
        valued_rows = [(self._valued_rows[name], value) for name, value in valued]
        p_dir = self.direction.probabilities((), other_rows, valued_rows)
        p_acc = self.accountability.probabilities((), other_rows, valued_rows)
        direction = max(p_dir, key=p_dir.__getitem__)
        if direction == "toward" and p_dir["toward"] < self.toward_floor:
            direction = max((name for name in p_dir if name != "toward"), key=p_dir.__getitem__)
        accountability = fitting_accountability(direction, p_acc)
        text_labels = (max(p_text_dir, key=p_text_dir.__getitem__), max(p_text_acc, key=p_text_acc.__getitem__))
        return Reading(direction, accountability, parts, part_rows, part_probabilities, p_dir, p_acc, text_labels)

    # -- findings ----------------------------------------------------------

    def reconcile(self, text: str, norm: "Normalised", findings: "tuple[Finding, ...]", reading: "Reading") -> "tuple[Finding, ...]":
        """Findings that agree with the labels: wrong pulls dropped, missing ones found by the model."""
        kept = list(findings)
        direction, accountability = reading.direction, reading.accountability
        # accountability first: what owns or hollows
        if accountability == "present":
            kept = [f for f in kept if f.effect != "undermines"]
            if not any(f.effect == "owns" for f in kept):
                self._add(kept, text, norm, reading, "owns", _OWNING_FAMILIES)
        elif accountability == "undermined":
            if not any(f.effect == "undermines" for f in kept):
                family = ("sarcastic-apology",) if direction == "away" else ("hollow-apology",)
                self._add(kept, text, norm, reading, "undermines", family)
        else:
            kept = [replace(f, effect="toward", axis="direction") if f.effect == "owns" else f for f in kept if f.effect != "undermines"]
        # then direction
        allowed = {"toward": {"toward"}, "away": {"away"}, "mixed": {"toward", "away"}}.get(direction, set())
        kept = [f for f in kept if f.direction is None or f.direction in allowed]
        for pull in sorted(allowed):
            if not any(f.direction == pull for f in kept):
                self._add(kept, text, norm, reading, pull, _TOWARD_FAMILIES + _OWNING_FAMILIES if pull == "toward" else _AWAY_FAMILIES)
        return tuple(sorted(kept, key=lambda f: (f.start, f.end, f.rule)))

    def _add(
        self,
        kept: "list[Finding]",
        text: str,
        norm: "Normalised",
        reading: "Reading",
        need: str,
        families: tuple[str, ...],
    ) -> None:
        from tui.core.checker import Finding

        parts = reading.parts
        if not parts or not norm.text.strip():
            return
        taken = [(f.start, f.end) for f in kept]
        best: tuple[float, int, int] | None = None
        for number, (start, end) in enumerate(parts):
            o_start, o_end = norm.original_span(start, end)
            if any(s < o_end and e > o_start for s, e in taken) and len(parts) > 1:
                continue
            score = self._part_score(reading, number, need)
            if best is None or score > best[0]:
                best = (score, start, end)
        if best is None:
            start, end = parts[-1] if need == "away" else parts[0]
        else:
            _, start, end = best
        family = self._family(norm.text[start:end], families)
        o_start, o_end = norm.original_span(start, end)
        while o_start < o_end and (text[o_start].isspace() or text[o_start] in ",;"):
            o_start += 1
        while o_end > o_start and text[o_end - 1].isspace():
            o_end -= 1
        meaning = self.families[family]
        effect = need if need in ("owns", "undermines") else meaning.direction or need
        kept.append(
            Finding(
                rule="model." + family,
                family=family,
                axis="accountability" if effect in ("owns", "undermines") else "direction",
                effect=effect,
                start=o_start,
                end=o_end,
                excerpt=text[o_start:o_end],
                message=meaning.message,
                suggestion=meaning.suggestion,
                lesson=meaning.lesson,
                direction=meaning.direction,
                source="model",
            )
        )

    def _part_score(self, reading: "Reading", number: int, need: str) -> float:
        rows = reading.part_rows[number]
        if need in ("toward", "away"):
            p = reading.part_probabilities[number] if reading.part_probabilities else self.text_direction.probabilities(rows)
            return p[need] + 0.5 * p["mixed"]
        p = self.text_accountability.probabilities(rows)
        return p["present" if need == "owns" else "undermined"]

    def _family(self, tidy: str, families: tuple[str, ...]) -> str:
        if self.move is None:
            return families[0]
        p = self.move.probabilities(hashed(ngram_features(tidy), self.move.bits))
        return max(families, key=lambda name: p.get(name, -1.0))
