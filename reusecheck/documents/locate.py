"""Where a stretch of a Document's text stands in its file as written: lines and columns.

A Document's text is extracted: front matter, Markdown markup and HTML tags are gone, entities are
decoded, and blocks are joined by blank lines. SARIF, annotations and the HTML report must point at the
file a person edits, so each extracted offset is mapped back to a line and column of the file.

The map is built by aligning words. The file is read into the characters a reader sees (markup skipped,
entities decoded), each with the stretch of the file it was written as; its words and the extracted
text's words are aligned in order, and each word of the text takes the place of the word it met.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass

from rapidfuzz.distance import Indel

from reusecheck.documents.visible import WORD, Visible, read_html, read_markdown


@dataclass(frozen=True, slots=True)
class Region:
    """A stretch of a file: 1-based lines and columns, columns counted in Unicode code points.

    `end_column` is the column just after the last character, as in SARIF.
    """

    start_line: int
    start_column: int
    end_line: int
    end_column: int

    def to_dict(self) -> dict[str, int]:
        return {"start_line": self.start_line, "start_column": self.start_column,
                "end_line": self.end_line, "end_column": self.end_column}


class SourceMap:
    """Maps offsets in a Document's text to offsets, lines and columns of its file as written.

    Plain text maps one to one. Markdown and HTML map through the word alignment, built on the first
    call and kept: a report asks for the places of many passages of one Document.
    """

    def __init__(self, raw: str, text: str, fmt: str, body_offset: int = 0) -> None:
        self.raw = raw
        self.text = text
        self.format = fmt
        self.body_offset = body_offset
        """Where the body starts in `raw`: after the front matter of a Markdown file."""
        # Lines end as editors and markdown-it end them: at \r\n, \n or a lone \r.
        self._line_starts = [0] + [m.end() for m in re.finditer(r"\r\n|\r|\n", raw)]
        self._words: _WordMap | None = None

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """The stretch of `raw` that holds text[start:end]."""
        start = max(0, min(start, len(self.text)))
        end = max(start, min(end, len(self.text)))
        if self.format == "text":
            return start, end
        words = self._aligned()
        if words is None:
            return self.body_offset, self.body_offset
        raw_start = words.start(start)
        raw_end = raw_start if end == start else max(raw_start, words.end(end))
        return raw_start, raw_end

    def _aligned(self) -> _WordMap | None:
        """The alignment of the text's words to the file's, built on first use; None when there is
        nothing to align."""
        if self._words is None:
            self._words = _build(self.raw, self.text, self.format, self.body_offset)
        return self._words if self._words.aligned else None

    def position(self, offset: int) -> tuple[int, int]:
        """1-based line and column of an offset into `raw`."""
        line = bisect_right(self._line_starts, offset) - 1
        return line + 1, offset - self._line_starts[line] + 1

    def region(self, start: int, end: int) -> Region:
        raw_start, raw_end = self.raw_span(start, end)
        start_line, start_column = self.position(raw_start)
        end_line, end_column = self.position(raw_end)
        return Region(start_line, start_column, end_line, end_column)

    def line_region(self, line: int) -> Region:
        """The whole of one line of the file (1-based), without its line break."""
        line = max(1, min(line, len(self._line_starts)))
        begin = self._line_starts[line - 1]
        stop = self._line_starts[line] - 1 if line < len(self._line_starts) else len(self.raw)
        if stop > begin and self.raw[stop - 1] == "\r":
            stop -= 1
        return Region(line, 1, line, stop - begin + 1)


# --- Alignment ------------------------------------------------------------------------------------------

_SEGMENT_CELLS = 20_000_000
"""The largest stretch (text words times file words) aligned exactly; a larger one between two anchors
is matched greedily: the exact alignment's table grows with the product."""


class _WordMap:
    """Each word of the text, and where in the file the word it was aligned to stands."""

    def __init__(self, text: str, visible: Visible, lower: int, upper: int) -> None:
        self.text = text
        self.visible = visible
        self.lower, self.upper = lower, upper
        seen = "".join(visible.chars)
        text_words = list(WORD.finditer(text))
        file_words = list(WORD.finditer(seen))
        self.starts = [w.start() for w in text_words]
        self.ends = [w.end() for w in text_words]
        self.file_starts = [w.start() for w in file_words]
        self.file_ends = [w.end() for w in file_words]
        joined = ["\n" not in text[a.end():b.start()] for a, b in zip(text_words, text_words[1:], strict=False)]
        pairs = _align([_key(w.group()) for w in text_words], [_key(w.group()) for w in file_words], joined)
        self.pairs = pairs
        self.aligned = any(j >= 0 for j in pairs)
        # Where each unaligned word may stand: after the last aligned word before it, before the next.
        n = len(pairs)
        self.after = [lower] * n
        self.before = [upper] * n
        last = lower
        for i in range(n):
            if pairs[i] >= 0:
                last = self._raw_end(i)
            self.after[i] = last
        nxt = upper
        for i in range(n - 1, -1, -1):
            if pairs[i] >= 0:
                nxt = self._raw_start(i)
            self.before[i] = nxt

    def _raw_start(self, i: int, within: int = 0) -> int:
        """The file offset of the character `within` characters into text word i."""
        j = self.pairs[i]
        if j < 0:
            return self.after[i]
        first, stop = self.file_starts[j], self.file_ends[j]
        length = self.ends[i] - self.starts[i]
        if stop - first == length:
            return self.visible.starts[first + within]
        begin, finish = self.visible.starts[first], self.visible.ends[stop - 1]
        return begin + (finish - begin) * within // length

    def _raw_end(self, i: int, within: int | None = None) -> int:
        """The file offset just after the first `within` characters of text word i (all of them by default)."""
        j = self.pairs[i]
        length = self.ends[i] - self.starts[i]
        within = length if within is None else within
        if j < 0:
            return self.before[i]
        first, stop = self.file_starts[j], self.file_ends[j]
        if stop - first == length:
            return self.visible.ends[first + within - 1]
        begin, finish = self.visible.starts[first], self.visible.ends[stop - 1]
        return begin + (finish - begin) * within // length

    def start(self, offset: int) -> int:
        """Where a stretch of the text that begins at `offset` begins in the file."""
        i = bisect_right(self.ends, offset)
        if i == len(self.starts):
            return self.end(offset) if self.starts else self.lower
        if self.starts[i] <= offset:
            return self._raw_start(i, offset - self.starts[i])
        j = self.pairs[i]
        if j < 0:
            return self._raw_start(i)
        # Punctuation before the word (an opening quote, say) is taken along where the file shows it too.
        chars, k, t = self.visible.chars, self.file_starts[j], self.starts[i]
        floor = self.file_ends[j - 1] if j else 0
        while t > offset and k > floor and _same(self.text[t - 1], chars[k - 1]):
            t, k = t - 1, k - 1
        while k < self.file_starts[j] and chars[k].isspace():
            k += 1
        return self.visible.starts[k]

    def end(self, offset: int) -> int:
        """Where a stretch of the text that ends at `offset` ends in the file."""
        i = bisect_left(self.starts, offset) - 1
        if i < 0:
            return self.start(offset) if self.starts else self.lower
        if offset <= self.ends[i]:
            return self._raw_end(i, offset - self.starts[i])
        j = self.pairs[i]
        if j < 0:
            return self._raw_end(i)
        chars, k, t = self.visible.chars, self.file_ends[j], self.ends[i]
        ceiling = self.file_starts[j + 1] if j + 1 < len(self.file_starts) else len(chars)
        while t < offset and k < ceiling and _same(self.text[t], chars[k]):
            t, k = t + 1, k + 1
        while k > self.file_ends[j] and chars[k - 1].isspace():
            k -= 1
        return self.visible.ends[k - 1]


def _build(raw: str, text: str, fmt: str, body_offset: int) -> _WordMap:
    visible = Visible()
    if fmt == "markdown":
        read_markdown(raw, body_offset, visible)
    else:
        read_html(raw, 0, visible)
    shown = "".join(visible.chars)
    first = len(shown) - len(shown.lstrip())
    last = len(shown.rstrip()) - 1
    lower = visible.starts[first] if last >= first else body_offset
    upper = visible.ends[last] if last >= first else body_offset
    return _WordMap(text, visible, lower, upper)


def _same(shown: str, written: str) -> bool:
    return shown == written or (shown.isspace() and written.isspace())


def _key(word: str) -> str:
    return unicodedata.normalize("NFKC", word).casefold()


def _align(a: list[str], b: list[str], joined: list[bool] | None = None) -> list[int]:
    """For each word of `a`, the index of the word of `b` it is aligned with, or -1.

    Words that occur once in each anchor the alignment (the longest run of them in the same order);
    the stretches between anchors are aligned exactly, so the cost stays near linear in the words.
    `joined[i]` says words i and i+1 of `a` stand in one line of the text (no block break between them).
    """
    ids: dict[str, int] = {}
    xs = [ids.setdefault(w, len(ids)) for w in a]
    ys = [ids.setdefault(w, len(ids)) for w in b]
    pairs = [-1] * len(xs)
    count_x, count_y = Counter(xs), Counter(ys)
    where_y = {y: j for j, y in enumerate(ys) if count_y[y] == 1}
    candidates = [(i, where_y[x]) for i, x in enumerate(xs) if count_x[x] == 1 and x in where_y]
    anchors = _increasing(candidates)
    previous = (-1, -1)
    for anchor in [*anchors, (len(xs), len(ys))]:
        _segment(xs, ys, previous[0] + 1, anchor[0], previous[1] + 1, anchor[1], pairs)
        if anchor[0] < len(xs):
            pairs[anchor[0]] = anchor[1]
        previous = anchor
    _pull_together(xs, ys, pairs, joined or [False] * max(0, len(xs) - 1))
    _pair_like_gaps(pairs)
    return pairs


_PULL = 64
"""How far back (or on) in the file a word may move to stand next to its neighbour."""


def _pull_together(xs: list[int], ys: list[int], pairs: list[int], joined: list[bool]) -> None:
    """Move a word aligned far from its neighbour in the same line of the text to the nearest equal word
    next to that neighbour's match.

    An exact alignment has many optimal answers and may match a heading's first word with the same word
    in the menu above it, or a paragraph's first "The" with one in a newsletter box; the reader's eye,
    and the text, put it next to the word that follows it.
    """
    for i in range(len(pairs) - 2, -1, -1):
        j, after = pairs[i], pairs[i + 1]
        if j >= 0 and after - j > 1 and joined[i]:
            k = next((k for k in range(after - 1, max(j, after - 1 - _PULL), -1) if ys[k] == xs[i]), -1)
            if k > j:
                pairs[i] = k
    for i in range(1, len(pairs)):
        j, before = pairs[i], pairs[i - 1]
        if before >= 0 and j - before > 1 and joined[i - 1]:
            later = pairs[i + 1] if i + 1 < len(pairs) and joined[i] else -1
            if later == j + 1:
                continue  # already next to the word that follows it
            k = next((k for k in range(before + 1, min(j, before + 1 + _PULL)) if ys[k] == xs[i]), -1)
            if 0 <= k < j:
                pairs[i] = k


def _increasing(candidates: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The longest subsequence of (i, j) pairs, in order of i, whose j increase too."""
    tails: list[int] = []
    tail_index: list[int] = []
    back = [-1] * len(candidates)
    for k, (_, j) in enumerate(candidates):
        pos = bisect_left(tails, j)
        if pos == len(tails):
            tails.append(j)
            tail_index.append(k)
        else:
            tails[pos] = j
            tail_index[pos] = k
        back[k] = tail_index[pos - 1] if pos else -1
    chain: list[tuple[int, int]] = []
    k = tail_index[-1] if tail_index else -1
    while k >= 0:
        chain.append(candidates[k])
        k = back[k]
    return chain[::-1]


def _segment(xs: list[int], ys: list[int], x0: int, x1: int, y0: int, y1: int, pairs: list[int]) -> None:
    if x1 <= x0 or y1 <= y0:
        return
    if (x1 - x0) * (y1 - y0) > _SEGMENT_CELLS:
        _greedy(xs, ys, x0, x1, y0, y1, pairs)
        return
    for op in Indel.opcodes(xs[x0:x1], ys[y0:y1]):
        if op.tag == "equal":
            for k in range(op.src_end - op.src_start):
                pairs[x0 + op.src_start + k] = y0 + op.dest_start + k
        # Other stretches stay unaligned here; _pair_like_gaps may still pair them.


def _greedy(xs: list[int], ys: list[int], x0: int, x1: int, y0: int, y1: int, pairs: list[int]) -> None:
    """Each word to the next occurrence of it in the file not far ahead: for stretches too long to align."""
    where: dict[int, list[int]] = {}
    for j in range(y1 - 1, y0 - 1, -1):
        where.setdefault(ys[j], []).append(j)
    j = y0
    for i in range(x0, x1):
        stack = where.get(xs[i], [])
        while stack and stack[-1] < j:
            stack.pop()
        if stack and stack[-1] - j < 200:
            j = stack.pop()
            pairs[i] = j
            j += 1


def _pair_like_gaps(pairs: list[int]) -> None:
    """Between two aligned words, as many unaligned words in the text as in the file are taken to be the
    same words written differently (a ligature, a spelling the extractor changed)."""
    i = 0
    n = len(pairs)
    while i < n:
        if pairs[i] >= 0:
            i += 1
            continue
        k = i
        while k < n and pairs[k] < 0:
            k += 1
        # Only between two aligned words: before the first or after the last the file has chrome too.
        if i > 0 and k < n and pairs[k] - pairs[i - 1] - 1 == k - i:
            low = pairs[i - 1] + 1
            for m in range(k - i):
                pairs[i + m] = low + m
        i = k
