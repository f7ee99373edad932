"""The command line: parse options, call the core, format, write, exit. Nothing else lives here."""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from enum import IntEnum, StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from reusecheck import __version__, api
from reusecheck.documents.reading import DEFAULT_MAX_BYTES
from reusecheck.errors import ReusecheckError, UsageError
from reusecheck.formats import Format, render
from reusecheck.matching import MatchOptions
from reusecheck.output import append_text, write_report, write_stdout
from reusecheck.permissions import load_ledger
from reusecheck.report import Comparison, Comparisons, Problem, Report
from reusecheck.ruleset import RulePack, find_pack, load_pack, pack_errors, packaged_packs
from reusecheck.terminal import one_line

if TYPE_CHECKING:
    from reusecheck import ci as ci_run
    from reusecheck.config import Config
    from reusecheck.fetch import FetchOptions

MAX_MIN_WORDS = 50
"""The longest shortest passage: beyond a long sentence, nothing but whole paragraphs would count."""


class ExitCode(IntEnum):
    COMPLIANT = 0
    VIOLATIONS = 1
    ERROR = 2


app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  help="Check a republished text against a publisher's reuse terms.")
rules_app = typer.Typer(no_args_is_help=True, help="List, show and validate rule packs.")
app.add_typer(rules_app, name="rules")
config_app = typer.Typer(no_args_is_help=True, help="The repository's configuration for `reusecheck ci`.")
app.add_typer(config_app, name="config")


# The flag that sets each API parameter an error may name as its fix.
_FLAGS = {"allow_private": "--allow-private", "offline": "--offline", "max_bytes": "--max-bytes",
          "rules": "--rules", "encoding": "--encoding", "permissions": "--permissions", "today": "--date",
          "min_words": "--min-words", "changed_since": "--changed-since"}


def _say_error(message: str, option: str | None = None) -> None:
    hint = f" (see {_FLAGS[option]})" if option in _FLAGS else ""
    typer.echo(f"reusecheck: error: {one_line(message)}{hint}", err=True)


@contextmanager
def _errors() -> Iterator[None]:
    """Turn the core's errors into one line on stderr and exit code 2."""
    try:
        yield
    except ReusecheckError as exc:
        _say_error(str(exc), exc.option)
        raise typer.Exit(ExitCode.ERROR) from None


def _version(value: bool) -> None:
    if value:
        typer.echo(f"reusecheck {__version__}")
        raise typer.Exit()


@app.callback()
def _root(version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                                help="Show the version and exit.")] = False) -> None:
    """Check a republished text against a publisher's reuse terms."""


Originals = Annotated[list[str], typer.Option(
    "--original", help="The original article (.txt, .md, .html), or its http(s) URL, fetched (or taken from the "
                       "cache), or a folder, a glob or @list.txt of originals to search; repeat for several.")]
DeclaredOriginals = Annotated[list[str] | None, typer.Option(
    "--original", help="The original article (.txt, .md, .html), or its http(s) URL, fetched (or taken from the "
                       "cache), or a folder, a glob or @list.txt of originals to search; repeat for several. Left "
                       "out, each draft is checked against the http(s) URLs its front matter declares under "
                       "`source:` or `sources:`, fetched.")]
AllowPrivate = Annotated[bool, typer.Option(
    "--allow-private", help="Fetch URLs whose host is not a public address (loopback, a private network): off, so "
                            "that a page cannot make reusecheck read your intranet.")]
Refresh = Annotated[bool, typer.Option("--refresh", help="Fetch URLs again even when they are cached.")]
Offline = Annotated[bool, typer.Option("--offline", help="Take URLs only from the cache; never fetch.")]
FormatOpt = Annotated[Format, typer.Option(
    "--format", "-f", case_sensitive=False,
    help="Output format: text, json, or a CI format (sarif, junit, github, summary, html; see docs/ci.md).")]


class MeasureFormat(StrEnum):
    TEXT = "text"
    JSON = "json"


MeasureFormatOpt = Annotated[MeasureFormat, typer.Option("--format", "-f", case_sensitive=False,
                                                         help="Output format.")]
OutputOpt = Annotated[Path | None, typer.Option(
    "--output", "-o", help="Write the output to this file (atomically) instead of stdout. Never an input, the "
                           "rule pack or the ledger, and only a regular file.")]
QuietOpt = Annotated[bool, typer.Option(
    "--quiet", "-q", help="Print only the verdict line (errors still go to stderr).")]
MinWords = Annotated[int, typer.Option(
    "--min-words", min=1, max=MAX_MIN_WORDS,
    help="Shortest passage the word chains count, in words of the original (the sentence stage may still add "
         "a shorter sentence copied whole next to reused text).")]
Quotes = Annotated[bool, typer.Option(
    "--quotes/--no-quotes", help="Count text inside quotation marks in the candidate as reuse.")]
Rewrites = Annotated[bool, typer.Option(
    "--rewrites/--no-rewrites",
    help="The sentence stage: count sentences rewritten around fragments of an original sentence, and short "
         "sentences copied whole next to reused text.")]
MaxBytes = Annotated[int, typer.Option("--max-bytes", min=1, help="Refuse input files larger than this.")]
Color = Annotated[bool | None, typer.Option(
    "--color/--no-color", help="Highlight passages with colour (default: when printing to a terminal).")]
RulesOpt = Annotated[list[str] | None, typer.Option(
    "--rules", "-r", help="Rule pack id or YAML path (default: picked by each original's URL). Once: one pack "
                          "judges every original given; to judge originals by different packs, leave it out "
                          "and let their URLs pick.")]
PermissionsOpt = Annotated[Path | None, typer.Option(
    "--permissions", "-p", help="YAML ledger of written permissions.")]
EncodingOpt = Annotated[str | None, typer.Option(
    "--encoding", help="Encoding of input files that neither declare one (byte order mark, HTML meta charset) nor "
                       "show it (valid UTF-8, UTF-16), e.g. kz1048 or cp1251. A file that does is read as it "
                       "says, with a warning.")]
WithText = Annotated[bool, typer.Option(
    "--with-text", help="Put each passage's text, in the candidate and in the original, in the JSON report.")]
DateOpt = Annotated[str | None, typer.Option(
    "--date", help="Judge permissions as of this day (YYYY-MM-DD; default today).")]


def _options(min_words: int, quotes: bool, rewrites: bool) -> MatchOptions:
    return MatchOptions(min_words=min_words, count_quotes=quotes, rewrites=rewrites)


def _emit(text: str, output: Path | None, inputs: list[str]) -> None:
    if output is None:
        write_stdout(text)
    else:
        write_report(text, output, inputs)


def _color(color: bool | None, output: Path | None, fmt: Format) -> bool:
    if fmt is not Format.TEXT or output is not None:
        return False
    if color is not None:
        return color
    return sys.stdout is not None and sys.stdout.isatty() and not os.environ.get("NO_COLOR")


@app.command()
def check(
    candidates: Annotated[list[str], typer.Argument(
        help="Drafts to check (.txt, .md, .html), or the http(s) URL of a page, fetched.")],
    original: DeclaredOriginals = None,
    rules: RulesOpt = None,
    permissions: PermissionsOpt = None,
    fmt: FormatOpt = Format.TEXT,
    output: OutputOpt = None,
    quiet: QuietOpt = False,
    min_words: MinWords = MatchOptions.min_words,
    quotes: Quotes = MatchOptions.count_quotes,
    rewrites: Rewrites = MatchOptions.rewrites,
    max_bytes: MaxBytes = DEFAULT_MAX_BYTES,
    encoding: EncodingOpt = None,
    date: DateOpt = None,
    all_pairs: Annotated[bool, typer.Option(
        "--all-pairs", help="List every original for every candidate, not only those it uses.")] = False,
    with_text: WithText = False,
    allow_private: AllowPrivate = False,
    refresh: Refresh = False,
    offline: Offline = False,
    color: Color = None,
) -> None:
    """Give a verdict per candidate: exit 0 when compliant, 1 on violations, 2 when any input could not be
    judged (the others are still judged and reported). With no --original, each draft is checked against
    the sources its front matter declares, fetched by URL."""
    with _errors():
        pack = _one_pack(rules)
        today = _date(date)
        original = original or []
        options = _options(min_words, quotes, rewrites)
        fetching = _fetching([*candidates, *original], max_bytes, allow_private, refresh, offline,
                             always=not original)
        if original:
            report = api.check(candidates, original, rules=pack, permissions=permissions, options=options,
                               today=today, max_bytes=max_bytes, encoding=encoding, all_pairs=all_pairs,
                               fetching=fetching)
        else:
            report = _check_declared(candidates, pack, permissions, options, today, max_bytes, encoding,
                                     all_pairs, fetching)
        report = replace(report, with_text=with_text)
        _problems(report.errors + tuple(e for c in report.candidates for e in c.errors))
        _emit(render(report, fmt, color=_color(color, output, fmt), quiet=quiet), output,
              [*candidates, *original, *([str(permissions)] if permissions else []), *([pack.source] if pack else [])])
    raise typer.Exit(_exit_code(report))


def _fetching(inputs: list[str], max_bytes: int, allow_private: bool, refresh: bool, offline: bool,
              always: bool = False) -> FetchOptions | None:
    """How to fetch URLs; None when no input is a URL (and nothing else will be fetched), so that httpx is
    never imported then."""
    if refresh and offline:
        raise UsageError("--refresh and --offline contradict each other: give one")
    if not always and not any("://" in i for i in inputs):
        return None
    from reusecheck.fetch import FetchOptions

    return FetchOptions(max_bytes=max_bytes, allow_private=allow_private, refresh=refresh, offline=offline)


def _check_declared(candidates: list[str], pack: RulePack | None, permissions: Path | None, options: MatchOptions,
                    today: dt.date | None, max_bytes: int, encoding: str | None, all_pairs: bool,
                    fetching: FetchOptions | None) -> Report:
    from reusecheck import ci as ci_run

    reading = ci_run.Reading(max_bytes=max_bytes, encoding=encoding)
    drafts, unread = ci_run.load_drafts(candidates, reading, fetching)
    if drafts and not any(d.declared_sources for d in drafts):
        what = (f"{drafts[0].source} declares no source" if len(drafts) == 1
                else f"none of the {len(drafts)} drafts declares a source")
        raise UsageError(f"no --original given, and {what} (`source:` or `sources:` in the front matter) to "
                         "fetch: name the original with --original")
    granted = load_ledger(permissions) if permissions is not None else ()
    return ci_run.check_declared(drafts, fetching=fetching, pack=pack, permissions=granted, options=options,
                                 today=today, reading=reading, all_pairs=all_pairs, errors=unread)


def _one_pack(rules: list[str] | None) -> RulePack | None:
    if not rules:
        return None
    if len(rules) > 1:
        raise UsageError(f"--rules given {len(rules)} times ({', '.join(rules)}); a run applies one pack to "
                         "every original. Leave it out to let each original's URL pick its pack.")
    return find_pack(rules[0])


def _problems(problems: tuple[Problem, ...]) -> None:
    """Each input that could not be judged, on stderr too: the report may be going to a file."""
    for problem in problems:
        _say_error(str(problem), problem.option)


def _exit_code(result: Report | Comparisons | Comparison) -> ExitCode:
    if isinstance(result, Comparison):
        return ExitCode.COMPLIANT
    if result.errors or (isinstance(result, Report) and result.verdict == "error"):
        return ExitCode.ERROR
    return ExitCode.VIOLATIONS if isinstance(result, Report) and result.verdict == "violation" else ExitCode.COMPLIANT


@app.command()
def compare(
    candidates: Annotated[list[str], typer.Argument(help="The texts to measure (.txt, .md, .html).")],
    original: Originals,
    measure_fmt: MeasureFormatOpt = MeasureFormat.TEXT,
    output: OutputOpt = None,
    quiet: QuietOpt = False,
    min_words: MinWords = MatchOptions.min_words,
    quotes: Quotes = MatchOptions.count_quotes,
    rewrites: Rewrites = MatchOptions.rewrites,
    max_bytes: MaxBytes = DEFAULT_MAX_BYTES,
    encoding: EncodingOpt = None,
    allow_private: AllowPrivate = False,
    refresh: Refresh = False,
    offline: Offline = False,
    color: Color = None,
) -> None:
    """Measure how much each candidate reuses of each original, without rules. Exit 0, or 2 when an input
    could not be read (the others are still measured)."""
    fmt = Format(measure_fmt.value)
    with _errors():
        options = _options(min_words, quotes, rewrites)
        fetching = _fetching([*candidates, *original], max_bytes, allow_private, refresh, offline)
        result: Comparison | Comparisons
        if len(candidates) == 1:
            # One candidate keeps the single comparison's shape, and any unreadable file is an error.
            result = api.compare(candidates[0], original, options=options, max_bytes=max_bytes, encoding=encoding,
                                 fetching=fetching)
        else:
            result = api.compare_many(candidates, original, options=options, max_bytes=max_bytes,
                                      encoding=encoding, fetching=fetching)
            _problems(result.errors)
        _emit(render(result, fmt, color=_color(color, output, fmt), quiet=quiet), output, [*candidates, *original])
    raise typer.Exit(_exit_code(result))


def _date(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"--date: expected YYYY-MM-DD, got {value!r}") from None


@rules_app.command("list")
def rules_list() -> None:
    """List the shipped rule packs."""
    with _errors():
        for pack_id, path in sorted(packaged_packs().items()):
            pack = load_pack(path)
            covers = ", ".join(pack.domains) or ", ".join(pack.url_patterns)
            typer.echo(one_line(f"{pack_id:<20} {pack.name}  ({covers})"))


@rules_app.command("show")
def rules_show(pack: Annotated[str, typer.Argument(help="Rule pack id or YAML path.")]) -> None:
    """Show a rule pack: its terms, what it applies to, and each rule with its options."""
    with _errors():
        p = find_pack(pack)
        lines = [f"{p.id}: {p.name}", f"  terms: {p.terms_url}", f"  clause: \u201c{p.clause}\u201d",
                 f"  applies to: {', '.join([*p.domains, *p.url_patterns])}", f"  source: {p.source}"]
        use = ", ".join(f"{key}={str(value).lower() if isinstance(value, bool) else value}"
                        for key, value in p.use.to_dict().items())
        lines.append(f"  use decision: {use}")
        for rule in p.rules:
            lines += ["", f"  {rule.id} ({rule.kind}, {rule.severity})", f"    clause: \u201c{rule.clause}\u201d"]
            for key, value in rule.options.items():
                shown = "none" if value is None else str(value).lower() if isinstance(value, bool) else value
                lines.append(f"    {key}: {shown}")
        # Every line from the pack is shown safely: a pack is someone else's file.
        typer.echo("\n".join(one_line(line) for line in lines))


@rules_app.command("validate")
def rules_validate(paths: Annotated[list[Path], typer.Argument(help="Rule pack files to validate.")]) -> None:
    """Validate rule pack files against the schema: list every error of each file; exit 2 if any is invalid."""
    invalid = False
    for path in paths:
        errors = pack_errors(path)
        for error in errors:
            _say_error(str(error))
        if errors:
            invalid = True
            continue
        with _errors():
            pack = load_pack(path)
        typer.echo(one_line(f"{path}: valid ({pack.id}, {len(pack.rules)} rules)"))
    if invalid:
        raise typer.Exit(ExitCode.ERROR)


class CiFormat(StrEnum):
    TEXT = "text"
    JSON = "json"
    GITHUB = "github"


ConfigOpt = Annotated[Path | None, typer.Option(
    "--config", help="The configuration file (default: .reusecheck.yaml or [tool.reusecheck] in pyproject.toml, "
                     "in the current folder or the nearest folder above).")]
ReportFile = Annotated[Path | None, typer.Option(help="Also write this report file (atomically).")]


@app.command()
def ci(
    paths: Annotated[list[Path] | None, typer.Argument(
        help="Files or folders to check (default: every file the configuration includes). Files the "
             "configuration does not include are left out.")] = None,
    changed_since: Annotated[str | None, typer.Option(
        "--changed-since", help="Check only files added, modified or renamed since this git revision (compared "
                                "with its merge base), plus uncommitted and untracked files; every file when "
                                "the configuration, the ledger, a rule pack file or an original changed.")] = None,
    fmt: Annotated[CiFormat | None, typer.Option(
        "--format", "-f", case_sensitive=False,
        help="Output on stdout (default: github when GITHUB_ACTIONS=true, else text).")] = None,
    output: OutputOpt = None,
    sarif: ReportFile = None,
    junit: ReportFile = None,
    html: ReportFile = None,
    summary: Annotated[Path | None, typer.Option(
        help="Write a Markdown summary here (it is also appended to $GITHUB_STEP_SUMMARY when that is set).")] = None,
    json_file: Annotated[Path | None, typer.Option("--json", help="Also write the JSON report here.")] = None,
    with_text: WithText = False,
    fail_on: Annotated[str | None, typer.Option(
        "--fail-on", help="Which findings fail the run: error, warning or never (default: the configuration's).")
    ] = None,
    config: ConfigOpt = None,
    min_words: MinWords = MatchOptions.min_words,
    quotes: Quotes = MatchOptions.count_quotes,
    rewrites: Rewrites = MatchOptions.rewrites,
    max_bytes: MaxBytes = DEFAULT_MAX_BYTES,
    encoding: EncodingOpt = None,
    date: DateOpt = None,
    quiet: QuietOpt = False,
    color: Color = None,
    fetch_sources: Annotated[bool | None, typer.Option(
        "--fetch-sources/--no-fetch-sources",
        help="Fetch a declared http(s) source that no original in the configured folders states (default: the "
             "configuration's fetch_sources, off: a run needs no network).")] = None,
    allow_private: AllowPrivate = False,
    refresh: Refresh = False,
    offline: Offline = False,
) -> None:
    """Check a repository's articles as a CI step, by its configuration: exit 0 when compliant, 1 when a
    finding fails the run (see fail_on), 2 on a configuration or input error."""
    from reusecheck import ci as ci_run
    from reusecheck.formats import ci_formats

    with _errors():
        cfg = _load_config(config)
        if fail_on is not None:
            cfg = _fail_on(cfg, fail_on)
        if fetch_sources is not None:
            flag = "--fetch-sources" if fetch_sources else "--no-fetch-sources"
            cfg = replace(cfg, fetch_sources=fetch_sources, origins={**cfg.origins, "fetch_sources": flag})
        fetching = _fetching([], max_bytes, allow_private, refresh, offline, always=cfg.fetch_sources)
        chosen = fmt or (CiFormat.GITHUB if os.environ.get("GITHUB_ACTIONS") == "true" else CiFormat.TEXT)
        files = [(path, renderer) for path, renderer in ((sarif, ci_formats.sarif), (junit, ci_formats.junit),
                                                         (html, ci_formats.html), (summary, ci_formats.summary),
                                                         (json_file, ci_formats.json)) if path is not None]
        step_summary = Path(os.environ["GITHUB_STEP_SUMMARY"]) if os.environ.get("GITHUB_STEP_SUMMARY") else None
        written = [path for path, _renderer in files] + ([output] if output else [])
        _distinct_outputs(written)
        for target in written + ([step_summary] if step_summary else []):
            ci_run.refuse_overwriting_an_article(cfg, target)
        done = ci_run.run(cfg, paths or [], since=changed_since, today=_date(date), with_text=with_text,
                          options=_options(min_words, quotes, rewrites),
                          reading=ci_run.Reading(max_bytes=max_bytes, encoding=encoding), fetching=fetching)
        report = done.report
        _problems(report.errors + tuple(e for c in report.candidates for e in c.errors))
        if paths and not done.candidates:
            shown = ", ".join(str(p) for p in done.not_included[:3]) + (", ..." if len(done.not_included) > 3 else "")
            typer.echo(one_line(f"reusecheck: note: none of the files named is an article the configuration "
                                f"includes ({shown}); see `reusecheck config show`"), err=True)
        protected = [*map(str, done.candidates), *_originals(done),
                     *([str(cfg.file)] if cfg.file else []), *([str(cfg.permissions)] if cfg.permissions else []),
                     *cfg.rules]
        for path, renderer in files:
            # As pytest does for --junitxml: a CI job names report files in folders that do not exist yet.
            _make_folder(path.parent)
            write_report(renderer(report, done.root), path, protected)
        if step_summary is not None:
            append_text(step_summary, ci_formats.summary(report, done.root), protected)
        if chosen is CiFormat.GITHUB:
            text = ci_formats.github(report, done.root)
        elif chosen is CiFormat.JSON:
            text = ci_formats.json(report, done.root)
        else:
            text = ci_formats.text(done, color=_color(color, output, Format.TEXT), quiet=quiet)
        _emit(text, output, protected)
    raise typer.Exit(_ci_exit(report, cfg.fail_on))


def _distinct_outputs(paths: list[Path]) -> None:
    seen: dict[Path, Path] = {}
    for path in paths:
        real = Path(os.path.realpath(path))
        if real in seen:
            raise UsageError(f"{path} is named for two reports (also as {seen[real]}); give each report its own "
                             "file")
        seen[real] = path


def _make_folder(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"cannot create the folder for a report: {exc.strerror}", path=str(folder)) from None


def _originals(done: ci_run.Run) -> list[str]:
    """Every original the run read, used or not: a report must not replace one."""
    return list(done.originals)


def _ci_exit(report: Report, fail_on: str) -> ExitCode:
    if report.verdict == "error":
        return ExitCode.ERROR
    if fail_on == "never":
        return ExitCode.COMPLIANT
    return ExitCode.VIOLATIONS if report.verdict == "violation" else ExitCode.COMPLIANT


def _load_config(path: Path | None) -> Config:
    from reusecheck.config import find_config, load_config

    found = path if path is not None else find_config(Path.cwd())
    if found is None:
        raise UsageError(f"no configuration found in {Path.cwd()} or above: create .reusecheck.yaml (see "
                         "`reusecheck config show --help`) or a [tool.reusecheck] table in pyproject.toml")
    if found.is_dir():
        raise UsageError(f"{found}: is a folder; --config names the configuration file itself")
    if not found.is_file():
        raise UsageError(f"{found}: no such configuration file (see --config)")
    return load_config(found)


def _fail_on(cfg: Config, value: str) -> Config:
    if value not in ("error", "warning", "never"):
        raise UsageError(f"--fail-on: expected error, warning or never, got {value!r}")
    return replace(cfg, fail_on=value, origins={**cfg.origins, "fail_on": "--fail-on"})  # type: ignore[arg-type]


@config_app.command("show")
def config_show(config: ConfigOpt = None) -> None:
    """Print the effective configuration and where each value came from.

    A configuration file looks like this (every key optional; paths relative to the file):

    \b
      rules: [qazmonitor, rules/partner.yaml]   # pack ids or paths; default: picked by each original's URL
      originals: [archive/]                     # folders of .md/.html/.txt originals, searched recursively
      permissions: permissions.yaml             # a ledger of written permissions
      include: ["articles/**/*.md"]             # candidates (gitignore-style patterns)
      exclude: ["articles/drafts/**"]
      fail_on: error                            # error | warning | never
      unresolved_source: error                  # error | warning | ignore
      fetch_sources: false                      # fetch declared sources the originals lack
    """
    from reusecheck import ci as ci_run

    with _errors():
        cfg = _load_config(config)
        # An unknown pack or a broken ledger is an error here too, not only when the check runs.
        ci_run.load_packs(cfg)
        if cfg.permissions is not None:
            load_ledger(cfg.permissions)
        shown = {
            "rules": ", ".join(_here(r) for r in cfg.rules) or "(picked by each original's URL)",
            "originals": ", ".join(_here(str(o)) + "/" for o in cfg.originals) or "(none)",
            "permissions": _here(str(cfg.permissions)) if cfg.permissions else "(none)",
            "include": ", ".join(cfg.include), "exclude": ", ".join(cfg.exclude) or "(none)",
            "fail_on": cfg.fail_on, "unresolved_source": cfg.unresolved_source,
            "fetch_sources": str(cfg.fetch_sources).lower(),
        }
        lines = [f"configuration: {_here(str(cfg.file))}", f"root: {_here(str(cfg.root))}"]
        width = max(len(key) for key in shown) + 1
        for key, value in shown.items():
            origin = cfg.origin(key)
            where = origin if origin == "default" else _here(origin)
            lines.append(f"{key + ':':<{width}} {value}   ({where})")
        typer.echo("\n".join(one_line(line) for line in lines))


def _here(path: str) -> str:
    """A path relative to the current folder, when that is the shorter way to write it."""
    if not os.path.isabs(path):
        return path
    rel = os.path.relpath(path)
    return rel if len(rel) < len(path) else path


# The scan's commands register themselves on `app`; imported last, as they import from this module.
from reusecheck import cli_scan  # noqa: E402,F401


def main() -> None:
    app(prog_name="reusecheck")
