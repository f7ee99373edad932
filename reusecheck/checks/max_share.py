"""`max-share`: a cap on how much of the original a candidate may reuse.

Options:
- `max_share_of_original` (required, 0..1): the cap on reused words of the original divided by the
  original's words. 0.30 means at most 30% of the article.
- `max_share_of_candidate` (optional, 0..1): a cap on reused words of the candidate divided by the
  candidate's words, for terms that say a republication must be mostly the republisher's own text.
- `measure` (default `derived`): what counts as reused. `derived` is every passage taken from the
  original: copied verbatim, copied with edits, or rewritten around the original's words. `copied`
  leaves rewritten sentences out.
- `waived_by_permission` (default true): a valid written permission lifts the caps.

A candidate that does not use the original at all (see the use decision) takes no share of it: what it
shares is incidental, and the cap does not apply.

Fails when a measured share is above its cap. The fix names how many reused words to cut.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from functools import partial
from typing import Any

from reusecheck.checks.base import Context, Finding, Rule, expired_note, not_used, percent, permission_notes
from reusecheck.matching.overlap import share

KIND = "max-share"
DEFAULTS: dict[str, Any] = {"max_share_of_candidate": None, "measure": "derived", "waived_by_permission": True}


def check(rule: Rule, ctx: Context) -> Iterator[Finding]:
    ov = ctx.overlap
    if (why := not_used(ctx)) is not None:
        yield Finding(rule=rule.id, kind=KIND, severity=rule.severity, clause=rule.clause, status="not-applicable",
                      message=f"{why}: the cap does not apply.")
        return
    copied = rule.options["measure"] == "copied"
    reused_o = ov.copied_words if copied else ov.reused_words
    reused_c = ov.copied_candidate_words if copied else ov.reused_candidate_words
    caps = [("original", share(reused_o, ov.original_words), rule.options["max_share_of_original"],
             reused_o, ov.original_words)]
    if rule.options.get("max_share_of_candidate") is not None:
        caps.append(("candidate", share(reused_c, ov.candidate_words), rule.options["max_share_of_candidate"],
                     reused_c, ov.candidate_words))
    for side, measured, cap, reused, total in caps:
        finding = partial(Finding, rule=rule.id, kind=KIND, severity=rule.severity, clause=rule.clause,
                          measured=round(measured, 4), limit=cap)
        what = (f"{reused} of the {side}'s {total} words ({percent(measured)}{' copied' if copied else ''}); "
                f"the cap is {percent(cap)}")
        permit = ctx.permissions.valid
        if measured <= cap:
            yield finding(status="pass", message=f"Reuses {what}.")
        elif permit is not None and rule.options["waived_by_permission"]:
            yield finding(status="waived", permission=permit.reference,
                          message=f"Reuses {what}, waived by written permission {permit.reference}.")
        else:
            fix = f"cut at least {_words_to_cut(side, reused, total, cap)} reused words of the {side}"
            if side == "original":
                fix += f" (keep at most {math.floor(cap * total + 1e-9)} of its {total} words)"
            if rule.options["waived_by_permission"]:
                fix += ", or record a written permission"
            # Only a cap a permission can waive has permissions worth explaining.
            notes = permission_notes(ctx) if rule.options["waived_by_permission"] else expired_note(ctx)
            nearest = ctx.permissions.nearest if rule.options["waived_by_permission"] else None
            if nearest is None and ctx.permissions.expired:
                nearest = ctx.permissions.expired[0]
            yield finding(status="fail", message=f"Reuses {what}.{notes}", fix=fix,
                          permission=nearest.reference if nearest else None)


def _words_to_cut(side: str, reused: int, total: int, cap: float) -> int:
    if side == "original" or cap >= 1:
        return reused - math.floor(cap * total + 1e-9)
    # Cutting x reused words also shrinks the candidate: (reused - x) / (total - x) <= cap.
    return max(1, math.ceil((reused - cap * total) / (1 - cap) - 1e-9))
