"""Where a stretch of a Document's text stands in its file as written: lines and columns.

A Document's text is extracted: front matter, Markdown markup and HTML tags are gone, entities are
decoded, and blocks are joined by blank lines. SARIF, annotations and the HTML report must point at the
file a person edits, so each extracted offset is mapped back to a line and column of the file.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass


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
    """Maps offsets in a Document's text to offsets, lines and columns of its file as written."""

    def __init__(self, raw: str, text: str, fmt: str, body_offset: int = 0) -> None:
        self.raw = raw
        self.text = text
        self.format = fmt
        self.body_offset = body_offset
        """Where the body starts in `raw`: after the front matter of a Markdown file."""
        self._line_starts = [0] + [i + 1 for i, ch in enumerate(raw) if ch == "\n"]

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """The stretch of `raw` that holds text[start:end]."""
        if self.format == "text":
            return start, end
        # Formats other than plain text: the body's first line until the mapping is built.
        return self.body_offset, self.body_offset

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
