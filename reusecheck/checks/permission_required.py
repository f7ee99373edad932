"""`permission-required`: reuse above a threshold needs a recorded written permission.

Options:
- `above_share_of_original` (required, 0..1): reuse of more than this share of the original, e.g. 0.9
  for "the full article", needs a permission.
- `measure` (default `derived`): the share counts copied and rewritten text (`derived`) or copied text
  only (`copied`), as for `max-share`.

A candidate that does not use the original needs no permission.

A permission comes from the ledger passed with `--permissions` or from the candidate's front matter.
A ledger entry with a `grantee` applies only to a candidate whose front matter names that grantee as
its `publisher`. An expired permission, one granted from a day after the check date, and one granted
to another outlet waive nothing; the finding names the nearest of them and says what would fix it.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from typing import Any

from reusecheck.checks.base import Context, Finding, Rule, not_used, percent, permission_notes

KIND = "permission-required"
DEFAULTS: dict[str, Any] = {"measure": "derived"}


def check(rule: Rule, ctx: Context) -> Iterator[Finding]:
    ov = ctx.overlap
    share = ov.copied_share_of_original if rule.options["measure"] == "copied" else ov.share_of_original
    threshold = rule.options["above_share_of_original"]
    finding = partial(Finding, rule=rule.id, kind=KIND, severity=rule.severity, clause=rule.clause,
                      measured=round(share, 4), limit=threshold)
    permit = ctx.permissions.valid
    if (why := not_used(ctx)) is not None:
        yield finding(status="not-applicable", message=f"{why}: no permission needed.")
    elif share <= threshold:
        yield finding(status="not-applicable",
                      message=f"Reuses {percent(share)} of the original, not above {percent(threshold)}: "
                              "no permission needed.")
    elif permit is not None:
        until = f", valid until {permit.expires}" if permit.expires else ""
        yield finding(status="pass", permission=permit.reference,
                      message=f"Reuses {percent(share)} of the original under written permission "
                              f"{permit.reference} (granted {permit.granted}{until}).")
    else:
        nearest = ctx.permissions.nearest
        yield finding(status="fail", permission=nearest.reference if nearest else None,
                      message=f"Reuses {percent(share)} of the original, above {percent(threshold)}, "
                              f"without a valid written permission.{permission_notes(ctx)}",
                      fix=", or ".join(_fixes(ctx)) + f", or cut the reuse to at most {percent(threshold)} "
                                                     "of the original")


def _fixes(ctx: Context) -> list[str]:
    """What would give the candidate a valid permission, nearest first."""
    held = ctx.permissions
    fixes = []
    records = False  # a renewal or a new grant is already the generic fix, made specific
    for why, p in held.unused():
        if why == "expired":
            fixes.append(f"renew permission {p.reference} with {ctx.publisher}")
            records = True
        elif why == "not-yet-valid":
            fixes.append(f"wait until {p.granted}, when permission {p.reference} starts")
        elif held.outlet is None:
            fixes.append(f"add `publisher: {p.grantee}` to the front matter if {p.grantee} republishes this draft")
        else:
            fixes.append(f"record a written permission from {ctx.publisher} granted to {held.outlet}")
            records = True
    if not records:
        fixes.append(f"record a written permission from {ctx.publisher} (a ledger entry or a `permission:` "
                     "block in the front matter)")
    return fixes
