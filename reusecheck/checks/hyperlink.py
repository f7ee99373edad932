"""`hyperlink`: a candidate that reuses the original must link to it.

A link counts when its target is the original article's URL after normalisation: scheme, `www.`,
host case, default port, trailing slash, fragment, tracking parameters (`utm_*`, `fbclid`, ...) and
AMP variants do not matter.

Options:
- `domain_only` (default false): a link to any page of the publisher's domain is enough.
- `forbid_nofollow` (default false): a link with `rel="nofollow"` (or `ugc`, `sponsored`) does not count.
- `within_paragraphs` (default none): the link must stand within the first N paragraphs.
- `accept_bare_url` (default false): a URL written out in plain text counts as a link.
- `min_share_of_original` (default 0): the rule applies only when more than this share is reused;
  with 0 it applies to any use at all.
- `waived_by_permission` (default false): a valid written permission lifts the requirement.

A candidate that does not use the original (see the use decision) needs no link to it.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from functools import partial
from typing import Any

from reusecheck.checks.base import Context, Finding, Rule, not_used, percent
from reusecheck.documents.links import domain_of, normalise_url, same_site
from reusecheck.documents.model import Link

KIND = "hyperlink"
DEFAULTS: dict[str, Any] = {
    "domain_only": False, "forbid_nofollow": False, "within_paragraphs": None, "accept_bare_url": False,
    "min_share_of_original": 0.0, "waived_by_permission": False,
}
NOFOLLOW = frozenset({"nofollow", "ugc", "sponsored"})


def check(rule: Rule, ctx: Context) -> Iterator[Finding]:
    opts = rule.options
    finding = partial(Finding, rule=rule.id, kind=KIND, severity=rule.severity, clause=rule.clause)
    share = ctx.overlap.share_of_original
    if (why := not_used(ctx)) is not None:
        yield finding(status="not-applicable", message=f"{why}: no link needed.")
        return
    if ctx.overlap.reused_words == 0 or share <= opts["min_share_of_original"]:
        yield finding(status="not-applicable", message=f"Reuses {percent(share)} of the original: no link needed.")
        return
    if opts["waived_by_permission"] and ctx.permissions.valid is not None:
        ref = ctx.permissions.valid.reference
        yield finding(status="waived", permission=ref, message=f"Link requirement waived by permission {ref}.")
        return
    target = ctx.original_url
    domains = ctx.publisher_domains or ((domain_of(target),) if target else ())
    if target is None and not (opts["domain_only"] and domains):
        yield finding(status="fail", message="The original's URL is unknown, so the link cannot be checked.",
                      fix="give the original's URL: a canonical link in the page, `url:` in its front matter, "
                          "or `source:` in the candidate's front matter")
        return

    def points_at_original(link: Link) -> bool:
        if opts["domain_only"]:
            return any(same_site(domain_of(link.href), d) for d in domains)
        return target is not None and normalise_url(link.href) == normalise_url(target)

    wanted = target if target and not opts["domain_only"] else f"a page of {', '.join(domains)}"
    matching = [link for link in ctx.candidate.links if points_at_original(link)]
    usable = [link for link in matching if link.linked or opts["accept_bare_url"]]
    if opts["forbid_nofollow"]:
        usable = [link for link in usable if not NOFOLLOW & set(link.rel)]
    limit = opts["within_paragraphs"]
    if limit is not None:
        usable = [link for link in usable if ctx.candidate.paragraph_of(link.start) <= limit]
    if usable:
        link = usable[0]
        how = "links" if link.linked else "names the URL"
        yield finding(status="pass", message=f"{how.capitalize()} to the original ({link.href}) in paragraph "
                                             f"{ctx.candidate.paragraph_of(link.start)}.")
        return
    message, fix, culprit = _diagnose(ctx, matching, wanted, opts, domains)
    yield finding(status="fail", message=message, fix=fix,
                  span=(culprit.start, culprit.end) if culprit is not None else None)


def _diagnose(ctx: Context, matching: list[Link], wanted: str, opts: Mapping[str, Any],
              domains: tuple[str, ...]) -> tuple[str, str, Link | None]:
    """Why no link counted, what would fix it, and the link at fault, if there is one."""
    if opts["forbid_nofollow"] and (
            bad := next((link for link in matching if link.linked and NOFOLLOW & set(link.rel)), None)):
        rel = " ".join(bad.rel)
        return (f'The link to the original carries rel="{rel}", which the terms do not accept.',
                f'remove rel="{rel}" from the link to {wanted}', bad)
    if any(not link.linked for link in matching) and not any(link.linked for link in matching):
        return ("The original's URL is written out but not linked.",
                f"turn the URL into a hyperlink to {wanted}", matching[0])
    if matching and opts["within_paragraphs"] is not None:
        where = ctx.candidate.paragraph_of(matching[0].start)
        n = opts["within_paragraphs"]
        return (f"The link to the original is in paragraph {where}, not within the first {n}.",
                f"move the link to {wanted} into the first {n} paragraph{'s' if n > 1 else ''}", matching[0])
    near = [link for link in ctx.candidate.links if link.linked
            and any(same_site(domain_of(link.href), d) for d in domains)]
    if near:
        return (f"The candidate links to {near[0].href}, not to the original article.",
                f"link to the original article {wanted}", near[0])
    return ("The candidate has no hyperlink to the original.", f"add a hyperlink to {wanted}", None)
