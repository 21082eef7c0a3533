"""Reading the checker's labelled corpus (``content/checker/corpus/*.yaml``).

Each file is one batch: the messages one person wrote, labelled blind by
another (see ``content/checker/corpus/README.md``). A message carries its
labels on both axes, the safety flag, and, where the labeller marked them, its
moves as character spans with their family.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

DIRECTIONS = ("toward", "mixed", "away", "unclear")
ACCOUNTABILITY = ("present", "undermined", "absent")


@dataclass(frozen=True)
class Move:
    start: int
    end: int
    family: str


@dataclass(frozen=True)
class Example:
    id: str
    batch: str
    text: str
    direction: str
    accountability: str
    safety: bool
    moves: tuple[Move, ...]


def rules_were_tuned_on(batch: str) -> bool:
    """True for the batches the rule files were written against (dev set, blind rounds, test lists).

    The ``B`` batches were written for the corpus after the rules, and no rule
    was changed to fit them, so the rules' findings there are what they would
    be on a stranger's words.
    """
    return not batch.startswith("B")


class CorpusError(ValueError):
    """A corpus file that does not follow the format; the message names the file and message."""


def load_batch(path: Path) -> list[Example]:
    """The examples of one batch file, checked field by field."""
    try:
        items = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise CorpusError(f"{path}: cannot be read as YAML ({exc})") from None
    if not isinstance(items, list):
        raise CorpusError(f"{path}: should be a list of messages")
    batch = path.stem
    out: list[Example] = []
    for number, item in enumerate(items, start=1):
        where = f"{path.name}, message {number}"
        if not isinstance(item, dict) or not isinstance(item.get("text"), str) or not item["text"].strip():
            raise CorpusError(f"{where}: needs a text")
        direction, accountability = item.get("direction"), item.get("accountability")
        if direction not in DIRECTIONS or accountability not in ACCOUNTABILITY:
            raise CorpusError(f"{where}: direction {direction!r} / accountability {accountability!r} is not a label")
        text = item["text"]
        moves = []
        for move in item.get("moves") or []:
            if not (isinstance(move, list) and len(move) == 3):
                raise CorpusError(f"{where}: a move is [start, end, family], not {move!r}")
            start, end, family = move
            if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)):
                raise CorpusError(f"{where}: move {move!r} is outside the text")
            moves.append(Move(start, end, str(family)))
        out.append(
            Example(
                id=str(item.get("id") or f"{batch}-{number:04d}"),
                batch=batch,
                text=text,
                direction=direction,
                accountability=accountability,
                safety=bool(item.get("safety", False)),
                moves=tuple(moves),
            )
        )
    return out


def load_corpus(corpus_dir: Path) -> list[Example]:
    """Every batch in ``corpus_dir``, in file-name order."""
    examples: list[Example] = []
    for path in sorted(Path(corpus_dir).glob("*.yaml")):
        examples.extend(load_batch(path))
    if not examples:
        raise CorpusError(f"{corpus_dir}: no corpus files")
    return examples
