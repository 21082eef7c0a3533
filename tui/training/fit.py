"""Fitting the checker's heads on the corpus and writing the weights tend ships.

Every head is a multinomial logistic regression (scikit-learn, training only)
over the hashed features of :mod:`tui.core.checker_model`; what is exported is
one block of signed bytes per class and a scale, which the run-time scorer
reads without parsing. The heads:

- ``part.direction``: one part of a message (a sentence, or what follows a
  "but"), labelled by the moves the labellers marked inside it;
- ``text.direction``, ``text.accountability``: the whole message from its
  words alone (the "model alone" figures);
- ``blend.direction``, ``blend.accountability``: the whole message from its
  words, the rules' findings and what the part head says of its parts. The
  part scores they learn from are cross-fitted (each from a part head that
  never saw that message's batch), so the blend learns how far to trust them
  on new words, not on words it has memorised;
- ``move.family``: which family a marked move belongs to, so a move the
  model finds carries its family's explanation.

Training is deterministic: the same corpus and rules give the same bytes.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy.sparse import csr_matrix
from sklearn.linear_model import LogisticRegression

from tui.core.checker import Checker
from tui.core.checker_blend import message_rows, part_features, rule_features, text_features
from tui.core.checker_families import FAMILIES, direction_of_family
from tui.core.checker_model import MODEL_FORMAT, hashed, ngram_features
from tui.core.checker_text import normalise
from tui.training.corpus import ACCOUNTABILITY, DIRECTIONS, Example, rules_were_tuned_on

TEXT_BITS = 17
MOVE_BITS = 16
# Inverse regularisation strength of each head and the weight of the batches
# the rules were tuned on, chosen by grouped cross-validation.
C_TEXT = 8.0
C_PART = 8.0
C_BLEND = 4.0
C_MOVE = 8.0
TUNED_WEIGHT = 0.3
CROSS_FIT_FOLDS = 3


@dataclass(frozen=True)
class Rows:
    """One message's hashed rows: per part, all together, and the rules' findings."""

    parts: list[tuple[int, int]]
    part_rows: list[list[int]]
    text: list[int]
    rule_features: list[str]
    tidy: str


def rows_for(checker: Checker, text: str, bits: int = TEXT_BITS) -> Rows:
    norm, analysis = checker.rule_view(text)
    parts, part_rows, flat = message_rows(norm.text, bits)
    return Rows(parts, part_rows, flat, rule_features(analysis), norm.text)


def _matrix(
    text_rows: Sequence[Sequence[int]],
    other_rows: Sequence[Sequence[int]] | None,
    bits: int,
    valued: Sequence[Sequence[tuple[int, float]]] | None = None,
) -> csr_matrix:
    """Text rows weighed by 1/sqrt(n) (as the run-time scorer does), other rows by one, valued rows by their value."""
    data: list[float] = []
    indices: list[int] = []
    indptr = [0]
    for number, row in enumerate(text_rows):
        counts: dict[int, float] = {}
        if row:
            weight = 1.0 / np.sqrt(len(row))
            for index in row:
                counts[index] = counts.get(index, 0.0) + weight
        if other_rows is not None:
            for index in other_rows[number]:
                counts[index] = counts.get(index, 0.0) + 1.0
        if valued is not None:
            for index, value in valued[number]:
                counts[index] = counts.get(index, 0.0) + value
        for index in sorted(counts):
            indices.append(index)
            data.append(counts[index])
        indptr.append(len(indices))
    return csr_matrix((np.array(data), np.array(indices, dtype=np.int64), np.array(indptr)), shape=(len(text_rows), 1 << bits))


@dataclass
class TrainedHead:
    classes: tuple[str, ...]
    bits: int
    weights: np.ndarray
    biases: np.ndarray

    def probabilities(self, matrix: csr_matrix) -> list[dict[str, float]]:
        """Class probabilities per row, as the float weights give them."""
        scores = matrix @ self.weights.T + self.biases
        scores -= scores.max(axis=1, keepdims=True)
        exps = np.exp(scores)
        exps /= exps.sum(axis=1, keepdims=True)
        return [dict(zip(self.classes, row)) for row in exps.tolist()]


def _fit(
    matrix: csr_matrix, labels: Sequence[str], classes: Sequence[str], c: float,
    sample_weight: Sequence[float] | None = None, bits: int = TEXT_BITS,
) -> TrainedHead:
    present = sorted(set(labels), key=list(classes).index)
    # Fit on the columns some example uses: the others would get weight zero
    # anyway, and leaving them out makes the optimiser several times faster.
    used = np.unique(matrix.indices)
    # tol 1e-3: tighter tolerances took several times longer and changed no held-out figure
    model = LogisticRegression(C=c, max_iter=3000, tol=1e-3)
    model.fit(matrix[:, used], list(labels), sample_weight=None if sample_weight is None else np.asarray(sample_weight))
    weights = np.zeros((len(classes), matrix.shape[1]))
    biases = np.full(len(classes), -30.0)  # a class never seen in training is never predicted
    if len(present) == 2:  # scikit-learn keeps one row for two classes
        weights[classes.index(present[1]), used] = model.coef_[0]
        biases[classes.index(present[1])] = model.intercept_[0]
        biases[classes.index(present[0])] = 0.0
    else:
        for row, name in enumerate(model.classes_):
            weights[classes.index(name), used] = model.coef_[row]
            biases[classes.index(name)] = model.intercept_[row]
    return TrainedHead(tuple(classes), bits, weights, biases)


def part_units(example: Example, rows: Rows) -> list[tuple[list[int], str]]:
    """(rows of a part, its direction) for the parts of one message.

    A message of one part is that part, with the message's label. Otherwise a
    part holding toward and away moves is mixed, one holding neither is
    unclear; a message of several parts with no marked moves gives units only
    when it is unclear.
    """
    if len(rows.parts) == 1:
        return [(rows.part_rows[0], example.direction)]
    if not example.moves and example.direction != "unclear":
        return []
    norm = normalise(example.text)
    units = []
    for (start, end), part_rows in zip(rows.parts, rows.part_rows):
        o_start, o_end = norm.original_span(start, end)
        pulls = {direction_of_family(m.family) for m in example.moves if m.start < o_end and m.end > o_start}
        toward, away = "toward" in pulls, "away" in pulls
        label = "mixed" if toward and away else "toward" if toward else "away" if away else "unclear"
        units.append((part_rows, label))
    return units


def _part_head(examples: Sequence[Example], rows: Sequence[Rows], c: float) -> TrainedHead | None:
    units = [unit for example, row in zip(examples, rows) for unit in part_units(example, row)]
    if len({label for _, label in units}) < 2:
        return None
    return _fit(_matrix([u for u, _ in units], None, TEXT_BITS), [label for _, label in units], DIRECTIONS, c)


def _part_summaries(head: TrainedHead | None, rows: Sequence[Rows]) -> list[list[str]]:
    if head is None:
        return [[] for _ in rows]
    flat = [part for row in rows for part in row.part_rows]
    probabilities = head.probabilities(_matrix(flat, None, TEXT_BITS))
    out, at = [], 0
    for row in rows:
        out.append(part_features(probabilities[at : at + len(row.part_rows)]))
        at += len(row.part_rows)
    return out


def move_units(examples: Sequence[Example]) -> list[tuple[str, str]]:
    """(tidy words of a marked move, its family) for every move the labellers marked."""
    return [
        (normalise(example.text[move.start : move.end]).text, move.family)
        for example in examples
        for move in example.moves
    ]


def train(
    examples: Sequence[Example],
    checker: Checker,
    *,
    c_text: float = C_TEXT,
    c_part: float = C_PART,
    c_blend: float = C_BLEND,
    c_move: float = C_MOVE,
    tuned_weight: float = TUNED_WEIGHT,
    cache: dict[str, Rows] | None = None,
    with_moves: bool = True,
) -> dict[str, TrainedHead]:
    """Fit every head on ``examples``; ``checker`` supplies the rules' findings (rules only).

    The blend heads learn how far to trust the rules, so the messages the
    rules were tuned on (where they are right by construction) count
    ``tuned_weight`` there, against one for the rest. ``cache`` keeps each
    text's rows between calls (cross-validation trains many times on
    overlapping examples); ``with_moves=False`` leaves out the move head,
    which names a finding's family but decides no label.
    """
    cache = {} if cache is None else cache
    rows = []
    for example in examples:
        row = cache.get(example.text)
        if row is None:
            row = cache[example.text] = rows_for(checker, example.text)
        rows.append(row)
    heads: dict[str, TrainedHead] = {}
    directions = [e.direction for e in examples]
    accountability = [e.accountability for e in examples]

    part = _part_head(examples, rows, c_part)
    if part is not None:
        heads["part.direction"] = part

    # What the part and text heads say of each message, for the blend, each
    # from heads that never saw the message's batch: the blend learns how far
    # to trust them on new words, not on words they have memorised.
    batches = sorted({e.batch for e in examples})
    fold_of = {batch: number % CROSS_FIT_FOLDS for number, batch in enumerate(batches)}
    said: list[list[str]] = [[] for _ in examples]
    valued: list[list[tuple[int, float]]] = [[] for _ in examples]
    for fold in range(CROSS_FIT_FOLDS):
        inside = [i for i, e in enumerate(examples) if fold_of[e.batch] == fold]
        outside = [i for i, e in enumerate(examples) if fold_of[e.batch] != fold]
        if not inside or not outside:
            continue
        head = _part_head([examples[i] for i in outside], [rows[i] for i in outside], c_part)
        parts = _part_summaries(head, [rows[i] for i in inside])
        matrix = _matrix([rows[i].text for i in outside], None, TEXT_BITS)
        direction_head = _fit(matrix, [directions[i] for i in outside], DIRECTIONS, c_text)
        accountability_head = _fit(matrix, [accountability[i] for i in outside], ACCOUNTABILITY, c_text)
        inside_matrix = _matrix([rows[i].text for i in inside], None, TEXT_BITS)
        p_dirs = direction_head.probabilities(inside_matrix)
        p_accs = accountability_head.probabilities(inside_matrix)
        for i, part_summary, p_dir, p_acc in zip(inside, parts, p_dirs, p_accs):
            feats, values = text_features(p_dir, p_acc)
            said[i] = part_summary + feats
            valued[i] = list(zip(hashed([name for name, _ in values], TEXT_BITS), [value for _, value in values]))

    text_rows = [row.text for row in rows]
    text_matrix = _matrix(text_rows, None, TEXT_BITS)
    heads["text.direction"] = _fit(text_matrix, directions, DIRECTIONS, c_text)
    heads["text.accountability"] = _fit(text_matrix, accountability, ACCOUNTABILITY, c_text)

    other = [hashed(row.rule_features + summary, TEXT_BITS) for row, summary in zip(rows, said)]
    blend_matrix = _matrix([[] for _ in rows], other, TEXT_BITS, valued)
    weights = [tuned_weight if rules_were_tuned_on(e.batch) else 1.0 for e in examples]
    heads["blend.direction"] = _fit(blend_matrix, directions, DIRECTIONS, c_blend, weights)
    heads["blend.accountability"] = _fit(blend_matrix, accountability, ACCOUNTABILITY, c_blend, weights)

    moves = [(text, family) for text, family in move_units(examples) if family in FAMILIES and text] if with_moves else []
    if len({family for _, family in moves}) >= 2:
        families = tuple(sorted({family for _, family in moves}))
        matrix = _matrix([hashed(ngram_features(text), MOVE_BITS) for text, _ in moves], None, MOVE_BITS)
        heads["move.family"] = _fit(matrix, [f for _, f in moves], families, c_move, bits=MOVE_BITS)
    return heads


def write_model(heads: dict[str, TrainedHead], folder: Path, corpus_sha256: str, extra: dict | None = None) -> None:
    """Write ``model.bin`` and ``model.json`` into ``folder`` (made if missing)."""
    folder.mkdir(parents=True, exist_ok=True)
    blob = bytearray()
    spec: dict[str, dict] = {}
    for name, head in heads.items():
        scales = []
        offset = len(blob)
        for row in head.weights:
            top = float(np.max(np.abs(row))) if row.size else 0.0
            scale = top / 127.0 if top > 0 else 1.0
            blob += np.round(row / scale).astype(np.int8).tobytes()
            scales.append(scale)
        spec[name] = {
            "classes": list(head.classes),
            "bits": head.bits,
            "offset": offset,
            "scales": [float(f"{s:.9g}") for s in scales],
            "biases": [float(f"{b:.9g}") for b in head.biases],
        }
    meta = {"format": MODEL_FORMAT, "corpus_sha256": corpus_sha256, "heads": spec, **(extra or {})}
    (folder / "model.bin").write_bytes(bytes(blob))
    (folder / "model.json").write_text(json.dumps(meta, indent=1, sort_keys=True) + "\n", encoding="utf-8")
