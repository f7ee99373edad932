"""TOML front matter (between `+++` lines, Hugo's default), read with the line of each key.

tomllib keeps no positions, so a scan of the block finds the line of each key, table and array item,
for errors that name the line as they do for YAML front matter.
"""

from __future__ import annotations

import contextlib
import re
import tomllib
from bisect import bisect_left
from typing import Any

from reusecheck.errors import InputError
from reusecheck.yamlfile import MAX_DEPTH, Path_

_TOML_WHERE = re.compile(r"\s*\(at (?:line (\d+), column (\d+)|end of document)\)\s*$")
_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_SCALAR_END = re.compile(r"[,\]}\r\n#]")
_DEEPEST = 3
"""Key paths are given lines this deep (`permission.granted`, `sources[1]`); deeper ones take their parent's."""


def parse_toml(block: str, path: str, first_line: int) -> tuple[dict[str, Any], dict[Path_, int]]:
    """TOML front matter, and the line of each key it holds in `block`, which starts on `first_line`.

    A syntax error is an InputError naming the line of the file.
    """
    # The scan comes first: tomllib takes time and memory quadratic in the parts of a dotted key.
    scan = _TomlLines(block)
    lines = scan.scan()
    if scan.too_deep is not None:
        raise InputError(f"front matter: a key nested more than {MAX_DEPTH} deep (each part of a dotted key "
                         "counts)", path=path, line=scan.too_deep + first_line - 1)
    try:
        data = tomllib.loads(block)
    except tomllib.TOMLDecodeError as exc:
        text = str(exc)
        where = _TOML_WHERE.search(text)
        reason = text[:where.start()] if where else text
        if where and where.group(1):
            line = int(where.group(1)) + first_line - 1
            reason += f" (column {where.group(2)})"
        else:
            # The end of the block is the line of the closing fence.
            line = first_line + block.count("\n")
            reason += " (at the end of the front matter)"
        raise InputError(f"front matter: not valid TOML: {reason}", path=path, line=line) from None
    except RecursionError:
        raise InputError("front matter: arrays or tables nested too deeply", path=path, line=first_line) from None
    return data, lines


class _Unreadable(Exception):
    """The scan met what is not TOML: tomllib will say what is wrong, or the lines found so far stand."""


class _TomlLines:
    """The line of each key, table and array item of a TOML text, and of the first key too deep to read.

    tomllib gives no positions. The scan walks strings, arrays and inline tables as TOML does, so a
    `key = ` line inside a multi-line string is not taken for a key. Text that is not TOML stops it.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.i = 0
        self.newlines = [m.start() for m in re.finditer("\n", text)]
        self.lines: dict[Path_, int] = {}
        self.too_deep: int | None = None

    def scan(self) -> dict[Path_, int]:
        with contextlib.suppress(_Unreadable, IndexError, RecursionError):
            self._statements()
        return self.lines

    def _statements(self) -> None:
        text = self.text
        table: Path_ | None = ()
        counts: dict[str, int] = {}  # entries so far of each top-level array of tables
        while self._skip(newlines=True) < len(text):
            if text.startswith("[[", self.i):
                self.i += 2
                key = self._key()
                self.i += 2
                table = None
                if len(key) == 1:
                    name = str(key[0])
                    counts[name] = counts.get(name, 0) + 1
                    table = key + (counts[name] - 1,)
                    self._record(table)
            elif text[self.i] == "[":
                self.i += 1
                key = self._key()
                self.i += 1
                # `[entry.extra]` after `[[entry]]` belongs to the last entry.
                if str(key[0]) in counts:
                    key = (key[0], counts[str(key[0])] - 1) + key[1:]
                table = key
                self._record(table)
            else:
                key = self._key()
                self.i += 1
                full = None if table is None else table + key
                if full is not None:
                    self._record(full)
                self._skip()
                self._value(full)

    def _record(self, key: Path_) -> None:
        line = self._line()
        for n in range(1, min(len(key), _DEEPEST) + 1):
            self.lines.setdefault(key[:n], line)

    def _line(self) -> int:
        return bisect_left(self.newlines, self.i) + 1

    def _skip(self, newlines: bool = False) -> int:
        """Move past blanks and comments, and past line ends too when `newlines`."""
        text = self.text
        while self.i < len(text):
            char = text[self.i]
            if char in " \t" or (newlines and char in "\r\n"):
                self.i += 1
            elif char == "#":
                end = text.find("\n", self.i)
                self.i = len(text) if end < 0 else end
            else:
                break
        return self.i

    def _key(self) -> Path_:
        """A dotted key, and the blanks after it."""
        text = self.text
        parts: list[str | int] = []
        while True:
            self._skip()
            if text[self.i] in "\"'":
                start = self.i
                self._string()
                quoted = text[start:self.i]
                parts.append(quoted[1:-1] if "\\" not in quoted else _unescaped(quoted))
            else:
                bare = _BARE_KEY.match(text, self.i)
                if bare is None:
                    raise _Unreadable
                parts.append(bare.group())
                self.i = bare.end()
            if len(parts) > MAX_DEPTH:
                self.too_deep = self._line()
                raise _Unreadable
            self._skip()
            if not text.startswith(".", self.i):
                return tuple(parts)
            self.i += 1

    def _string(self) -> None:
        text = self.text
        quote = text[self.i]
        triple = text.startswith(quote * 3, self.i)
        self.i += 3 if triple else 1
        while True:
            char = text[self.i]
            if char == "\\" and quote == '"':
                self.i += 2
            elif char == quote and (not triple or text.startswith(quote * 3, self.i)):
                self.i += 3 if triple else 1
                # `""""` closes a multi-line string that ends with a quote: up to two belong to it.
                for _ in range(2 if triple else 0):
                    if text.startswith(quote, self.i):
                        self.i += 1
                return
            else:
                self.i += 1

    def _value(self, path: Path_ | None) -> None:
        text = self.text
        char = text[self.i]
        if char in "\"'":
            self._string()
        elif char in "[{":
            close = "]" if char == "[" else "}"
            self.i += 1
            index = 0
            while self._skip(newlines=char == "[") < len(text) and text[self.i] != close:
                if char == "[":
                    item = None if path is None or len(path) >= _DEEPEST else path + (index,)
                    index += 1
                else:
                    key = self._key()
                    self.i += 1
                    self._skip()
                    item = None if path is None or len(path) >= _DEEPEST else path + key
                if item is not None:
                    self._record(item)
                self._value(item)
                self._skip(newlines=char == "[")
                if text.startswith(",", self.i):
                    self.i += 1
            self.i += 1
        else:
            end = _SCALAR_END.search(text, self.i)
            if end is not None and end.start() == self.i:
                raise _Unreadable
            self.i = len(text) if end is None else end.start()


def _unescaped(quoted: str) -> str:
    """A quoted key with escapes, as tomllib reads it."""
    try:
        return str(tomllib.loads(f"k = {quoted}")["k"])
    except tomllib.TOMLDecodeError:
        raise _Unreadable from None
