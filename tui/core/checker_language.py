"""Does a message read as English? The checker judges English only.

A message mostly in another language gets a plain notice and no verdict,
rather than advice built on words the checker cannot read. The test is
cheap and errs toward English: too few letters or words to tell is English;
mostly letters of another script is not; otherwise enough everyday English
words (function words, texting spellings, or the words of the corpus the
model learnt from, in ``content/checker/model/english-words.txt``) make it
English, and everyday words of other languages make it not.
"""

from __future__ import annotations

import re
from pathlib import Path

WORDS_FILE = Path("checker") / "model" / "english-words.txt"
_WORD = re.compile(r"[^\W\d_]+")

# Words nearly every English message has, and the texting spellings of them.
_COMMON = frozenset(
    """
    a about after again all also am an and any are as at back be because been before being but by can
    could did do does done dont down for from get go going good got had has have he her here him his how
    i if im in into is it its just know let like me more my no not now of off oh ok okay on one only or
    our out over really right said say see she so some sorry still than thank thanks that the their them
    then there they think this time to too up us very want was we well were what when where which who why
    will with would yeah yes you your u ur r ya im ive idk tbh ngl lol omg pls plz thx k kk sry soz rn
    hey hi wait need feel felt love mean meant didnt wasnt cant wont isnt youre thats whats
    """.split()
)
# Everyday words of other languages in Latin script that English does not use
# (Spanish, French, German, Italian, Portuguese, Dutch); words English shares,
# such as "a", "me", "no", "in", "die", are left out.
_FOREIGN = frozenset(
    """
    el los las que del por para una uno muy pero como más estoy eres soy siento perdón lo le les mi tu te
    se su sus yo esto esta está porque también fue y
    les des une est suis je il elle nous vous pas pour avec dans sur mais très désolé désolée moi toi ça ce
    cette qui ne et
    ich du er sie wir ihr ist bin nicht und der das ein eine mit auf für aber sehr leid tut mir dich dass
    habe es
    gli che non sono sei dispiace scusa ma molto perché
    não você eu sou desculpa obrigado com mas
    ik je het een niet maar dat zijn
    """.split()
)
_LATIN: dict[str, bool] = {}


def _is_latin(char: str) -> bool:
    known = _LATIN.get(char)
    if known is None:
        import unicodedata

        known = unicodedata.name(char, "").startswith("LATIN")
        if len(_LATIN) < 4096:
            _LATIN[char] = known
    return known


class LanguageGuard:
    """Says whether a message reads as English, with the corpus's words where they are shipped."""

    def __init__(self, words_file: Path | None = None) -> None:
        self._words_file = words_file
        self._words: frozenset[str] | None = None

    @classmethod
    def for_content(cls, content_dir: Path) -> "LanguageGuard":
        return cls(Path(content_dir) / WORDS_FILE)

    def _vocabulary(self) -> frozenset[str]:
        if self._words is None:
            words: frozenset[str] = frozenset()
            if self._words_file is not None:
                try:
                    words = frozenset(self._words_file.read_text(encoding="utf-8").split())
                except (OSError, UnicodeDecodeError):
                    words = frozenset()
            self._words = words
        return self._words

    def reads_as_english(self, text: str) -> bool:
        letters = [char for char in text if char.isalpha()]
        if len(letters) < 4:
            return True
        if not text.isascii():
            other = sum(1 for char in letters if not char.isascii() and not _is_latin(char))
            if other * 2 > len(letters):
                return False
        words = _WORD.findall(text.lower().replace("'", "").replace("\u2019", ""))
        if len(words) < 3:
            return True
        common = sum(1 for word in words if word in _COMMON)
        if common * 4 >= len(words):
            return True
        foreign = sum(1 for word in words if word in _FOREIGN)
        vocabulary = self._vocabulary()
        if not vocabulary:
            return not (foreign >= 2 and foreign > common)
        known = sum(1 for word in words if word in _COMMON or word in vocabulary)
        if known * 2 >= len(words):
            return True
        return not (foreign >= 1 or known * 4 < len(words))


_PLAIN = LanguageGuard()


def reads_as_english(text: str, guard: LanguageGuard | None = None) -> bool:
    """True unless ``text`` is mostly not English (see :class:`LanguageGuard`)."""
    return (guard or _PLAIN).reads_as_english(text)
