"""The rule kinds: an explicit registry of kind name to the module that checks it."""

from __future__ import annotations

from collections.abc import Iterator
from types import ModuleType

from reusecheck.checks import hyperlink, max_share, permission_required
from reusecheck.checks.base import Context, Finding, Rule

REGISTRY: dict[str, ModuleType] = {
    max_share.KIND: max_share,
    hyperlink.KIND: hyperlink,
    permission_required.KIND: permission_required,
}

__all__ = ["REGISTRY", "Context", "Finding", "Rule", "run"]


def run(rule: Rule, ctx: Context) -> Iterator[Finding]:
    """Run one rule; its kind was validated when the pack was loaded."""
    findings: Iterator[Finding] = REGISTRY[rule.kind].check(rule, ctx)
    return findings
