"""`reusecheck ci`: the candidates a repository's configuration includes, judged against its originals.

Which candidates: every included file git shows (ignored files left out), or the paths given, or the
files changed since a git revision. Which originals: each declared `source:` URL resolves to the
original in the configured folders with that URL, or, when the configuration says `fetch_sources`,
to the page fetched from it; a candidate that declares none, or one that does not resolve, is searched
against them all and only the originals it uses are reported.

`check_declared` is `reusecheck check` with no original named: each draft judged against the pages
its declared sources name, fetched.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import pathspec

from reusecheck import engine
from reusecheck.checks import Finding, tool
from reusecheck.config import Config, ConfigError, shorter
from reusecheck.documents import FORMATS, Document, load_document, load_url, peek_url
from reusecheck.documents.links import normalise_url
from reusecheck.documents.reading import DEFAULT_MAX_BYTES, check_encoding
from reusecheck.errors import EmptyDocumentError, InputError, ReusecheckError, RuleFileError, UsageError
from reusecheck.gitfiles import changed_since, work_tree
from reusecheck.inputs import files_under
from reusecheck.matching import MatchOptions
from reusecheck.permissions import Permission, load_ledger
from reusecheck.report import Note, Problem, Report, document_notes
from reusecheck.ruleset import RulePack, find_pack

if TYPE_CHECKING:
    from reusecheck.fetch import FetchOptions


@dataclass(frozen=True)
class Run:
    """What `reusecheck ci` judged, and what it left out."""

    report: Report
    config: Config
    root: Path
    """The repository root (git's work tree, else the configuration's folder): report paths are relative to it."""
    candidates: tuple[Path, ...]
    not_included: tuple[Path, ...] = ()
    """Paths given, or changed since the revision, that the configuration does not include."""
    empty: tuple[Path, ...] = ()
    """Candidates with no article text (front matter only, say): not judged."""
    everything_because: str | None = None
    """Why every included file was checked although --changed-since was given (an input they share changed)."""
    originals: tuple[str, ...] = ()
    """Every original read from the configured folders, used or not."""


@dataclass(frozen=True)
class Reading:
    """How input files are read."""

    max_bytes: int = DEFAULT_MAX_BYTES
    encoding: str | None = None


def run(config: Config, paths: Sequence[Path] = (), *, since: str | None = None,
        options: MatchOptions | None = None, today: dt.date | None = None, with_text: bool = False,
        reading: Reading = Reading(), fetching: FetchOptions | None = None) -> Run:
    """Judge the candidates against the configured originals.

    With `config.fetch_sources`, a declared http(s) source no original states is fetched as `fetching`
    says (default: the limits of `reading`); otherwise nothing is fetched.
    """
    packs = load_packs(config)
    granted = _ledger(config)
    root = work_tree(config.root) or config.root
    chosen, skipped, everything_because = select(config, paths, since, packs)
    archive = load_archive(config.originals, reading)
    if (not paths and since is None) or everything_because:
        # A run over everything, or after an original changed, reads every original: a broken one is
        # an error even when every draft's declared source resolves elsewhere.
        archive.everything()
    opts = options or MatchOptions()
    day = today or dt.date.today()
    sources = Sources(fetching, reading) if config.fetch_sources else None
    results = []
    empty: list[Path] = []
    errors: list[Problem] = []
    for path in chosen:
        try:
            candidate = load_document(path, max_bytes=reading.max_bytes, encoding=reading.encoding)
        except EmptyDocumentError:
            empty.append(path)
            continue
        except ReusecheckError as exc:
            errors.append(Problem.of(exc, str(path), "candidate"))
            continue
        try:
            originals, unresolved, unfetched = resolve(candidate, archive, sources)
            findings = tuple(unresolved_finding(url, config) for url in unresolved
                             if config.unresolved_source != "ignore")
            result = engine.check_candidate(candidate, originals, None, granted, opts, day, packs=packs,
                                            archive=True, findings=findings)
            results.append(replace(result, fail_on=config.fail_on, errors=tuple(unfetched) + result.errors))
        except ReusecheckError as exc:
            errors.append(Problem.of(exc, str(path), "candidate"))
    errors = archive.problems + errors
    fetched = sources.documents() if sources else []
    notes = tuple(archive.notes) + tuple(n for o in [*archive.documents(), *fetched] for n in document_notes(o))
    if not config.originals and not config.fetch_sources:
        notes += (Note(str(config.file or config.root), "no originals folder is configured (`originals:`): declared "
                                                         "sources cannot resolve, and no reuse can be found"),)
    report = Report(candidates=tuple(results), options=opts, checked_on=day, errors=tuple(errors), notes=notes,
                    with_text=with_text, fail_on=config.fail_on)
    return Run(report=report, config=config, root=root, candidates=tuple(chosen), not_included=tuple(skipped),
               empty=tuple(empty), everything_because=everything_because,
               originals=tuple(map(str, archive.paths)))


def load_packs(config: Config) -> tuple[RulePack, ...]:
    packs = []
    for spec in config.rules:
        try:
            packs.append(find_pack(spec))
        except RuleFileError as exc:
            if exc.path == spec and exc.line is None:
                where = config.origin("rules")
                path, _, line = where.rpartition(":")
                named = "" if spec in exc.message else f" ({shorter(spec)})"
                raise ConfigError(exc.message + named, path=shorter(path or where),
                                  line=int(line) if line.isdigit() else None, key="rules") from None
            raise
    return tuple(packs)


def _ledger(config: Config) -> tuple[Permission, ...]:
    return load_ledger(config.permissions) if config.permissions is not None else ()


def select(config: Config, paths: Sequence[Path], since: str | None,
           packs: Sequence[RulePack] = ()) -> tuple[list[Path], list[Path], str | None]:
    """The candidates to check, the named or changed paths the configuration leaves out, and why every
    file is checked despite `since` (None when it is not).

    Folders given are searched; files given are kept only when included, so that a hook passing every
    staged file checks only articles. Files in the originals folders and reports reusecheck wrote are
    never candidates. With `since`, a change to what every verdict rests on (the configuration, the
    ledger, a rule pack file, an original) means every included file is checked.
    """
    named: list[Path] = []
    for path in paths:
        if not path.exists():
            raise ReusecheckError("no such file or folder", path=str(path), option="paths")
        named.extend(files_under(path) if path.is_dir() else [path])
    given = named if paths else files_under(config.root)
    everything_because = None
    if since is not None:
        changed = {p.resolve() for p in changed_since(since, config.root)}
        everything_because = _shared_input_changed(config, packs, changed)
        if everything_because is None:
            given = [p for p in given if p.resolve() in changed] if paths else sorted(_display(p) for p in changed)
    include = pathspec.GitIgnoreSpec.from_lines(config.include)
    exclude = pathspec.GitIgnoreSpec.from_lines(config.exclude)
    originals = [o.resolve() for o in config.originals]
    chosen: list[Path] = []
    skipped: list[Path] = []
    seen: set[Path] = set()
    for path in map(_display, given):
        real = path.resolve()
        if real in seen:
            continue
        seen.add(real)
        rel = _relative(path, config.root)
        if (rel is None or not include.match_file(rel) or exclude.match_file(rel)
                or any(real.is_relative_to(o) for o in originals) or path.suffix.lower() not in FORMATS
                or written_by_reusecheck(path)):
            skipped.append(path)
        else:
            chosen.append(path)
    # Only what the user named or git reported is worth a count; the rest of the tree is not articles.
    reported = skipped if (paths or (since is not None and everything_because is None)) else []
    return chosen, reported, everything_because


def refuse_overwriting_an_article(config: Config, target: Path) -> None:
    """A report file named where an article stands, included or not checked this time: refused, so that
    no run can turn an article into a report (a report an earlier run wrote may be replaced)."""
    if not target.is_file() or written_by_reusecheck(target):
        return
    rel = _relative(target, config.root)
    include = pathspec.GitIgnoreSpec.from_lines(config.include)
    exclude = pathspec.GitIgnoreSpec.from_lines(config.exclude)
    if rel is not None and include.match_file(rel) and not exclude.match_file(rel):
        raise ReusecheckError("is an article the configuration includes; refusing to overwrite it with a report",
                              path=str(target))


def _shared_input_changed(config: Config, packs: Sequence[RulePack], changed: set[Path]) -> str | None:
    inputs = [("the configuration", config.file), ("the permission ledger", config.permissions),
              *(("the rule pack", Path(p.source)) for p in packs if Path(p.source).is_file())]
    for what, path in inputs:
        if path is not None and path.resolve() in changed:
            return f"{what} {_display(path)} changed"
    folders = [o.resolve() for o in config.originals]
    for path in sorted(changed):
        if any(path.is_relative_to(f) for f in folders):
            return f"the original {_display(path)} changed"
    return None


def _display(path: Path) -> Path:
    """The path relative to the current folder when it lies inside it: reports name files as a user types them."""
    if not path.is_absolute():
        return path
    try:
        return path.relative_to(Path.cwd())
    except ValueError:
        return path


def _relative(path: Path, root: Path) -> str | None:
    """`path` from `root`, as written: a symlinked article is matched by where it stands, not its target."""
    try:
        return Path(os.path.abspath(path)).relative_to(Path(os.path.abspath(root))).as_posix()
    except ValueError:
        return None


_OWN_REPORT = re.compile(rb'<meta name="generator" content="reusecheck '
                         rb"|\A## \S+ reusecheck: (?:compliant|violation|error)|\AChecked \d+ candidates?[.;]")


def written_by_reusecheck(path: Path) -> bool:
    """A report an earlier run wrote (the HTML report, the Markdown summary, the text output), by the mark
    it carries: it may stand among the articles, and it is no article."""
    try:
        with open(path, "rb") as stream:
            head = stream.read(2048)
    except OSError:
        return False
    return _OWN_REPORT.search(head) is not None


class Archive:
    """The originals in the configured folders, known first by their URLs and read whole when needed.

    A draft that declares its sources needs only those originals; reading every original of a large
    archive for a pre-commit hook would take minutes. A search (a draft with no declared source, or
    one that does not resolve) reads them all, once.
    """

    def __init__(self, folders: Sequence[Path], reading: Reading = Reading()) -> None:
        self.reading = reading
        self.paths = tuple(p for folder in folders for p in map(_display, files_under(folder))
                           if p.suffix.lower() in FORMATS)
        self.problems: list[Problem] = []
        self.notes: list[Note] = []
        self.by_url: dict[str, Path] = {}
        self._read: dict[Path, Document | None] = {}
        for path in self.paths:
            try:
                url = peek_url(path, max_bytes=reading.max_bytes, encoding=reading.encoding)
            except ReusecheckError as exc:
                self._fail(path, exc)
                continue
            if url:
                first = self.by_url.setdefault(normalise_url(url), path)
                if first != path:
                    self.notes.append(Note(str(path), f"states the same URL as {first} ({url}); a source with "
                                                      f"that URL resolves to {first}"))

    def document(self, path: Path) -> Document | None:
        """The original read whole, or None when it cannot be read (a problem is recorded once)."""
        if path not in self._read:
            try:
                self._read[path] = load_document(path, max_bytes=self.reading.max_bytes,
                                                 encoding=self.reading.encoding)
            except EmptyDocumentError:
                # A section page of front matter only (Hugo's _index.md) is no article to reuse.
                self._read[path] = None
                self.notes.append(Note(str(path), "no article text (front matter only?): not used as an original"))
            except ReusecheckError as exc:
                self._fail(path, exc)
        return self._read.get(path)

    def find(self, url: str) -> Document | None:
        path = self.by_url.get(normalise_url(url))
        return self.document(path) if path is not None else None

    def knows(self, url: str) -> bool:
        """Whether an original states this URL, readable or not."""
        return normalise_url(url) in self.by_url

    def everything(self) -> list[Document]:
        return [doc for path in self.paths if (doc := self.document(path)) is not None]

    def documents(self) -> list[Document]:
        """The originals read so far."""
        return [doc for doc in self._read.values() if doc is not None]

    def _fail(self, path: Path, exc: ReusecheckError) -> None:
        self._read[path] = None
        self.problems.append(Problem.of(exc, str(path), "original"))


def load_archive(folders: Sequence[Path], reading: Reading = Reading()) -> Archive:
    return Archive(folders, reading)


def resolve(candidate: Document, archive: Archive, sources: Sources | None = None
            ) -> tuple[list[Document], list[str], list[Problem]]:
    """The originals to judge the candidate against, the declared sources no original has, and the
    declared sources that could not be fetched (with `sources`, an http(s) source the archive lacks is
    fetched).

    When every declared source resolves, those originals; otherwise the whole archive (with what was
    fetched), so that a mistyped source does not hide a copy of another original.
    """
    found: list[Document] = []
    unresolved: list[str] = []
    unfetched: list[Problem] = []
    unreadable = False
    for url in candidate.declared_sources:
        doc = archive.find(url)
        if doc is None and not archive.knows(url) and sources is not None and is_web_url(url):
            try:
                doc = sources.get(url)
            except ReusecheckError as exc:
                unfetched.append(source_problem(candidate, url, exc))
                unreadable = True
                continue
        if doc is None:
            # An original with this URL that cannot be read is an input error of its own, not a missing one.
            if archive.knows(url):
                unreadable = True
            else:
                unresolved.append(url)
        elif doc not in found:
            found.append(doc)
    if candidate.declared_sources and not unresolved and not unreadable:
        return found, [], []
    searched = archive.everything()
    return searched + [doc for doc in found if doc not in searched], unresolved, unfetched


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


# --- declared sources fetched ----------------------------------------------------------------------------------


def is_web_url(url: str) -> bool:
    """An http(s) URL with a host: the only kind of declared source that is fetched."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc)


class Sources:
    """Declared sources fetched by URL, each once a run, however many drafts declare it."""

    def __init__(self, fetching: FetchOptions | None, reading: Reading = Reading()) -> None:
        if fetching is None:
            # Imported here: a run that fetches nothing needs no HTTP client.
            from reusecheck.fetch import FetchOptions

            fetching = FetchOptions(max_bytes=reading.max_bytes)
        self.fetching = fetching
        self.reading = reading
        self._got: dict[str, Document | ReusecheckError] = {}

    def get(self, url: str) -> Document:
        """The page at `url`, read as an original; raises ReusecheckError (naming the URL) when it cannot be."""
        try:
            key = normalise_url(url)
        except ValueError:
            key = url
        if key not in self._got:
            try:
                if not is_web_url(url):
                    raise InputError("not an http(s) URL, so it cannot be fetched", path=url)
                self._got[key] = load_url(url, fetching=self.fetching, encoding=self.reading.encoding)
            except ReusecheckError as exc:
                self._got[key] = exc
        got = self._got[key]
        if isinstance(got, ReusecheckError):
            raise got
        return got

    def documents(self) -> list[Document]:
        """The pages fetched and read."""
        return [got for got in self._got.values() if isinstance(got, Document)]


def source_problem(candidate: Document, url: str, exc: ReusecheckError) -> Problem:
    """A declared source that could not be fetched: an input error of the draft, at the line that declares it."""
    key = "source" if candidate.front_matter.get("source") == url else "sources"
    reason = exc.message if exc.path in (None, url) else str(exc)
    return Problem(source=candidate.source, message=f"the declared source {url} could not be fetched: {reason}",
                   role="pair", line=candidate.front_lines.get(key), key=key, option=exc.option)


def load_drafts(specs: Sequence[str | Path], reading: Reading = Reading(),
                fetching: FetchOptions | None = None) -> tuple[list[Document], list[Problem]]:
    """The drafts that could be read (a URL fetched as `fetching` says), and a problem for each that could not."""
    if reading.encoding is not None:
        try:
            check_encoding(reading.encoding, "")
        except ReusecheckError as exc:
            raise UsageError(exc.message, option="encoding") from None
    docs: list[Document] = []
    problems: list[Problem] = []
    for spec in specs:
        try:
            docs.append(load_document(spec, max_bytes=reading.max_bytes, encoding=reading.encoding,
                                      fetching=fetching))
        except ReusecheckError as exc:
            problems.append(Problem.of(exc, str(spec), "candidate"))
    return docs, problems


def check_declared(drafts: Sequence[Document], *, fetching: FetchOptions | None = None,
                   pack: RulePack | None = None, permissions: Sequence[Permission] = (),
                   options: MatchOptions | None = None, today: dt.date | None = None,
                   reading: Reading = Reading(), all_pairs: bool = False,
                   errors: Sequence[Problem] = ()) -> Report:
    """Each draft judged against the sources its front matter declares, fetched by URL (or taken from
    the cache), each page once.

    A draft that declares no source, or none that could be fetched, has no verdict, and neither has a
    pair whose source could not be fetched: each is an input error in the report, beside `errors` (drafts
    that could not be read).
    """
    opts = options or MatchOptions()
    day = today or dt.date.today()
    sources = Sources(fetching, reading)
    granted = tuple(permissions)
    results = []
    problems = list(errors)
    for draft in drafts:
        if not draft.declared_sources:
            problems.append(Problem(draft.source, "declares no source (`source:` or `sources:` in its front "
                                                  "matter) and no original is named to check it against"))
            continue
        originals: list[Document] = []
        unfetched: list[Problem] = []
        for url in draft.declared_sources:
            try:
                original = sources.get(url)
            except ReusecheckError as exc:
                unfetched.append(source_problem(draft, url, exc))
                continue
            if original not in originals:
                originals.append(original)
        if not originals:
            # Nothing to judge the draft against: it has no verdict, only the reasons.
            problems.extend(replace(p, role="candidate") for p in unfetched)
            continue
        try:
            result = engine.check_candidate(draft, originals, pack, granted, opts, day)
        except ReusecheckError as exc:
            # A malformed `permission:` block in the draft's front matter: that draft has no verdict.
            problems.append(Problem.of(exc, draft.source, "candidate"))
            continue
        results.append(replace(result, errors=tuple(unfetched) + result.errors))
    notes = tuple(n for o in sources.documents() for n in document_notes(o))
    return Report(candidates=tuple(results), options=opts, checked_on=day, all_pairs=all_pairs,
                  errors=tuple(problems), notes=notes)
