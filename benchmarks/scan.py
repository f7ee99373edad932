"""Archive scan: `reusecheck index build` over the 2,225 BBC News Summary articles, then `reusecheck scan` of
thousands of candidates against the index, with known truth.

The data (scan_data.py, written to a temporary work folder, never to the repository): the archive is every
BBC article as a JSONL record (url https://news.example/bbc/<topic>/<nnn>, title, body); the candidates
(default 6,000) are real prose that is not in the archive (sentences of METER show-business wire copy and
newspaper stories and of Clough-Stevenson answers, recombined across documents), about 17% of them
embedding one to three passages (whole sentences, 30-150 words each) of one or two articles, verbatim or
lightly edited. The truth is every (candidate, article) pair a passage comes from, with the article's words
the candidate has in place; a passage that also occurs verbatim in another article (the corpus repeats about
130 articles) makes that pair true too, and so do runs of 10 or more of its words that another article has
(articles that share paragraphs), with the words in those runs.

What is printed, as Markdown tables:

- the data: archive, filler, candidates, truth pairs and how many of them only a repeated article makes;
- the index: build time, the largest process's peak memory, and `index stats` (documents, postings,
  bytes, bytes per posting, pruned n-grams);
- speed: `reusecheck scan --jobs N` for each N, `--repeats` runs each, interleaved; the median wall time of
  the whole command, candidates per second from it and the rate the scan's own summary prints. Memory:
  the peak resident set of the largest single process of each run (ru_maxrss of the scan process and the
  workers it waited for, from wait4 in a small launcher, since a process forked from this large one would
  count this one's size: exact), and in one more run per N, untimed, the process tree sampled
  every 50 ms from /proc: the peak of the summed RSS (counts pages the workers share with their parent
  twice) and of the summed PSS (shares them out; a lower bound, since a peak can fall between samples);
- accuracy of the pairs the scan outputs: recall of the true pairs with at least 30 reused words (target
  >= 0.99), false pairs per candidate (target <= 0.05), recall by kind of edit, up to --show missed and
  false pairs with a reason; beside it, in the same run, naive word 8-gram containment (a pair when 30 of
  the candidate's words lie in 8-grams the article has) as a reference;
- retrieval before alignment, through the Python API (retrieve_all): the share of true pairs the index
  retrieves and the retrieved articles per candidate;
- brute force on a subset (--subset candidates, half of them reusing): `reusecheck compare CANDIDATE
  --original ARCHIVE_FOLDER` per candidate (every article aligned, no index) against the scan: time per
  candidate, the speed ratio and the agreement of the pair sets.

--dry builds the data and the truth and evaluates only the naive reference, without running reusecheck:
a check of the generator and the evaluation while the scan commands do not exist.

Run from the repository root: python benchmarks/scan.py [--corpora PATH] [--candidates 6000] [--repeats 3]
    [--jobs 1 2] [--subset 40] [--work FOLDER] [--keep] [--dry]
"""

from __future__ import annotations

import argparse
import difflib
import importlib
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from common import DEFAULT_CORPORA, machine_lines, percentile, table
from scan_data import (
    OWN,
    REPEATED,
    SHARED,
    SHARED_RUN,
    WORD,
    Article,
    Candidate,
    TruePair,
    archive_records,
    build_candidates,
    load_archive,
    load_filler,
    truth,
    without_shared,
    write_jsonl,
    write_text_files,
)

from reusecheck.documents.model import Document
from reusecheck.matching import compare

REPOSITORY = Path(__file__).resolve().parents[1]
MIN_WORDS = 30
"""True pairs with at least this many reused words are the ones the recall target is about."""
RECALL_TARGET, FALSE_TARGET = 0.99, 0.05
NAIVE_GRAM = 8
FALSE_EXPLAINED = 2000
"""False pairs whose longest shared run is looked for (difflib, a few ms each)."""
BY_NAMES = {
    OWN: "a passage was taken from the article",
    REPEATED: "each run of a passage's sentences is in the article verbatim too (the corpus repeats articles)",
    SHARED: f"runs of {SHARED_RUN}+ words of a passage, as the candidate has them, are in the article too "
            "(articles that share paragraphs, quotes, line-ups); the words in those runs count as reused",
}
Pair = tuple[str, str]
"""(candidate URL, original URL)"""


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--corpora", type=Path, default=DEFAULT_CORPORA,
                        help="folder holding bbc-news-summary/, meter-showbiz/, clough-stevenson/ "
                             "(default: ../shared/corpora beside the repository)")
    parser.add_argument("--candidates", type=int, default=6000)
    parser.add_argument("--reusing", type=float, default=0.17, help="share of candidates that embed passages")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--repeats", type=int, default=3, help="timed scans per --jobs value")
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2], help="--jobs values of the scan")
    parser.add_argument("--max-df", type=int, default=None, help="passed to `index build` when given")
    parser.add_argument("--rules", default="qazmonitor",
                        help="the scan's --rules, so that rules are part of what is timed ('none': --no-rules)")
    parser.add_argument("--subset", type=int, default=40, help="candidates for the brute-force compare (0: none)")
    parser.add_argument("--show", type=int, default=10, help="missed and false pairs listed")
    parser.add_argument("--work", type=Path, default=None, help="work folder (default: a new temporary one)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary work folder")
    parser.add_argument("--dry", action="store_true", help="data, truth and the naive reference only")
    args = parser.parse_args(argv)

    for corpus in ("bbc-news-summary", "meter-showbiz", "clough-stevenson"):
        if not (args.corpora / corpus).is_dir():
            print(f"corpus not found at {args.corpora / corpus}: nothing to measure (pass --corpora PATH)")
            return 0
    if args.candidates < 1 or args.repeats < 1 or not 0 <= args.reusing <= 1:
        parser.error("--candidates and --repeats must be at least 1, --reusing between 0 and 1")

    temporary = args.work is None
    work = Path(tempfile.mkdtemp(prefix="reusecheck-scan-")) if temporary else args.work
    work.mkdir(parents=True, exist_ok=True)
    try:
        return Benchmark(args, work).run()
    finally:
        if temporary and not args.keep:
            shutil.rmtree(work, ignore_errors=True)
        elif args.keep or not temporary:
            print(f"\nwork folder kept: {work}")


# Running commands ------------------------------------------------------------------------------------


@dataclass
class Run:
    wall: float
    code: int
    max_rss_kb: int
    """ru_maxrss from wait4 in the launcher: the largest single process among the command and the children it
    waited for (at least the launcher's own small size, which the command is forked with)."""
    stderr: str
    sum_rss_kb: int = 0
    sum_pss_kb: int = 0
    processes: int = 0
    """Sampled runs only: peaks over the samples of the process tree."""


def reusecheck_command(*arguments: str | Path) -> list[str]:
    return [sys.executable, "-m", "reusecheck", *map(str, arguments)]


# A process's ru_maxrss includes the peak of the memory it was forked with until it calls exec, so a command
# started from this (large) process would report this process's size. A small launcher starts it instead,
# and reports the command's wall time, exit code and ru_maxrss (the command and the children it waited for).
_LAUNCHER = """
import json, os, subprocess, sys, time
started = time.perf_counter()
child = subprocess.Popen(sys.argv[2:])
_pid, status, usage = os.wait4(child.pid, 0)
wall = time.perf_counter() - started
with open(sys.argv[1], "w") as out:
    json.dump({"wall": wall, "code": os.waitstatus_to_exitcode(status), "maxrss": usage.ru_maxrss}, out)
"""


def run(command: Sequence[str], folder: Path, name: str, *, sample: bool = False) -> Run:
    """Run `command` with stdout and stderr in files of `folder`, timing the whole process."""
    out_path, err_path, report = (folder / f"{name}.{kind}" for kind in ("stdout", "stderr", "run.json"))
    report.unlink(missing_ok=True)
    sampler = None
    with out_path.open("wb") as out, err_path.open("wb") as err:
        # A session of its own, so that the sampler finds the command and its workers by their session id.
        launcher = subprocess.Popen([sys.executable, "-S", "-c", _LAUNCHER, str(report), *command], stdout=out,
                                    stderr=err, start_new_session=sample, cwd=REPOSITORY)
        if sample:
            sampler = Sampler(launcher.pid)
            sampler.start()
        code = launcher.wait()
    if sampler is not None:
        sampler.stop()
    stderr = err_path.read_text(encoding="utf-8", errors="replace")
    if code != 0 or not report.is_file():
        raise RuntimeError(f"the launcher of {' '.join(command)} failed (exit {code}): {stderr[-500:]}")
    measured = json.loads(report.read_text())
    result = Run(measured["wall"], measured["code"], measured["maxrss"], stderr)
    if sampler is not None:
        result.sum_rss_kb, result.sum_pss_kb, result.processes = sampler.rss, sampler.pss, sampler.processes
    return result


class Sampler(threading.Thread):
    """Peaks of the summed RSS and PSS of every process of one session, sampled from /proc."""

    INTERVAL = 0.05

    def __init__(self, session: int) -> None:
        super().__init__(daemon=True)
        self.session = session
        self.rss = self.pss = self.processes = 0
        self._done = threading.Event()

    def stop(self) -> None:
        self._done.set()
        self.join()

    def run(self) -> None:
        while not self._done.is_set():
            rss = pss = count = 0
            for pid in self._members():
                memory = _rollup(pid)
                if memory is not None:
                    rss, pss, count = rss + memory[0], pss + memory[1], count + 1
            self.rss, self.pss = max(self.rss, rss), max(self.pss, pss)
            self.processes = max(self.processes, count)
            self._done.wait(self.INTERVAL)

    def _members(self) -> list[int]:
        members = []
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            fields = stat[stat.rindex(")") + 2:].split()
            # The launcher (the session's leader) is left out: it only waits.
            if int(fields[3]) == self.session and fields[0] != "Z" and int(entry) != self.session:
                members.append(int(entry))
        return members


def _rollup(pid: int) -> tuple[int, int] | None:
    try:
        text = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return None
    values = dict(re.findall(r"^(Rss|Pss):\s+(\d+) kB", text, re.MULTILINE))
    return int(values.get("Rss", 0)), int(values.get("Pss", 0))


_RATE = re.compile(r"(\d[\d,]*(?:\.\d+)?)\s*(?:candidates?|texts?|documents?|docs?|records?)?\s*"
                   r"(?:/|per)\s*(?:s|sec|second)\b", re.IGNORECASE)


def summary_rate(stderr: str) -> float | None:
    """The last rate per second the scan's summary prints, whatever it calls its unit; None when there is none."""
    found = _RATE.findall(stderr)
    return float(found[-1].replace(",", "")) if found else None


def git_lines() -> list[str]:
    def git(*arguments: str) -> str:
        done = subprocess.run(["git", "--no-optional-locks", "-C", str(REPOSITORY), *arguments],
                              capture_output=True, text=True, check=False)
        return done.stdout.strip() if done.returncode == 0 else ""

    head = git("rev-parse", "--short", "HEAD") or "unknown"
    dirty = git("status", "--porcelain", "--untracked-files=no")
    state = " (tree dirty: uncommitted changes)" if dirty else " (tree clean)"
    return [f"git:      {head}{state}", f"load:     {load_line()}"]


def load_line() -> str:
    """Other work on the machine slows the timings: the load average puts them in proportion."""
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} {five:.2f} {fifteen:.2f} (average runnable processes over 1, 5, 15 minutes)"


# Scan output -----------------------------------------------------------------------------------------


@dataclass
class Output:
    pairs: dict[Pair, dict[str, Any]] = field(default_factory=dict)
    errors: list[dict[str, Any]] = field(default_factory=list)
    unreadable: int = 0

    def signature(self) -> set[tuple[str, str, int]]:
        return {(c, o, int(r.get("reused_words", 0))) for (c, o), r in self.pairs.items()}


def read_output(path: Path) -> Output:
    output = Output()
    if not path.is_file():
        return output
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError:
            output.unreadable += 1
            continue
        if "error" in record:
            output.errors.append(record)
        elif record.get("uses_original", True) and "original" in record:
            output.pairs[(record["candidate"], record["original"])] = record
    return output


# Retrieval through the Python API --------------------------------------------------------------------


def retrieve_all(index_path: Path, texts: Sequence[str]) -> list[dict[str, int]]:
    """For each text, the archive URLs the index retrieves before alignment, with their shared n-grams.

    The one place that calls the index's Python API, with the scan's defaults (minimum shared n-grams,
    most originals per candidate): Index.open(path), .hashes_of_text(text), .retrieve(hashes) ->
    [(document number, shared n-grams)], .name(number) -> the original's URL."""
    index = importlib.import_module("reusecheck.index").Index.open(index_path)
    urls: dict[int, str] = {}
    out = []
    for text in texts:
        hits = {}
        for number, shared in index.retrieve(index.hashes_of_text(text)):
            if number not in urls:
                urls[number] = index.name(number)
            hits[urls[number]] = int(shared)
        out.append(hits)
    return out


# Naive reference -------------------------------------------------------------------------------------


def naive_pairs(candidates: Sequence[Candidate], archive: Sequence[Article]) -> tuple[Output, float]:
    """Word 8-gram containment: a pair when MIN_WORDS of the candidate's words lie in 8-grams the article has.
    Returns the pairs, as scan output, and the seconds it took (index building included)."""
    started = time.perf_counter()
    grams: dict[int, list[int]] = {}
    for article in archive:
        words = [w for s in article.sentences for w in s.words]
        for i in range(len(words) - NAIVE_GRAM + 1):
            holders = grams.setdefault(hash(tuple(words[i:i + NAIVE_GRAM])), [])
            if not holders or holders[-1] != article.number:
                holders.append(article.number)
    output = Output()
    for candidate in candidates:
        words = [w.lower() for w in WORD.findall(candidate.text)]
        covered: dict[int, set[int]] = {}
        for i in range(len(words) - NAIVE_GRAM + 1):
            for number in grams.get(hash(tuple(words[i:i + NAIVE_GRAM])), ()):
                covered.setdefault(number, set()).update(range(i, i + NAIVE_GRAM))
        for number, positions in covered.items():
            if len(positions) >= MIN_WORDS:
                output.pairs[(candidate.url, archive[number].url)] = {
                    "candidate": candidate.url, "original": archive[number].url, "reused_words": len(positions)}
    return output, time.perf_counter() - started


# Evaluation ------------------------------------------------------------------------------------------


@dataclass
class Scores:
    counted: int
    """True pairs with at least MIN_WORDS reused words."""
    found: int
    short: int
    short_found: int
    output: int
    false: list[Pair]
    missed: list[Pair]
    candidates: int

    @property
    def recall(self) -> float:
        return self.found / self.counted if self.counted else float("nan")

    @property
    def false_per_candidate(self) -> float:
        return len(self.false) / self.candidates


def score(pairs: Iterable[Pair], truths: dict[Pair, TruePair], candidates: int) -> Scores:
    found = set(pairs)
    counted = [k for k, t in truths.items() if t.reused_words >= MIN_WORDS]
    short = [k for k, t in truths.items() if t.reused_words < MIN_WORDS]
    return Scores(
        counted=len(counted), found=sum(k in found for k in counted), short=len(short),
        short_found=sum(k in found for k in short), output=len(found),
        false=sorted(k for k in found if k not in truths), missed=sorted(k for k in counted if k not in found),
        candidates=candidates,
    )


def _ratio(part: int, whole: int) -> str:
    return f"{part}/{whole} = {part / whole:.4f}" if whole else "0/0"


class Benchmark:
    def __init__(self, args: argparse.Namespace, work: Path) -> None:
        self.args = args
        self.work = work
        self.logs = work / "logs"
        self.logs.mkdir(exist_ok=True)
        self.index = work / "archive.index"
        self.archive_jsonl = work / "archive.jsonl"
        self.candidates_jsonl = work / "candidates.jsonl"

    # The data ------------------------------------------------------------------------------------------

    def run(self) -> int:
        print("\n".join(machine_lines() + git_lines()))
        print()
        started = time.perf_counter()
        self.archive = load_archive(self.args.corpora)
        filler, dropped = without_shared(load_filler(self.args.corpora), self.archive)
        self.candidates = build_candidates(self.archive, filler, self.args.candidates, self.args.reusing,
                                           self.args.seed)
        self.truths = truth(self.candidates, self.archive)
        write_jsonl(self.archive_jsonl, archive_records(self.archive))
        write_jsonl(self.candidates_jsonl, (c.record() for c in self.candidates))
        self.by_url = {c.url: c for c in self.candidates}
        self.articles = {a.url: a for a in self.archive}
        print(self.data_table(filler, dropped, time.perf_counter() - started))
        print()
        self.naive, naive_seconds = naive_pairs(self.candidates, self.archive)
        if self.args.dry:
            print(self.accuracy_table({"naive 8-gram containment": self.naive}, []))
            print(f"\nnaive reference: {naive_seconds:.1f} s for {len(self.candidates)} candidates, in process")
            print()
            self.listings("naive 8-gram containment", self.naive, None)
            print("\n--dry: reusecheck was not run")
            return 0
        available = run(reusecheck_command("scan", "--help"), self.logs, "scan-help")
        if available.code != 0:
            print(f"`reusecheck scan --help` exited {available.code}: the scan command is not available here, "
                  "so only the data above was built (run with --dry to evaluate the naive reference alone)")
            return 1
        return self.measure(naive_seconds)

    def data_table(self, filler: Sequence[Any], dropped: int, seconds: float) -> str:
        reusing = [c for c in self.candidates if c.passages]
        passages = [p for c in reusing for p in c.passages]
        kinds = Counter("+".join(p.edits) or "verbatim" for p in passages)
        sources = Counter(d.source.split(":")[0] for d in filler)
        encodings = Counter(a.encoding for a in self.archive)
        words = [len(WORD.findall(c.text)) for c in self.candidates]
        counted = sum(t.reused_words >= MIN_WORDS for t in self.truths.values())
        by = Counter(t.by for t in self.truths.values())
        by_counted = Counter(t.by for t in self.truths.values() if t.reused_words >= MIN_WORDS)
        rows: list[tuple[str, object]] = [
            ("archive articles (BBC News Summary)", len(self.archive)),
            ("  ... decoded as UTF-8 / cp1252 (not valid UTF-8) / latin-1",
             f"{encodings['utf-8']} / {encodings['cp1252']} / {encodings['latin-1']}"),
            ("archive words", sum(a.words for a in self.archive)),
            ("filler documents " + ", ".join(f"{k} {v}" for k, v in sorted(sources.items())), len(filler)),
            (f"filler sentences left out: a {SHARED_RUN}-word run shared with the archive", dropped),
            ("candidates", len(self.candidates)),
            ("candidate words: min / median / max",
             f"{min(words)} / {statistics.median(words):.0f} / {max(words)}"),
            ("candidates reusing archive passages", len(reusing)),
            ("  ... from two articles", sum(len({p.article for p in c.passages}) > 1 for c in reusing)),
            ("embedded passages", len(passages)),
            *((f"  ... {kind}", n) for kind, n in sorted(kinds.items())),
            ("true pairs", len(self.truths)),
            (f"  ... with >= {MIN_WORDS} reused words (the recall target's)", counted),
            (f"  ... with < {MIN_WORDS} (outside the recall; not false when output)", len(self.truths) - counted),
            *((f"  ... true by {name} (>= {MIN_WORDS} words: {by_counted[name]})", by[name])
              for name in (OWN, REPEATED, SHARED)),
        ]
        notes = "\n".join(f"- true by {name}: {text}" for name, text in BY_NAMES.items())
        return table(("data", "count"), rows,
                     title=f"Data: seed {self.args.seed}, built in {seconds:.1f} s in {self.work.name}/ "
                           "(a pair's reused words: the article's words the candidate has in place)") + "\n\n" + notes

    # Measuring -----------------------------------------------------------------------------------------

    def measure(self, naive_seconds: float) -> int:
        build = [*map(str, ("index", "build", self.archive_jsonl, "--index", self.index))]
        if self.args.max_df is not None:
            build += ["--max-df", str(self.args.max_df)]
        built = run(reusecheck_command(*build), self.logs, "index-build")
        if built.code != 0:
            return self.failed("index build", built)
        stats_run = run(reusecheck_command("index", "stats", "--index", self.index, "--format", "json"),
                        self.logs, "index-stats")
        stats = json.loads((self.logs / "index-stats.stdout").read_text()) if stats_run.code == 0 else {}
        print(self.index_table(built, stats))
        print()

        runs: dict[int, list[Run]] = {jobs: [] for jobs in self.args.jobs}
        outputs: dict[tuple[int, int], Output] = {}
        for repeat in range(self.args.repeats):
            for jobs in self.args.jobs:
                result, output = self.scan(self.candidates_jsonl, jobs, f"scan-j{jobs}-r{repeat}")
                if result.code not in (0, 1, 2):
                    return self.failed(f"scan --jobs {jobs}", result)
                runs[jobs].append(result)
                outputs[(jobs, repeat)] = output
        sampled = {jobs: self.scan(self.candidates_jsonl, jobs, f"scan-j{jobs}-sampled", sample=True)[0]
                   for jobs in self.args.jobs}
        print(self.speed_table(runs, sampled))
        codes = sorted({r.code for results in runs.values() for r in results} | {r.code for r in sampled.values()})
        print(f"\nload after the scans: {load_line()}")
        print(f"exit codes of the scans: {codes} (0: no pair breaks terms, 1: some pair does, "
              "2: a record unreadable)")
        first = outputs[(self.args.jobs[0], 0)]
        same = all(o.signature() == first.signature() for o in outputs.values())
        print(f"\noutput pairs identical (candidate, original, reused_words) over all {len(outputs)} timed runs: "
              f"{'yes' if same else 'NO'}")
        print("the scan's summary (stderr) of the first run:")
        print("\n".join(f"    {line}" for line in runs[self.args.jobs[0]][0].stderr.strip().splitlines()[-6:]))
        print()

        retrieved = self.retrieval()
        print(self.accuracy_table({"reusecheck scan": first, "naive 8-gram containment": self.naive}, first.errors))
        print(f"\nnaive reference: {naive_seconds:.1f} s for {len(self.candidates)} candidates, in process")
        links = Counter(str(r.get("link")) for r in first.pairs.values())
        print("link field of the scan's pairs (the candidates carry no links): "
              + ", ".join(f"{k} {v}" for k, v in links.most_common()))
        print()
        print(self.kinds_table(first))
        print()
        if retrieved is not None:
            print(self.retrieval_table(*retrieved))
            print()
        self.listings("reusecheck scan", first, retrieved[0] if retrieved else None)
        if self.args.subset > 0:
            print()
            code = self.brute_force(first, runs[1] if 1 in runs else runs[self.args.jobs[0]])
            if code:
                return code
        return 0

    def scan(self, path: Path, jobs: int, name: str, *, sample: bool = False) -> tuple[Run, Output]:
        output_path = self.work / f"{name}.jsonl"
        rules = ("--no-rules",) if self.args.rules == "none" else ("--rules", self.args.rules)
        result = run(reusecheck_command("scan", path, "--index", self.index, "--jobs", str(jobs), *rules, "--format",
                                        "jsonl", "--output", output_path), self.logs, name, sample=sample)
        return result, read_output(output_path)

    def failed(self, what: str, result: Run) -> int:
        print(f"`reusecheck {what}` exited {result.code}; the end of its stderr:")
        print("\n".join(f"    {line}" for line in result.stderr.strip().splitlines()[-15:]))
        return 1

    def index_table(self, built: Run, stats: dict[str, Any]) -> str:
        rows: list[tuple[str, object]] = [
            ("build: wall time of the whole command, s", f"{built.wall:.2f}"),
            ("build: peak RSS of the largest process, MiB", f"{built.max_rss_kb / 1024:.0f}"),
        ]
        known = ("documents", "postings", "bytes", "bytes_per_posting", "pruned_ngrams")
        for key in (*known, *(k for k in stats if k not in known)):
            value = stats.get(key, "(not in the stats)")
            shown = (f"{value:,.2f}" if isinstance(value, float) else f"{value:,}" if isinstance(value, int)
                     else json.dumps(value) if isinstance(value, dict | list) else value)
            rows.append((f"stats: {key}", shown))
        return table(("index", "value"), rows,
                     title=f"Index of {len(self.archive)} articles: `reusecheck index build archive.jsonl` "
                           "(one run) and `index stats --format json`")

    def speed_table(self, runs: dict[int, list[Run]], sampled: dict[int, Run]) -> str:
        n = len(self.candidates)
        rows = []
        for jobs, results in runs.items():
            walls = [r.wall for r in results]
            rates = [r for r in (summary_rate(x.stderr) for x in results) if r is not None]
            median = statistics.median(walls)
            rows.append((
                f"--jobs {jobs}", f"{median:.2f}", f"{min(walls):.2f}", f"{max(walls):.2f}", f"{n / median:.0f}",
                f"{statistics.median(rates):.0f}" if rates else "n/a",
                f"{max(r.max_rss_kb for r in results) / 1024:.0f}",
                f"{sampled[jobs].sum_rss_kb / 1024:.0f}", f"{sampled[jobs].sum_pss_kb / 1024:.0f}",
                sampled[jobs].processes, f"{sampled[jobs].wall:.2f}",
            ))
        return table(
            ("scan", "median s", "min s", "max s", "candidates/s (wall)", "summary rate", "largest process MiB",
             "sampled sum RSS MiB", "sampled sum PSS MiB", "processes", "sampled run s"),
            rows,
            title=f"`reusecheck scan candidates.jsonl --index archive.index --jobs N "
                  f"{'--no-rules' if self.args.rules == 'none' else '--rules ' + self.args.rules} "
                  "--format jsonl --output F`, "
                  f"{n} candidates, {self.args.repeats} timed runs per N, interleaved. Wall time of the whole "
                  "command (start-up, index load, output). 'largest process': the highest peak RSS of a single "
                  "process (ru_maxrss via wait4 in a small launcher, covering the workers the scan waited for), "
                  "over the timed runs. "
                  "'sampled': one more run per N, not timed with the others, its process tree sampled every "
                  "50 ms from /proc/PID/smaps_rollup; sum RSS counts pages shared by parent and workers twice, "
                  "sum PSS splits them; both can miss a peak between samples")

    # Accuracy ------------------------------------------------------------------------------------------

    def accuracy_table(self, methods: dict[str, Output], errors: Sequence[dict[str, Any]]) -> str:
        rows = []
        n = len(self.candidates)
        for name, output in methods.items():
            s = score(output.pairs, self.truths, n)
            shared = sum(self.truths[k].by == SHARED for k in output.pairs if k in self.truths)
            rows.append((name, _ratio(s.found, s.counted), _ratio(s.short_found, s.short), s.output,
                         s.output - len(s.false), shared, len(s.false), f"{s.false_per_candidate:.4f}",
                         f"{(len(s.false) + shared) / n:.4f}"))
        out = table(
            ("method", f"recall, true pairs >= {MIN_WORDS} words", f"recall, < {MIN_WORDS}", "output pairs",
             "true", f"true by {SHARED}", "false", "false per candidate", f"... counting {SHARED} as false"), rows,
            title=f"Accuracy on {n} candidates: targets recall >= {RECALL_TARGET} and false pairs per candidate "
                  f"<= {FALSE_TARGET}. Every true pair counts as true, whatever made it so (see the data table); "
                  f"the last column is the stricter count that takes only whole passages as truth")
        if errors or any(o.unreadable for o in methods.values()):
            out += f"\n\nerror lines: {len(errors)}; unreadable lines: {sum(o.unreadable for o in methods.values())}"
        return out

    def kinds_table(self, output: Output) -> str:
        groups: dict[str, list[bool]] = {}
        for key, t in self.truths.items():
            if t.reused_words < MIN_WORDS:
                continue
            hit = key in output.pairs
            kind = "+".join(sorted(t.edits))
            groups.setdefault(f"edits: {kind}", []).append(hit)
            groups.setdefault(f"passages from the article: {t.passages}", []).append(hit)
            groups.setdefault(f"true by: {t.by}", []).append(hit)
            band = "30-59" if t.reused_words < 60 else "60-119" if t.reused_words < 120 else "120+"
            groups.setdefault(f"reused words {band}", []).append(hit)
        rows = [(name, len(hits), sum(hits), f"{sum(hits) / len(hits):.4f}") for name, hits in sorted(groups.items())]
        return table(("true pairs >= 30 words", "pairs", "found", "recall"), rows,
                     title="Recall of the scan by kind (a pair of several passages has each passage's edits)")

    def retrieval(self) -> tuple[list[dict[str, int]], float] | None:
        texts = [c.text for c in self.candidates]
        started = time.perf_counter()
        try:
            hits = retrieve_all(self.index, texts)
        except Exception as error:  # noqa: BLE001 - the API is young; report and go on without it
            print(f"retrieval through the Python API failed: {type(error).__name__}: {error}\n")
            return None
        return hits, time.perf_counter() - started

    def retrieval_table(self, hits: Sequence[dict[str, int]], seconds: float) -> str:
        found = {(c.url, url) for c, h in zip(self.candidates, hits, strict=True) for url in h}
        s = score(found, self.truths, len(self.candidates))
        sizes = [len(h) for h in hits]
        reusing = [len(h) for c, h in zip(self.candidates, hits, strict=True) if c.passages]
        rows = [
            (f"retrieval recall, true pairs >= {MIN_WORDS} words", _ratio(s.found, s.counted)),
            (f"retrieval recall, < {MIN_WORDS}", _ratio(s.short_found, s.short)),
            ("retrieved pairs per candidate: mean", f"{statistics.fmean(sizes):.2f}"),
            ("  ... median / p90 / max",
             f"{statistics.median(sizes):.0f} / {percentile(sizes, 90):.0f} / {max(sizes)}"),
            ("  ... mean over reusing candidates", f"{statistics.fmean(reusing):.2f}" if reusing else "n/a"),
            ("candidates with nothing retrieved", sum(not h for h in hits)),
            ("retrieval time in process, ms per candidate", f"{seconds * 1000 / len(hits):.2f}"),
        ]
        return table(("retrieval (Index.retrieve, before alignment)", "value"), rows,
                     title="Retrieval: what the index hands to alignment, through the Python API in this process")

    def listings(self, name: str, output: Output, hits: Sequence[dict[str, int]] | None) -> None:
        s = score(output.pairs, self.truths, len(self.candidates))
        s.missed.sort(key=lambda k: -self.truths[k].reused_words)
        s.false.sort(key=lambda k: -int(output.pairs[k].get("reused_words", 0)))
        numbers = {c.url: c.number for c in self.candidates}
        rows = []
        for c, o in s.missed[:self.args.show]:
            t = self.truths[(c, o)]
            retrieved = "n/a" if hits is None else (
                f"retrieved, {hits[numbers[c]][o]} shared" if o in hits[numbers[c]] else "not retrieved")
            rows.append((_short(c), _short(o), t.reused_words, "+".join(sorted(t.edits)),
                         t.by, retrieved, self.alone(c, o)))
        print(table(("candidate", "original", "true words", "edits", "truth by", "index", "the pair alone"), rows,
                    title=f"{name}: missed true pairs, {len(s.missed)} in all, most reused words first "
                          f"(up to {self.args.show})")
              if rows else f"{name}: no true pair of >= {MIN_WORDS} words missed")
        if s.missed:
            print()
            print(self.miss_summary(s.missed, hits))
        print()
        rows2 = []
        for c, o in s.false[:self.args.show]:
            record = output.pairs[(c, o)]
            rows2.append((_short(c), _short(o), record.get("reused_words", "?"), self.explain_false(c, o),
                          self.alone(c, o)))
        print(table(("candidate", "original", "reported words", "longest shared run", "the pair alone"), rows2,
                    title=f"{name}: false pairs, {len(s.false)} in all, most reported words first "
                          f"(up to {self.args.show})")
              if rows2 else f"{name}: no false pair")
        if s.false:
            print()
            print(self.false_summary(s.false))

    def alone(self, candidate: str, original: str) -> str:
        """What the matcher says of the pair on its own, in process with default options."""
        uses, words, reason = self.judged_alone(candidate, original)
        return f"{'uses' if uses else 'does not use'}, {words} words: {reason}"

    def judged_alone(self, candidate: str, original: str) -> tuple[bool, int, str]:
        overlap = compare(Document.from_text(self.by_url[candidate].text),
                          Document.from_text(self.articles[original].text))
        return overlap.uses_original, overlap.reused_words, overlap.decision.reason

    def miss_summary(self, missed: Sequence[Pair], hits: Sequence[dict[str, int]] | None) -> str:
        """The missed pairs by cause: not retrieved, or retrieved and then judged (alone) not to be used, and why."""
        numbers = {c.url: c.number for c in self.candidates}
        causes: Counter[str] = Counter()
        for c, o in missed:
            if hits is not None and o not in hits[numbers[c]]:
                causes["not retrieved"] += 1
                continue
            uses, _words, reason = self.judged_alone(c, o)
            if uses:
                causes["the matcher judges the pair alone used"] += 1
            else:
                causes[f"the matcher judges the pair alone not used: {_reason_kind(reason)}"] += 1
        prefix = "retrieved; " if hits is not None else ""
        return "missed pairs by cause:\n" + "\n".join(
            f"- {'' if cause == 'not retrieved' else prefix}{cause}: {n}" for cause, n in causes.most_common())

    def longest_run(self, candidate: str, original: str) -> tuple[int, str, str]:
        """The longest run of words the candidate shares with the article: its length, where in the candidate
        it lies (a filler document's source, or "article:<key>" for an embedded passage) and its words."""
        c = self.by_url[candidate]
        words: list[str] = []
        owners: list[str] = []
        for paragraph, origin in zip(c.text.split("\n\n"), c.origins, strict=True):
            found = [w.lower() for w in WORD.findall(paragraph)]
            words += found
            owners += [origin] * len(found)
        article = [w for s in self.articles[original].sentences for w in s.words]
        match = difflib.SequenceMatcher(None, words, article, autojunk=False).find_longest_match()
        if not match.size:
            return 0, "", ""
        return match.size, owners[match.a], " ".join(words[match.a:match.a + match.size])

    def explain_false(self, candidate: str, original: str) -> str:
        size, owner, _text = self.longest_run(candidate, original)
        if not size:
            return "none"
        # Where and how long, not the words: the corpora's text stays out of anything that is kept.
        near = " (so the article shares text with the candidate's true article)" if owner.startswith("article:") else ""
        return f"{size} words in {owner}{near}"

    def false_summary(self, false: Sequence[Pair]) -> str:
        runs = [self.longest_run(c, o) for c, o in false[:FALSE_EXPLAINED]]
        in_passage = [size for size, owner, _text in runs if owner.startswith("article:")]
        in_filler = [size for size, owner, _text in runs if owner and not owner.startswith("article:")]
        head = f" (the first {len(runs)})" if len(false) > len(runs) else ""
        return (f"false pairs{head} by where their longest run of words shared with the article lies in the "
                f"candidate:\n"
                f"- in a passage embedded from another article: {_runs(in_passage)}; the two articles share "
                f"text, in runs shorter than {SHARED_RUN} words or with edits, which the truth does not count\n"
                f"- in the filler: {_runs(in_filler)}\n"
                f"- nowhere: {len(runs) - len(in_passage) - len(in_filler)}")

    # Brute force ---------------------------------------------------------------------------------------

    def brute_force(self, scanned: Output, scan_runs: Sequence[Run]) -> int:
        rng = random.Random(self.args.seed + 1)
        reusing = [c for c in self.candidates if c.passages]
        plain = [c for c in self.candidates if not c.passages]
        half = self.args.subset // 2
        subset = sorted(rng.sample(reusing, min(half, len(reusing)))
                        + rng.sample(plain, min(self.args.subset - half, len(plain))), key=lambda c: c.number)
        folder = self.work / "brute"
        names = write_text_files(folder / "archive", self.archive)
        files = []
        for c in subset:
            path = folder / f"candidate-{c.number:05d}.txt"
            path.write_text(c.text + "\n", encoding="utf-8")
            files.append(path)
        compared: set[Pair] = set()
        walls = []
        for c, path in zip(subset, files, strict=True):
            out = folder / f"{path.stem}.json"
            result = run(reusecheck_command("compare", path, "--original", folder / "archive", "--format", "json",
                                            "--output", out), self.logs, f"compare-{c.number:05d}")
            if result.code != 0:
                return self.failed(f"compare {path.name}", result)
            walls.append(result.wall)
            report = json.loads(out.read_text(encoding="utf-8"))
            compared |= {(c.url, names[Path(o["source"]).name]) for o in report["originals"] if o["uses_original"]}
        together = run(reusecheck_command("compare", *files, "--original", folder / "archive", "--format", "json",
                                          "--output", folder / "all.json"), self.logs, "compare-all")
        if together.code != 0:
            return self.failed("compare (all of the subset)", together)
        report = json.loads((folder / "all.json").read_text(encoding="utf-8"))
        by_file = {f.name: c.url for c, f in zip(subset, files, strict=True)}
        together_pairs = {(by_file[Path(r["candidate"]["source"]).name], names[Path(o["source"]).name])
                          for r in report["comparisons"] for o in r["originals"] if o["uses_original"]}
        write_jsonl(folder / "subset.jsonl", (c.record() for c in subset))
        subset_scans = [self.scan(folder / "subset.jsonl", 1, f"scan-subset-r{k}")[0]
                        for k in range(self.args.repeats)]
        urls = {c.url for c in subset}
        scan_pairs = {k for k in scanned.pairs if k[0] in urls}
        per_scan = statistics.median(r.wall for r in scan_runs) / len(self.candidates)
        per_compare = statistics.median(walls)
        per_together = together.wall / len(subset)
        per_subset_scan = statistics.median(r.wall for r in subset_scans) / len(subset)
        rows = [
            ("compare, one command per candidate (median)", f"{per_compare:.3f}", f"{per_compare / per_scan:.0f}x"),
            (f"compare, the {len(subset)} candidates in one command", f"{per_together:.3f}",
             f"{per_together / per_scan:.0f}x"),
            (f"scan of the {len(subset)} candidates alone (median of {len(subset_scans)})",
             f"{per_subset_scan:.3f}", f"{per_subset_scan / per_scan:.1f}x"),
            (f"scan of all {len(self.candidates)} candidates, --jobs {1 if 1 in self.args.jobs else self.args.jobs[0]}"
             " (median)", f"{per_scan:.4f}", "1x"),
        ]
        print(table(("per candidate, whole commands", "s per candidate", "vs the full scan"), rows,
                    title=f"Brute force on {len(subset)} candidates ({min(half, len(reusing))} reusing) x "
                          f"{len(self.archive)} articles: `reusecheck compare CANDIDATE.txt --original ARCHIVE_FOLDER "
                          "--format json` aligns every article, the scan only those its index retrieves"))
        print()
        truth_pairs = {k for k in self.truths if k[0] in urls}
        counted = {k for k in truth_pairs if self.truths[k].reused_words >= MIN_WORDS}
        rows2: list[tuple[str, object]] = [
            ("pairs in both / in either", f"{len(scan_pairs & compared)} / {len(scan_pairs | compared)}"),
            ("only the scan", len(scan_pairs - compared)),
            ("only compare", len(compared - scan_pairs)),
            ("compare one by one = compare all in one command", "yes" if compared == together_pairs else "NO"),
            (f"true pairs >= {MIN_WORDS} words: found by scan / by compare",
             f"{len(counted & scan_pairs)} / {len(counted & compared)} of {len(counted)}"),
            ("false pairs: scan / compare", f"{len(scan_pairs - truth_pairs)} / {len(compared - truth_pairs)}"),
        ]
        print(table(("agreement on the subset", "value"), rows2,
                    title="Pair sets: the full scan's pairs of the subset's candidates against compare's"))
        disagreements = sorted(scan_pairs ^ compared)[:self.args.show]
        if disagreements:
            print()
            rows3 = []
            for url, original in disagreements:
                t = self.truths.get((url, original))
                reported = scanned.pairs.get((url, original), {}).get("reused_words", "-")
                rows3.append((_short(url), _short(original), "scan" if (url, original) in scan_pairs else "compare",
                              t.reused_words if t else "false", reported, self.alone(url, original)))
            print(table(("candidate", "original", "only in", "true words", "scan words", "the pair alone"), rows3,
                        title=f"Disagreements, {len(scan_pairs ^ compared)} in all (up to {self.args.show})"))
        return 0


def _reason_kind(reason: str) -> str:
    """A use decision's reason without its figures, so that reasons can be counted."""
    return re.sub(r"passages?", "passage(s)", re.sub(r"\d+(?:\.\d+)?%?", "N", reason))


def _runs(sizes: Sequence[int]) -> str:
    if not sizes:
        return "0"
    return f"{len(sizes)} (longest run: median {statistics.median(sizes):.0f}, max {max(sizes)} words)"


def _short(url: str) -> str:
    return url.split("://", 1)[-1].split("/", 1)[-1]


if __name__ == "__main__":
    sys.exit(main())
