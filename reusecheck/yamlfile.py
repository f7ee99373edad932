"""YAML files read with the line of every key, so an error can point at it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from reusecheck.documents.reading import decode, read_bytes
from reusecheck.errors import ReusecheckError

Path_ = tuple[str | int, ...]

MAX_BYTES = 1024 * 1024


def load_yaml(path: Path, error: type[ReusecheckError]) -> tuple[Any, dict[Path_, int]]:
    """Parse a YAML file; return the data and a map from key paths to 1-based line numbers."""
    try:
        data = read_bytes(path, MAX_BYTES)
        text, _encoding = decode(data, str(path))
    except ReusecheckError as exc:
        raise error(exc.message, path=str(path)) from None
    return parse_yaml(text, str(path), error)


def parse_yaml(text: str, source: str, error: type[ReusecheckError]) -> tuple[Any, dict[Path_, int]]:
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc)
        raise error(f"not valid YAML: {problem}", path=source,
                    line=mark.line + 1 if mark is not None else None) from None
    if node is None:
        raise error("the file is empty", path=source)
    lines: dict[Path_, int] = {}
    constructor = yaml.SafeLoader("")
    return _build(node, (), lines, constructor, source, error, set()), lines


def _build(node: yaml.Node, path: Path_, lines: dict[Path_, int], constructor: yaml.SafeLoader,
           source: str, error: type[ReusecheckError], seen: set[int]) -> Any:
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.CollectionNode):
        # An alias reuses a node; nested aliases can expand to billions of values, and no rule pack,
        # ledger or front matter needs them.
        if id(node) in seen:
            raise error("YAML aliases (*name) are not supported here", path=source,
                        line=node.start_mark.line + 1, key=dotted(path))
        seen.add(id(node))
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = constructor.construct_object(key_node, deep=True)
            if not isinstance(key, str | int):
                raise error("keys must be strings", path=source, line=key_node.start_mark.line + 1)
            if key in result:
                raise error(f"duplicate key {key!r}", path=source, line=key_node.start_mark.line + 1,
                            key=dotted(path + (key,)))
            result[key] = _build(value_node, path + (key,), lines, constructor, source, error, seen)
            lines[path + (key,)] = key_node.start_mark.line + 1
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, path + (i,), lines, constructor, source, error, seen)
                for i, item in enumerate(node.value)]
    try:
        return constructor.construct_object(node, deep=True)
    except ValueError:
        # PyYAML takes 2026-02-30 for a date and fails on it: keep the text, so the validation of
        # that key reports it with the format it expects.
        return node.value


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
