"""The command line: parse options, call the core, format, write, exit. Nothing else lives here."""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from enum import IntEnum
from pathlib import Path
from typing import Annotated

import typer

from reusecheck import __version__, api
from reusecheck.documents.reading import DEFAULT_MAX_BYTES
from reusecheck.errors import ReusecheckError, UsageError
from reusecheck.formats import Format, render
from reusecheck.matching import MatchOptions
from reusecheck.output import write_report, write_stdout
from reusecheck.report import Comparison, Comparisons, Problem, Report
from reusecheck.ruleset import RulePack, find_pack, load_pack, pack_errors, packaged_packs
from reusecheck.terminal import one_line

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


# The flag that sets each API parameter an error may name as its fix.
_FLAGS = {"max_bytes": "--max-bytes", "rules": "--rules", "encoding": "--encoding", "permissions": "--permissions",
          "today": "--date", "min_words": "--min-words"}


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
    "--original", help="The original article (.txt, .md, .html); repeat for several.")]
FormatOpt = Annotated[Format, typer.Option("--format", "-f", case_sensitive=False, help="Output format.")]
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
    candidates: Annotated[list[str], typer.Argument(help="Drafts to check (.txt, .md, .html).")],
    original: Originals,
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
    color: Color = None,
) -> None:
    """Give a verdict per candidate: exit 0 when compliant, 1 on violations, 2 when any input could not be
    judged (the others are still judged and reported)."""
    with _errors():
        pack = _one_pack(rules)
        today = _date(date)
        report = api.check(candidates, original, rules=pack, permissions=permissions,
                           options=_options(min_words, quotes, rewrites), today=today, max_bytes=max_bytes,
                           encoding=encoding, all_pairs=all_pairs)
        _problems(report.errors + tuple(e for c in report.candidates for e in c.errors))
        _emit(render(report, fmt, color=_color(color, output, fmt), quiet=quiet), output,
              [*candidates, *original, *([str(permissions)] if permissions else []), *([pack.source] if pack else [])])
    raise typer.Exit(_exit_code(report))


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
    fmt: FormatOpt = Format.TEXT,
    output: OutputOpt = None,
    quiet: QuietOpt = False,
    min_words: MinWords = MatchOptions.min_words,
    quotes: Quotes = MatchOptions.count_quotes,
    rewrites: Rewrites = MatchOptions.rewrites,
    max_bytes: MaxBytes = DEFAULT_MAX_BYTES,
    encoding: EncodingOpt = None,
    color: Color = None,
) -> None:
    """Measure how much each candidate reuses of each original, without rules. Exit 0, or 2 when an input
    could not be read (the others are still measured)."""
    with _errors():
        options = _options(min_words, quotes, rewrites)
        result: Comparison | Comparisons
        if len(candidates) == 1:
            # One candidate keeps the single comparison's shape, and any unreadable file is an error.
            result = api.compare(candidates[0], original, options=options, max_bytes=max_bytes, encoding=encoding)
        else:
            result = api.compare_many(candidates, original, options=options, max_bytes=max_bytes,
                                      encoding=encoding)
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


def main() -> None:
    app(prog_name="reusecheck")
