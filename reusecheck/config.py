"""The repository's configuration: `.reusecheck.yaml`, or `[tool.reusecheck]` in `pyproject.toml`.

Found like git finds its repository: in the current folder, else the nearest folder above that has one.
Paths in it are relative to the file. Every value remembers where it came from, for `config show`.
"""

from __future__ import annotations

import difflib
import os
import re
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, cast

import pathspec

from reusecheck.errors import ReusecheckError
from reusecheck.yamlfile import load_yaml

YAML_NAMES = (".reusecheck.yaml", ".reusecheck.yml")
FailOn = Literal["error", "warning", "never"]
Severity = Literal["error", "warning", "ignore"]
DEFAULT_INCLUDE = ("**/*.md", "**/*.markdown", "**/*.html", "**/*.htm")
"""Articles anywhere in the repository; plain .txt files are often not articles (licences, lists)."""


class ConfigError(ReusecheckError):
    """A configuration file that is malformed or names something that is not there."""


@dataclass(frozen=True)
class Config:
    """The effective configuration of one run."""

    root: Path
    """The folder of the configuration file: candidates' paths in reports are relative to it."""
    file: Path | None = None
    rules: tuple[str, ...] = ()
    """Pack ids or paths to pack files; none means each original's pack is picked by its URL."""
    originals: tuple[Path, ...] = ()
    permissions: Path | None = None
    include: tuple[str, ...] = DEFAULT_INCLUDE
    exclude: tuple[str, ...] = ()
    fail_on: FailOn = "error"
    unresolved_source: Severity = "error"
    fetch_sources: bool = False
    """Fetch a declared http(s) source that no original in the folders states; off, so a run needs no network."""
    origins: Mapping[str, str] = field(default_factory=dict)
    """Where each key's value came from: `FILE:LINE`, a command-line option, or `default`."""

    def origin(self, key: str) -> str:
        return self.origins.get(key, "default")


def _strings(value: Any, where: str) -> tuple[str, ...]:
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not all(isinstance(v, str) and v.strip() for v in items):
        raise ValueError(f"expected {where}: a string or a list of strings")
    if not items:
        raise ValueError(f"expected {where}: the list is empty (leave the key out for the default)")
    return tuple(cast(list[str], items))


def _choice(*allowed: str) -> Callable[[Any], str]:
    def parse(value: Any) -> str:
        if not isinstance(value, str) or value not in allowed:
            raise ValueError(f"expected one of {', '.join(allowed)}, got {_written(value)}")
        return value
    return parse


def _written(value: Any) -> str:
    """A value as the user wrote it, not as Python prints it."""
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()} (YAML reads yes, no, on and off as booleans)"
    if value is None:
        return "nothing"
    return repr(value)


def _patterns(value: Any) -> tuple[str, ...]:
    # "./articles/**" means what "articles/**" does to a person; to gitignore patterns it matches nothing.
    patterns = tuple(p[2:] if p.startswith("./") else p for p in _strings(value, "glob patterns"))
    for pattern in patterns:
        try:
            spec = pathspec.GitIgnoreSpec.from_lines([pattern])
            spec.match_file("a")  # pathspec compiles some patterns only when first used
        except (ValueError, TypeError, re.error) as exc:
            raise ValueError(f"{pattern!r} is not a valid pattern ({exc})") from None
    return patterns


def _boolean(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"expected true or false, got {_written(value)}")
    return value


def _path(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError("expected a path (a string)")
    return value


_KEYS: dict[str, Callable[[Any], Any]] = {
    "rules": lambda v: _strings(v, "rule pack ids or paths"),
    "originals": lambda v: _strings(v, "folders of originals"),
    "permissions": _path,
    "include": _patterns,
    "exclude": _patterns,
    "fail_on": _choice("error", "warning", "never"),
    "unresolved_source": _choice("error", "warning", "ignore"),
    "fetch_sources": _boolean,
}
KEYS = tuple(_KEYS)


def find_config(start: Path) -> Path | None:
    """The nearest configuration file in `start` or a folder above it."""
    folder = start.resolve()
    for here in (folder, *folder.parents):
        for name in YAML_NAMES:
            if (here / name).is_file():
                return here / name
        pyproject = here / "pyproject.toml"
        if pyproject.is_file() and _has_tool_table(pyproject):
            return pyproject
    return None


def load_config(path: Path) -> Config:
    """Read and check one configuration file; a ConfigError names the file, line and key at fault."""
    try:
        return _load(path.resolve() if path.exists() else path)
    except ConfigError as exc:
        raise ConfigError(exc.message, path=shorter(exc.path), line=exc.line, key=exc.key) from None


def shorter(path: str | None) -> str | None:
    """A path relative to the current folder, when that is the shorter way to write it."""
    if path is None or not os.path.isabs(path):
        return path
    rel = os.path.relpath(path)
    return rel if len(rel) < len(path) else path


def _load(path: Path) -> Config:
    if path.is_dir():
        raise ConfigError("is a folder; name the configuration file itself", path=str(path))
    data, lines = _read_toml(path) if path.suffix == ".toml" else _read_yaml(path)
    values: dict[str, Any] = {}
    origins: dict[str, str] = {}
    for key, value in data.items():
        line = lines.get(str(key))
        if key not in _KEYS:
            close = difflib.get_close_matches(str(key), KEYS, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else f"; known keys: {', '.join(KEYS)}"
            raise ConfigError(f"unknown key{hint}", path=str(path), line=line, key=str(key))
        try:
            values[key] = _KEYS[key](value)
        except ValueError as exc:
            raise ConfigError(str(exc), path=str(path), line=line, key=key) from None
        origins[key] = f"{path}:{line}" if line else str(path)
    return _resolved(path, values, origins, lines)


def _resolved(path: Path, values: dict[str, Any], origins: dict[str, str], lines: dict[str, int]) -> Config:
    root = path.parent

    def fail(message: str, key: str) -> ConfigError:
        return ConfigError(message, path=str(path), line=lines.get(key), key=key)

    originals = tuple(root / p for p in values.get("originals", ()))
    for folder in originals:
        if not folder.is_dir():
            what = "is not a folder" if folder.exists() else "does not exist"
            raise fail(f"originals folder {_shown(folder, root)} {what}", "originals")
    permissions = root / values["permissions"] if "permissions" in values else None
    if permissions is not None and not permissions.is_file():
        raise fail(f"permission ledger {_shown(permissions, root)} does not exist", "permissions")
    rules = tuple(_rule_spec(spec, root) for spec in values.get("rules", ()))
    return Config(root=root, file=path, rules=rules, originals=originals, permissions=permissions,
                  include=values.get("include", DEFAULT_INCLUDE), exclude=values.get("exclude", ()),
                  fail_on=values.get("fail_on", "error"), unresolved_source=values.get("unresolved_source", "error"),
                  fetch_sources=values.get("fetch_sources", False), origins=origins)


def _rule_spec(spec: str, root: Path) -> str:
    """A pack id stays an id; anything that looks like a path is made relative to the configuration."""
    looks_like_path = spec.endswith((".yaml", ".yml")) or "/" in spec or (root / spec).exists()
    return str(root / spec) if looks_like_path else spec


def _shown(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root))
    except ValueError:
        return str(path)


def _read_yaml(path: Path) -> tuple[dict[str, Any], dict[str, int]]:
    text = _text_or_empty(path)
    if path.is_file() and all(not line.strip() or line.lstrip().startswith("#") for line in text.splitlines()):
        return {}, {}  # an empty file, or comments only: every default
    data, lines = load_yaml(path, ConfigError)
    if data is None:
        return {}, {}
    if not isinstance(data, dict):
        raise ConfigError("expected a mapping of settings (key: value)", path=str(path), line=1)
    return data, {str(key[0]): line for key, line in lines.items() if len(key) == 1}


def _has_tool_table(path: Path) -> bool:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        # A pyproject.toml that cannot be read is reported only when it is the configuration.
        return "[tool.reusecheck]" in _text_or_empty(path)
    tool = data.get("tool")
    return isinstance(tool, dict) and "reusecheck" in tool


def _text_or_empty(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


def _read_toml(path: Path) -> tuple[dict[str, Any], dict[str, int]]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"cannot read: {exc.strerror}", path=str(path)) from None
    except UnicodeDecodeError:
        raise ConfigError("not UTF-8 text, as TOML must be", path=str(path)) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        # tomllib writes "(at line L, column C)" into its message and keeps no position otherwise.
        where = re.search(r"\(at line (\d+), column \d+\)", str(exc))
        message = str(exc).replace(where.group(0), "").strip() if where else str(exc)
        raise ConfigError(f"not valid TOML: {message}", path=str(path),
                          line=int(where.group(1)) if where else None) from None
    tool = data.get("tool")
    table = tool.get("reusecheck") if isinstance(tool, dict) else None
    if not isinstance(table, dict):
        raise ConfigError("expected a [tool.reusecheck] table", path=str(path))
    return table, _toml_key_lines(text)


def _toml_key_lines(text: str) -> dict[str, int]:
    """Lines of the keys set in the [tool.reusecheck] table: tomllib keeps no positions."""
    lines: dict[str, int] = {}
    inside = False
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if stripped.startswith("["):
            header = stripped.replace(" ", "").strip("[]")
            inside = header == "tool.reusecheck"
            if header.startswith("tool.reusecheck."):
                lines.setdefault(header.split(".")[2].strip("\"'"), number)  # a sub-table: a key of its own
            continue
        if inside and "=" in stripped and not stripped.startswith("#"):
            key = stripped.split("=", 1)[0].strip().strip("\"'")
            lines.setdefault(key, number)
    return lines
