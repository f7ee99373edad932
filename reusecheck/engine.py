"""Run a check: documents, rule packs and permissions in, a Report out.

The pair (one candidate, one original) is the unit of work: `judge_pair` measures it and applies the
original's rule pack. `check` and `measure` only decide which pairs there are.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from reusecheck import permissions as perms
from reusecheck.checks import Context, Finding, run
from reusecheck.documents.links import domain_of, normalise_url
from reusecheck.documents.model import Document
from reusecheck.errors import ReusecheckError, UsageError
from reusecheck.matching import MatchOptions, UseOptions, align, combined_share
from reusecheck.report import CandidateResult, Checked, Comparison, Measured, Note, Problem, Report, document_notes
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


def measure_pair(candidate: Document, original: Document, url: str | None, options: MatchOptions,
                 use: UseOptions | None = None) -> Measured:
    """One original measured against the candidate, each prepared once for all its pairs."""
    return Measured(original=original, url=url, overlap=align(original.prepared, candidate.prepared, options, use))


def measure(candidate: Document, originals: Sequence[Document], options: MatchOptions,
            use: UseOptions | None = None, *, archive: bool = False) -> Comparison:
    """How much `candidate` reuses of each original: no rules.

    With `archive` (the originals are a collection searched for what the candidate uses), an original's
    URL is only its own, and only the originals the candidate uses are kept.
    """
    urls = [o.url for o in originals] if archive else original_urls(candidate, originals)
    measured = tuple(m for m in (measure_pair(candidate, o, url, options, use)
                                 for o, url in zip(originals, urls, strict=True))
                     if not archive or m.overlap.uses_original)
    reused, _share = combined_share(candidate, [m.overlap for m in measured])
    return Comparison(candidate=candidate, originals=measured, reused_candidate_words=reused, options=options,
                      use=use or UseOptions())


def judge_pair(candidate: Document, original: Document, url: str | None, pack: RulePack,
               granted: tuple[perms.Permission, ...], options: MatchOptions, today: dt.date) -> Checked:
    """Measure one pair with the pack's use decision and apply the pack's rules to it."""
    m = measure_pair(candidate, original, url, options, pack.use)
    names = {pack.id.casefold(), pack.name.casefold(), pack.publisher.casefold()}
    ctx = Context(candidate=candidate, original=original, original_url=url, overlap=m.overlap,
                  permissions=perms.status(granted, names, url, candidate, today),
                  publisher=pack.publisher, publisher_domains=pack.domains)
    findings = tuple(f for rule in pack.rules for f in run(rule, ctx))
    applies = url is None or pack.applies_to(url)
    own = pack_for_url(url)
    publisher = pack.publisher if applies and url else own.publisher if own else domain_of(url) if url else None
    notes: tuple[Note, ...] = ()
    if not applies:
        notes = (Note(original.source, f"rule pack {pack.id!r} ({pack.name}) does not cover this original: its URL "
                                       f"{url} is not among the pack's domains or URL patterns"
                                       + (f"; it is an article of {own.publisher} (rule pack {own.id!r})"
                                          if own else "")),)
    return Checked(measured=m, pack=pack, findings=findings, applies=applies, publisher=publisher, notes=notes)


def check(candidates: Sequence[Document], originals: Sequence[Document], *, pack: RulePack | None = None,
          permissions: tuple[perms.Permission, ...] = (), options: MatchOptions | None = None,
          today: dt.date | None = None, all_pairs: bool = False, archive: bool = False) -> Report:
    """Judge every candidate against every original by the publisher's rule pack.

    With no `pack`, each original's pack is the shipped one whose domains match its URL. With `archive`,
    the originals are a collection searched for what each candidate uses (see check_candidate).
    """
    opts = options or MatchOptions()
    day = today or dt.date.today()
    results: list[CandidateResult] = []
    errors: list[Problem] = []
    for candidate in candidates:
        try:
            results.append(check_candidate(candidate, originals, pack, permissions, opts, day, archive=archive))
        except ReusecheckError as exc:
            # A malformed `permission:` block in one draft's front matter: that draft has no verdict.
            errors.append(Problem.of(exc, candidate.source, "candidate"))
    notes = tuple(n for o in originals for n in document_notes(o))
    return Report(candidates=tuple(results), options=opts, checked_on=day, all_pairs=all_pairs,
                  errors=tuple(errors), notes=notes)


def check_candidate(candidate: Document, originals: Sequence[Document], pack: RulePack | None,
                    permissions: tuple[perms.Permission, ...], options: MatchOptions,
                    today: dt.date, *, packs: Sequence[RulePack] = (), archive: bool = False,
                    findings: tuple[Finding, ...] = ()) -> CandidateResult:
    """One candidate judged against every original. An original no rule pack covers is a problem of that
    pair only: the others are still judged.

    `packs` are the packs to pick from by the original's URL before the shipped ones. With `archive`, the
    originals are a collection searched for what the candidate uses: an original's URL is only its own,
    and pairs where the candidate neither uses the original nor fails a rule are left out. `findings`
    are findings on the candidate as a whole.
    """
    front = perms.from_front_matter(candidate)
    granted = permissions + ((front,) if front else ())
    checked: list[Checked] = []
    errors: list[Problem] = []
    urls = [o.url for o in originals] if archive else original_urls(candidate, originals)
    for original, url in zip(originals, urls, strict=True):
        try:
            chosen = pack or _pick_pack(original, url, packs)
        except UsageError as exc:
            if not (archive and not measure_pair(candidate, original, url, options).overlap.uses_original):
                errors.append(Problem.of(exc, original.source, "pair"))
            continue
        pair = judge_pair(candidate, original, url, chosen, granted, options, today)
        if archive and not pair.measured.overlap.uses_original and not any(f.failed for f in pair.findings):
            continue
        checked.append(pair)
    reused, _share = combined_share(candidate, [c.measured.overlap for c in checked])
    comparison = Comparison(candidate=candidate, originals=tuple(c.measured for c in checked),
                            reused_candidate_words=reused, options=options)
    return CandidateResult(comparison=comparison, originals=tuple(checked), errors=tuple(errors),
                           findings=findings)


def _pick_pack(original: Document, url: str | None, packs: Sequence[RulePack]) -> RulePack:
    """The configured pack for this URL; the only configured pack; else the shipped pack for the URL."""
    if packs:
        chosen = pack_for_url(url, packs)
        if chosen is not None:
            return chosen
        if len(packs) == 1:
            return packs[0]
    return _shipped_pack(original, url)


def _shipped_pack(original: Document, url: str | None) -> RulePack:
    chosen = pack_for_url(url)
    if chosen is None:
        raise UsageError(f"no shipped rule pack applies to this original (URL: {url or 'unknown'}); "
                         "name a rule pack by id or path", path=original.source, option="rules")
    return chosen
