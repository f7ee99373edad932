"""One candidate of a scan: retrieve the originals it may use, align those pairs, decide use, apply rules.

This is the unit every engine runs, the same function in the scan's own processes and on Spark's
executors, so that both give the same lines for the same record. It reads nothing but the record and
the index, and writes nothing: it returns the output lines.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reusecheck import permissions as perms
from reusecheck.documents.links import domain_of, normalise_url, same_site
from reusecheck.documents.model import Document
from reusecheck.errors import EmptyDocumentError, ReusecheckError
from reusecheck.index import MAX_ORIGINALS, MIN_SHARED, Index
from reusecheck.matching import MatchOptions, Overlap, UseOptions, align
from reusecheck.records import Record
from reusecheck.ruleset import RulePack, find_pack, pack_for_url


@dataclass(frozen=True)
class ScanOptions:
    """Everything a worker needs to judge a candidate as any other worker would: plain values, so that they
    travel to other processes and to Spark's executors."""

    index: str
    """The index file."""
    rules: str | None = None
    """A rule pack's id or file, for every pair; None picks each original's shipped pack by its URL, and
    measures only where none applies."""
    apply_rules: bool = True
    """False: measure only, like `compare`."""
    match: MatchOptions = field(default_factory=MatchOptions)
    use: UseOptions = field(default_factory=UseOptions)
    min_shared: int = MIN_SHARED
    max_originals: int = MAX_ORIGINALS
    with_text: bool = False
    today: dt.date = field(default_factory=dt.date.today)
    permissions: tuple[perms.Permission, ...] = ()
    """The written permissions of a ledger, read once, travelling with the options to every worker."""
    ledger: str | None = None
    """The ledger they were read from, as given."""

    def to_dict(self) -> dict[str, Any]:
        return {"rules": self.rules, "apply_rules": self.apply_rules, "match": self.match.to_dict(),
                "use": self.use.to_dict(), "min_shared": self.min_shared, "max_originals": self.max_originals,
                "with_text": self.with_text, "today": self.today.isoformat(), "ledger": self.ledger,
                "permissions": [p.reference for p in self.permissions]}


@dataclass(frozen=True)
class Result:
    """What one candidate gave: its output lines, in order."""

    lines: tuple[dict[str, Any], ...]
    pairs: int = 0
    violations: int = 0
    errors: int = 0
    empty: int = 0
    """1 for a page without article text (a section front, a gallery): nothing to judge, and no error."""


class Judge:
    """The index and the rule pack, opened once per process and kept for every candidate it judges."""

    def __init__(self, options: ScanOptions) -> None:
        self.options = options
        self.index = Index.open(options.index)
        self.pack: RulePack | None = None
        if options.apply_rules and options.rules is not None:
            self.pack = find_pack(options.rules)
        self._packs: dict[str, RulePack | None] = {}

    def judge(self, record: Record) -> Result:
        record = record.parsed()
        try:
            return self._judge(record)
        except EmptyDocumentError:
            return Result(lines=(), empty=1)
        except ReusecheckError as exc:
            return Result(lines=(error_line(record, exc),), errors=1)

    def _judge(self, record: Record) -> Result:
        opts, index = self.options, self.index
        text = record.plain_text()
        candidate: Document | None = None
        if text is not None:
            # A plain text is hashed straight from its words: most candidates share nothing, and for them
            # building a Document would be most of the cost.
            hashes = index.hashes_of_text(text)
        else:
            candidate = record.document()
            hashes = index.hashes_of_keys(candidate.tokens.keys)
        hits = index.retrieve(hashes, opts.min_shared, opts.max_originals)
        if not hits:
            return Result(lines=())
        if candidate is None:
            candidate = record.document()
        lines: list[dict[str, Any]] = []
        violations = 0
        for number, shared in sorted(hits):
            line = self._pair(record, candidate, index.document(number), shared)
            if line is not None:
                lines.append(line)
                violations += line.get("verdict") == "violation"
        lines.sort(key=lambda line: -int(line["reused_words"]))
        return Result(lines=tuple(lines), pairs=len(lines), violations=violations)

    def _pair(self, record: Record, candidate: Document, original: Document, shared: int) -> dict[str, Any] | None:
        opts = self.options
        url = original.url
        pack = self._pack_for(url)
        findings: list[dict[str, Any]] = []
        verdict: str | None = None
        if pack is None:
            overlap = align(original.prepared, candidate.prepared, opts.match, opts.use)
        else:
            from reusecheck.engine import judge_pair

            front = perms.from_front_matter(candidate)
            granted = opts.permissions + ((front,) if front else ())
            checked = judge_pair(candidate, original, url, pack, granted, opts.match, opts.today)
            overlap = checked.measured.overlap
            failed = [f for f in checked.findings if f.failed]
            findings = [{"rule": f.rule, "kind": f.kind, "severity": f.severity, "message": f.message,
                         "fix": f.fix, "clause": f.clause} for f in failed]
            verdict = "violation" if any(f.severity == "error" for f in failed) else "compliant"
        if not overlap.uses_original and not findings:
            return None
        line: dict[str, Any] = {
            "candidate": record.name,
            "original": url or original.source,
            "reused_words": overlap.reused_words,
            "share_of_original": round(overlap.share_of_original, 4),
            "share_of_candidate": round(overlap.share_of_candidate, 4),
            "uses_original": overlap.uses_original,
            "use": overlap.decision.reason,
            "shared_ngrams": shared,
            "link": link_status(candidate, url),
            "passages": passages(overlap, original, candidate, opts.with_text),
        }
        if record.url is not None and record.where != record.url:
            line["where"] = record.where
        if pack is not None:
            line["verdict"] = verdict
            line["rules"] = {"id": pack.id, "version": pack.version, "sha256": pack.sha256}
            line["findings"] = findings
        return line

    def _pack_for(self, url: str | None) -> RulePack | None:
        if not self.options.apply_rules:
            return None
        if self.pack is not None or not url:
            return self.pack
        if url not in self._packs:
            self._packs[url] = pack_for_url(url)
        return self._packs[url]


def passages(overlap: Overlap, original: Document, candidate: Document, with_text: bool) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for p in overlap.passages:
        item: dict[str, Any] = {"original": [p.original_start, p.original_end],
                                "candidate": [p.candidate_start, p.candidate_end], "words": p.words,
                                "kind": p.kind}
        if with_text:
            item["original_text"] = original.text[p.original_start:p.original_end]
            item["candidate_text"] = candidate.text[p.candidate_start:p.candidate_end]
        out.append(item)
    return out


def link_status(candidate: Document, url: str | None) -> str:
    """`found` when the candidate links to the original's page, `wrong` when its links reach the
    original's site but not the page, else `missing`."""
    if not url:
        return "missing"
    wanted = normalise_url(url)
    domain = domain_of(url)
    linked = [link for link in candidate.links if link.linked]
    if any(normalise_url(link.href) == wanted for link in linked):
        return "found"
    if any(_host_in(link.href, domain) for link in linked):
        return "wrong"
    return "missing"


def _host_in(href: str, domain: str) -> bool:
    try:
        return same_site(domain_of(href), domain)
    except ValueError:
        return False


def error_line(record: Record, exc: ReusecheckError) -> dict[str, Any]:
    """The line that reports a record that could not be read."""
    return {"candidate": record.name, "error": {"message": exc.message, "where": record.where}}


def pack_file(rules: str | None) -> str | None:
    """A pack given by file is passed on by its absolute path, so that every worker finds it."""
    if rules is not None and Path(rules).is_file():
        return str(Path(rules).resolve())
    return rules
