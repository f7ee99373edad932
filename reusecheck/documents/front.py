"""The front matter keys reusecheck reads, checked for type, and a fence that was opened but not closed."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from reusecheck.errors import InputError
from reusecheck.yamlfile import Path_, dotted, line_of, parse_yaml

_STRINGS = {"source": "a URL", "url": "a URL", "canonical": "a URL", "publisher": "a name", "title": "a title"}
_OPENING = re.compile(r"\A\ufeff?---[ \t]*\r?\n")
_KEY_LINE = re.compile(r"[A-Za-z_][\w-]*:(?:[ \t]|$)")
_CONTINUED = re.compile(r"[ \t]+\S|- ")
_HINTS = {
    "yaml": (" (several URLs go under `sources:`)", " (write `[url]`, or one URL under `source:`)"),
    "toml": (' (several URLs go under `sources = ["url", ...]`)',
             ' (write `sources = ["url"]`, or one URL as `source = "url"`)'),
}


def check_front_matter(data: dict[Any, Any], lines: dict[Path_, int], path: str, first_line: int,
                       syntax: str = "yaml") -> None:
    """Refuse a key reusecheck reads that holds the wrong type: a bad `source` would be silently ignored.

    `lines` are lines of the front matter text (`syntax` is yaml or toml), which starts on `first_line`
    of the file. A key set to nothing (`source:`) counts as absent.
    """
    def fail(message: str, key: Path_) -> InputError:
        line = line_of(lines, key)
        return InputError(f"front matter: {message}", path=path, line=None if line is None else line + first_line - 1,
                          key=dotted(key))

    several, one = _HINTS[syntax]
    for key, what in _STRINGS.items():
        value = data.get(key)
        if value is not None and not isinstance(value, str):
            hint = several if key == "source" and isinstance(value, list) else ""
            raise fail(f"expected a string ({what}), got {_described(value)}{hint}", (key,))
    sources = data.get("sources")
    if sources is None:
        return
    if not isinstance(sources, list):
        hint = one if isinstance(sources, str) else ""
        raise fail(f"expected a list of URLs, got {_described(sources)}{hint}", ("sources",))
    for i, item in enumerate(sources):
        if not isinstance(item, str):
            raise fail(f"expected a string (a URL), got {_described(item)}", ("sources", i))


def _described(value: Any) -> str:
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()} (quote it to keep it as text)"
    if isinstance(value, int | float):
        return f"the number {value!r} (quote it to keep it as text)"
    if isinstance(value, dt.date | dt.time):
        kind = "date" if isinstance(value, dt.date) else "time"
        return f"the {kind} {value.isoformat()} (quote it to keep it as text)"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return "a string" if isinstance(value, str) else type(value).__name__


def unclosed_fence(source: str) -> bool:
    """True when the text opens front matter with `---` and never closes it.

    A `---` first line is also a Markdown thematic break. It is taken for front matter when the next
    line is a `key: value` line and the lines from there, up to a blank line or a line that is neither
    a `key:` line, indented nor a `- ` item, read as a YAML mapping. A break followed by a blank line or
    by prose is left to the Markdown parser. A break followed at once by a line like `Note: the text`
    is taken for front matter: the error says to put a blank line after `---`, a cheaper mistake than
    a forgotten fence whose `source:` and `permission:` are silently read as body text.
    """
    opening = _OPENING.match(source)
    if not opening:
        return False
    block: list[str] = []
    for line in source[opening.end():].splitlines():
        if not (_KEY_LINE.match(line) or (block and _CONTINUED.match(line))):
            break
        block.append(line)
    if not block:
        return False
    try:
        data, _lines = parse_yaml("\n".join(block) + "\n", "", InputError)
    except InputError:
        return False
    return isinstance(data, dict)
