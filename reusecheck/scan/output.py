"""Where a scan's lines go: a JSON Lines file (or standard output), a JSON document, or a SARIF log.

JSON Lines are written as they come to a temporary file beside the output, which replaces the output when
the scan ends, or when it is interrupted: then it holds every line of the candidates done so far, and a
state file beside it (`OUTPUT.resume.json`) says how far the scan got, so that `--resume` carries on from
there and ends with the very file an uninterrupted scan would have written. A JSON document or a SARIF
log is written once, at the end (marked incomplete if the scan was interrupted).
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from reusecheck import __version__
from reusecheck.errors import UsageError
from reusecheck.output import refuse_protected, write_report, write_stdout

FORMATS = ("jsonl", "json", "sarif")
SCHEMA = "reusecheck-scan"
SCHEMA_VERSION = "1.0"
STATE_SUFFIX = ".resume.json"
COUNTS = frozenset({"candidates", "pairs", "candidates_with_pairs", "violations", "errors", "empty", "seconds"})
"""The Summary fields a state file keeps."""


@dataclass
class Summary:
    candidates: int = 0
    pairs: int = 0
    candidates_with_pairs: int = 0
    violations: int = 0
    errors: int = 0
    empty: int = 0
    seconds: float = 0.0
    processes: int = 1
    complete: bool = True

    @property
    def rate(self) -> float:
        return self.candidates / self.seconds if self.seconds > 0 else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {"candidates": self.candidates, "pairs": self.pairs, "candidates_with_pairs": self.candidates_with_pairs,
                "violations": self.violations, "errors": self.errors, "empty": self.empty,
                "seconds": round(self.seconds, 3),
                "candidates_per_second": round(self.rate, 1), "processes": self.processes, "complete": self.complete}

    def text(self) -> str:
        head = "Scanned" if self.complete else "Interrupted after"
        return (f"{head} {self.candidates:,} candidates in {self.seconds:.1f} s ({self.rate:,.0f} candidates/s, "
                f"{self.processes} process{'es' if self.processes != 1 else ''}): {self.pairs:,} pairs in "
                f"{self.candidates_with_pairs:,} candidates, {self.violations:,} violations, "
                f"{self.errors:,} records could not be read"
                + (f", {self.empty:,} without article text" if self.empty else ""))


@dataclass
class State:
    """How far an interrupted scan got."""

    fingerprint: dict[str, Any]
    done: int = 0
    size: int = 0
    summary: dict[str, float] = field(default_factory=dict)


def state_path(output: Path) -> Path:
    return output.with_name(output.name + STATE_SUFFIX)


def load_state(output: Path, fingerprint: dict[str, Any]) -> State:
    """The state of the interrupted scan `--resume` continues. Raises UsageError when there is none, or when
    it was a scan of other inputs, another index or other options."""
    path = state_path(output)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        counts = data["summary"]
        if not isinstance(counts, dict) or not set(counts) <= COUNTS:
            raise ValueError("unknown counts")
        state = State(fingerprint=data["fingerprint"], done=int(data["done"]), size=int(data["size"]),
                      summary={k: float(v) if k == "seconds" else int(v) for k, v in counts.items()})
    except FileNotFoundError:
        raise UsageError("nothing to resume: no interrupted scan wrote this output (its state file "
                         f"{path.name} is missing)", path=str(output), option="resume") from None
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        raise UsageError(f"cannot resume: the state file {path.name} is damaged; start the scan afresh",
                         path=str(output), option="resume") from None
    if state.fingerprint != fingerprint:
        changed = sorted(k for k in {*state.fingerprint, *fingerprint}
                         if state.fingerprint.get(k) != fingerprint.get(k))
        raise UsageError(f"cannot resume: the interrupted scan had other {', '.join(changed)}; run the same "
                         "command, or start afresh without --resume", path=str(output), option="resume")
    try:
        size = output.stat().st_size
    except OSError:
        raise UsageError("cannot resume: the partial output is gone", path=str(output), option="resume") from None
    if size < state.size:
        raise UsageError("cannot resume: the partial output is shorter than when the scan stopped",
                         path=str(output), option="resume")
    return state


class Sink:
    """Takes each candidate's lines in order and writes them in the chosen format."""

    def __init__(self, output: Path | None, fmt: str, fingerprint: dict[str, Any], header: dict[str, Any],
                 state: State | None = None, protected: tuple[Path, ...] = ()) -> None:
        self.output = output
        self.protected = protected
        """The inputs and the index: never written over."""
        self.format = fmt
        self.fingerprint = fingerprint
        self.header = header
        self.kept: list[dict[str, Any]] = []
        self._temp: Path | None = None
        self._stream: IO[bytes] | None = None
        self._size = 0
        if output is not None:
            _refuse_foreign(output, state is not None)
            if fmt != "jsonl":
                # Written only at the end: refused now, not after the whole scan.
                refuse_protected(output, protected)
        if fmt == "jsonl" and output is not None:
            self._temp = output.with_name(f".{output.name}.{secrets.token_hex(6)}.part")
            try:
                output.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise UsageError(f"cannot write the output: {exc.strerror}", path=str(output)) from None
            refuse_protected(output, protected)
            try:
                self._stream = open(self._temp, "xb")  # noqa: SIM115 - open for the whole scan, closed by finish
                if state is not None:
                    with open(output, "rb") as old:
                        _copy(old, self._stream, state.size)
            except OSError as exc:
                self.abandon()
                raise UsageError(f"cannot write the output: {exc.strerror}", path=str(output)) from None
            self._size = state.size if state is not None else 0

    def write(self, lines: tuple[dict[str, Any], ...]) -> None:
        """One candidate's lines, whole."""
        if self.format != "jsonl":
            self.kept.extend(lines)
            return
        data = "".join(json.dumps(line, ensure_ascii=False, sort_keys=True) + "\n" for line in lines)
        if self._stream is None:
            write_stdout(data)
            return
        encoded = data.encode("utf-8", "surrogateescape")
        try:
            self._stream.write(encoded)
        except OSError as exc:
            raise UsageError(f"cannot write the output: {exc.strerror}", path=str(self.output)) from None
        self._size += len(encoded)

    def finish(self, summary: Summary, done: int) -> None:
        """Put the output in place: whole, or, when the scan was interrupted, what was done."""
        if self.format == "jsonl":
            self._finish_lines(summary, done)
            return
        if self.format == "json":
            text = json.dumps(self.document(summary), ensure_ascii=False, indent=2) + "\n"
        else:
            from reusecheck.scan.sarif import render

            text = render(self.kept, summary, self.header)
        if self.output is None:
            write_stdout(text)
        else:
            write_report(text, self.output, self.protected)
            # An earlier interrupted JSON Lines scan to this output is not to be resumed any more.
            state_path(self.output).unlink(missing_ok=True)

    def _finish_lines(self, summary: Summary, done: int) -> None:
        if self._stream is None or self._temp is None or self.output is None:
            return
        try:
            self._stream.flush()
            os.fsync(self._stream.fileno())
            self._stream.close()
            self._stream = None
            os.replace(self._temp, self.output)
        except OSError as exc:
            raise UsageError(f"cannot write the output: {exc.strerror}", path=str(self.output)) from None
        state = state_path(self.output)
        if summary.complete:
            state.unlink(missing_ok=True)
            return
        counts = {"candidates": summary.candidates, "pairs": summary.pairs,
                  "candidates_with_pairs": summary.candidates_with_pairs, "violations": summary.violations,
                  "errors": summary.errors, "empty": summary.empty, "seconds": summary.seconds}
        write_report(json.dumps({"fingerprint": self.fingerprint, "done": done, "size": self._size,
                                 "summary": counts}, indent=2) + "\n", state, ())

    def abandon(self) -> None:
        """Remove the temporary file of a scan that failed before it could finish."""
        if self._stream is not None:
            with contextlib.suppress(OSError):
                self._stream.close()
        if self._temp is not None:
            with contextlib.suppress(OSError):
                self._temp.unlink()

    def document(self, summary: Summary) -> dict[str, Any]:
        pairs = [line for line in self.kept if "error" not in line]
        errors = [line for line in self.kept if "error" in line]
        return {"schema": SCHEMA, "schema_version": SCHEMA_VERSION, **self.header, "complete": summary.complete,
                "summary": summary.to_dict(), "pairs": pairs, "errors": errors}


def _refuse_foreign(output: Path, resuming: bool) -> None:
    """Never write over a file that is not an earlier scan's output: it may be the user's data."""
    if resuming or not output.exists():
        return
    if not output.is_file():
        raise UsageError("not a regular file; the scan writes its output to a regular file", path=str(output))
    try:
        with output.open("rb") as stream:
            head = stream.readline(1 << 20)
    except OSError as exc:
        raise UsageError(f"cannot read the existing output: {exc.strerror}", path=str(output)) from None
    if head.strip() and not _ours(head, output):
        raise UsageError("refusing to overwrite a file that is not a reusecheck scan output; choose another "
                         "--output or remove it", path=str(output))


def _ours(head: bytes, output: Path) -> bool:
    try:
        first: Any = json.loads(head)
    except ValueError:
        # A JSON document or SARIF log spans lines: look at the whole file's start instead.
        try:
            with output.open("rb") as stream:
                text = stream.read(4096).decode("utf-8", "replace")
        except OSError:
            return False
        return f'"schema": "{SCHEMA}"' in text or ('"$schema"' in text and '"name": "reusecheck"' in text)
    return isinstance(first, dict) and "candidate" in first


def _copy(source: IO[bytes], target: IO[bytes], size: int) -> None:
    """The first `size` bytes of `source`, a block at a time: a partial output may be gigabytes."""
    while size > 0:
        block = source.read(min(size, 1 << 20))
        if not block:
            return
        target.write(block)
        size -= len(block)


def header(index: dict[str, Any], options: dict[str, Any]) -> dict[str, Any]:
    """What a scan's JSON and SARIF carry besides the lines: enough to run it again and get the same."""
    return {"tool": {"name": "reusecheck", "version": __version__}, "index": index, "options": options}


def progress_stream() -> IO[str] | None:
    """Standard error when it is a terminal: a progress bar in a log file is noise."""
    stream = sys.stderr
    return stream if stream is not None and stream.isatty() else None
