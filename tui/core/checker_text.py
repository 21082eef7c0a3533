"""Text normalisation for the repair checker, with a map back to the original.

The checker's rules are written against one tidy spelling of English: lower
case, straight apostrophes, contractions spelled out ("i am", "do not",
"you are"), texting spellings expanded ("u" -> "you", "sry" -> "sorry"),
stretched letters squeezed ("sooo" -> "so") and runs of white space made one
space. :func:`normalise` produces that spelling together with, for every
character of it, the span of the original text it came from, so a match found
in the tidy text can be highlighted on exactly the right characters of what
the person typed (emoji, accents, CRLF and all).

It also finds the places that bound negation ("not", "never", ...): a
negator's scope runs to the next clause boundary (punctuation or a
conjunction such as "and", "but", "because").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

# Apostrophe look-alikes people's keyboards and phones produce.
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'", "\u00b4": "'"})

# Whole words (lower case, apostrophes straight) and what they stand for.
# Texting spellings and contractions without their apostrophe.
_WORDS: dict[str, str] = {
    # contractions typed without an apostrophe
    "im": "i am", "ive": "i have", "ill": "i will", "dont": "do not", "doesnt": "does not",
    "didnt": "did not", "isnt": "is not", "wasnt": "was not", "werent": "were not",
    "arent": "are not", "havent": "have not", "hasnt": "has not", "hadnt": "had not",
    "wont": "will not", "cant": "can not", "cannot": "can not", "couldnt": "could not",
    "shouldnt": "should not", "wouldnt": "would not", "mustnt": "must not", "aint": "is not",
    "youre": "you are", "youve": "you have", "youll": "you will", "youd": "you would", "ull": "you will",
    "theyre": "they are", "thats": "that is", "whats": "what is", "its": "it is",
    "lets": "let us", "theres": "there is", "hes": "he is", "shes": "she is",
    "wheres": "where is", "heres": "here is", "were'nt": "were not",
    # texting
    "u": "you", "ya": "you", "yu": "you", "r": "are", "y": "why", "urself": "yourself",
    "sry": "sorry", "srry": "sorry", "sory": "sorry", "sorri": "sorry", "sori": "sorry",
    "soz": "sorry", "sozz": "sorry", "sowwy": "sorry", "sowy": "sorry", "sorrry": "sorry",
    "apologise": "apologize", "apologised": "apologized", "apologises": "apologizes",
    "apologising": "apologizing", "realise": "realize", "realised": "realized",
    "thx": "thanks", "thnx": "thanks", "thanx": "thanks", "tnx": "thanks", "ty": "thank you",
    "tysm": "thank you so much", "tyvm": "thank you very much",
    "pls": "please", "plz": "please", "plse": "please",
    "ok": "okay", "k": "okay", "kk": "okay", "okey": "okay", "okie": "okay", "oki": "okay",
    "rn": "right now", "idk": "i do not know", "idc": "i do not care", "nvm": "never mind",
    "nm": "never mind", "ily": "i love you", "ilu": "i love you", "luv": "love",
    "gonna": "going to", "wanna": "want to", "gotta": "got to", "hafta": "have to",
    "lemme": "let me", "gimme": "give me", "dunno": "do not know", "kinda": "kind of",
    "sorta": "sort of", "cuz": "because", "coz": "because", "cos": "because", "bc": "because",
    "becuz": "because", "tho": "though", "altho": "although", "thru": "through",
    "tbh": "to be honest", "ngl": "not going to lie", "omg": "oh my god", "wtf": "what the hell",
    "btw": "by the way", "abt": "about", "w": "with", "bout": "about", "ppl": "people",
    "ofc": "of course", "rly": "really", "srsly": "seriously", "prob": "probably",
    "probs": "probably", "tmrw": "tomorrow", "tmr": "tomorrow", "2moro": "tomorrow",
    "tonite": "tonight", "l8r": "later", "ltr": "later", "b4": "before", "msg": "message",
    "convo": "conversation", "sec": "second", "min": "minute", "mins": "minutes",
    "whatevs": "whatever", "wateva": "whatever", "whatev": "whatever", "yr": "your",
}

# "x's" reads "x is" after these words; after any other word it is a possessive.
_IS_AFTER = frozenset(
    "it that what there here he she who where how this everything nothing something "
    "everyone nobody somebody someone".split()
)

# "ur" is "you are" when what follows reads like a description or a verb in -ing.
_UR_YOU_ARE_NEXT = frozenset(
    "so such a an the being just not always never really very too right wrong welcome "
    "kidding joking one overreacting impossible ridiculous crazy dramatic insane pathetic "
    "sensitive selfish mad upset angry acting making taking the literally honestly "
    "unbelievable unreal obsessed delusional annoying exhausting older younger grown".split()
)

_STRETCH = re.compile(r"([^\W\d_])\1{2,}")
# "not like you..." and "not that you..." introduce a jab rather than negate it;
# "can't we..." asks, and "can't believe..." intensifies.
_NEGATOR = re.compile(r"\b(?:not(?! like you| that you| like i| only| we\b| believe| realize| realise| notice)|never|no|nothing|nobody|hardly|without)\b")
_BOUNDARY = re.compile(
    r"[.,;:!?()\n\u2014\u2013]| - |\b(?:but|and|because|so|although|though|however|yet|while|or|if|unless|when|until)\b"
)


@dataclass(frozen=True)
class Normalised:
    """The tidy text and, per character of it, the original span it came from."""

    text: str
    starts: Sequence[int]
    ends: Sequence[int]

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """The original ``[start, end)`` covered by tidy characters ``[start, end)``."""
        if end <= start or not self.text:
            return (0, 0)
        return self.starts[start], self.ends[end - 1]

    def negation_scopes(self) -> list[tuple[int, int]]:
        """Spans of the tidy text that a preceding negator governs."""
        scopes: list[tuple[int, int]] = []
        text = self.text
        for neg in _NEGATOR.finditer(text):
            boundary = _BOUNDARY.search(text, neg.end())
            scopes.append((neg.end(), boundary.start() if boundary else len(text)))
        return scopes


def _expand_word(word: str, following: str) -> str | None:
    """The tidy spelling of one lower-case word, or None when it stays as it is."""
    if word in _WORDS:
        return _WORDS[word]
    if word == "ur":
        return "you are" if following in _UR_YOU_ARE_NEXT or following.endswith("ing") else "your"
    if "'" in word:
        head, _, tail = word.rpartition("'")
        if tail == "t" and head.endswith("n"):
            base = head[:-1]
            if base == "ca":
                return "can not"
            if base == "wo":
                return "will not"
            if base == "sha":
                return "shall not"
            if base == "ai":
                return "is not"
            return base + " not"
        if tail == "m":
            return head + " am"
        if tail == "re":
            return head + " are"
        if tail == "ve":
            return head + " have"
        if tail == "ll":
            return head + " will"
        if tail == "d":
            return head + " would"
        if tail == "s":
            if head == "let":
                return "let us"
            if head in _IS_AFTER:
                return head + " is"
        return None
    squeezed = _STRETCH.sub(r"\1", word)
    if squeezed != word:
        return _WORDS.get(squeezed, squeezed)
    return None


_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)*")
# What may need rewriting: words, and white space other than one plain space.
_EVENT = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)*|\s{2,}|[^\S ]")
# The same, but only the words that can change when no letters are stretched:
# words with an apostrophe, the spellings in _WORDS, and "ur". Most words of a
# message need nothing, and skipping them in C rather than in Python is a good
# part of what keeps a check fast.
_EVENT_NARROW = re.compile(
    r"(?<![^\W\d_'])(?:[^\W\d_]+(?:'[^\W\d_]+)+"
    r"|(?:" + "|".join(sorted((w for w in _WORDS if w.isalpha()), key=len, reverse=True)) + r"|ur)(?![^\W\d_]))"
    r"|\s{2,}|[^\S ]"
)


def normalise(original: str) -> Normalised:
    """Tidy ``original`` for matching, keeping a map back to its characters."""
    lowered = original.lower()
    if len(lowered) == len(original):
        source: list[int] | None = None  # one lowered character per original one
    else:
        # A few characters grow when lowered ("İ" becomes two): map each piece
        # back to the character it came from.
        pieces: list[str] = []
        source = []
        for index, char in enumerate(original):
            low = char.lower()
            pieces.append(low)
            source.extend([index] * len(low))
        lowered = "".join(pieces)
        source.append(len(original))
    low = lowered.translate(_APOSTROPHES)
    stretched = _STRETCH.search(low) is not None

    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    copied = 0  # low[:copied] has been written to out

    def copy_upto(stop: int) -> None:
        if stop <= copied:
            return
        out.append(low[copied:stop])
        if source is None:
            starts.extend(range(copied, stop))
            ends.extend(range(copied + 1, stop + 1))
        else:
            starts.extend(source[copied:stop])
            ends.extend(i + 1 for i in source[copied:stop])

    for event in (_EVENT if stretched else _EVENT_NARROW).finditer(low):
        piece = event.group()
        t_start, t_end = event.span()
        if piece[0].isspace():
            replacement: str | None = " "
        else:
            replacement = None
            if piece in _WORDS or "'" in piece or piece == "ur" or stretched:
                following = ""
                if piece == "ur":
                    nxt = _WORD.search(low, t_end)
                    following = nxt.group() if nxt else ""
                replacement = _expand_word(piece, following)
            if replacement is None:
                continue
        copy_upto(t_start)
        copied = t_end
        o_start = t_start if source is None else source[t_start]
        o_end = t_end if source is None else source[t_end - 1] + 1
        if replacement == " " and out and out[-1].endswith(" "):
            # white space after white space: widen the last space instead
            ends[-1] = o_end
            continue
        out.append(replacement)
        starts.extend([o_start] * len(replacement))
        ends.extend([o_end] * len(replacement))
    copy_upto(len(low))
    return Normalised("".join(out), starts, ends)
