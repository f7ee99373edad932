"""Which files an argument names: a file, a URL, a folder (searched), a glob, or `@list.txt`.

A folder is listed as git lists it inside a work tree (ignored files, such as a site's build output, left
out), else walked whole but for version-control and tool folders.
"""

from __future__ import annotations

import glob
import os
from collections.abc import Iterable
from pathlib import Path

from reusecheck.errors import UsageError
from reusecheck.gitfiles import listed_files, work_tree

SKIPPED_FOLDERS = frozenset({".git", ".hg", ".svn", "node_modules", ".venv", "venv", "__pycache__"})
_GLOB = frozenset("*?[")


def files_under(folder: Path) -> list[Path]:
    """Every file under `folder`, as git shows it inside a work tree, else by walking it."""
    top = work_tree(folder)
    if top is not None:
        inside = folder.resolve()
        return [p for p in listed_files(top) if p.resolve().is_relative_to(inside)]
    found: list[Path] = []

    def unreadable(exc: OSError) -> None:
        raise UsageError(f"cannot read the folder: {exc.strerror}", path=str(exc.filename or folder))

    for here, folders, files in os.walk(folder, onerror=unreadable):
        folders[:] = sorted(f for f in folders if f not in SKIPPED_FOLDERS)
        found.extend(Path(here) / name for name in sorted(files))
    return found


def expand(specs: Iterable[str], suffixes: Iterable[str]) -> tuple[list[str], bool]:
    """The files (and URLs) the specs name, in order, each once; and whether any spec named a collection
    (a folder, a glob or a list), in which the files are searched rather than each one named.

    Files found in a folder or by a glob are kept when their suffix is one of `suffixes`; a file named
    outright is kept whatever it is, so that its reader can say what is wrong with it.
    """
    wanted = {s.lower() for s in suffixes}
    found: list[str] = []
    collection = False
    for spec in specs:
        named, many = _one(spec, wanted)
        found.extend(named)
        collection |= many
    return list(dict.fromkeys(found)), collection


def _one(spec: str, wanted: set[str], listed: bool = False) -> tuple[list[str], bool]:
    if "://" in spec:
        return [spec], False
    if spec.startswith("@") and not listed:
        return _listed(Path(spec[1:]), wanted), True
    path = Path(spec)
    if path.is_dir():
        files = [str(p) for p in files_under(path) if p.suffix.lower() in wanted]
        if not files:
            raise UsageError(f"the folder holds no {', '.join(sorted(wanted))} file", path=spec, option="original")
        return files, True
    if not path.exists() and _GLOB & set(spec):
        matches = sorted(glob.glob(spec, recursive=True))
        files = [m for m in matches if Path(m).is_file() and Path(m).suffix.lower() in wanted]
        if not files:
            raise UsageError(f"no article file matches the pattern {spec!r}", option="original")
        return files, True
    return [spec], False


def _listed(path: Path, wanted: set[str]) -> list[str]:
    """`@list.txt`: one file, folder, glob or URL per line; blank lines and `#` comments skipped."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UsageError("no such list file", path=str(path), option="original") from None
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) else "not UTF-8 text"
        raise UsageError(f"cannot read the list: {reason}", path=str(path), option="original") from None
    found: list[str] = []
    base = path.parent
    for line in text.splitlines():
        entry = line.strip()
        if not entry or entry.startswith("#"):
            continue
        # Relative entries are relative to the list, as in a playlist, so a list travels with its files.
        spec = entry if "://" in entry or Path(entry).is_absolute() else str(base / entry)
        found.extend(_one(spec, wanted, listed=True)[0])
    return found
