"""A self-contained HTML page of a check: verdict, findings, and each pair's texts side by side.

The page is one file that works offline (inline CSS, no script, nothing fetched) so that it can be
attached to a pull request or mailed to an editor. Every value taken from the inputs is escaped, and
bidi and other control characters are shown as visible marks, not obeyed, so that a hostile file name
or text cannot reorder or hide what the reviewer reads.
"""

from __future__ import annotations

import html
import re
from bisect import bisect_right
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from reusecheck import __version__
from reusecheck.checks import Finding
from reusecheck.documents.locate import Region
from reusecheck.documents.model import Document
from reusecheck.formats.located import Located, Site, located, relative, sites
from reusecheck.matching import Passage
from reusecheck.report import CandidateResult, Checked, Note, Report

_KINDS = {"verbatim": "verbatim", "edited": "edited", "rewritten": "rewritten"}
"""Passage kinds with their own colour; any other kind is drawn as `other`."""

_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")
# C0 controls but the line breaks and tabs the text panels keep (a browser reads CR as a line break), and
# lone surrogates, which cannot be written as UTF-8: each becomes one visible character.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")

_CSS = """
:root{color-scheme:light dark;--fg:#1f2328;--muted:#59636e;--bg:#fff;--panel:#f6f8fa;--line:#d1d9e0;
--bad:#c4162a;--ok:#1a7f37;--warn:#9a6700;--err:#8250df;--link:#0b5cad}
@media (prefers-color-scheme:dark){:root{--fg:#e6edf3;--muted:#9198a1;--bg:#0d1117;--panel:#151b23;
--line:#3d444d;--bad:#ff7b72;--ok:#3fb950;--warn:#d29922;--err:#bc8cff;--link:#58a6ff}}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0 auto;max-width:1500px;padding:12px 16px 48px;font:15px/1.5 system-ui,-apple-system,"Segoe UI",
Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--fg);background:var(--bg);overflow-wrap:anywhere}
a{color:var(--link)}
h1{font-size:1.45em;margin:.4em 0}
h2{font-size:1.2em;margin:1.4em 0 .5em;border-bottom:1px solid var(--line);padding-bottom:.2em}
h3{font-size:1.05em;margin:1.2em 0 .4em}
code,.path{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.92em}
.muted{color:var(--muted)}
.badge{display:inline-block;padding:.05em .55em;border-radius:1em;font-weight:600;font-size:.85em;
color:#fff;background:var(--muted);white-space:nowrap}
.badge.violation,.badge.error,.badge.fail{background:var(--bad)}
.badge.compliant,.badge.pass,.badge.waived{background:var(--ok)}
.badge.warning{background:var(--warn)}
.badge.input-error{background:var(--err)}
.verdict{font-size:1.15em}
.counts{display:flex;flex-wrap:wrap;gap:8px;margin:.6em 0;padding:0;list-style:none}
.counts li{border:1px solid var(--line);border-radius:6px;padding:.3em .8em;background:var(--panel)}
.counts b{font-size:1.2em}
ol.findings,ul.plain{padding:0;list-style:none}
.finding{border:1px solid var(--line);border-left:4px solid var(--bad);border-radius:6px;padding:.5em .8em;
margin:.5em 0;background:var(--panel)}
.finding.warning{border-left-color:var(--warn)}
.finding p{margin:.3em 0}
blockquote{margin:.3em 0;padding:.1em .8em;border-left:3px solid var(--line);color:var(--muted)}
details.candidate{border:1px solid var(--line);border-radius:8px;margin:.8em 0;padding:0 .8em}
details.candidate>summary{cursor:pointer;padding:.6em 0;font-weight:600}
details.candidate[open]>summary{border-bottom:1px solid var(--line);margin-bottom:.4em}
.pair{border-top:1px dashed var(--line);margin-top:1em}
.rules{margin:.4em 0;padding-left:1.2em}
.passages{padding-left:0;list-style:none;font-size:.92em;margin:.4em 0}
.passages li{margin:.15em 0}
.cols{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr);gap:12px;margin:.6em 0}
@media (max-width:800px){.cols{grid-template-columns:minmax(0,1fr)}body{padding:8px 10px 32px}}
.col h4{margin:.2em 0;font-size:.95em}
.text{white-space:pre-wrap;overflow-wrap:anywhere;font:14px/1.6 Georgia,"Times New Roman",serif;margin:0;
padding:.6em .8em;border:1px solid var(--line);border-radius:6px;background:var(--panel);max-height:80vh;
overflow-y:auto;unicode-bidi:isolate}
.out{color:var(--muted);font-style:italic}
mark{color:inherit;background:rgba(255,200,0,.42);border-radius:2px}
mark.verbatim{background:rgba(255,196,0,.45)}
mark.edited{background:rgba(255,120,0,.30)}
mark.rewritten{background:rgba(60,140,255,.28)}
mark:target{outline:2px solid var(--fg);outline-offset:1px}
a.pn{display:inline-block;font:600 11px/1.3 system-ui,sans-serif;padding:0 .35em;margin:0 .15em;
border-radius:.7em;background:var(--fg);color:var(--bg);text-decoration:none;vertical-align:.15em;
white-space:nowrap}
.legend mark{padding:0 .3em}
.ctl{font:11px ui-monospace,monospace;color:var(--bad);border:1px solid var(--bad);border-radius:3px;
padding:0 .15em;font-style:normal}
footer{margin-top:2em;color:var(--muted);font-size:.85em}
"""


def render(report: Report, root: str | Path | None = None) -> str:
    """The report as one HTML page; file paths are shown relative to `root` when they lie inside it."""
    page = _Page(report, root)
    return page.render()


def esc(value: object) -> str:
    """Text for HTML content or a quoted attribute, with bidi and control characters made visible."""
    text = html.escape(str(value), quote=True)
    text = _CONTROL.sub(lambda m: _control_picture(m.group()), text)
    return _BIDI.sub(lambda m: f'<span class="ctl" title="bidi control">U+{ord(m.group()):04X}</span>', text)


def _attr(value: object) -> str:
    """Text for a quoted attribute: as `esc`, without markup."""
    text = html.escape(str(value), quote=True)
    text = _CONTROL.sub(lambda m: _control_picture(m.group()), text)
    return _BIDI.sub(lambda m: f"U+{ord(m.group()):04X}", text)


def _control_picture(char: str) -> str:
    code = ord(char)
    if code < 0x20:
        return chr(0x2400 + code)
    return "\u2421" if code == 0x7F else "\ufffd"


def _href(url: str | None) -> str:
    """A link to a web address from the report, or the address as text when it is not http(s)."""
    if not url:
        return ""
    if re.match(r"https?://", url, re.IGNORECASE) and not _CONTROL.search(url):
        return f'<a href="{_attr(url)}" rel="noopener noreferrer">{esc(url)}</a>'
    return f"<span>{esc(url)}</span>"


def _lines(region: Region) -> str:
    if region.end_line > region.start_line:
        return f"lines {region.start_line}\u2013{region.end_line}"
    return f"line {region.start_line}"


def _percent(share: float) -> str:
    return f"{share * 100:.1f}%"


def ordered(checked: Checked) -> list[Passage]:
    """The pair's passages in the candidate's order, numbered from 1 in the page (as located.sites)."""
    return sorted(checked.measured.overlap.passages, key=lambda p: p.candidate_start)


class _Page:
    def __init__(self, report: Report, root: str | Path | None) -> None:
        self.report = report
        self.root = root
        self.pair_ids: dict[int, str] = {}
        """id() of each pair's finding objects -> the pair's anchor."""
        self.candidate_ids: dict[str, str] = {}
        for c_no, result in enumerate(report.candidates, 1):
            anchor = f"c{c_no}"
            self.candidate_ids.setdefault(result.comparison.candidate.source, anchor)
            for finding in result.findings:
                self.pair_ids[id(finding)] = anchor
            for o_no, checked in enumerate(result.listed(report.all_pairs), 1):
                for finding in checked.findings:
                    self.pair_ids[id(finding)] = f"{anchor}-o{o_no}"

    def path(self, source: str) -> str:
        return f'<bdi class="path">{esc(relative(source, self.root))}</bdi>'

    def render(self) -> str:
        report = self.report
        title = f"reusecheck: {report.verdict}"
        parts = [
            "<!DOCTYPE html>",
            '<html lang="en">',
            "<head>",
            '<meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f'<meta name="generator" content="reusecheck {_attr(__version__)}">',
            f"<title>{esc(title)}</title>",
            f"<style>{_CSS}</style>",
            "</head>",
            "<body>",
            self.header(),
            self.findings(),
            self.notes(),
            self.candidates(),
            f"<footer>reusecheck {esc(__version__)}. Highlighted passages: the same words (verbatim), copied "
            "with light edits (edited), or a sentence rewritten around the original's words (rewritten). "
            "Text in italics lies outside the article (page chrome, notices) and is not counted.</footer>",
            "</body>",
            "</html>",
        ]
        return "\n".join(p for p in parts if p) + "\n"

    def header(self) -> str:
        report = self.report
        unread = sum(e.role == "candidate" for e in report.errors)
        counts = [("candidates", len(report.candidates) + unread), ("violations", report.violations),
                  ("errors", report.error_count), ("warnings", report.warning_count)]
        items = "".join(f'<li class="count-{name}"><b>{value}</b> {name}</li>' for name, value in counts)
        return (f'<header><h1>Reuse check</h1><p class="verdict">Verdict: <span class="badge {report.verdict}" '
                f'id="verdict">{report.verdict}</span> <span class="muted">checked on '
                f"{esc(report.checked_on.isoformat())}</span></p>"
                f'<ul class="counts">{items}</ul></header>')

    def findings(self) -> str:
        rows = located(self.report)
        if not rows:
            return '<section id="findings"><h2>Findings</h2><p>No rule failed and every input was read.</p></section>'
        items = "\n".join(self.finding(row) for row in rows)
        return f'<section id="findings"><h2>Findings ({len(rows)})</h2><ol class="findings">\n{items}\n</ol></section>'

    def finding(self, row: Located) -> str:
        anchor = self.pair_ids.get(id(row.finding)) if row.finding is not None else None
        if anchor is None:
            anchor = self.candidate_ids.get(row.path)
        where = f"{self.path(row.path)}:{row.region.start_line}"
        if anchor:
            where = f'<a href="#{anchor}">{where}</a>'
        badge = "input-error" if row.kind == "input-error" else row.severity
        parts = [f'<li class="finding {row.severity}"><p><span class="badge {badge}">{esc(row.severity)}</span> '
                 f"<code>{esc(row.rule_id)}</code> {where}</p>",
                 f'<p class="message">{esc(row.message)}</p>']
        if row.fix:
            parts.append(f'<p class="fix"><b>Fix:</b> {esc(row.fix)}</p>')
        if row.clause:
            parts.append(f'<blockquote class="clause">{esc(row.clause)}</blockquote>')
        if row.original:
            url = f" ({_href(row.original_url)})" if row.original_url else ""
            parts.append(f'<p class="muted">Original: {self.path(row.original)}{url}</p>')
        if row.sites and anchor:
            links = " ".join(f'<a href="#{anchor}-p{n}-c" title="{_attr(_lines(s.candidate))}">{n}</a>'
                             for n, s in enumerate(row.sites, 1))
            parts.append(f'<p class="muted">Passages: {links}</p>')
        parts.append("</li>")
        return "".join(parts)

    def notes(self) -> str:
        notes: list[Note] = list(self.report.notes)
        for result in self.report.candidates:
            notes.extend(result.notes)
        if not notes:
            return ""
        items = "".join(f"<li>{self.path(n.source)}: {esc(n.message)}</li>" for n in notes)
        return f'<section id="notes"><h2>Warnings about the inputs</h2><ul>{items}</ul></section>'

    def candidates(self) -> str:
        results = self.report.candidates
        if not results:
            return '<section id="candidates"><h2>Candidates</h2><p>No candidate was checked.</p></section>'
        body = "\n".join(self.candidate(n, r) for n, r in enumerate(results, 1))
        legend = ('<p class="legend muted">Reused passages: <mark class="verbatim">verbatim</mark> '
                  '<mark class="edited">edited</mark> <mark class="rewritten">rewritten</mark>; '
                  "the numbers link each passage to its counterpart.</p>")
        return f'<section id="candidates"><h2>Candidates ({len(results)})</h2>{legend}\n{body}\n</section>'

    def candidate(self, number: int, result: CandidateResult) -> str:
        cmp = result.comparison
        doc = cmp.candidate
        anchor = f"c{number}"
        opened = " open" if result.verdict != "compliant" else ""
        summary = (f'<summary><span class="badge {result.verdict}">{result.verdict}</span> {self.path(doc.source)} '
                   f'<span class="muted">{doc.words} words, {_percent(cmp.share_of_candidate)} reused</span>'
                   "</summary>")
        parts = [f'<details class="candidate" id="{anchor}"{opened}>', summary]
        if result.errors:
            items = "".join(f"<li>{self.path(p.source)}: {esc(p.message)}</li>" for p in result.errors)
            parts.append(f'<p>Could not be judged against:</p><ul class="errors">{items}</ul>')
        if result.findings:
            parts.append(f'<ul class="rules">{"".join(self.rule(f) for f in result.findings)}</ul>')
        listed = result.listed(self.report.all_pairs)
        for o_no, checked in enumerate(listed, 1):
            parts.append(self.pair(f"{anchor}-o{o_no}", doc, checked))
        hidden = len(result.originals) - len(listed)
        if hidden:
            parts.append(f'<p class="muted">{hidden} other original(s) not used and not listed.</p>')
        parts.append("</details>")
        return "\n".join(parts)

    def rule(self, finding: Finding) -> str:
        status = finding.status
        label = "warning" if status == "fail" and finding.severity != "error" else status
        return (f'<li><span class="badge {_attr(label)}">{esc(status)}</span> <code>{esc(finding.rule)}</code> '
                f"{esc(finding.message)}</li>")

    def pair(self, anchor: str, candidate: Document, checked: Checked) -> str:
        m = checked.measured
        overlap = m.overlap
        original = m.original
        pack = checked.pack
        terms = f" ({_href(pack.terms_url)})" if pack.terms_url else ""
        url = f"<br>{_href(m.url)}" if m.url else ""
        uses = "uses the original" if overlap.uses_original else "does not use the original"
        parts = [f'<section class="pair" id="{anchor}">',
                 f"<h3>Original: {self.path(original.source)}{url}</h3>",
                 f'<p>Rules: <bdi>{esc(pack.name)}</bdi> <code>{esc(pack.id)}</code>{terms}.</p>',
                 f"<p>The candidate {uses}: {overlap.reused_words} of the original's {overlap.original_words} "
                 f"words reused ({_percent(overlap.share_of_original)}), "
                 f"{_percent(overlap.share_of_candidate)} of the candidate.</p>"]
        if checked.findings:
            parts.append(f'<ul class="rules">{"".join(self.rule(f) for f in checked.findings)}</ul>')
        passages = ordered(checked)
        if not passages:
            parts.append('<p class="muted">No reused passage.</p></section>')
            return "\n".join(parts)
        placed = sites(candidate, checked)  # the same order as `passages`
        parts.append(self.passage_list(anchor, placed))
        prefix = f"{anchor}-p"
        titles = {n: f"passage {n}: {s.kind}, {s.words} words; candidate {_lines(s.candidate)}, original "
                     f"{_lines(s.original)}" for n, s in enumerate(placed, 1)}
        orig_spans = [(p.original_start, p.original_end, n, p.kind) for n, p in enumerate(passages, 1)]
        cand_spans = [(p.candidate_start, p.candidate_end, n, p.kind) for n, p in enumerate(passages, 1)]
        parts.append(
            '<div class="cols">'
            f'<div class="col original"><h4>Original: {self.path(original.source)}</h4>'
            f'<div class="text" dir="auto">{highlight(original, orig_spans, prefix, "o", "c", titles)}</div></div>'
            f'<div class="col candidate"><h4>Candidate: {self.path(candidate.source)}</h4>'
            f'<div class="text" dir="auto">{highlight(candidate, cand_spans, prefix, "c", "o", titles)}</div></div>'
            "</div></section>")
        return "\n".join(parts)

    def passage_list(self, anchor: str, placed: Sequence[Site]) -> str:
        items = []
        for n, site in enumerate(placed, 1):
            kind = _KINDS.get(site.kind, "other")
            items.append(f'<li><mark class="{kind}">{esc(site.kind)}</mark> {site.words} words: '
                         f'<a href="#{anchor}-p{n}-c">candidate {n}</a> ({_lines(site.candidate)}) \u2194 '
                         f'<a href="#{anchor}-p{n}-o">original</a> ({_lines(site.original)})</li>')
        return f'<ol class="passages">{"".join(items)}</ol>'


def highlight(doc: Document, spans: Iterable[tuple[int, int, int, str]], prefix: str, side: str, other: str,
              titles: Mapping[int, str] | None = None) -> str:
    """The document's text with each span (start, end, number, kind) in <mark>s.

    Spans may overlap or nest (several candidate passages can come from one stretch of the original), so
    the text is cut at every span boundary and each piece is wrapped in one <mark> per span covering it:
    the markup stays well nested. The first piece of span n carries the id `{prefix}{n}-{side}`, and a
    numbered link at its start, titled `titles[n]`, leads to `{prefix}{n}-{other}`.
    """
    text = doc.text
    size = len(text)
    clipped = sorted((max(0, min(s, size)), max(0, min(max(s, e), size)), n, k) for s, e, n, k in spans)
    counted = _merged((max(0, s), min(e, size)) for s, e in doc.counted)
    counted_starts = [s for s, _ in counted]
    cuts = {0, size}
    for s, e, _, _ in clipped:
        cuts.update((s, e))
    for s, e in counted:
        cuts.update((s, e))
    bounds = sorted(cuts)
    starts: dict[int, list[tuple[int, int, int, str]]] = {}
    for span in clipped:
        starts.setdefault(span[0], []).append(span)

    out: list[str] = []
    active: list[tuple[int, int, int, str]] = []
    for a, b in zip(bounds, bounds[1:] + [size], strict=True):
        active = [span for span in active if span[1] > a]
        opening = starts.get(a, [])
        for s, e, n, kind in opening:
            title = (titles or {}).get(n, f"passage {n}: {kind}")
            out.append(f'<a class="pn" href="#{prefix}{n}-{other}" title="{_attr(title)}">{n}</a>')
            if s == e:
                out.append(f'<mark class="{_KINDS.get(kind, "other")}" id="{prefix}{n}-{side}" data-p="{n}"></mark>')
            else:
                active.append((s, e, n, kind))
        if a >= b:
            continue
        piece = esc(text[a:b])
        fresh = {n for s, e, n, _ in opening}
        for _, _, n, kind in sorted(active, key=lambda span: span[2], reverse=True):
            ident = f' id="{prefix}{n}-{side}"' if n in fresh else ""
            piece = f'<mark class="{_KINDS.get(kind, "other")}"{ident} data-p="{n}">{piece}</mark>'
        at = bisect_right(counted_starts, a) - 1
        if counted and (at < 0 or counted[at][1] < b):
            piece = f'<span class="out">{piece}</span>'
        out.append(piece)
    return "".join(out)


def _merged(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans sorted and joined where they overlap or touch."""
    result: list[tuple[int, int]] = []
    for start, end in sorted(s for s in spans if s[0] < s[1]):
        if result and start <= result[-1][1]:
            result[-1] = (result[-1][0], max(result[-1][1], end))
        else:
            result.append((start, end))
    return result
