"""`reusecheck ci`: the candidates a repository's configuration includes, judged against its originals.

Which candidates: every included file, or the paths given, or the files changed since a git revision.
Which originals: each declared `source:` URL resolves to the original in the configured folders with
that URL; a candidate that declares none, or one that does not resolve, is searched against them all
and only the originals it uses are reported.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pathspec

from reusecheck import engine
from reusecheck.checks import Finding, tool
from reusecheck.config import Config, ConfigError
from reusecheck.documents import FORMATS, Document, load_document
from reusecheck.documents.links import normalise_url
from reusecheck.errors import ReusecheckError, RuleFileError
from reusecheck.gitfiles import changed_since
from reusecheck.matching import MatchOptions
from reusecheck.permissions import Permission, load_ledger
from reusecheck.report import Note, Problem, Report, document_notes
from reusecheck.ruleset import RulePack, find_pack

_SKIPPED_FOLDERS = frozenset({".git", ".hg", ".svn", "node_modules", ".venv", "venv", "__pycache__"})


@dataclass(frozen=True)
class Run:
    """What `reusecheck ci` judged, and what it left out."""

    report: Report
    config: Config
    candidates: tuple[Path, ...]
    not_included: tuple[Path, ...] = ()
    """Paths given (or changed) that the configuration does not include."""


@dataclass(frozen=True)
class Archive:
    """The configured originals, by normalised URL."""

    documents: tuple[Document, ...]
    by_url: dict[str, Document]
    problems: tuple[Problem, ...]


def run(config: Config, paths: Sequence[Path] = (), *, since: str | None = None,
        options: MatchOptions | None = None, today: dt.date | None = None, with_text: bool = False) -> Run:
    packs = load_packs(config)
    granted = _ledger(config)
    chosen, skipped = select(config, paths, since)
    archive = load_archive(config.originals)
    opts = options or MatchOptions()
    day = today or dt.date.today()
    results = []
    errors: list[Problem] = list(archive.problems)
    for path in chosen:
        try:
            candidate = load_document(path)
            originals, unresolved = resolve(candidate, archive)
            findings = tuple(unresolved_finding(url, config) for url in unresolved
                             if config.unresolved_source != "ignore")
            results.append(engine.check_candidate(candidate, originals, None, granted, opts, day, packs=packs,
                                                  archive=True, findings=findings))
        except ReusecheckError as exc:
            errors.append(Problem.of(exc, str(path), "candidate"))
    notes: tuple[Note, ...] = tuple(n for o in archive.documents for n in document_notes(o))
    report = Report(candidates=tuple(results), options=opts, checked_on=day, errors=tuple(errors), notes=notes,
                    with_text=with_text)
    return Run(report=report, config=config, candidates=tuple(chosen), not_included=tuple(skipped))


def load_packs(config: Config) -> tuple[RulePack, ...]:
    packs = []
    for spec in config.rules:
        try:
            packs.append(find_pack(spec))
        except RuleFileError as exc:
            if exc.path == spec and exc.line is None and not Path(spec).exists():
                where = config.origin("rules")
                path, _, line = where.rpartition(":")
                raise ConfigError(exc.message, path=path or where, line=int(line) if line.isdigit() else None,
                                  key="rules") from None
            raise
    return tuple(packs)


def _ledger(config: Config) -> tuple[Permission, ...]:
    return load_ledger(config.permissions) if config.permissions is not None else ()


def select(config: Config, paths: Sequence[Path], since: str | None) -> tuple[list[Path], list[Path]]:
    """The candidates to check and the paths left out because the configuration does not include them.

    Folders given are searched; files given are kept only when included, so that a hook passing every
    staged file checks only articles. Files in the originals folders are never candidates.
    """
    given: list[Path] = []
    for path in paths:
        if not path.exists():
            raise ReusecheckError("no such file or folder", path=str(path), option="paths")
        given.extend(_walk(path) if path.is_dir() else [path])
    if not paths:
        given = _walk(config.root)
    if since is not None:
        changed = {p.resolve() for p in changed_since(since, config.root)}
        given = [p for p in given if p.resolve() in changed] if paths else sorted(changed)
    include = pathspec.GitIgnoreSpec.from_lines(config.include)
    exclude = pathspec.GitIgnoreSpec.from_lines(config.exclude)
    originals = [o.resolve() for o in config.originals]
    chosen: list[Path] = []
    skipped: list[Path] = []
    for path in dict.fromkeys(_display(p) for p in given):
        rel = _relative(path, config.root)
        inside_originals = any(path.resolve().is_relative_to(o) for o in originals)
        if (rel is None or not include.match_file(rel) or exclude.match_file(rel) or inside_originals
                or path.suffix.lower() not in FORMATS):
            skipped.append(path)
        else:
            chosen.append(path)
    return chosen, skipped


def _walk(folder: Path) -> list[Path]:
    found: list[Path] = []
    for here, folders, files in os.walk(folder):
        folders[:] = sorted(f for f in folders if f not in _SKIPPED_FOLDERS)
        found.extend(Path(here) / name for name in sorted(files))
    return found


def _display(path: Path) -> Path:
    """The path relative to the current folder when it lies inside it: reports name files as a user types them."""
    if not path.is_absolute():
        return path
    try:
        return path.relative_to(Path.cwd())
    except ValueError:
        return path


def _relative(path: Path, root: Path) -> str | None:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return None


def load_archive(folders: Sequence[Path]) -> Archive:
    """Every readable original in the folders; an unreadable one is a problem, and the rest are used."""
    documents: list[Document] = []
    problems: list[Problem] = []
    for folder in folders:
        for path in map(_display, _walk(folder)):
            if path.suffix.lower() not in FORMATS:
                continue
            try:
                documents.append(load_document(path))
            except ReusecheckError as exc:
                problems.append(Problem.of(exc, str(path), "original"))
    by_url: dict[str, Document] = {}
    for doc in documents:
        if doc.url:
            by_url.setdefault(normalise_url(doc.url), doc)
    return Archive(documents=tuple(documents), by_url=by_url, problems=tuple(problems))


def resolve(candidate: Document, archive: Archive) -> tuple[list[Document], list[str]]:
    """The originals to judge the candidate against, and the declared sources no original has.

    When every declared source resolves, those originals; otherwise the whole archive, so that a
    mistyped source does not hide a copy of another original.
    """
    found: list[Document] = []
    unresolved: list[str] = []
    for url in candidate.declared_sources:
        doc = archive.by_url.get(normalise_url(url))
        if doc is None:
            unresolved.append(url)
        elif doc not in found:
            found.append(doc)
    if candidate.declared_sources and not unresolved:
        return found, []
    return list(archive.documents), unresolved


def unresolved_finding(url: str, config: Config) -> Finding:
    folders = ", ".join(_shown(f, config.root) for f in config.originals) or "(no originals folder configured)"
    rule = tool.UNRESOLVED_SOURCE
    return Finding(rule=rule.id, kind=rule.kind, severity=config.unresolved_source, status="fail",
                   message=f"The declared source {url} is not among the originals in {folders}.",
                   clause=rule.clause,
                   fix=f"add the original to {folders} with {url} as its canonical link or `url:` in its front "
                       "matter, or correct the URL in `source:`")


def _shown(path: Path, root: Path) -> str:
    rel = _relative(path, root)
    return f"{rel}/" if rel else str(path)
