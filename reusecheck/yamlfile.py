"""YAML files read with the line of every key, so an error can point at it.

The data is built from PyYAML's event stream, not from its composer: the composer recurses once per
level of nesting, so `[[[[…]]]]` a few thousand deep ended in a RecursionError. Here the nesting is
counted as the events arrive and refused past MAX_DEPTH. Only the plain data that a rule pack, a
ledger or front matter holds is built: strings, numbers, booleans, null, dates, lists and mappings.
Any other tag, an alias, a merge key or a string that cannot be printed is refused with its line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import SafeConstructor

from reusecheck.errors import ReusecheckError

Path_ = tuple[str | int, ...]

MAX_BYTES = 1024 * 1024
MAX_DEPTH = 100
"""Lists and mappings nested deeper than this are refused; a rule pack nests five deep."""

_TAG = "tag:yaml.org,2002:"
_MAP, _SEQ, _STR, _MERGE = _TAG + "map", _TAG + "seq", _TAG + "str", _TAG + "merge"
_SCALAR_TAGS = frozenset(_TAG + name for name in ("str", "int", "float", "bool", "null", "timestamp"))
_SURROGATE = re.compile("[\ud800-\udfff]")


def load_yaml(path: Path, error: type[ReusecheckError]) -> tuple[Any, dict[Path_, int]]:
    """Parse a YAML file; return the data and a map from key paths to 1-based line numbers."""
    # Imported here: reusecheck.documents reads front matter with this module, so importing it at the
    # top made `import reusecheck.yamlfile` circular.
    from reusecheck.documents.reading import decode, read_bytes

    try:
        data = read_bytes(path, MAX_BYTES)
        text, _encoding = decode(data, str(path))
    except ReusecheckError as exc:
        raise error(exc.message, path=str(path)) from None
    return parse_yaml(text, str(path), error)


def parse_yaml(text: str, source: str, error: type[ReusecheckError]) -> tuple[Any, dict[Path_, int]]:
    """Parse one YAML document; errors are `error`s with the line and, where known, the key."""
    builder = _Builder(source, error)
    try:
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            builder.add(event)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        problem = getattr(exc, "problem", None) or str(exc)
        raise error(f"not valid YAML: {problem}", path=source,
                    line=mark.line + 1 if mark is not None else None) from None
    if not builder.documents:
        raise error("the file is empty", path=source)
    return builder.root, builder.lines


@dataclass
class _Open:
    """A list or mapping whose end event has not come yet."""

    value: dict[Any, Any] | list[Any]
    path: Path_
    key: str | int | None = None
    """In a mapping: the key read, waiting for its value."""
    key_line: int = 0
    waiting: bool = False
    """True between a key and its value."""


@dataclass
class _Builder:
    """The data of one document, built event by event with a stack of open lists and mappings."""

    source: str
    error: type[ReusecheckError]
    root: Any = None
    lines: dict[Path_, int] = field(default_factory=dict)
    documents: int = 0
    stack: list[_Open] = field(default_factory=list)
    loader: yaml.SafeLoader = field(default_factory=lambda: yaml.SafeLoader(""))

    def add(self, event: yaml.Event) -> None:
        if isinstance(event, yaml.DocumentStartEvent):
            self.documents += 1
            if self.documents > 1:
                raise self.fail("a second YAML document (after ---) is not supported here", event)
        elif isinstance(event, yaml.AliasEvent):
            # An alias reuses a node; nested aliases can expand to billions of values, and no rule
            # pack, ledger or front matter needs them.
            raise self.fail("YAML aliases (*name) are not supported here", event, self.path())
        elif isinstance(event, yaml.ScalarEvent):
            self.scalar(event)
        elif isinstance(event, yaml.MappingStartEvent | yaml.SequenceStartEvent):
            self.open(event)
        elif isinstance(event, yaml.CollectionEndEvent):
            self.stack.pop()

    def open(self, event: yaml.MappingStartEvent | yaml.SequenceStartEvent) -> None:
        mapping = isinstance(event, yaml.MappingStartEvent)
        if self.at_key():
            raise self.fail("keys must be strings, not a list or mapping", event, self.stack[-1].path)
        path = self.path()
        self.check_tag(event, frozenset({_MAP if mapping else _SEQ}), path)
        if len(self.stack) >= MAX_DEPTH:
            raise self.fail(f"lists and mappings nested more than {MAX_DEPTH} deep are not supported here",
                            event, path)
        value: dict[Any, Any] | list[Any] = {} if mapping else []
        self.place(value, event)
        self.stack.append(_Open(value, path))

    def scalar(self, event: yaml.ScalarEvent) -> None:
        at_key = self.at_key()
        path = self.stack[-1].path if at_key else self.path()
        text = self.text_of(event, path)
        explicit = event.tag not in (None, "!")
        tag = event.tag if event.tag is not None and explicit else self.resolve(text, event.implicit)
        if at_key and tag == _MERGE and not explicit:
            raise self.fail("YAML merge keys (<<) are not supported here: write the keys out", event,
                            path + ("<<",))
        if not explicit and tag not in _SCALAR_TAGS:
            tag = _STR  # `<<` or `=` as a value: YAML 1.1 gives them tags that mean nothing here
        self.check_tag(event, _SCALAR_TAGS, path)
        value = self.construct(event, text, tag, explicit, path)
        if at_key:
            if isinstance(value, bool) or not isinstance(value, str | int):
                raise self.fail(f"keys must be strings, not {text!r}", event, path)
            top = self.stack[-1]
            if value in top.value:
                raise self.fail(f"duplicate key {value!r}", event, path + (value,))
            top.key, top.key_line, top.waiting = value, _line(event), True
            return
        self.place(value, event)

    def text_of(self, event: yaml.ScalarEvent, path: Path_) -> str:
        """The scalar's text, with `\\ud83d\\ude00` escapes joined into their character."""
        text: str = event.value
        if not _SURROGATE.search(text):
            return text
        try:
            return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le")
        except UnicodeDecodeError:
            # A lone surrogate cannot be printed, written as UTF-8 or put in a JSON report.
            raise self.fail("a \\ud800-\\udfff escape (a lone surrogate) is not a character", event,
                            path) from None

    def construct(self, event: yaml.ScalarEvent, text: str, tag: str, explicit: bool, path: Path_) -> Any:
        if explicit and tag != _STR:
            # PyYAML's constructors take `!!null anything` for None and `!!bool maybe` for a KeyError:
            # an explicit tag must fit the value as the untagged value would be read.
            read_as = self.resolve(text, (True, False))
            if read_as != tag and not (tag == _TAG + "float" and read_as == _TAG + "int"):
                raise self.fail(f"{_short(text)!r} is not a valid {_tag_name(tag)}", event, path)
        node = yaml.ScalarNode(tag, text, None, None, event.style)
        try:
            return SafeConstructor.yaml_constructors[tag](self.loader, node)
        except (ValueError, KeyError, AttributeError, TypeError, OverflowError, yaml.YAMLError):
            if explicit:
                raise self.fail(f"{_short(text)!r} is not a valid {_tag_name(tag)}", event, path) from None
            # PyYAML takes 2026-02-30 for a date and fails on it: keep the text, so the validation of
            # that key reports it with the format it expects.
            return text

    def check_tag(self, event: yaml.ScalarEvent | yaml.CollectionStartEvent, allowed: frozenset[str],
                  path: Path_) -> None:
        if event.tag not in (None, "!") and event.tag not in allowed:
            raise self.fail(f"the YAML tag {_tag_name(event.tag)} is not supported here", event, path)

    def place(self, value: Any, event: yaml.Event) -> None:
        line = _line(event)
        if not self.stack:
            self.root = value
            self.lines[()] = line
            return
        top = self.stack[-1]
        if isinstance(top.value, list):
            self.lines[top.path + (len(top.value),)] = line
            top.value.append(value)
            return
        assert top.key is not None
        top.value[top.key] = value
        self.lines[top.path + (top.key,)] = top.key_line
        top.waiting = False

    def resolve(self, value: str, implicit: tuple[bool, bool]) -> str:
        """The tag YAML 1.1 gives an untagged scalar: `12` is an int, `yes` a bool."""
        tag: str = self.loader.resolve(yaml.ScalarNode, value, implicit)  # type: ignore[no-untyped-call]
        return tag

    def at_key(self) -> bool:
        return bool(self.stack) and isinstance(self.stack[-1].value, dict) and not self.stack[-1].waiting

    def path(self) -> Path_:
        """The key path of the value the next event places."""
        if not self.stack:
            return ()
        top = self.stack[-1]
        if isinstance(top.value, list):
            return top.path + (len(top.value),)
        return top.path + (top.key,) if top.waiting and top.key is not None else top.path

    def fail(self, message: str, event: yaml.Event, path: Path_ | None = None) -> ReusecheckError:
        return self.error(message, path=self.source, line=_line(event),
                          key=None if path is None else _key(path))


def _line(event: yaml.Event) -> int:
    return event.start_mark.line + 1 if event.start_mark is not None else 1


def _key(path: Path_) -> str:
    # A path 100 deep is unreadable; its first steps and the line say where it is.
    return dotted(path) if len(path) <= 6 else dotted(path[:4]) + "…"


def _tag_name(tag: str) -> str:
    return "!!" + tag[len(_TAG):] if tag.startswith(_TAG) else tag


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"


def dotted(path: Path_) -> str:
    """A key path as a user writes it: rules[1].options.max_share_of_original."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"


def line_of(lines: dict[Path_, int], path: Path_) -> int | None:
    """The line of `path`, or of its nearest parent that has one."""
    while path not in lines and path:
        path = path[:-1]
    return lines.get(path)
