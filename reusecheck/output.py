"""Writing the report: to a regular file, atomically and never over an input, or to standard output."""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import stat
import sys
from collections.abc import Iterable
from pathlib import Path

from reusecheck.errors import UsageError

# O_EXCL: never open a file someone else put at the temporary name; O_NOFOLLOW: nor a link planted there.
_NEW_FILE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0)
# Room for the dot, the random part and ".tmp" within the 255 bytes most file systems allow in a name.
_NAME_BYTES = 200

_KINDS = (
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISFIFO, "a named pipe"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def write_report(text: str, output: Path, protected: Iterable[str | Path]) -> None:
    """Write `text` as UTF-8 to the regular file `output`, replacing it atomically.

    Refuses, with a one-line UsageError, an `output` that is one of the `protected` files (the inputs),
    that exists and is not a regular file, or whose path cannot be written. A symlink to a regular file
    stays a symlink: its target is replaced. A replaced report keeps its owner and permission bits.
    """
    data = text.encode("utf-8", "surrogateescape")
    existing = _stat(output)
    _refuse_protected(output, existing, protected)
    if existing is not None and not stat.S_ISREG(existing.st_mode):
        kind = next((name for test, name in _KINDS if test(existing.st_mode)), "an unknown kind of file")
        raise UsageError(f"not a regular file ({kind}); reports are written only to regular files",
                         path=str(output))
    _replace(Path(os.path.realpath(output)), data, existing, output)


def write_stdout(text: str) -> None:
    """Print `text`; a reader that stops early (`| head -1`) is no error.

    On a broken pipe the rest of the report is dropped silently and the caller carries on, so the
    command still exits with its verdict. A closed or failing standard output is a UsageError.
    """
    stream = sys.stdout
    if stream is None:  # Python's stand-in when the command was started with its output closed (`>&-`)
        raise UsageError("cannot write the report: standard output is closed (give --output FILE)")
    try:
        stream.write(text)
        stream.flush()
    except BrokenPipeError:
        _discard_stdout()
    except UnicodeEncodeError:
        raise UsageError(f"cannot write the report: standard output's encoding ({stream.encoding}) cannot "
                         "show it (set PYTHONIOENCODING=utf-8 or give --output FILE)") from None
    except OSError as exc:
        _discard_stdout()
        raise UsageError(f"cannot write the report to standard output: {_reason(exc)}") from None


def _stat(output: Path) -> os.stat_result | None:
    """What `output` is after following symlinks, or None when there is nothing there yet."""
    try:
        return os.stat(output)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise _failure(output, exc) from None
    except ValueError:  # a NUL character, which no file name can hold
        raise UsageError("cannot write the report: the file name holds a NUL character",
                         path=str(output)) from None


def refuse_protected(output: Path, protected: Iterable[str | Path]) -> None:
    """Refuse, with a UsageError, an output that is one of the `protected` inputs (also through a link)."""
    _refuse_protected(output, _stat(output), protected)


def _refuse_protected(output: Path, existing: os.stat_result | None, protected: Iterable[str | Path]) -> None:
    # Resolved paths catch a symlink to an input; device and inode numbers also catch a hard link.
    target = os.path.realpath(output)
    for path in protected:
        try:
            same = os.path.realpath(path) == target
            if not same and existing is not None:
                same = os.path.samestat(os.stat(path), existing)
        except (OSError, ValueError):
            continue
        if same:
            raise UsageError(f"refusing to overwrite an input file with the report (it is {path})",
                             path=str(output))


def _replace(target: Path, data: bytes, existing: os.stat_result | None, output: Path) -> None:
    folder = target.parent
    tmp = folder / f".{_short(target.name)}.{secrets.token_hex(8)}.tmp"
    fd = -1
    try:
        # A new report gets the mode a plain write would (0o666 less the umask); a replaced one starts
        # private and takes the old file's bits below.
        fd = os.open(tmp, _NEW_FILE, 0o666 if existing is None else 0o600)
        try:
            _fill(fd, data, existing)
        finally:
            os.close(fd)
        os.replace(tmp, target)
    except BaseException as exc:
        # The name is known before the file exists, so an interrupt even between the open and the
        # assignment to fd is cleaned up; only a file we failed to create is someone else's.
        if fd >= 0 or not isinstance(exc, FileExistsError):
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        if isinstance(exc, OSError):
            raise _failure(output, exc, folder) from None
        raise
    _sync_folder(folder)


def _fill(fd: int, data: bytes, existing: os.stat_result | None) -> None:
    if existing is not None:
        _copy_owner(fd, existing)
        # After the owner: changing the owner clears the set-user-ID and set-group-ID bits.
        os.fchmod(fd, stat.S_IMODE(existing.st_mode))
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]
    # On disk before the rename, so a crash leaves the old report or the new one, never a truncated one.
    os.fsync(fd)


def _copy_owner(fd: int, existing: os.stat_result) -> None:
    new = os.fstat(fd)
    if (new.st_uid, new.st_gid) == (existing.st_uid, existing.st_gid):
        return
    # Only root may give a file away; anyone may still pass it to a group they belong to.
    try:
        os.fchown(fd, existing.st_uid, existing.st_gid)
    except PermissionError:
        with contextlib.suppress(PermissionError):
            os.fchown(fd, -1, existing.st_gid)


def _sync_folder(folder: Path) -> None:
    # Makes the rename itself durable; some file systems cannot sync a directory, and the report is
    # already in place, so a failure here is no reason to report an error.
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _short(name: str) -> str:
    while len(os.fsencode(name)) > _NAME_BYTES:
        name = name[:-1]
    return name


def _failure(output: Path, exc: OSError, folder: Path | None = None) -> UsageError:
    return UsageError(f"cannot write the report: {_reason(exc, folder)}", path=str(output))


def _reason(exc: OSError, folder: Path | None = None) -> str:
    where = f" in {folder}" if folder is not None else ""
    reasons = {
        errno.ENAMETOOLONG: "the file name is too long",
        errno.ELOOP: "too many levels of symbolic links (a symlink loop)",
        errno.ENOENT: f"the folder {folder} does not exist" if folder is not None else "no such file or folder",
        errno.ENOTDIR: "a part of the path is not a folder",
        errno.EACCES: f"permission denied{where}",
        errno.EPERM: f"operation not permitted{where}",
        errno.EROFS: f"the file system is read-only{where}",
        errno.ENOSPC: "no space left on the device",
        errno.EDQUOT: "disk quota exceeded",
    }
    return reasons.get(exc.errno or 0, exc.strerror or str(exc))


def _discard_stdout() -> None:
    # Python flushes standard output once more at exit; pointing it at the null device keeps that
    # last flush from printing a second error.
    try:
        fd = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):
        return
    with contextlib.suppress(OSError):
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, fd)
        os.close(null)


def append_text(path: Path, text: str, protected: Iterable[str | Path] = ()) -> None:
    """Append `text` to a file another program owns and others append to too (GitHub's step summary):
    appending, not replacing, keeps what they wrote. Never to one of the `protected` inputs."""
    refuse_protected(path, protected)
    try:
        with open(path, "a", encoding="utf-8", errors="surrogateescape") as stream:
            stream.write(text if text.endswith("\n") else text + "\n")
    except OSError as exc:
        raise UsageError(f"cannot append to it: {exc.strerror}", path=str(path)) from None
