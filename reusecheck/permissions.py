"""Written permissions: a YAML ledger, or a `permission:` block in a candidate's front matter."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

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
        return self.matches(publisher_names, article_url) and self.granted_to(candidate)

    def matches(self, publisher_names: set[str], article_url: str | None) -> bool:
        """True when it is the publisher's permission for this article, whoever it was granted to."""
        if self.publisher is not None and self.publisher.casefold() not in publisher_names:
            return False
        return self.article is None or (
            article_url is not None and normalise_url(self.article) == normalise_url(article_url))

    def granted_to(self, candidate: Document) -> bool:
        """True when it names no grantee, or the candidate's front matter names the grantee as its publisher.

        A draft that names no publisher could be anyone's, so another outlet's grant must not cover it.
        """
        if self.grantee is None:
            return True
        outlet = outlet_of(candidate)
        return outlet is not None and outlet.casefold() == self.grantee.strip().casefold()

    def valid_on(self, today: dt.date) -> bool:
        return self.granted <= today and not self.expired_on(today)

    def expired_on(self, today: dt.date) -> bool:
        return self.expires is not None and self.expires < today

    def not_yet_valid_on(self, today: dt.date) -> bool:
        return today < self.granted


def outlet_of(candidate: Document) -> str | None:
    """The outlet republishing the candidate: its front matter's `publisher`, or None when it names none.

    `Document.publisher` reads a value that is not a string as none: it must never match a grantee
    by its text form.
    """
    name = candidate.publisher
    return (name.strip() or None) if name is not None else None


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


def check_front_matter_permission(front: dict[str, Any], lines: dict[Path_, int], source: str) -> None:
    """Refuse a malformed `permission:` block while the front matter's lines are known, so the error
    names the line of the file. `lines` map key paths to lines of the file."""
    block = front.get("permission")
    if block is not None:
        _entry(block, ("permission",), lines, source, _FRONT_KEYS)


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


Unused = Literal["other-grantee", "not-yet-valid", "expired"]
"""Why a permission that names the publisher and article waives nothing."""


@dataclass(frozen=True)
class PermissionStatus:
    """The permissions that bear on one candidate's reuse of one original."""

    valid: Permission | None
    expired: tuple[Permission, ...]
    """Granted to this candidate's outlet, for this article, but expired on the check date."""
    not_yet_valid: tuple[Permission, ...] = ()
    """Granted to this candidate's outlet, for this article, but from a day after the check date."""
    other_grantee: tuple[Permission, ...] = ()
    """For this article but granted to an outlet the candidate does not name as its publisher; those
    valid on the check date first."""
    outlet: str | None = None
    """The candidate's publisher as its front matter names it; None when it names none."""
    checked_on: dt.date | None = None

    @property
    def nearest(self) -> Permission | None:
        """The permission that comes closest to waiving the rule when none is valid, or None."""
        unused = self.unused()
        return unused[0][1] if unused else None

    def unused(self) -> list[tuple[Unused, Permission]]:
        """The first permission of each kind that bears on the pair but waives nothing, nearest first.

        A draft naming no publisher beside another outlet's valid grant most likely just lacks its
        `publisher:` line; after that come the candidate's own grants, which a date explains; last,
        grants to an outlet the draft says it is not.
        """
        found: list[tuple[Unused, Permission]] = []
        other = self.other_grantee[0] if self.other_grantee else None
        if other is not None and self.outlet is None and self._valid_on_the_day(other):
            found.append(("other-grantee", other))
            other = None
        if self.not_yet_valid:
            found.append(("not-yet-valid", self.not_yet_valid[0]))
        if self.expired:
            found.append(("expired", self.expired[0]))
        if other is not None:
            found.append(("other-grantee", other))
        return found

    def _valid_on_the_day(self, permission: Permission) -> bool:
        return self.checked_on is None or permission.valid_on(self.checked_on)


def status(permissions: tuple[Permission, ...], publisher_names: set[str], article_url: str | None,
           candidate: Document, today: dt.date) -> PermissionStatus:
    matching = [p for p in permissions if p.matches(publisher_names, article_url)]
    covering = [p for p in matching if p.granted_to(candidate)]
    valid = [p for p in covering if p.valid_on(today)]
    others = [p for p in matching if not p.granted_to(candidate)]
    # The sort is stable: within each group the ledger's order stands.
    others.sort(key=lambda p: not p.valid_on(today))
    return PermissionStatus(valid=valid[0] if valid else None,
                            expired=tuple(p for p in covering if p.expired_on(today)),
                            not_yet_valid=tuple(p for p in covering if p.not_yet_valid_on(today)),
                            other_grantee=tuple(others),
                            outlet=outlet_of(candidate), checked_on=today)
