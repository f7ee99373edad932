"""Run a check: documents, rule packs and permissions in, a Report out."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from reusecheck import permissions as perms
from reusecheck.checks import Context, run
from reusecheck.documents.links import normalise_url
from reusecheck.documents.model import Document
from reusecheck.errors import UsageError
from reusecheck.matcher import MatchOptions, combined_share
from reusecheck.matcher import compare as align
from reusecheck.report import CandidateResult, Checked, Comparison, Measured, Report
from reusecheck.ruleset import RulePack, pack_for_url


def original_urls(candidate: Document, originals: Sequence[Document]) -> list[str | None]:
    """Each original's URL: its own canonical URL, else one of the candidate's declared sources.

    Declared sources that no original states as its URL go, in order, to the originals without one.
    """
    known = {normalise_url(o.url) for o in originals if o.url}
    spare = [s for s in candidate.declared_sources if normalise_url(s) not in known]
    urls: list[str | None] = []
    for o in originals:
        urls.append(o.url or (spare.pop(0) if spare else None))
    return urls


def measure(candidate: Document, originals: Sequence[Document], options: MatchOptions) -> Comparison:
    measured = tuple(
        Measured(original=o, url=url, overlap=align(o, candidate, options))
        for o, url in zip(originals, original_urls(candidate, originals), strict=True)
    )
    reused, _share = combined_share(candidate, [m.overlap for m in measured])
    return Comparison(candidate=candidate, originals=measured, reused_candidate_words=reused, options=options)


def check(candidates: Sequence[Document], originals: Sequence[Document], *, pack: RulePack | None = None,
          permissions: tuple[perms.Permission, ...] = (), options: MatchOptions | None = None,
          today: dt.date | None = None) -> Report:
    """Judge every candidate against every original by the publisher's rule pack.

    With no `pack`, each original's pack is the shipped one whose domains match its URL.
    """
    opts = options or MatchOptions()
    day = today or dt.date.today()
    results = []
    for candidate in candidates:
        comparison = measure(candidate, originals, opts)
        front = perms.from_front_matter(candidate)
        granted = permissions + ((front,) if front else ())
        checked = []
        for m in comparison.originals:
            chosen = pack or pack_for_url(m.url)
            if chosen is None:
                raise UsageError(
                    f"no shipped rule pack applies to this original (URL: {m.url or 'unknown'}); "
                    "pass --rules ID or --rules PATH", path=m.original.source)
            names = {chosen.id.casefold(), chosen.name.casefold(), chosen.publisher.casefold()}
            ctx = Context(candidate=candidate, original=m.original, original_url=m.url, overlap=m.overlap,
                          permissions=perms.status(granted, names, m.url, candidate, day),
                          publisher=chosen.publisher, publisher_domains=chosen.domains)
            findings = tuple(f for rule in chosen.rules for f in run(rule, ctx))
            checked.append(Checked(measured=m, pack=chosen, findings=findings))
        results.append(CandidateResult(comparison=comparison, originals=tuple(checked)))
    return Report(candidates=tuple(results), options=opts, checked_on=day)
