"""Word tokens with character offsets, and the normal form the matcher compares.

Normalisation folds what an editor's light touch changes without changing the words: case, Unicode
forms, accents, the letter ё, and apostrophe or dash variants (punctuation is never a token). Each word
also gets a match key, its light stem (see stemming.py), on which the matcher aligns.
"""

from __future__ import annotations

import operator
import re
import unicodedata
from bisect import bisect_left
from dataclasses import dataclass, replace
from functools import lru_cache

from reusecheck.matching.stemming import is_kazakh, match_key

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
    keys: tuple[str, ...]
    """Match key (light stem) of each word."""
    breaks: frozenset[int]
    """Indices of words that open a paragraph (or follow text left out of the count)."""
    sentences: tuple[int, ...]
    """Indices of the words that open a sentence, in order, starting with 0 when there are words."""
    kazakh: bool = False
    """Whether the keys were made for Kazakh text (see stemming.is_kazakh)."""

    def keyed_as_kazakh(self) -> Tokens:
        """These tokens with Kazakh keys, so that they align with a Kazakh text's."""
        if self.kazakh:
            return self
        return replace(self, keys=tuple(match_key(word, True) for word in self.words), kazakh=True)

    def __len__(self) -> int:
        return len(self.words)


@lru_cache(maxsize=1 << 16)
def normalise_word(word: str) -> str:
    """Fold case, compatibility forms and accents, so 'Café', 'CAFE' and 'cafe' compare equal."""
    word = word.casefold()
    if word.isascii():
        return word
    decomposed = unicodedata.normalize("NFKD", word)
    # Strip combining marks: é→e, ё→е. Kazakh letters such as ә, қ, ө have no decomposition and
    # survive intact; й is a letter of its own, not an accented и, so its breve stays.
    out: list[str] = []
    for ch in decomposed:
        if not unicodedata.combining(ch):
            out.append(ch)
        elif ch == "\u0306" and out and out[-1] == "и":
            out[-1] = "й"
    return "".join(out)


_group = operator.methodcaller("group")
_start = operator.methodcaller("start")
_end = operator.methodcaller("end")
# A blank line between paragraphs, whatever the line ends: LF, CRLF, or a lone CR (some wire and
# newspaper archives end lines in CR, or in CRLF then CR).
BLANK_LINE = re.compile(r"(?>\r\n|\r|\n)[ \t\f\v]*(?>\r\n|\r|\n)")
# A sentence ends at . ! ? or an ellipsis, with any closing quotes or brackets, before a space or the next
# capital, digit or quote (news summaries run sentences together: "...$10.9bn.For the full year").
# Not after a single letter (initials, "U.S.", Russian "г." after a year) or a common abbreviation. The
# pattern starts with the punctuation, so the search only stops there.
_SENTENCE_END = re.compile(
    r"[.!?…](?<!\b[^\W\d_]\.)(?<!\b(?:Mr|Ms|Dr|St|Co|No|Jr|Sr|vs|Sq|Mt|Lt|ул)\.)"
    r"(?<!\b(?:Mrs|Inc|Ltd|Gen|Sen|Rep|Gov|Col|Sgt|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Oct|Nov|Dec|Ave|тел)\.)"
    r"(?<!\b(?:Corp|Prof|Sept|Capt|Dept)\.)"
    r"[.!?…]*[\"'”’»)\]]*(?=\s|[\"“«‘(]?[^\W\d_a-zа-яё])"
)


def tokenize(text: str, spans: tuple[tuple[int, int], ...] | None = None) -> Tokens:
    """Tokenise `text`, or only the given (start, end) spans of it, in order."""
    words: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    gaps: list[int] = []  # positions after which a new paragraph starts
    stops: list[int] = []  # positions where a sentence has ended
    for begin, end in spans if spans is not None else ((0, len(text)),):
        gaps.append(begin)
        gaps.extend(m.start() for m in BLANK_LINE.finditer(text, begin, end))
        stops.extend(m.end() for m in _SENTENCE_END.finditer(text, begin, end))
        found = list(WORD_RE.finditer(text, begin, end))
        words.extend(map(normalise_word, map(_group, found)))
        starts.extend(map(_start, found))
        ends.extend(map(_end, found))
    breaks = {bisect_left(starts, gap) for gap in gaps} - {0, len(words)}
    sentences = sorted(breaks.union(bisect_left(starts, stop) for stop in stops) - {len(words)} | {0})
    kazakh = is_kazakh(words)
    keys = tuple(match_key(word, kazakh) for word in words)
    return Tokens(tuple(words), tuple(starts), tuple(ends), keys, frozenset(breaks), tuple(sentences) if words else (),
                  kazakh)


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """Spans of the blank-line separated paragraphs of `text` that hold at least one word."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for m in BLANK_LINE.finditer(text):
        if WORD_RE.search(text, pos, m.start()):
            spans.append((pos, m.start()))
        pos = m.end()
    if WORD_RE.search(text, pos, len(text)):
        spans.append((pos, len(text)))
    return spans


# Quotation marks, in the styles English, Russian and Kazakh use: each opening mark and the marks that
# close it. British papers quote in 'single marks' and Russian ones in «ёлочки»; a quotation that runs
# over several paragraphs opens each of them and closes only in the last.
_CLOSERS = {"“": "”", "«": "»", "„": "“”", "‘": "’", '"': '"', "'": "'"}
# An opening mark stands after a space, a bracket, a dash or a colon, or at the start of a line; a straight
# one (" or ') is then followed by a letter or another mark, so inch marks (12") and elisions ('90s) do
# not open a quotation.
_OPENING = re.compile(r"""(?:(?<=^)|(?<=[\s(\[:—–-]))(?:[“«„‘]|"(?=\S)|'(?=[^\W\d_]|["“‘]))""", re.MULTILINE)


def quotation_spans(text: str) -> list[tuple[int, int]]:
    """Spans of text inside quotation marks, marks included.

    A quotation ends at its closing mark within the same paragraph. An apostrophe (a closing single mark
    followed by a letter: don’t, it's) does not close one. A mark left open at the end of a paragraph
    whose next paragraph opens with a quotation mark runs to the end of its paragraph (the convention
    for a quotation over several paragraphs); any other mark left open quotes nothing.
    """
    spans: list[tuple[int, int]] = []
    paragraphs = paragraph_spans(text)
    for k, (begin, end) in enumerate(paragraphs):
        continued = k + 1 < len(paragraphs) and _OPENING.match(text, paragraphs[k + 1][0]) is not None
        pos = begin
        while (opening := _OPENING.search(text, pos, end)) is not None:
            mark = text[opening.start()]
            close = _closing(text, opening.end(), end, _CLOSERS[mark])
            if close is None:
                if continued:
                    spans.append((opening.start(), end))
                    break
                pos = opening.end()
                continue
            spans.append((opening.start(), close))
            pos = close
    return spans


def _closing(text: str, start: int, end: int, closers: str) -> int | None:
    """The offset just after the mark that closes a quotation opened before `start`, if it closes."""
    for i in range(start, end):
        ch = text[i]
        if ch not in closers:
            continue
        after = text[i + 1:i + 2]
        if ch in "’'" and after.isalnum():
            continue  # an apostrophe
        if ch == '"' and (after.isalnum() or text[i - 1].isspace()):
            continue  # a straight mark that opens the next quotation, not one that closes this one
        return i + 1
    return None
