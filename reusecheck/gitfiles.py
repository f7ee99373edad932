"""Files changed since a git revision, asked of the real `git`."""

from __future__ import annotations

import subprocess
from pathlib import Path

from reusecheck.errors import UsageError

_TIMEOUT = 60


def _git(args: list[str], cwd: Path) -> str:
    try:
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, timeout=_TIMEOUT, check=False)
    except FileNotFoundError:
        raise UsageError("git is not installed or not on PATH; it is needed for --changed-since",
                         option="changed_since") from None
    except subprocess.TimeoutExpired:
        raise UsageError(f"git {args[0]} took more than {_TIMEOUT} s", option="changed_since") from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise UsageError(f"git {' '.join(args[:2])} failed: {message[0] if message else 'no message'}",
                         option="changed_since")
    return done.stdout.decode("utf-8", "surrogateescape")


def repository_root(folder: Path) -> Path:
    """The top folder of the git work tree that holds `folder`."""
    try:
        return Path(_git(["rev-parse", "--show-toplevel"], folder).strip())
    except UsageError as exc:
        raise UsageError(f"{folder} is not inside a git repository ({exc.message})",
                         option="changed_since") from None


def work_tree(folder: Path) -> Path | None:
    """The top folder of the git work tree holding `folder`, or None outside one (or without git)."""
    try:
        done = subprocess.run(["git", "rev-parse", "--show-toplevel"], cwd=folder, capture_output=True,
                              timeout=_TIMEOUT, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    top = done.stdout.decode("utf-8", "surrogateescape").strip()
    return Path(top) if done.returncode == 0 and top else None


def listed_files(root: Path) -> list[Path]:
    """Every file git would show in the work tree at `root`: tracked or new, not ignored, not deleted."""
    names = _git(["ls-files", "-z", "--cached", "--others", "--exclude-standard", "--deduplicate"], root)
    return sorted(path for name in names.split("\0") if name and (path := root / name).is_file())


def changed_since(ref: str, folder: Path) -> list[Path]:
    """Files added, modified or renamed between `ref` and HEAD, plus uncommitted and untracked ones.

    Deleted files are left out: there is nothing to check. Paths are absolute.
    """
    if ref.startswith("-"):
        raise UsageError(f"not a git revision: {ref!r}", option="changed_since")
    root = repository_root(folder)
    try:
        _git(["rev-parse", "--verify", "--quiet", "HEAD^{commit}"], root)
    except UsageError:
        raise UsageError(f"the git repository {root} has no commits yet: there is nothing to compare with "
                         f"{ref!r}; leave out --changed-since to check every article", option="changed_since") from None
    try:
        _git(["rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"], root)
    except UsageError:
        raise UsageError(f"unknown git revision {ref!r} (in {root}); in a shallow clone, fetch the history "
                         "it needs (actions/checkout with fetch-depth: 0)", option="changed_since") from None
    names: set[str] = set()
    # The merge base with REF, as a pull request sees it; then what is not committed yet.
    for args in (["diff", "--name-only", "-z", "--diff-filter=AMR", f"{ref}...HEAD"],
                 ["diff", "--name-only", "-z", "--diff-filter=AMR", "HEAD"],
                 ["ls-files", "-z", "--others", "--exclude-standard"]):
        names.update(name for name in _git(args, root).split("\0") if name)
    return sorted(root / name for name in names if (root / name).is_file())
