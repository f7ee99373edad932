"""Written permissions: a YAML ledger, or a `permission:` block in a candidate's front matter."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reusecheck.documents.links import normalise_url
from reusecheck.documents.model import Document
from reusecheck.errors import PermissionFileError
from reusecheck.yamlfile import Path_, dotted, line_of, load_yaml

_ENTRY_KEYS = {"publisher", "article", "reference", "granted", "expires", "grantee", "note"}
_FRONT_KEYS = _ENTRY_KEYS - {"grantee"}


@dataclass(frozen=True)
class Permission:
    """A written permission to reuse a publisher's article, or all of its articles."""

    reference: str
    granted: dt.date
    expires: dt.date | None
    publisher: str | None
    """The publisher that granted it (a rule pack's id or name); None when implied by the candidate."""
    article: str | None
    """The article URL it covers; None for the whole publisher."""
    grantee: str | None
    source: str
    """The ledger file or candidate it was read from."""

    def covers(self, publisher_names: set[str], article_url: str | None, candidate: Document) -> bool:
        if self.publisher is not None and self.publisher.casefold() not in publisher_names:
            return False
        if self.article is not None and (
            article_url is None or normalise_url(self.article) != normalise_url(article_url)
        ):
            return False
        outlet = candidate.publisher
        return self.grantee is None or outlet is None or outlet.casefold() == self.grantee.casefold()

    def expired_on(self, today: dt.date) -> bool:
        return self.expires is not None and self.expires < today


def load_ledger(path: str | Path) -> tuple[Permission, ...]:
    """Read a ledger file: a mapping with `permissions:`, a list of entries."""
    source = str(path)
    data, lines = load_yaml(Path(path), PermissionFileError)
    if not isinstance(data, dict) or set(data) != {"permissions"} or not isinstance(data["permissions"], list):
        raise PermissionFileError("a ledger is a mapping with one key, 'permissions', holding a list",
                                  path=source, line=1)
    return tuple(_entry(item, ("permissions", i), lines, source, _ENTRY_KEYS)
                 for i, item in enumerate(data["permissions"]))


def from_front_matter(candidate: Document) -> Permission | None:
    """The permission a candidate declares in its front matter, if any."""
    block = candidate.front_matter.get("permission")
    if block is None:
        return None
    return _entry(block, ("permission",), {}, candidate.source, _FRONT_KEYS)


def _entry(item: Any, path: Path_, lines: dict[Path_, int], source: str, allowed: set[str]) -> Permission:
    def fail(message: str, key: Path_ = path) -> PermissionFileError:
        return PermissionFileError(message, path=source, line=line_of(lines, key), key=dotted(key))

    if not isinstance(item, dict):
        raise fail("a permission is a mapping with reference, granted and optionally expires")
    for key in item:
        if key not in allowed:
            raise fail(f"unknown key {key!r}; allowed keys: {', '.join(sorted(allowed))}", path + (key,))
    for key in ("reference", "granted"):
        if key not in item:
            raise fail(f"{key!r} is required")
    granted = _date(item["granted"], fail, path + ("granted",))
    expires = _date(item["expires"], fail, path + ("expires",)) if item.get("expires") is not None else None
    if expires is not None and expires < granted:
        raise fail("expires is before granted", path + ("expires",))
    texts = {}
    for key in ("reference", "publisher", "article", "grantee"):
        value = item.get(key)
        if value is not None and (isinstance(value, bool) or not isinstance(value, str | int)):
            raise fail(f"expected a string, got {type(value).__name__}", path + (key,))
        texts[key] = None if value is None or str(value) in ("", "*") else str(value)
    if texts["reference"] is None:
        raise fail("'reference' must not be empty", path + ("reference",))
    return Permission(reference=str(texts["reference"]), granted=granted, expires=expires,
                      publisher=texts["publisher"], article=texts["article"], grantee=texts["grantee"],
                      source=source)


def _date(value: Any, fail: Any, key: Path_) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise fail(f"expected a date as YYYY-MM-DD, got {value!r}", key) from None


@dataclass(frozen=True)
class PermissionStatus:
    """The permissions that bear on one candidate's reuse of one original."""

    valid: Permission | None
    expired: tuple[Permission, ...]


def status(permissions: tuple[Permission, ...], publisher_names: set[str], article_url: str | None,
           candidate: Document, today: dt.date) -> PermissionStatus:
    covering = [p for p in permissions if p.covers(publisher_names, article_url, candidate)]
    valid = [p for p in covering if not p.expired_on(today) and p.granted <= today]
    expired = tuple(p for p in covering if p.expired_on(today))
    return PermissionStatus(valid=valid[0] if valid else None, expired=expired)
