"""Locations in the file as written: how often a mapped region holds exactly the text it stands for,
and what building the map costs beside reading the document.

Pages: the HTML pages of the extraction benchmark (dev and held-out sets), the example drafts and
original (Markdown, HTML, text), and the METER newspaper stories read as HTML: real newspaper copy in
SGML, many of them with the journalists' <Verbatim> and <Rewrite> tags inside sentences.

For every paragraph of each document's extracted text, and for random 8-word stretches inside
paragraphs, the region is cut out of the file as written, its markup is removed (every tag read as a
space, entities decoded; Markdown rendered by markdown-it-py first) and its words are compared with the
stretch's words:

- exact: the cut holds the stretch's words and nothing else;
- starts/ends right: the cut's first (last) word is the stretch's first (last) word;
- word recall: the share of the stretch's words found in the cut, in order.

Times are the median, over --repeats runs, of building a Document's map (all regions of it) and of
parsing the document itself (the baseline, measured in the same run), per document.

Run from the repository root:  python benchmarks/locations.py [--repeats 5] [--seed 1] [--show]
"""

from __future__ import annotations

import argparse
import html
import random
import re
import statistics
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from common import DEFAULT_CORPORA, machine_lines
from markdown_it import MarkdownIt
from rapidfuzz.distance import Indel

from reusecheck.documents import Document, load_document, parse_document
from reusecheck.documents.locate import SourceMap
from reusecheck.errors import ReusecheckError

ROOT = Path(__file__).resolve().parents[1]
FORMATS = {".md": "md", ".html": "html", ".txt": "text", ".sgml": "html"}


def sets(corpora: Path) -> dict[str, list[Path]]:
    meter = sorted((corpora / "meter-showbiz" / "newspapers").rglob("*.sgml"))
    return {
        "extraction pages (dev)": sorted((ROOT / "benchmarks/extraction/pages").glob("*.html")),
        "extraction pages (held out)": sorted((ROOT / "benchmarks/extraction/holdout").glob("*.html")),
        "examples": sorted(p for p in (ROOT / "examples").rglob("*") if p.suffix in (".md", ".html", ".txt")),
        **({"METER newspaper stories (SGML as HTML)": meter} if meter else {}),
    }


def read(path: Path) -> Document:
    if path.suffix == ".sgml":
        return Document.from_text(path.read_text(encoding="latin-1"), "html", source=str(path))
    return load_document(path)
WORD = re.compile(r"[^\W_]+")
TAG = re.compile(r"<[^>]*>")
REFERENCE = re.compile(r"^ {0,3}\[[^\]\n]+\]:[^\n]*\n", re.MULTILINE)
MARKDOWN = MarkdownIt("commonmark").enable("table")


def words(text: str) -> list[str]:
    return [w.casefold() for w in WORD.findall(text)]


def cut(raw: str, doc: Document, start: int, end: int) -> str:
    region = doc.region(start, end)
    lines = raw.splitlines(keepends=True)
    # SourceMap counts lone carriage returns as line ends too; splitlines agrees for \r, \n and \r\n.
    chosen = lines[region.start_line - 1:region.end_line]
    if not chosen:
        return ""
    if len(chosen) == 1:
        return chosen[0][region.start_column - 1:region.end_column - 1]
    return (chosen[0][region.start_column - 1:] + "".join(chosen[1:-1])
            + chosen[-1][:region.end_column - 1])


def unmarked(fragment: str, fmt: str, raw: str) -> str:
    """The fragment's text: Markdown rendered (with the file's link reference definitions, which the
    fragment may lack), then every tag read as a space (a cut can begin or end inside a table row, where
    a parser would drop the orphaned cells' tags and join their words)."""
    if fmt == "text":
        return fragment
    if fmt == "markdown":
        fragment = MARKDOWN.render(fragment + "\n\n" + "".join(REFERENCE.findall(raw)))
    return html.unescape(TAG.sub(" ", fragment))


def stretches(doc: Document, rng: random.Random) -> list[tuple[int, int]]:
    """Every counted paragraph, and one random 8-word stretch inside each that has enough words."""
    found: list[tuple[int, int]] = []
    for begin, end in doc.paragraphs():
        spans = [(m.start() + begin, m.end() + begin) for m in WORD.finditer(doc.text[begin:end])]
        if not spans:
            continue
        found.append((spans[0][0], spans[-1][1]))
        if len(spans) > 8:
            first = rng.randrange(len(spans) - 8)
            found.append((spans[first][0], spans[first + 7][1]))
    return found


def score(doc: Document, raw: str, rng: random.Random) -> list[tuple[bool, bool, bool, float]]:
    rows = []
    for start, end in stretches(doc, rng):
        want = words(doc.text[start:end])
        got = words(unmarked(cut(raw, doc, start, end), doc.format, raw))
        common = len(want) - Indel.distance(want, got) // 2 if got else 0
        common = max(0, min(common, len(want)))
        rows.append((got == want, bool(got) and got[0] == want[0], bool(got) and got[-1] == want[-1],
                     common / len(want)))
    return rows


def timing(path: Path, repeats: int) -> tuple[float, float]:
    doc = read(path)
    raw = doc.raw or doc.text
    parse, build = [], []
    for _ in range(repeats):
        t0 = time.perf_counter()
        parse_document(raw, str(path), doc.format)
        t1 = time.perf_counter()
        SourceMap(raw, doc.text, doc.format, doc.body_offset).raw_span(0, len(doc.text))
        t2 = time.perf_counter()
        parse.append(t1 - t0)
        build.append(t2 - t1)
    return statistics.median(parse) * 1000, statistics.median(build) * 1000


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--corpora", type=Path, default=DEFAULT_CORPORA,
                        help="folder holding the corpora (default: ../shared/corpora beside the repo)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--show", action="store_true", help="print every stretch that is not exact")
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    print("\n".join(machine_lines()) + "\n")
    print("| set | documents | stretches | exact | starts right | ends right | word recall |"
          " parse ms (median) | map ms (median) | map / parse |")
    print("|:--|--:|--:|--:|--:|--:|--:|--:|--:|--:|")
    for name, paths in sets(args.corpora).items():
        rows: list[tuple[bool, bool, bool, float]] = []
        parse_ms, map_ms = [], []
        for path in paths:
            try:
                doc = read(path)
            except ReusecheckError as exc:
                print(f"  skipped {exc}", file=sys.stderr)
                continue
            scored = score(doc, doc.raw or doc.text, rng)
            rows += scored
            if args.show:
                for (start, end), row in zip(stretches(doc, random.Random(args.seed)), scored, strict=False):
                    if not row[0]:
                        print(f"  {path.name}: {doc.text[start:end][:70]!r}", file=sys.stderr)
            p, m = timing(path, args.repeats)
            parse_ms.append(p)
            map_ms.append(m)
        n = len(rows)
        parse_median, map_median = statistics.median(parse_ms), statistics.median(map_ms)
        print(f"| {name} | {len(paths)} | {n} | {sum(r[0] for r in rows) / n:.3f} | {sum(r[1] for r in rows) / n:.3f}"
              f" | {sum(r[2] for r in rows) / n:.3f} | {sum(r[3] for r in rows) / n:.3f} | {parse_median:.1f}"
              f" | {map_median:.1f} | {map_median / parse_median:.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
