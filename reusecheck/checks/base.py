"""What every check receives and returns."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from reusecheck.documents.model import Document
from reusecheck.matching import Overlap
from reusecheck.permissions import PermissionStatus

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
    p = ctx.permissions.expired[0]
    return f" Permission {p.reference} expired on {p.expires} and waives nothing."


def percent(share: float) -> str:
    return f"{share * 100:.1f}%"


def not_used(ctx: Context) -> str | None:
    """Why a rule about use does not apply: the candidate does not use the original; None when it does."""
    use = ctx.overlap.decision
    return None if use.uses else f"Does not use the original ({use.reason})"
