"""Train the repair checker's model from its corpus and write the weights tend ships.

    pip install -e '.[train]'
    python scripts/train_checker.py

Reads every batch in ``content/checker/corpus/``, fits the heads described in
``tui/training/fit.py`` (with the rules in ``content/rules/`` supplying their
findings), and writes ``content/checker/model/model.bin``, ``model.json``
(with the corpus digest that ``tests/unit/test_checker_model.py`` checks) and
``english-words.txt`` (the corpus's words, for telling English from other
languages). Deterministic: the same corpus and rules give the same files.
"""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tui.core.checker import Checker, load_rules  # noqa: E402
from tui.core.checker_model import CORPUS_DIR, MODEL_DIR, corpus_digest  # noqa: E402
from tui.training.corpus import load_corpus  # noqa: E402
from tui.training.fit import train, write_model  # noqa: E402

CONTENT = ROOT / "content"
_WORD = re.compile(r"[^\W\d_]+")


def english_words(texts: list[str]) -> list[str]:
    """Every word the corpus and the lessons use, lower case, apostrophes dropped."""
    words: set[str] = set()
    for text in texts:
        words.update(_WORD.findall(text.lower().replace("'", "").replace("\u2019", "")))
    return sorted(words)


def main() -> int:
    started = time.perf_counter()
    examples = load_corpus(CONTENT / CORPUS_DIR)
    rules = load_rules(CONTENT)
    heads = train(examples, Checker(rules))
    folder = CONTENT / MODEL_DIR
    write_model(heads, folder, corpus_digest(CONTENT / CORPUS_DIR), {"messages": len(examples)})
    lessons = [path.read_text(encoding="utf-8") for path in sorted((CONTENT / "lessons").glob("*.md"))]
    (folder / "english-words.txt").write_text(
        "\n".join(english_words([e.text for e in examples] + lessons)) + "\n", encoding="utf-8"
    )
    size = (folder / "model.bin").stat().st_size
    print(
        f"trained {len(heads)} heads on {len(examples)} messages in {time.perf_counter() - started:.1f} s; "
        f"{folder / 'model.bin'}: {size / 1e6:.2f} MB"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
