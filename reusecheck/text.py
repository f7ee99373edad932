"""Word tokens with character offsets, and the normal form the matcher compares.

Normalisation folds what an editor's light touch changes without changing the words: case, Unicode
forms, accents, the letter ё, and apostrophe or dash variants (punctuation is never a token).
"""

from __future__ import annotations

import operator
import re
import unicodedata
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache

# Runs of letters and digits, with any combining marks (decomposed accents, й written as и + breve):
# apostrophes, hyphens and dashes split words, so their variants never matter.
_MARKS = "\u0300-\u036f\u0483-\u0489\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
WORD_RE = re.compile(rf"[^\W_]+(?:[{_MARKS}]+[^\W_]*)*")


@dataclass(frozen=True, slots=True)
class Tokens:
    """Normalised words of a text and where each one stands in it."""

    words: tuple[str, ...]
    starts: tuple[int, ...]
    ends: tuple[int, ...]
    breaks: frozenset[int] = frozenset()
    """Indices of words that open a paragraph (or follow text left out of the count)."""

    def __len__(self) -> int:
        return len(self.words)


@lru_cache(maxsize=1 << 16)
def normalise_word(word: str) -> str:
    """Fold case, compatibility forms and accents, so 'Café', 'CAFE' and 'cafe' compare equal."""
    word = word.casefold()
    if word.isascii():
        return word
    decomposed = unicodedata.normalize("NFKD", word)
    # Strip combining marks: é→e, ё→е, й→и. Kazakh letters such as ә, қ, ө have no decomposition
    # and survive intact.
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


_group = operator.methodcaller("group")
_start = operator.methodcaller("start")
_end = operator.methodcaller("end")
_BLANK_LINE = re.compile(r"\n[ \t\r\f\v]*\n")


def tokenize(text: str, spans: tuple[tuple[int, int], ...] | None = None) -> Tokens:
    """Tokenise `text`, or only the given (start, end) spans of it, in order."""
    words: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    gaps: list[int] = []  # positions after which a new paragraph starts
    for begin, end in spans if spans is not None else ((0, len(text)),):
        gaps.append(begin)
        gaps.extend(m.start() for m in _BLANK_LINE.finditer(text, begin, end))
        found = list(WORD_RE.finditer(text, begin, end))
        words.extend(map(normalise_word, map(_group, found)))
        starts.extend(map(_start, found))
        ends.extend(map(_end, found))
    breaks = {bisect_left(starts, gap) for gap in gaps} - {0, len(words)}
    return Tokens(tuple(words), tuple(starts), tuple(ends), frozenset(breaks))


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """Spans of the blank-line separated paragraphs of `text` that hold at least one word."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for m in re.finditer(r"\n[ \t\r\f\v]*\n", text):
        if WORD_RE.search(text, pos, m.start()):
            spans.append((pos, m.start()))
        pos = m.end()
    if WORD_RE.search(text, pos, len(text)):
        spans.append((pos, len(text)))
    return spans


# Quotation marks that open and close a quotation, in the styles English, Russian and Kazakh use.
# A straight quote opens after a non-word character and closes before one, so inch marks (12") do not
# pair up; a single curly quote may hold apostrophes (’ followed by a letter).
_QUOTE_RE = re.compile(
    r"“[^”\n]{1,2000}”|«[^»\n]{1,2000}»|„[^“\n]{1,2000}“"
    r"|(?<!\w)\"(?=\S)[^\"\n]{0,2000}(?<=\S)\"(?!\w)"
    r"|(?<!\w)‘(?:[^’\n]|’(?=\w)){1,2000}’(?!\w)"
)


def quotation_spans(text: str) -> list[tuple[int, int]]:
    """Spans of text inside quotation marks (a quote runs within one paragraph)."""
    return [(m.start(), m.end()) for m in _QUOTE_RE.finditer(text)]
