"""Writing the report never destroys anything: not an input, not a device, not the old report on an interrupt."""

from __future__ import annotations

import errno
import os
import shutil
import socket
import stat
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from reusecheck.cli import app
from reusecheck.errors import UsageError
from reusecheck.output import write_report, write_stdout

ROOT = os.geteuid() == 0
NEEDS_USER = pytest.mark.skipif(ROOT, reason="root ignores permission bits; the root case is covered by another test")
NEEDS_ROOT = pytest.mark.skipif(not ROOT, reason="only root may give a file to another owner")

OLD = "The old report: 2 candidates, both compliant.\n"
NEW = "The new report: 3 candidates, one over the cap \u2014 \u00abBalkhash\u00bb.\n"
STORY = "A ferry will link the two ports from March.\nTickets go on sale next week.\n"


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    (tmp_path / "story.md").write_text(STORY, encoding="utf-8")
    (tmp_path / "report.txt").write_text(OLD, encoding="utf-8")
    return tmp_path


@pytest.fixture()
def umask() -> Iterator[Callable[[int], int]]:
    old = os.umask(0o022)
    os.umask(old)
    yield os.umask
    os.umask(old)


def listing(path: Path) -> list[str]:
    return sorted(p.name for p in path.iterdir())


def refused(output: Path, protected: list[str | Path] | None = None) -> str:
    """The one-line message of the UsageError write_report raises for `output`."""
    with pytest.raises(UsageError) as caught:
        write_report(NEW, output, protected or [])
    message = str(caught.value)
    assert "\n" not in message and message.startswith(f"{output}: ")
    return message


# --- writing ---------------------------------------------------------------------------------------------

def test_writes_utf8_and_leaves_nothing_else(folder: Path) -> None:
    before = listing(folder)
    write_report(NEW, folder / "new.txt", [folder / "story.md"])
    assert (folder / "new.txt").read_bytes() == NEW.encode("utf-8")
    assert listing(folder) == sorted([*before, "new.txt"])
    write_report(NEW, folder / "report.txt", [folder / "story.md"])
    assert (folder / "report.txt").read_text(encoding="utf-8") == NEW
    assert listing(folder) == sorted([*before, "new.txt"])


def test_undecodable_file_names_in_the_text_keep_their_bytes(tmp_path: Path) -> None:
    # Python hands over a file name that is not UTF-8 with its bytes escaped; they go back out unchanged.
    write_report("draft-caf\udce9.txt\n", tmp_path / "r.txt", [])
    assert (tmp_path / "r.txt").read_bytes() == b"draft-caf\xe9.txt\n"


@pytest.mark.parametrize(("mask", "mode"), [(0o022, 0o644), (0o027, 0o640), (0o077, 0o600)])
def test_new_report_gets_the_mode_of_a_plain_write(folder: Path, umask: Callable[[int], int], mask: int,
                                                   mode: int) -> None:
    umask(mask)
    write_report(NEW, folder / "new.txt", [])
    (folder / "plain.txt").write_text(NEW, encoding="utf-8")
    assert stat.S_IMODE((folder / "new.txt").stat().st_mode) == mode
    assert stat.S_IMODE((folder / "plain.txt").stat().st_mode) == mode


@pytest.mark.parametrize("mode", [0o640, 0o600, 0o664, 0o444])
def test_replaced_report_keeps_its_permission_bits(folder: Path, umask: Callable[[int], int], mode: int) -> None:
    umask(0o022)
    report = folder / "report.txt"
    report.chmod(mode)
    write_report(NEW, report, [])
    assert stat.S_IMODE(report.stat().st_mode) == mode
    assert report.read_text(encoding="utf-8") == NEW


@NEEDS_ROOT
def test_replaced_report_keeps_its_owner_and_group(folder: Path) -> None:
    report = folder / "report.txt"
    os.chown(report, 4321, 8765)
    write_report(NEW, report, [])
    info = report.stat()
    assert (info.st_uid, info.st_gid) == (4321, 8765)
    assert report.read_text(encoding="utf-8") == NEW


def test_long_name_that_fits_is_written(folder: Path) -> None:
    # 250 bytes is a legal name; the temporary name must not grow past the 255-byte limit.
    output = folder / ("r" * 246 + ".txt")
    write_report(NEW, output, [])
    assert output.read_text(encoding="utf-8") == NEW
    assert [p for p in listing(folder) if p.endswith(".tmp")] == []


def test_temporary_file_is_hidden_in_the_same_folder_and_synced_first(folder: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[str, Any]] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd: int) -> None:
        calls.append(("fsync", os.fstat(fd).st_ino))
        real_fsync(fd)

    def replace(src: str | Path, dst: str | Path) -> None:
        calls.append(("replace", (Path(src), Path(dst), os.stat(src).st_size)))
        real_replace(src, dst)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    report = folder / "report.txt"
    write_report(NEW, report, [])
    names = [name for name, _ in calls]
    assert names[:2] == ["fsync", "replace"]  # a later fsync of the folder is allowed
    src, dst, size = calls[1][1]
    assert src.parent == dst.parent == folder.resolve() and src.name.startswith(".report.txt.")
    assert size == len(NEW.encode("utf-8"))
    assert calls[0][1] == report.stat().st_ino  # the file synced is the one that became the report


@pytest.mark.parametrize("planted", ["file", "symlink"])
def test_temporary_name_taken_is_never_opened_or_removed(folder: Path, monkeypatch: pytest.MonkeyPatch,
                                                         planted: str) -> None:
    monkeypatch.setattr("secrets.token_hex", lambda _n: "0" * 16)
    taken = folder / f".report.txt.{'0' * 16}.tmp"
    if planted == "file":
        taken.write_text("someone else's", encoding="utf-8")
    else:
        taken.symlink_to(folder / "story.md")
    message = refused(folder / "report.txt")
    assert "exists" in message
    assert taken.is_symlink() == (planted == "symlink")
    assert taken.read_text(encoding="utf-8") == ("someone else's" if planted == "file" else STORY)
    assert (folder / "story.md").read_text(encoding="utf-8") == STORY
    assert (folder / "report.txt").read_text(encoding="utf-8") == OLD


# --- symlinks ------------------------------------------------------------------------------------------------

def test_symlink_to_a_report_stays_a_link_and_its_target_is_replaced(folder: Path) -> None:
    elsewhere = folder / "elsewhere"
    elsewhere.mkdir()
    real = elsewhere / "real.txt"
    real.write_text(OLD, encoding="utf-8")
    real.chmod(0o640)
    link = folder / "link.txt"
    link.symlink_to(Path("elsewhere") / "real.txt")
    before, before_elsewhere = listing(folder), listing(elsewhere)
    write_report(NEW, link, [folder / "story.md"])
    assert link.is_symlink() and os.readlink(link) == str(Path("elsewhere") / "real.txt")
    assert real.read_text(encoding="utf-8") == NEW
    assert stat.S_IMODE(real.stat().st_mode) == 0o640
    assert listing(folder) == before and listing(elsewhere) == before_elsewhere


def test_dangling_symlink_creates_its_target(folder: Path) -> None:
    link = folder / "link.txt"
    link.symlink_to("made.txt")
    write_report(NEW, link, [])
    assert link.is_symlink() and (folder / "made.txt").read_text(encoding="utf-8") == NEW


# --- never over an input -----------------------------------------------------------------------------------

def assert_story_intact(folder: Path) -> None:
    assert (folder / "story.md").read_text(encoding="utf-8") == STORY


def test_input_itself_is_refused(folder: Path) -> None:
    message = refused(folder / "story.md", [str(folder / "story.md")])
    assert "refusing to overwrite an input file" in message and f"it is {folder / 'story.md'}" in message
    assert_story_intact(folder)


def test_input_spelled_another_way_is_refused(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (folder / "sub").mkdir()
    monkeypatch.chdir(folder / "sub")
    assert "refusing to overwrite" in refused(Path("../sub/../story.md"), [folder / "story.md"])
    assert_story_intact(folder)


def test_symlink_to_an_input_is_refused(folder: Path) -> None:
    link = folder / "link.md"
    link.symlink_to("story.md")
    assert "refusing to overwrite" in refused(link, ["story.md", folder / "story.md"])
    assert link.is_symlink()
    assert_story_intact(folder)


def test_hard_link_to_an_input_is_refused(folder: Path) -> None:
    twin = folder / "twin.md"
    os.link(folder / "story.md", twin)
    assert "refusing to overwrite" in refused(twin, [folder / "story.md"])
    assert twin.stat().st_nlink == 2
    assert_story_intact(folder)


def test_protected_paths_that_cannot_be_read_are_skipped(folder: Path) -> None:
    write_report(NEW, folder / "report.txt", [folder / "missing.md", "bad\0name", folder / "story.md"])
    assert (folder / "report.txt").read_text(encoding="utf-8") == NEW


# --- only regular files --------------------------------------------------------------------------------------

def test_dev_null_is_refused_and_stays_a_device() -> None:
    message = refused(Path(os.devnull))
    assert message.endswith("not a regular file (a character device); reports are written only to regular files")
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode)


def test_symlink_to_dev_null_is_refused(tmp_path: Path) -> None:
    link = tmp_path / "out.txt"
    link.symlink_to(os.devnull)
    assert "(a character device)" in refused(link)
    assert link.is_symlink() and stat.S_ISCHR(os.stat(os.devnull).st_mode)


def test_fifo_is_refused_and_never_opened(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    assert "(a named pipe)" in refused(fifo)
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode) and listing(tmp_path) == ["pipe.txt"]


def test_directory_is_refused(tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    assert "(a directory)" in refused(tmp_path / "out")
    assert (tmp_path / "out").is_dir()


def test_socket_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "s"
    if len(os.fsencode(path)) > 100:
        pytest.skip("the temporary folder's path is too long for a Unix socket address")
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(path))
        assert "(a socket)" in refused(path)
    assert stat.S_ISSOCK(os.lstat(path).st_mode)


def test_block_device_is_refused(tmp_path: Path) -> None:
    node = tmp_path / "disk"
    try:
        os.mknod(node, stat.S_IFBLK | 0o600, os.makedev(7, 0))
    except OSError as exc:
        pytest.skip(f"cannot make a block device node here: {exc.strerror}")
    assert "(a block device)" in refused(node)
    assert stat.S_ISBLK(os.lstat(node).st_mode)


# --- path errors ---------------------------------------------------------------------------------------------

def test_name_too_long(tmp_path: Path) -> None:
    assert refused(tmp_path / ("r" * 300 + ".txt")).endswith("cannot write the report: the file name is too long")


def test_name_with_a_nul_character(tmp_path: Path) -> None:
    assert refused(tmp_path / "r\0.txt").endswith("the file name holds a NUL character")


@pytest.mark.parametrize("inside", [False, True])
def test_symlink_loop(tmp_path: Path, inside: bool) -> None:
    (tmp_path / "a").symlink_to("b")
    (tmp_path / "b").symlink_to("a")
    output = tmp_path / "a" / "r.txt" if inside else tmp_path / "a"
    assert refused(output).endswith("too many levels of symbolic links (a symlink loop)")
    assert listing(tmp_path) == ["a", "b"]


def test_missing_folder(tmp_path: Path) -> None:
    message = refused(tmp_path / "nowhere" / "r.txt")
    assert message.endswith(f"the folder {tmp_path.resolve() / 'nowhere'} does not exist")
    assert listing(tmp_path) == []


def test_folder_that_is_a_file(folder: Path) -> None:
    # Cannot be entered even by root: the same promise as the permission cases below.
    assert refused(folder / "story.md" / "r.txt").endswith("a part of the path is not a folder")
    assert_story_intact(folder)


@NEEDS_USER
def test_folder_that_cannot_be_written(folder: Path) -> None:
    folder.chmod(0o500)
    try:
        assert "permission denied in" in refused(folder / "r.txt")
        assert "permission denied in" in refused(folder / "report.txt")
    finally:
        folder.chmod(0o700)
    assert (folder / "report.txt").read_text(encoding="utf-8") == OLD


@NEEDS_USER
def test_folder_that_cannot_be_entered(folder: Path) -> None:
    folder.chmod(0o600)
    try:
        assert refused(folder / "report.txt").endswith("cannot write the report: permission denied")
    finally:
        folder.chmod(0o700)
    assert (folder / "report.txt").read_text(encoding="utf-8") == OLD


@pytest.mark.parametrize(("code", "reason"), [(errno.EROFS, "the file system is read-only in"),
                                              (errno.ENOSPC, "no space left on the device"),
                                              (errno.EACCES, "permission denied in")])
def test_errors_while_writing_are_one_line(folder: Path, monkeypatch: pytest.MonkeyPatch, code: int,
                                           reason: str) -> None:
    def fail(*_args: object) -> None:
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(os, "open" if code != errno.ENOSPC else "write", fail)
    before = listing(folder)
    assert reason in refused(folder / "report.txt")
    monkeypatch.undo()
    assert listing(folder) == before and (folder / "report.txt").read_text(encoding="utf-8") == OLD


def test_read_only_file_system_for_real(tmp_path: Path) -> None:
    if not ROOT or shutil.which("unshare") is None:
        pytest.skip("mounting a read-only file system needs root and unshare(1)")
    mount = tmp_path / "ro"
    mount.mkdir()
    code = ("import sys; from pathlib import Path; from reusecheck.output import write_report\n"
            "try:\n    write_report('x', Path(sys.argv[1]) / 'r.txt', [])\n"
            "except Exception as exc:\n    print(f'{type(exc).__name__}: {exc}')\n")
    script = 'mount -t tmpfs -o ro tmpfs "$1" || exit 77; exec "$2" -c "$3" "$1"'
    proc = subprocess.run(["unshare", "-m", "sh", "-c", script, "sh", str(mount), sys.executable, code],
                          capture_output=True, text=True, timeout=60)
    if proc.returncode == 77 or "unshare failed" in proc.stderr:
        pytest.skip(f"this system does not allow a private read-only mount: {proc.stderr.strip()}")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith(f"UsageError: {mount / 'r.txt'}: cannot write the report: the file system is "
                                  "read-only in")


# --- interrupts ----------------------------------------------------------------------------------------------

def interrupt(monkeypatch: pytest.MonkeyPatch, name: str, error: BaseException) -> None:
    """Make os.<name> raise `error` the first time it is called: after doing its work for open and close,
    after writing half the bytes for write, before doing anything otherwise."""
    real = getattr(os, name)
    fired = False

    def fake(*args: Any, **kwargs: Any) -> Any:
        nonlocal fired
        if fired:
            return real(*args, **kwargs)
        fired = True
        if name in ("open", "close"):
            real(*args, **kwargs)
        elif name == "write":
            real(args[0], bytes(args[1][: len(args[1]) // 2]))
        raise error

    monkeypatch.setattr(os, name, fake)


@pytest.mark.parametrize("name", ["open", "fchmod", "write", "fsync", "close", "replace"])
def test_interrupt_leaves_no_temporary_file_and_the_old_report(folder: Path, monkeypatch: pytest.MonkeyPatch,
                                                               name: str) -> None:
    before = listing(folder)
    interrupt(monkeypatch, name, KeyboardInterrupt())
    with pytest.raises(KeyboardInterrupt):
        write_report(NEW, folder / "report.txt", [])
    monkeypatch.undo()
    assert listing(folder) == before
    assert (folder / "report.txt").read_text(encoding="utf-8") == OLD


def test_any_base_exception_cleans_up_a_new_report(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = listing(folder)
    interrupt(monkeypatch, "write", SystemExit(3))
    with pytest.raises(SystemExit):
        write_report(NEW, folder / "new.txt", [])
    monkeypatch.undo()
    assert listing(folder) == before


# --- standard output ---------------------------------------------------------------------------------------

# Prints once more after the report, as a longer run might: that must not raise at exit either.
STDOUT_SCRIPT = """
import sys
from reusecheck.errors import ReusecheckError
from reusecheck.output import write_stdout
code = 0
try:
    write_stdout(sys.argv[1] * int(sys.argv[2]))
except ReusecheckError as exc:
    sys.stderr.write(f"reusecheck: error: {exc}\\n")
    code = 2
print("end")
sys.exit(code)
"""


def into_closed_pipe(args: list[str], cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run `args` with standard output a pipe whose reader has already gone, as `| head -1` leaves it."""
    read, write = os.pipe()
    os.close(read)
    try:
        return subprocess.run(args, stdout=write, stderr=subprocess.PIPE, text=True, timeout=60, cwd=cwd)
    finally:
        os.close(write)


def test_write_stdout_prints(capsys: pytest.CaptureFixture[str]) -> None:
    write_stdout(NEW)
    assert capsys.readouterr().out == NEW


@pytest.mark.parametrize("count", [1, 20_000])  # within the pipe's buffer, and far past it
def test_broken_pipe_is_quiet_and_keeps_the_exit_code(count: int) -> None:
    proc = into_closed_pipe([sys.executable, "-c", STDOUT_SCRIPT, NEW, str(count)])
    assert (proc.returncode, proc.stderr) == (0, "")


def test_full_device_is_one_line() -> None:
    if not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full on this system")
    with open("/dev/full", "w") as full:
        proc = subprocess.run([sys.executable, "-c", STDOUT_SCRIPT, NEW, "1"], stdout=full, stderr=subprocess.PIPE,
                              text=True, timeout=60)
    assert proc.returncode == 2
    assert proc.stderr == ("reusecheck: error: cannot write the report to standard output: "
                           "no space left on the device\n")


def test_closed_stdout_is_one_line() -> None:
    proc = subprocess.run(["sh", "-c", '"$0" -c "$1" "$2" 1 >&-', sys.executable, STDOUT_SCRIPT, NEW],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2
    assert proc.stderr == "reusecheck: error: cannot write the report: standard output is closed (give --output FILE)\n"


def test_stdout_encoding_that_cannot_show_the_report_is_one_line() -> None:
    env = {**os.environ, "PYTHONIOENCODING": "ascii"}
    proc = subprocess.run([sys.executable, "-c", STDOUT_SCRIPT, NEW, "1"], capture_output=True, text=True,
                          timeout=60, env=env)
    assert (proc.returncode, proc.stdout) == (2, "end\n")
    assert proc.stderr.count("\n") == 1 and "encoding (ascii) cannot show it" in proc.stderr


# --- the command line, once cli._emit calls write_stdout / write_report ---------------------------------------

ORIGINAL = ("The port authority said on Monday that a new ferry will link the two cities from March. "
            "Tickets go on sale next week and the crossing takes about eighteen hours in calm weather. ")


@pytest.fixture()
def texts(tmp_path: Path) -> Path:
    (tmp_path / "original.txt").write_text(ORIGINAL * 3, encoding="utf-8")
    (tmp_path / "draft.txt").write_text(ORIGINAL, encoding="utf-8")
    return tmp_path


def test_cli_into_a_closed_pipe(texts: Path) -> None:
    proc = into_closed_pipe([sys.executable, "-m", "reusecheck", "compare", "draft.txt", "--original", "original.txt",
                             "-f", "json"], cwd=texts)
    assert (proc.returncode, proc.stderr) == (0, "")


def test_cli_refuses_a_fifo_as_output(texts: Path) -> None:
    fifo = texts / "out.json"
    os.mkfifo(fifo)
    result = CliRunner().invoke(app, ["compare", str(texts / "draft.txt"), "--original", str(texts / "original.txt"),
                                      "--output", str(fifo)])
    assert result.exit_code == 2
    assert f"{fifo}: not a regular file (a named pipe)" in result.stderr
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
