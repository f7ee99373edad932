"""Match keys: a light stem of each normalised word, so that inflected forms of one word align.

An editor who copies "the minister said exports grew" as "the ministers say export grew" has still
copied. English and Russian words are stemmed with Snowball (PyStemmer). Kazakh has no Snowball
stemmer and stacks suffixes, so a Kazakh word loses one common case, possessive or plural ending and
is then cut to its first four letters, a prefix stem of the kind that works well for agglutinative
languages. A text is read as Kazakh when enough of its Cyrillic words hold a letter only Kazakh uses
(ә, ғ, қ, ң, ө, ұ, ү, һ, і), so that its words without such letters are keyed the same way. Other
scripts, and numbers, are their own key.

Stems only decide which words align. Whether a passage is verbatim is judged on the words themselves.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

import Stemmer

_ENGLISH = Stemmer.Stemmer("english")
_RUSSIAN = Stemmer.Stemmer("russian")
_LATIN = re.compile(r"[a-z]+")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]+")
_KAZAKH_LETTERS = frozenset("әғқңөұүһі")

# Longest first, so that a stacked ending comes off whole where the list has it. Endings that
# begin with н after a possessive (-нда, -нде) are left out: they would eat the н of roots like өзен.
_KAZAKH_ENDINGS = tuple(sorted({
    "ларының", "лерінің", "дарының", "дерінің", "тарының", "терінің",
    "дағы", "дегі", "тағы", "тегі",
    "ымыз", "іміз", "ыңыз", "іңіз", "мыз", "міз", "ңыз", "ңіз",
    "лар", "лер", "дар", "дер", "тар", "тер",
    "ның", "нің", "дың", "дің", "тың", "тің",
    "дан", "ден", "тан", "тен", "нан", "нен",
    "мен", "бен", "пен",
    "ға", "ге", "қа", "ке", "на", "не", "да", "де", "та", "те",
    "ны", "ні", "ды", "ді", "ты", "ті", "ша", "ше", "сы", "сі", "ым", "ім", "ың", "ің",
}, key=len, reverse=True))
_MIN_STEM = 3
_PREFIX = 4
_KAZAKH_SHARE = 0.25


def _kazakh(word: str) -> str:
    for ending in _KAZAKH_ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= _MIN_STEM:
            word = word[: -len(ending)]
            break
    return word[:_PREFIX]


def is_kazakh(words: Sequence[str]) -> bool:
    """Whether normalised `words` read as Kazakh rather than Russian (see the module docstring)."""
    cyrillic = [w for w in words if not w.isascii() and _CYRILLIC.fullmatch(w)]
    kazakh = sum(1 for w in cyrillic if _KAZAKH_LETTERS.intersection(w))
    return bool(cyrillic) and kazakh >= _KAZAKH_SHARE * len(cyrillic)


@lru_cache(maxsize=1 << 16)
def match_key(word: str, kazakh: bool = False) -> str:
    """The key the matcher aligns `word` on; `word` is already normalised (casefolded, marks stripped)."""
    if word.isascii():
        return str(_ENGLISH.stemWord(word)) if _LATIN.fullmatch(word) else word
    if _CYRILLIC.fullmatch(word):
        if kazakh or _KAZAKH_LETTERS.intersection(word):
            return _kazakh(word)
        return str(_RUSSIAN.stemWord(word))
    return word
