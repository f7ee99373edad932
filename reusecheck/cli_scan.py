"""The command line of the archive scan: `reusecheck index build|add|stats` and `reusecheck scan`."""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer

from reusecheck.cli import ExitCode, _errors, app
from reusecheck.errors import UsageError

index_app = typer.Typer(no_args_is_help=True, help="Build and inspect the index of an archive of originals.")
app.add_typer(index_app, name="index")

IndexOpt = Annotated[Path, typer.Option("--index", help="The index file.", show_default=False)]
ArchiveArg = Annotated[list[str], typer.Argument(
    help="Folders of .md/.html/.txt articles, JSON Lines files (.jsonl, .jsonl.gz) of {url, title, text} "
         "records, or WARC files.", show_default=False)]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="Print nothing but errors.")]


@index_app.command("build")
def index_build(archive: ArchiveArg, index: IndexOpt,
                max_df: Annotated[int, typer.Option(
                    "--max-df", min=1, help="Prune an n-gram found in more than this many documents.")] = 100,
                quiet: QuietOpt = False) -> None:
    """Index an archive's originals (replacing any index at --index)."""
    from reusecheck.index.build import build
    from reusecheck.records import collection_files, read_records

    with _errors():
        files = collection_files(archive, "archive")
        with _ticker("indexed", quiet) as tick:
            outcome = build(read_records(files), index, max_df=max_df, progress=tick)
        _report_build(outcome, index, quiet)


@index_app.command("add")
def index_add(archive: ArchiveArg, index: IndexOpt, quiet: QuietOpt = False) -> None:
    """Add originals to an index: new documents are added, changed ones replaced, unchanged ones kept."""
    from reusecheck.index.build import add
    from reusecheck.records import collection_files, read_records

    with _errors():
        files = collection_files(archive, "archive")
        with _ticker("read", quiet) as tick:
            outcome = add(read_records(files), index, progress=tick)
        _report_build(outcome, index, quiet)


@index_app.command("stats")
def index_stats(index: IndexOpt,
                format: Annotated[str, typer.Option("--format", "-f", help="text or json.")] = "text",
                verify: Annotated[bool, typer.Option("--verify", help="Check every byte against the checksum.")]
                = False) -> None:
    """Documents, postings, size and pruned n-grams of an index."""
    from reusecheck.index import Index

    with _errors():
        if format not in ("text", "json"):
            raise UsageError(f"--format: expected text or json, got {format!r}")
        opened = Index.open(index, verify=verify)
        stats = opened.stats().to_dict()
        stats.update(created=opened.header.get("created"), updated=opened.header.get("updated"),
                     checksum=opened.header.get("checksum"), verified=verify)
        if format == "json":
            typer.echo(json.dumps(stats, indent=2))
            return
        width = max(len(k) for k in stats) + 1
        typer.echo("\n".join(f"{k + ':':<{width}} {v:,}" if isinstance(v, int) and not isinstance(v, bool)
                             else f"{k + ':':<{width}} {v}" for k, v in stats.items()))


def _report_build(outcome: Any, index: Path, quiet: bool) -> None:
    for error in outcome.errors:
        typer.echo(f"reusecheck: skipped: {error}", err=True)
    if not quiet:
        s = outcome.stats
        kept = f", {outcome.unchanged:,} unchanged" if outcome.unchanged else ""
        typer.echo(f"{index}: {s.documents:,} documents ({outcome.added:,} added, {outcome.replaced:,} replaced"
                   f"{kept}), "
                   f"{s.postings:,} postings, {s.bytes:,} bytes ({s.bytes_per_posting:.1f} per posting), "
                   f"{s.pruned_ngrams:,} n-grams pruned (in more than {s.max_df} documents)")
    if outcome.errors:
        typer.echo(f"{len(outcome.errors)} record{'s' if len(outcome.errors) != 1 else ''} could not be read",
                   err=True)
        raise typer.Exit(ExitCode.ERROR)


@app.command()
def scan(
    candidates: Annotated[list[str], typer.Argument(
        help="Folders of pages, JSON Lines files (.jsonl, .jsonl.gz) of {url, title, text} records, or WARC "
             "files of a crawl.", show_default=False)],
    index: IndexOpt,
    rules: Annotated[str | None, typer.Option(
        "--rules", "-r", help="A rule pack (id or YAML file) for every pair. Default: each original's shipped "
                              "pack by its URL; pairs without one are measured only.")] = None,
    no_rules: Annotated[bool, typer.Option("--no-rules", help="Measure only, like `compare`.")] = False,
    permissions: Annotated[Path | None, typer.Option(
        "--permissions", "-p", help="A ledger of written permissions (YAML), as `check` takes.")] = None,
    jobs: Annotated[int | None, typer.Option("--jobs", "-j", min=1,
                                             help="Worker processes. Default: the cores available.")] = None,
    format: Annotated[str, typer.Option("--format", "-f", help="jsonl, json or sarif.")] = "jsonl",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write here instead of stdout.")] = None,
    resume: Annotated[bool, typer.Option("--resume", help="Carry on an interrupted scan into the same --output.")]
    = False,
    engine: Annotated[str, typer.Option("--engine", help="local (worker processes) or spark (pip install "
                                                          "'reusecheck[spark]', Java 17; also --format parquet, "
                                                          "a folder).")] = "local",
    spark_master: Annotated[str | None, typer.Option(
        "--spark-master", help="Spark's master URL, e.g. spark://host:7077 (default: spark-submit's, else "
                               "local[N] with N from --jobs).")] = None,
    min_shared: Annotated[int, typer.Option(
        "--min-shared", min=1, help="Distinct n-grams a candidate must share with an original to be aligned.")] = 3,
    max_originals: Annotated[int, typer.Option(
        "--max-originals", min=1, help="Originals aligned per candidate at most, those sharing most first.")] = 100,
    with_text: Annotated[bool, typer.Option("--with-text", help="Put each passage's text in the output.")] = False,
    date: Annotated[str | None, typer.Option("--date", help="Judge as of this day (YYYY-MM-DD).")] = None,
    quiet: QuietOpt = False,
) -> None:
    """Find which archive originals each candidate uses, and judge those pairs by the reuse terms.

    Writes one JSON line per (candidate, original) pair where the candidate uses the original, in the
    order of the input; records that cannot be read get an `error` line. Exit 1 when a pair breaks the
    terms, 2 when a record could not be read.
    """
    from reusecheck.index import Index
    from reusecheck.records import collection_files
    from reusecheck.scan.candidate import ScanOptions, pack_file
    from reusecheck.scan.output import FORMATS

    with _errors(), _interruptible():
        if format not in FORMATS and not (engine == "spark" and format == "parquet"):
            raise UsageError(f"--format: expected one of {', '.join(FORMATS)}, got {format!r}")
        if engine not in ("local", "spark"):
            raise UsageError(f"--engine: expected local or spark, got {engine!r}")
        if rules is not None and no_rules:
            raise UsageError("--rules and --no-rules contradict each other")
        if permissions is not None and no_rules:
            raise UsageError("--permissions and --no-rules contradict each other: permissions only lift rules")
        if resume and (output is None or format != "jsonl" or engine != "local"):
            raise UsageError("--resume carries on a JSON Lines --output of a local scan: give --output FILE "
                             "and --format jsonl")
        files = collection_files(candidates, "candidates")
        opened = Index.open(index, verify=True)
        from reusecheck.permissions import load_ledger

        options = ScanOptions(index=str(index.resolve()), rules=pack_file(rules), apply_rules=not no_rules,
                              min_shared=min_shared, max_originals=max_originals, with_text=with_text,
                              today=_day(date), permissions=load_ledger(permissions) if permissions else (),
                              ledger=str(permissions) if permissions else None)
        if engine == "spark":
            from reusecheck.scan.spark import scan_spark

            summary = scan_spark(files, options, output=output, fmt=format, master=spark_master, jobs=jobs)
        else:
            summary = _scan_local(files, options, opened.header, output, format, resume, jobs, date, quiet)
    if not quiet:
        typer.echo(summary.text(), err=True)
    if not summary.complete:
        if output is not None and format == "jsonl":
            typer.echo(f"The lines of the candidates done are in {output}; run the same command with --resume "
                       "to carry on.", err=True)
        raise typer.Exit(130)
    if summary.errors:
        raise typer.Exit(ExitCode.ERROR)
    raise typer.Exit(ExitCode.VIOLATIONS if summary.violations else ExitCode.COMPLIANT)


@contextmanager
def _interruptible() -> Iterator[None]:
    """Ctrl-C outside the scan loop (while opening the index, or writing the output at the end): the output
    is left as it was, and the exit code says the command was interrupted."""
    try:
        yield
    except KeyboardInterrupt:
        typer.echo("reusecheck: interrupted", err=True)
        raise typer.Exit(130) from None


def _scan_local(files: list[Path], options: Any, index_header: dict[str, Any], output: Path | None, fmt: str,
                resume: bool, jobs: int | None, date: str | None, quiet: bool) -> Any:
    from dataclasses import replace

    from reusecheck.records import read_records
    from reusecheck.scan import local
    from reusecheck.scan.output import Sink, State, Summary, header, load_state, state_path

    state: State | None = None
    if resume and output is not None and date is None:
        # The day the interrupted scan judged as of, so that the resumed part judges alike.
        previous = _state_date(state_path(output))
        if previous is not None:
            options = replace(options, today=previous)
    fingerprint = {"inputs": [[str(f.resolve()), f.stat().st_size, f.stat().st_mtime_ns] for f in files],
                   "index": index_header.get("checksum"), "options": options.to_dict(), "format": fmt}
    if resume and output is not None:
        state = load_state(output, fingerprint)
    index_info = {"path": str(options.index), "checksum": index_header.get("checksum"),
                  "documents": index_header.get("documents"), "gram": index_header.get("gram"),
                  "max_df": index_header.get("max_df")}
    sink = Sink(output, fmt, fingerprint, header(index_info, options.to_dict()), state,
                protected=(*files, Path(options.index)))
    summary = Summary(processes=jobs or local.default_jobs())
    if state is not None:
        for key, value in state.summary.items():
            setattr(summary, key, int(value) if key != "seconds" else value)
    try:
        with _ticker("candidates", quiet or output is None and fmt == "jsonl") as tick:
            done = local.scan(read_records(files, parse=False), options, sink, summary, jobs=summary.processes,
                              skip=state.done if state else 0, progress=tick)
    except BaseException:
        sink.abandon()
        raise
    sink.finish(summary, done)
    return summary


def _state_date(path: Path) -> dt.date | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return dt.date.fromisoformat(data["fingerprint"]["options"]["today"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _day(value: str | None) -> dt.date:
    if value is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"--date: expected YYYY-MM-DD, got {value!r}") from None


class _ticker:
    """A progress count with its rate on a terminal (rich), nothing elsewhere."""

    def __init__(self, what: str, quiet: bool) -> None:
        self.what = what
        self.on = not quiet and sys.stderr is not None and sys.stderr.isatty()
        self._progress: Any = None
        self._task: Any = None

    def __enter__(self) -> Any:
        if not self.on:
            return None
        from rich.console import Console
        from rich.progress import Progress, ProgressColumn, SpinnerColumn, Task, TextColumn, TimeElapsedColumn
        from rich.text import Text

        class Rate(ProgressColumn):
            def render(self, task: Task) -> Text:
                return Text(f"{task.speed or 0:,.0f}/s")

        self._progress = Progress(SpinnerColumn(), TextColumn(f"{{task.completed:,}} {self.what}"), Rate(),
                                  TimeElapsedColumn(), console=Console(stderr=True), transient=True)
        self._task = self._progress.add_task(self.what, total=None)
        self._progress.start()
        return self.advance

    def advance(self, n: int = 1) -> None:
        self._progress.advance(self._task, n)

    def __exit__(self, *exc: object) -> None:
        if self._progress is not None:
            self._progress.stop()
