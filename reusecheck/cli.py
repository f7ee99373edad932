"""The command line: parse options, call the core, format, write, exit. Nothing else lives here."""

from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
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
from reusecheck.ruleset import find_pack, load_pack, packaged_packs


class ExitCode(IntEnum):
    COMPLIANT = 0
    VIOLATIONS = 1
    ERROR = 2


app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  help="Check a republished text against a publisher's reuse terms.")
rules_app = typer.Typer(no_args_is_help=True, help="List, show and validate rule packs.")
app.add_typer(rules_app, name="rules")


@contextmanager
def _errors() -> Iterator[None]:
    """Turn the core's errors into one line on stderr and exit code 2."""
    try:
        yield
    except ReusecheckError as exc:
        typer.echo(f"reusecheck: error: {exc}", err=True)
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
    "--original", "-o", help="The original article (.txt, .md, .html); repeat for several.")]
FormatOpt = Annotated[Format, typer.Option("--format", "-f", case_sensitive=False, help="Output format.")]
OutputOpt = Annotated[Path | None, typer.Option(
    "--output", help="Write the output to this file (atomically) instead of stdout.")]
MinWords = Annotated[int, typer.Option(
    "--min-words", min=1,
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
RulesOpt = Annotated[str | None, typer.Option(
    "--rules", "-r", help="Rule pack id or YAML path (default: picked by the original's URL).")]
PermissionsOpt = Annotated[Path | None, typer.Option(
    "--permissions", "-p", help="YAML ledger of written permissions.")]
EncodingOpt = Annotated[str | None, typer.Option(
    "--encoding", help="Read input files in this encoding (e.g. kz1048) instead of detecting it.")]
DateOpt = Annotated[str | None, typer.Option(
    "--date", help="Judge permissions as of this day (YYYY-MM-DD; default today).")]


def _options(min_words: int, quotes: bool, rewrites: bool) -> MatchOptions:
    return MatchOptions(min_words=min_words, count_quotes=quotes, rewrites=rewrites)


def _emit(text: str, output: Path | None, inputs: list[str]) -> None:
    if output is None:
        sys.stdout.write(text)
        return
    target = output.resolve()
    if any(Path(p).resolve() == target for p in inputs):
        raise UsageError("refusing to overwrite an input file with the report", path=str(output))
    if target.is_dir():
        raise UsageError("is a directory; give a file name for --output", path=str(output))
    try:
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as exc:
        raise UsageError(f"cannot write the output: {exc.strerror or exc}", path=str(output)) from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        # mkstemp makes the file private; give the report the mode a plain write would have.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, target)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise UsageError(f"cannot write the output: {exc.strerror or exc}", path=str(output)) from None


def _color(color: bool | None, output: Path | None, fmt: Format) -> bool:
    if fmt is not Format.TEXT or output is not None:
        return False
    if color is not None:
        return color
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")


@app.command()
def check(
    candidates: Annotated[list[str], typer.Argument(help="Drafts to check (.txt, .md, .html).")],
    original: Originals,
    rules: RulesOpt = None,
    permissions: PermissionsOpt = None,
    fmt: FormatOpt = Format.TEXT,
    output: OutputOpt = None,
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
    """Give a verdict per candidate: exit 0 when compliant, 1 on violations, 2 on bad input."""
    with _errors():
        today = _date(date)
        report = api.check(candidates, original, rules=rules, permissions=permissions,
                           options=_options(min_words, quotes, rewrites), today=today, max_bytes=max_bytes,
                           encoding=encoding, all_pairs=all_pairs)
        _emit(render(report, fmt, color=_color(color, output, fmt)), output,
              candidates + original + ([str(permissions)] if permissions else []))
    raise typer.Exit(ExitCode.VIOLATIONS if report.verdict == "violation" else ExitCode.COMPLIANT)


@app.command()
def compare(
    candidate: Annotated[str, typer.Argument(help="The text to measure (.txt, .md, .html).")],
    original: Originals,
    fmt: FormatOpt = Format.TEXT,
    output: OutputOpt = None,
    min_words: MinWords = MatchOptions.min_words,
    quotes: Quotes = MatchOptions.count_quotes,
    rewrites: Rewrites = MatchOptions.rewrites,
    max_bytes: MaxBytes = DEFAULT_MAX_BYTES,
    encoding: EncodingOpt = None,
    color: Color = None,
) -> None:
    """Measure how much CANDIDATE reuses of each original, without rules."""
    with _errors():
        comparison = api.compare(candidate, original, options=_options(min_words, quotes, rewrites),
                                 max_bytes=max_bytes, encoding=encoding)
        text = render(comparison, fmt, color=_color(color, output, fmt))
        _emit(text, output, [candidate, *original])


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
            typer.echo(f"{pack_id:<20} {pack.name}  ({', '.join(pack.domains) or ', '.join(pack.url_patterns)})")


@rules_app.command("show")
def rules_show(pack: Annotated[str, typer.Argument(help="Rule pack id or YAML path.")]) -> None:
    """Show a rule pack: its terms, what it applies to, and each rule with its options."""
    with _errors():
        p = find_pack(pack)
        typer.echo(f"{p.id}: {p.name}\n  terms: {p.terms_url}\n  clause: \u201c{p.clause}\u201d")
        typer.echo(f"  applies to: {', '.join([*p.domains, *p.url_patterns])}\n  source: {p.source}")
        use = ", ".join(f"{key}={str(value).lower() if isinstance(value, bool) else value}"
                        for key, value in p.use.to_dict().items())
        typer.echo(f"  use decision: {use}")
        for rule in p.rules:
            typer.echo(f"\n  {rule.id} ({rule.kind}, {rule.severity})\n    clause: \u201c{rule.clause}\u201d")
            for key, value in rule.options.items():
                shown = "none" if value is None else str(value).lower() if isinstance(value, bool) else value
                typer.echo(f"    {key}: {shown}")


@rules_app.command("validate")
def rules_validate(paths: Annotated[list[Path], typer.Argument(help="Rule pack files to validate.")]) -> None:
    """Validate rule pack files against the schema; exit 2 at the first invalid one."""
    with _errors():
        for path in paths:
            pack = load_pack(path)
            typer.echo(f"{path}: valid ({pack.id}, {len(pack.rules)} rules)")


def main() -> None:
    app(prog_name="reusecheck")
