"""What every check receives and returns."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from reusecheck.documents.model import Document
from reusecheck.matching import Overlap
from reusecheck.permissions import Permission, PermissionStatus, Unused

Status = Literal["pass", "fail", "waived", "not-applicable"]


@dataclass(frozen=True)
class Context:
    """One candidate measured against one original, with the permissions that bear on it."""

    candidate: Document
    original: Document
    original_url: str | None
    """The original article's URL: its canonical URL, or the candidate's declared source."""
    overlap: Overlap
    permissions: PermissionStatus
    publisher: str
    """The publisher's name, for messages."""
    publisher_domains: tuple[str, ...] = ()
    """The publisher's domains, from the rule pack."""


@dataclass(frozen=True)
class Finding:
    """The outcome of one rule for one candidate and one original."""

    rule: str
    kind: str
    severity: str
    status: Status
    message: str
    clause: str
    measured: float | None = None
    limit: float | None = None
    fix: str | None = None
    """What would make the candidate comply, when it does not."""
    permission: str | None = None
    """The reference of the permission that waived the rule, or that expired."""
    span: tuple[int, int] | None = None
    """Where in the candidate's text the finding points, when at one place: the link that does not count."""

    @property
    def failed(self) -> bool:
        return self.status == "fail"

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule, "kind": self.kind, "severity": self.severity, "status": self.status,
            "message": self.message, "clause": self.clause, "measured": self.measured,
            "limit": self.limit, "fix": self.fix, "permission": self.permission,
        }


@dataclass(frozen=True)
class Rule:
    """One checkable part of a publisher's terms, as a rule pack states it."""

    id: str
    kind: str
    severity: str
    """error fails the candidate; warning is reported only."""
    clause: str
    """The words of the terms this rule encodes."""
    options: Mapping[str, Any]
    """The kind's defaults overlaid with the options the pack sets."""


def expired_note(ctx: Context) -> str:
    """A sentence on expired permissions, or ''."""
    if not ctx.permissions.expired:
        return ""
    return " " + unused_note("expired", ctx.permissions.expired[0], ctx.permissions)


def permission_notes(ctx: Context) -> str:
    """Sentences on the permissions that name the publisher and article but waive nothing, or ''."""
    return "".join(" " + unused_note(why, p, ctx.permissions) for why, p in ctx.permissions.unused())


def unused_note(why: Unused, p: Permission, held: PermissionStatus) -> str:
    """One sentence on why permission `p` waives nothing."""
    if why == "expired":
        return f"Permission {p.reference} expired on {p.expires} and waives nothing."
    after = f", after the check date {held.checked_on}" if held.checked_on else ""
    if why == "not-yet-valid":
        return f"Permission {p.reference} is granted from {p.granted}{after}, and waives nothing until then."
    grantee = p.grantee
    if held.checked_on is not None and p.expired_on(held.checked_on):
        grantee = f"{grantee} and expired on {p.expires}"
    elif held.checked_on is not None and p.not_yet_valid_on(held.checked_on):
        grantee = f"{grantee} from {p.granted}{after}"
    if held.outlet is None:
        return (f"Written permission {p.reference} exists but is granted to {grantee}; this draft names no "
                f"publisher: add `publisher: {p.grantee}` to its front matter if that is who republishes it.")
    return (f"Written permission {p.reference} exists but is granted to {grantee}; this draft names its "
            f"publisher as {held.outlet}.")


def percent(share: float) -> str:
    return f"{share * 100:.1f}%"


def not_used(ctx: Context) -> str | None:
    """Why a rule about use does not apply: the candidate does not use the original; None when it does."""
    use = ctx.overlap.decision
    return None if use.uses else f"Does not use the original ({use.reason})"
