"""Plain data the core returns: a Comparison (measurement only) and a Report (with verdicts).

`to_dict()` of each is exactly the JSON the CLI writes; the schemas under reusecheck/schemas/
describe it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Literal

from reusecheck import __version__
from reusecheck.checks import Finding
from reusecheck.documents.model import Document
from reusecheck.errors import ReusecheckError
from reusecheck.matching import MatchOptions, Overlap, Passage, Use, UseOptions
from reusecheck.ruleset import RulePack

SCHEMA_VERSION = "1.4"
Verdict = Literal["compliant", "violation", "error"]
FailOn = Literal["error", "warning", "never"]


def _header() -> dict[str, Any]:
    return {"schema_version": SCHEMA_VERSION, "tool": {"name": "reusecheck", "version": __version__}}


def _side(doc: Document, start: int, end: int, with_text: bool) -> dict[str, Any]:
    side: dict[str, Any] = {"start": start, "end": end, "region": doc.region(start, end).to_dict()}
    if with_text:
        side["text"] = doc.text[start:end]
    return side


def _passage(p: Passage, original: Document, candidate: Document, with_text: bool) -> dict[str, Any]:
    return {
        "original": _side(original, p.original_start, p.original_end, with_text),
        "candidate": _side(candidate, p.candidate_start, p.candidate_end, with_text),
        "words": p.words, "candidate_words": p.candidate_words,
        "similarity": p.similarity, "kind": p.kind,
    }


def _use(use: Use) -> dict[str, Any]:
    return {"reason": use.reason, "longest_passage": use.longest, "passages": use.passages, "words": use.words,
            "own_words": use.own_words, "share_of_candidate": use.share_of_candidate,
            "share_of_original": use.share_of_original, "in_order": use.in_order,
            "copied_sentences": use.copied_sentences, "followed_sentences": use.followed_sentences,
            "followed_share": use.followed_share}


def _measure(original: Document, url: str | None, overlap: Overlap, candidate: Document,
             with_text: bool = False) -> dict[str, Any]:
    return {
        "source": original.source, "url": url, "title": original.title,
        "sha256": original.sha256,
        "retrieved": original.retrieved.to_dict() if original.retrieved else None,
        "words": overlap.original_words,
        "uses_original": overlap.uses_original,
        "use": _use(overlap.decision),
        "reused_words": overlap.reused_words,
        "copied_words": overlap.copied_words,
        "rewritten_words": overlap.rewritten_words,
        "verbatim_words": overlap.verbatim_words,
        "share_of_original": round(overlap.share_of_original, 4),
        "copied_share_of_original": round(overlap.copied_share_of_original, 4),
        "rewritten_share_of_original": round(overlap.rewritten_share_of_original, 4),
        "verbatim_share_of_original": round(overlap.verbatim_share_of_original, 4),
        "share_of_candidate": round(overlap.share_of_candidate, 4),
        "copied_share_of_candidate": round(overlap.copied_share_of_candidate, 4),
        "passages": [_passage(p, original, candidate, with_text) for p in overlap.passages],
    }


@dataclass(frozen=True)
class Problem:
    """An input that could not be judged: a file that cannot be read, or a pair no rule pack covers.

    The report carries it so that one bad file does not hide the verdicts on the others.
    """

    source: str
    """The file at fault (for a pair without rules, the original)."""
    message: str
    role: Literal["candidate", "original", "pair"] = "candidate"
    """What could not be judged: a candidate, an original (for every candidate), or one pair."""
    line: int | None = None
    key: str | None = None
    option: str | None = None
    """The API parameter that would change the outcome, if any (see ReusecheckError.option)."""

    @classmethod
    def of(cls, exc: ReusecheckError, source: str, role: Literal["candidate", "original", "pair"]) -> Problem:
        return cls(source=exc.path or source, message=exc.message, role=role, line=exc.line, key=exc.key,
                   option=exc.option)

    def __str__(self) -> str:
        return str(ReusecheckError(self.message, path=self.source, line=self.line, key=self.key))

    def to_dict(self) -> dict[str, Any]:
        return {"source": self.source, "role": self.role, "line": self.line, "key": self.key,
                "message": self.message}


@dataclass(frozen=True)
class Note:
    """A warning about an input: something the reader had to guess, or rules applied out of their scope."""

    source: str
    message: str

    def __str__(self) -> str:
        return f"{self.source}: {self.message}"

    def to_dict(self) -> dict[str, Any]:
        return {"source": self.source, "message": self.message}


def document_notes(doc: Document) -> tuple[Note, ...]:
    return tuple(Note(doc.source, message) for message in doc.warnings)


def _options(options: MatchOptions, use: UseOptions | None = None) -> dict[str, Any]:
    return {**options.to_dict(), "use": (use or UseOptions()).to_dict()}


@dataclass(frozen=True)
class Measured:
    """One original measured against the candidate."""

    original: Document
    url: str | None
    """The original's URL as used for links and rule packs (canonical, or the candidate's `source`)."""
    overlap: Overlap


@dataclass(frozen=True)
class Comparison:
    """How much one candidate reuses of each original: `reusecheck compare`."""

    candidate: Document
    originals: tuple[Measured, ...]
    reused_candidate_words: int
    """Candidate words reused from any original (each counted once)."""
    options: MatchOptions
    use: UseOptions = UseOptions()
    """The use decision's options (a check applies each pack's own; see the pairs' `rules`)."""

    @property
    def share_of_candidate(self) -> float:
        words = self.candidate.words
        return self.reused_candidate_words / words if words else 0.0

    def combined(self) -> dict[str, Any]:
        return {"reused_candidate_words": self.reused_candidate_words,
                "share_of_candidate": round(self.share_of_candidate, 4),
                "originals_used": sum(m.overlap.uses_original for m in self.originals)}

    def body(self) -> dict[str, Any]:
        """The comparison without the header and options: one entry of a comparison of many candidates."""
        return {
            "candidate": {"source": self.candidate.source, "words": self.candidate.words},
            "originals": [_measure(m.original, m.url, m.overlap, self.candidate) for m in self.originals],
            "combined": self.combined(),
            "warnings": [n.to_dict() for n in document_notes(self.candidate)],
        }

    def to_dict(self) -> dict[str, Any]:
        return {**_header(), "options": _options(self.options, self.use), **self.body()}


@dataclass(frozen=True)
class Comparisons:
    """Several candidates measured against the same originals: `reusecheck compare A B ...`."""

    comparisons: tuple[Comparison, ...]
    options: MatchOptions
    errors: tuple[Problem, ...] = ()
    notes: tuple[Note, ...] = ()
    """Warnings about the originals."""

    def to_dict(self) -> dict[str, Any]:
        return {
            **_header(),
            "options": _options(self.options),
            "summary": {"candidates": len(self.comparisons) + sum(e.role == "candidate" for e in self.errors),
                        "compared": len(self.comparisons), "errors": len(self.errors)},
            "comparisons": [c.body() for c in self.comparisons],
            "errors": [e.to_dict() for e in self.errors],
            "warnings": [n.to_dict() for n in self.notes],
        }


@dataclass(frozen=True)
class Checked:
    """One original measured against the candidate and judged by its publisher's rule pack."""

    measured: Measured
    pack: RulePack
    findings: tuple[Finding, ...]
    applies: bool = True
    """False when the pack was given for an original whose URL is not one of the pack's articles."""
    publisher: str | None = None
    """The original's own publisher, as far as its URL tells (a shipped pack's publisher, else its domain)."""
    notes: tuple[Note, ...] = ()

    def to_dict(self, candidate: Document, with_text: bool = False) -> dict[str, Any]:
        m = self.measured
        return {
            **_measure(m.original, m.url, m.overlap, candidate, with_text),
            "publisher": self.publisher,
            "rules": {"id": self.pack.id, "name": self.pack.name, "version": self.pack.version,
                      "terms_url": self.pack.terms_url,
                      "source": self.pack.source, "sha256": self.pack.sha256, "use": self.pack.use.to_dict(),
                      "applies_to_original": self.applies},
            "findings": [_finding(f, candidate, with_text) for f in self.findings],
        }


def _finding(finding: Finding, candidate: Document, with_text: bool) -> dict[str, Any]:
    data = finding.to_dict()
    if finding.span is not None:
        data["at"] = _side(candidate, *finding.span, with_text)
    return data


@dataclass(frozen=True)
class CandidateResult:
    """The verdict on one candidate, over all the originals it was checked against."""

    comparison: Comparison
    originals: tuple[Checked, ...]
    errors: tuple[Problem, ...] = ()
    """Originals this candidate could not be judged against (no rule pack covers them)."""
    findings: tuple[Finding, ...] = ()
    """Findings on the candidate as a whole, not on one original: a declared source that names no
    original found (`unresolved-source`)."""
    fail_on: FailOn = "error"
    """Which failing findings make the candidate a violation: of severity error (the default), or
    warnings too. `never` still names violations; the command then exits 0 on them."""

    def all_findings(self) -> list[Finding]:
        return list(self.findings) + [f for c in self.originals for f in c.findings]

    @property
    def failures(self) -> list[Finding]:
        return [f for f in self.all_findings() if f.failed and f.severity == "error"]

    @property
    def warnings(self) -> list[Finding]:
        """Failing findings of rules whose severity is warning: reported, not failing the candidate."""
        return [f for f in self.all_findings() if f.failed and f.severity == "warning"]

    @property
    def notes(self) -> tuple[Note, ...]:
        return document_notes(self.comparison.candidate) + tuple(n for c in self.originals for n in c.notes)

    @property
    def failing(self) -> list[Finding]:
        """The findings that make this candidate a violation."""
        return self.failures + (self.warnings if self.fail_on == "warning" else [])

    @property
    def verdict(self) -> Verdict:
        """A violation found stands; otherwise an original that could not be judged leaves no verdict."""
        return "violation" if self.failing else "error" if self.errors else "compliant"

    def listed(self, all_pairs: bool = False) -> tuple[Checked, ...]:
        """The pairs a report shows: every pair when asked or when there is only one, else those that
        use the original or carry a failing finding."""
        if all_pairs or len(self.originals) == 1:
            return self.originals
        return tuple(c for c in self.originals
                     if c.measured.overlap.uses_original or any(f.failed for f in c.findings))

    def to_dict(self, all_pairs: bool = False, with_text: bool = False) -> dict[str, Any]:
        cmp = self.comparison
        listed = self.listed(all_pairs)
        return {
            "source": cmp.candidate.source, "words": cmp.candidate.words, "verdict": self.verdict,
            "combined": cmp.combined(),
            "findings": [f.to_dict() for f in self.findings],
            "originals": [c.to_dict(cmp.candidate, with_text) for c in listed],
            "originals_not_listed": len(self.originals) - len(listed),
            "errors": [e.to_dict() for e in self.errors],
            "warnings": [n.to_dict() for n in self.notes],
        }


@dataclass(frozen=True)
class Report:
    """Verdicts on many candidates against many originals: `reusecheck check`."""

    candidates: tuple[CandidateResult, ...]
    options: MatchOptions
    checked_on: dt.date
    """The date permissions were judged on."""
    all_pairs: bool = False
    """List every pair, not only those where the candidate uses the original."""
    errors: tuple[Problem, ...] = ()
    """Inputs that could not be read: the candidates among them are not in `candidates`."""
    notes: tuple[Note, ...] = ()
    """Warnings about the originals (a guessed encoding, say)."""
    with_text: bool = False
    """Carry each passage's text in the JSON, so that the JSON alone shows what was reused."""
    fail_on: FailOn = "error"
    """As each candidate's: which failing findings make a violation (set by `reusecheck ci`)."""

    @property
    def verdict(self) -> Verdict:
        """`error` when any input could not be judged (exit 2), even beside violations found elsewhere."""
        if self.errors or any(c.errors for c in self.candidates):
            return "error"
        return "violation" if any(c.verdict == "violation" for c in self.candidates) else "compliant"

    @property
    def violations(self) -> int:
        return sum(c.verdict == "violation" for c in self.candidates)

    @property
    def error_count(self) -> int:
        return len(self.errors) + sum(len(c.errors) for c in self.candidates)

    @property
    def warning_count(self) -> int:
        """Failing warning-severity findings and warnings about the inputs."""
        return len(self.notes) + sum(len(c.warnings) + len(c.notes) for c in self.candidates)

    def to_dict(self) -> dict[str, Any]:
        return {
            **_header(),
            "verdict": self.verdict,
            "checked_on": self.checked_on.isoformat(),
            "options": _options(self.options),
            "summary": {
                "candidates": len(self.candidates) + sum(e.role == "candidate" for e in self.errors),
                "checked": len(self.candidates),
                "violations": self.violations,
                "errors": self.error_count,
                "warnings": self.warning_count,
            },
            "candidates": [c.to_dict(self.all_pairs, self.with_text) for c in self.candidates],
            "errors": [e.to_dict() for e in self.errors],
            "warnings": [n.to_dict() for n in self.notes],
        }
