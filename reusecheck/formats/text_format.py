"""Terminal output: the verdict first, then each finding with its clause and fix, then the passages."""

from __future__ import annotations

import textwrap

from reusecheck.checks import Finding
from reusecheck.documents.model import Document
from reusecheck.matching import Overlap
from reusecheck.report import CandidateResult, Comparison, Comparisons, Measured, Note, Problem, Report, document_notes
from reusecheck.terminal import clean, one_line

_MARK = {"fail": "✗", "pass": "✓", "waived": "✓", "not-applicable": "·"}
_WIDTH = 100
_MAX_PARAGRAPHS = 12


class _Style:
    def __init__(self, color: bool) -> None:
        self.color = color

    def _wrap(self, code: str, text: str) -> str:
        return f"\x1b[{code}m{text}\x1b[0m" if self.color else text

    def bad(self, text: str) -> str:
        return self._wrap("1;31", text)

    def good(self, text: str) -> str:
        return self._wrap("1;32", text)

    def warn(self, text: str) -> str:
        return self._wrap("1;33", text)

    def dim(self, text: str) -> str:
        return self._wrap("2", text)

    def reused(self, text: str) -> str:
        return self._wrap("1;33;4", text) if self.color else f"[[{text}]]"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n != 1 else ''}"


def headline(report: Report, s: _Style | None = None) -> str:
    """The verdict line: what `--quiet` prints. Errors and warnings are said, never hidden behind it."""
    s = s or _Style(False)
    n = len(report.candidates)
    bad = report.violations
    warned = f", with {_plural(report.warning_count, 'warning')}" if report.warning_count else ""
    if bad:
        verb = "breaks" if bad == 1 else "break"
        judged = f"{bad} of {_plural(n, 'candidate')} {verb} the reuse terms"
    else:
        judged = f"{_plural(n, 'candidate')} within the reuse terms"
    if report.verdict == "error":
        failed = report.error_count
        checked = " checked" if n else ""
        return s.bad(f"ERROR: {_plural(failed, 'input')} could not be checked"
                     + (f"; {judged.replace(' candidate', checked + ' candidate', 1)}" if n else "") + warned)
    if bad:
        return s.bad(f"VIOLATION: {judged}{warned}")
    return s.good(f"COMPLIANT: {judged}{warned}")


def render_report(report: Report, *, color: bool = False, quiet: bool = False) -> str:
    s = _Style(color)
    lines = [headline(report, s)]
    if quiet:
        return lines[0] + "\n"
    if report.errors or report.notes:
        lines.append("")
        lines.extend(_problem(p, s) for p in report.errors)
        lines.extend(_note(n, s) for n in report.notes)
    for result in report.candidates:
        lines.append("")
        lines.extend(_candidate(result, s, report.all_pairs))
    return "\n".join(lines) + "\n"


def _problem(p: Problem, s: _Style, indent: str = "") -> str:
    return f"{indent}{s.bad('ERROR')}  {one_line(str(p))}"


def _note(n: Note, s: _Style, indent: str = "") -> str:
    return f"{indent}{s.warn('WARNING')}  {one_line(str(n))}"


def _candidate(result: CandidateResult, s: _Style, all_pairs: bool) -> list[str]:
    cmp = result.comparison
    head = {"violation": s.bad("VIOLATION"), "error": s.bad("ERROR"), "compliant": s.good("COMPLIANT")}
    lines = [f"{head[result.verdict]}  {one_line(cmp.candidate.source)}"]
    lines.extend(_note(n, s, "  ") for n in result.notes)
    lines.extend(_problem(p, s, "  ") for p in result.errors)
    for finding in result.findings:
        lines.extend(line[2:] for line in _finding(finding, s))
    listed = result.listed(all_pairs)
    if not result.originals and not result.errors:
        lines.append("  uses none of the originals it was checked against")
    for checked in listed:
        m = checked.measured
        if checked.applies:
            by = f"{one_line(checked.publisher or checked.pack.name)}; rules: {one_line(checked.pack.id)}"
        else:
            by = (f"{one_line(checked.publisher or 'publisher unknown')}; rules: {one_line(checked.pack.id)} "
                  f"of {one_line(checked.pack.name)}, which do not cover this original")
        lines.append(f"  against {one_line(m.original.source)} ({by})")
        lines.extend("    " + line for line in _measured(m))
        for finding in checked.findings:
            lines.extend(_finding(finding, s))
    if rest := len(result.originals) - len(listed):
        lines.append(f"  {rest} other original{'s' if rest != 1 else ''} not used (incidental overlap at most; "
                     "--all-pairs lists every pair)")
    lines.extend(_passages(cmp.candidate, [c.measured.overlap for c in listed], s))
    return lines


def _measured(m: Measured) -> list[str]:
    """The use decision in one line, then the shares."""
    ov = m.overlap
    n = len(ov.passages)
    shares = (f"reuses {ov.reused_words} of the original's {ov.original_words} words "
              f"({ov.share_of_original:.1%}: copied {ov.copied_share_of_original:.1%}, of it verbatim "
              f"{ov.verbatim_share_of_original:.1%}; rewritten {ov.rewritten_share_of_original:.1%}), "
              f"{ov.share_of_candidate:.1%} of the candidate, in {n} passage{'s' if n != 1 else ''}")
    return [clean(ov.decision.reason[:1].upper() + ov.decision.reason[1:]) + ".", shares]


def _finding(f: Finding, s: _Style) -> list[str]:
    mark = _MARK[f.status]
    if f.status == "fail":
        mark = s.bad(mark if f.severity == "error" else "!")
    elif f.status in ("pass", "waived"):
        mark = s.good(mark)
    label = f"{one_line(f.rule)} ({f.kind}{', warning' if f.severity == 'warning' else ''})"
    lines = [f"    {mark} {label}: {clean(f.message)}"]
    if f.status == "fail":
        lines.append(f"        clause: \u201c{clean(f.clause)}\u201d")
        if f.fix:
            lines.append(f"        fix: {clean(f.fix)}")
    return lines


def _passages(candidate: Document, overlaps: list[Overlap], s: _Style) -> list[str]:
    spans = _merged(sorted((p.candidate_start, p.candidate_end) for ov in overlaps for p in ov.passages))
    if not spans:
        return ["  No reused passages."]
    lines = ["", f"  Reused passages, highlighted in {one_line(candidate.source)}:"]
    touched = [(start, end) for start, end in candidate.paragraphs()
               if any(a < end and b > start for a, b in spans)]
    for shown, (start, end) in enumerate(touched):
        if shown == _MAX_PARAGRAPHS:
            rest = len(touched) - shown
            lines += ["", f"    … and {rest} more paragraph{'s' if rest != 1 else ''} with reused text "
                          "(--format json lists every passage)"]
            break
        inside = [(a, b) for a, b in spans if a < end and b > start]
        text, pos = "", start
        for a, b in inside:
            a, b = max(a, start), min(b, end)
            text += clean(candidate.text[pos:a]) + s.reused(clean(candidate.text[a:b]))
            pos = b
        text += clean(candidate.text[pos:end])
        lines.append("")
        lines.extend(_indent(text))
    return lines


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Overlapping spans (the same words reused from two originals) as one."""
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _indent(text: str) -> list[str]:
    flat = " ".join(text.split())
    # Wrapping ANSI codes would break them; a terminal wraps long lines well enough.
    if "\x1b[" in flat:
        return ["    " + flat]
    return textwrap.wrap(flat, _WIDTH, initial_indent="    ", subsequent_indent="    ")


def render_comparison(cmp: Comparison, *, color: bool = False, quiet: bool = False,
                      original_notes: bool = True) -> str:
    s = _Style(color)
    lines = [f"{one_line(cmp.candidate.source)}: {cmp.candidate.words} words, "
             f"{cmp.share_of_candidate:.1%} reused from {len(cmp.originals)} original"
             f"{'s' if len(cmp.originals) != 1 else ''} ({cmp.reused_candidate_words} words)"]
    if quiet:
        return lines[0] + "\n"
    if original_notes:
        lines.extend(_note(n, s, "  ") for m in cmp.originals for n in document_notes(m.original))
    lines.extend(_note(n, s, "  ") for n in document_notes(cmp.candidate))
    for m in cmp.originals:
        first, shares = _measured(m)
        lines.append(f"  {clean(m.original.source)}: {first}")
        lines.append(f"    {shares}")
        for p in m.overlap.passages:
            excerpt = clean(" ".join(cmp.candidate.text[p.candidate_start:p.candidate_end].split()))
            if len(excerpt) > 90:
                excerpt = excerpt[:60] + " … " + excerpt[-25:]
            lines.append(f"    {p.kind:<9} {p.words:>4} words  sim {p.similarity:.2f}  "
                         f"[{p.candidate_start}:{p.candidate_end}]  {s.dim(excerpt)}")
    lines.extend(_passages(cmp.candidate, [m.overlap for m in cmp.originals], s))
    return "\n".join(lines) + "\n"


def render_comparisons(result: Comparisons, *, color: bool = False, quiet: bool = False) -> str:
    """Several comparisons one after the other, after the files that could not be read."""
    s = _Style(color)
    parts = []
    if (result.errors or result.notes) and not quiet:
        parts.append("\n".join([*(_problem(p, s) for p in result.errors), *(_note(n, s) for n in result.notes)])
                     + "\n")
    parts.extend(render_comparison(c, color=color, quiet=quiet, original_notes=False) for c in result.comparisons)
    return ("" if quiet else "\n").join(parts)
