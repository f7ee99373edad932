"""`permission-required`: reuse above a threshold needs a recorded written permission.

Options:
- `above_share_of_original` (required, 0..1): reuse of more than this share of the original, e.g. 0.9
  for "the full article", needs a permission.
- `measure` (default `derived`): the share counts copied and rewritten text (`derived`) or copied text
  only (`copied`), as for `max-share`.

A candidate that does not use the original needs no permission.

A permission comes from the ledger passed with `--permissions` or from the candidate's front matter.
An expired permission waives nothing; the finding names it and its expiry date.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from typing import Any

from reusecheck.checks.base import Context, Finding, Rule, expired_note, not_used, percent

KIND = "permission-required"
DEFAULTS: dict[str, Any] = {"measure": "derived"}


def check(rule: Rule, ctx: Context) -> Iterator[Finding]:
    ov = ctx.overlap
    share = ov.copied_share_of_original if rule.options["measure"] == "copied" else ov.share_of_original
    threshold = rule.options["above_share_of_original"]
    finding = partial(Finding, rule=rule.id, kind=KIND, severity=rule.severity, clause=rule.clause,
                      measured=round(share, 4), limit=threshold)
    permit = ctx.permissions.valid
    expired = ctx.permissions.expired
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
        fix = (f"renew permission {expired[0].reference} with {ctx.publisher}" if expired else
               f"record a written permission from {ctx.publisher} (a ledger entry or a `permission:` "
               "block in the front matter)")
        yield finding(status="fail", permission=expired[0].reference if expired else None,
                      message=f"Reuses {percent(share)} of the original, above {percent(threshold)}, "
                              f"without a valid written permission.{expired_note(ctx)}",
                      fix=fix + f", or cut the reuse to at most {percent(threshold)} of the original")
