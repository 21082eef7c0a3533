"""The repair checker's trained model: features, weights and scoring, in plain Python.

The model is a set of linear classifiers ("heads") over hashed features of the
checker's tidy text (:mod:`tui.core.checker_text`): words, word pairs and
triples, and runs of four characters, which carry texting spellings, typos and
word endings that no list names. A head may also read the rules' own findings
(which families fired, which effect came last, the rules' labels), so it can
learn when the rules are right and when they are not.

Weights are trained by ``scripts/train_checker.py`` from the corpus in
``content/checker/corpus`` and shipped as ``content/checker/model/model.bin``
(signed bytes, one block per class) and ``model.json`` (the classes, scales,
biases and the digest of the corpus they came from). Loading is one read of
the file and a :class:`memoryview` over it: nothing is parsed or built per
feature, so the model costs a few milliseconds at start.

Nothing here imports anything outside the standard library, and the same
:func:`ngram_features` and :func:`hashed` are used by training, so what is
scored is exactly what was trained.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from operator import itemgetter
from pathlib import Path
from zlib import crc32

from tui.core.errors import ContentError

MODEL_FORMAT = 1
MODEL_DIR = Path("checker") / "model"
CORPUS_DIR = Path("checker") / "corpus"

# Words (with inner apostrophes) and single symbols such as "?", "!" or an emoji.
_TOKEN = re.compile(r"[^\W_]+(?:'[^\W_]+)*|[^\w\s]")


def ngram_features(tidy: str) -> list[str]:
    """The text features of a tidy text: words, pairs, triples and four-character runs.

    Sentence edges are marked, so "sorry" at the start of a message and
    "sorry" after a jab are different features.
    """
    words = _TOKEN.findall(tidy)
    padded = ["<s>", *words, "</s>"]
    feats = ["w:" + word for word in words]
    feats += ["b:" + a + " " + b for a, b in zip(padded, padded[1:])]
    feats += ["t:" + a + " " + b + " " + c for a, b, c in zip(padded, padded[1:], padded[2:])]
    joined = " " + " ".join(words) + " "
    feats += ["c:" + joined[i : i + 4] for i in range(len(joined) - 3)]
    return feats


def hashed(features: Iterable[str], bits: int) -> list[int]:
    """Each feature's bucket in a table of ``2**bits`` rows (stable across runs and machines)."""
    mask = (1 << bits) - 1
    return [crc32(feature.encode("utf-8", "surrogatepass")) & mask for feature in features]


def _getter(rows: Sequence[int]) -> Callable[[memoryview], Sequence[int]]:
    """A function that takes a column and gives the values at ``rows``, as a sequence."""
    if len(rows) > 1:
        return itemgetter(*rows)
    if rows:
        only = rows[0]
        return lambda column: (column[only],)
    return lambda column: ()


@dataclass(frozen=True)
class Head:
    """One linear classifier: a weight block per class, read straight from the shipped bytes."""

    name: str
    classes: tuple[str, ...]
    bits: int
    columns: tuple[memoryview, ...]
    scales: tuple[float, ...]
    biases: tuple[float, ...]

    def scores(
        self, text_rows: Sequence[int], other_rows: Sequence[int] = (), valued: Sequence[tuple[int, float]] = ()
    ) -> list[float]:
        """Raw class scores: text features weighed by ``1/sqrt(n)``, other features by one, valued ones by their value."""
        norm = 1.0 / math.sqrt(len(text_rows)) if text_rows else 0.0
        # itemgetter fetches every row of a column in one call, in C
        text_get = _getter(text_rows)
        other_get = _getter(other_rows)
        out = []
        for column, scale, bias in zip(self.columns, self.scales, self.biases):
            total = sum(text_get(column)) * norm + sum(other_get(column))
            for row, value in valued:
                total += column[row] * value
            out.append(total * scale + bias)
        return out

    def probabilities(
        self, text_rows: Sequence[int], other_rows: Sequence[int] = (), valued: Sequence[tuple[int, float]] = ()
    ) -> dict[str, float]:
        """The softmax of :meth:`scores`, by class name."""
        raw = self.scores(text_rows, other_rows, valued)
        top = max(raw)
        exps = [math.exp(value - top) for value in raw]
        total = sum(exps)
        return {name: value / total for name, value in zip(self.classes, exps)}


@dataclass(frozen=True)
class Model:
    """The trained heads, by name, and the corpus digest they were trained from."""

    heads: dict[str, Head]
    corpus_digest: str
    meta: dict[str, object]

    def head(self, name: str) -> Head | None:
        return self.heads.get(name)


def corpus_digest(corpus_dir: Path) -> str:
    """The SHA-256 of every corpus file's name and bytes, in name order."""
    import hashlib  # only training and the tests need it; kept off tend check's start

    digest = hashlib.sha256()
    for path in sorted(corpus_dir.glob("*.yaml")):
        digest.update(path.name.encode("utf-8") + b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()


def load_model(content_dir: Path) -> Model | None:
    """The model shipped in ``content_dir``, or None when that content has none.

    A model that is there but broken is a :class:`ContentError` naming the file.
    """
    folder = Path(content_dir) / MODEL_DIR
    meta_path = folder / "model.json"
    bin_path = folder / "model.bin"
    if not meta_path.is_file() and not bin_path.is_file():
        return None
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        data = bin_path.read_bytes()
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise ContentError(f"{meta_path}: the checker's model cannot be read ({exc}); reinstall tend") from None
    try:
        if meta.get("format") != MODEL_FORMAT:
            raise ValueError(f"format {meta.get('format')!r}, expected {MODEL_FORMAT}")
        view = memoryview(data).cast("b")
        heads: dict[str, Head] = {}
        for name, spec in meta["heads"].items():
            classes = tuple(str(c) for c in spec["classes"])
            bits = int(spec["bits"])
            rows = 1 << bits
            offset = int(spec["offset"])
            columns = tuple(view[offset + k * rows : offset + (k + 1) * rows] for k in range(len(classes)))
            if any(len(column) != rows for column in columns):
                raise ValueError(f"head {name} runs past the end of model.bin")
            scales = tuple(float(s) for s in spec["scales"])
            biases = tuple(float(b) for b in spec["biases"])
            if not (len(scales) == len(biases) == len(classes)):
                raise ValueError(f"head {name} has {len(classes)} classes but {len(scales)} scales")
            heads[name] = Head(name, classes, bits, columns, scales, biases)
        return Model(heads, str(meta.get("corpus_sha256", "")), meta)
    except (KeyError, TypeError, ValueError) as exc:
        raise ContentError(f"{meta_path}: the checker's model does not fit its description ({exc}); reinstall tend") from None
