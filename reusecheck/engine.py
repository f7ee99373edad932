"""Run a check: documents, rule packs and permissions in, a Report out."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from reusecheck import permissions as perms
from reusecheck.checks import Context, run
from reusecheck.documents.model import Document
from reusecheck.errors import UsageError
from reusecheck.matcher import MatchOptions, combined_share
from reusecheck.matcher import compare as align
from reusecheck.report import CandidateResult, Checked, Comparison, Measured, Report
from reusecheck.ruleset import RulePack, load_pack, packaged_packs


def original_url(candidate: Document, original: Document, originals: int) -> str | None:
    """The original's URL: its own canonical URL, else the candidate's one declared source."""
    if original.url:
        return original.url
    declared = candidate.declared_sources
    return declared[0] if originals == 1 and len(declared) == 1 else None


def measure(candidate: Document, originals: Sequence[Document], options: MatchOptions) -> Comparison:
    measured = tuple(
        Measured(original=o, url=original_url(candidate, o, len(originals)), overlap=align(o, candidate, options))
        for o in originals
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
    shipped: list[RulePack] | None = None
    results = []
    for candidate in candidates:
        comparison = measure(candidate, originals, opts)
        front = perms.from_front_matter(candidate)
        granted = permissions + ((front,) if front else ())
        checked = []
        for m in comparison.originals:
            chosen = pack
            if chosen is None:
                shipped = shipped if shipped is not None else [load_pack(p) for p in packaged_packs().values()]
                chosen = next((p for p in shipped if p.applies_to(m.url)), None)
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
