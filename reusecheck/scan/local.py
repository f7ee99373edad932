"""The scan on this machine: records in order, judged in worker processes, lines written in input order.

Records go to the workers in chunks; the results come back in the order the chunks went out, so the
output is the same whatever the number of workers. Ctrl-C (or SIGTERM) is taken as a request to stop:
the chunks already judged are written, the rest dropped, and the output closed whole, so that no
candidate's lines are ever cut in two.
"""

from __future__ import annotations

import itertools
import multiprocessing
import multiprocessing.pool
import os
import signal
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from types import FrameType

from reusecheck.records import Record
from reusecheck.scan.candidate import Judge, Result, ScanOptions
from reusecheck.scan.output import Sink, Summary

CHUNK = 64
"""Records per task: enough that passing them between processes costs little beside judging them."""
AHEAD = 4
"""Chunks in flight per worker: the workers never wait for the next, and memory stays bounded."""

_judge: Judge | None = None


def default_jobs() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


class Stop:
    """Set by Ctrl-C or SIGTERM; the scan checks it between chunks."""

    def __init__(self) -> None:
        self.requested = False
        self.exhausted = False
        """Every record was judged: a stop asked for after the last one changes nothing."""
        self._previous: dict[int, object] = {}

    def __enter__(self) -> Stop:
        for sig in (signal.SIGINT, signal.SIGTERM):
            self._previous[sig] = signal.signal(sig, self._request)
        return self

    def __exit__(self, *exc: object) -> None:
        for sig, handler in self._previous.items():
            signal.signal(sig, handler)  # type: ignore[arg-type]

    def _request(self, signum: int, frame: FrameType | None) -> None:
        self.requested = True


def scan(records: Iterable[Record], options: ScanOptions, sink: Sink, summary: Summary, *, jobs: int,
         skip: int = 0, progress: Callable[[int], None] | None = None) -> int:
    """Judge every record after the first `skip` and write its lines. Returns how many records are done
    (skipped ones included); `summary` is updated as they are, and says whether the scan completed."""
    global _judge
    _judge = Judge(options)  # opened here first, so that a bad index or pack is reported before any work
    done = skip
    started = time.perf_counter() - summary.seconds
    chunks = _chunks(itertools.islice(records, skip, None))
    with Stop() as stop:
        for results in _judged(chunks, options, jobs, stop):
            for result in results:
                sink.write(result.lines)
                count(summary, result)
            done += len(results)
            summary.seconds = time.perf_counter() - started
            if progress is not None:
                progress(len(results))
        summary.complete = stop.exhausted
    summary.seconds = time.perf_counter() - started
    return done


def count(summary: Summary, result: Result) -> None:
    summary.candidates += 1
    summary.pairs += result.pairs
    summary.candidates_with_pairs += result.pairs > 0
    summary.violations += result.violations
    summary.errors += result.errors
    summary.empty += result.empty


def _chunks(records: Iterator[Record]) -> Iterator[list[Record]]:
    while chunk := list(itertools.islice(records, CHUNK)):
        yield chunk


def _judged(chunks: Iterator[list[Record]], options: ScanOptions, jobs: int, stop: Stop) -> Iterator[list[Result]]:
    if jobs <= 1:
        for chunk in chunks:
            if stop.requested:
                return
            yield _judge_chunk(chunk)
        stop.exhausted = True
        return
    pool = _pool(jobs, options)
    try:
        pending: deque[multiprocessing.pool.AsyncResult[list[Result]]] = deque()
        for next_chunk in itertools.chain(chunks, [None]):
            if stop.requested:
                return
            if next_chunk is not None:
                pending.append(pool.apply_async(_judge_chunk, (next_chunk,)))
            while pending and (next_chunk is None or len(pending) >= jobs * AHEAD):
                head = pending[0]
                while not head.ready() and not stop.requested:
                    head.wait(0.2)
                if not head.ready():
                    return
                yield pending.popleft().get()
        stop.exhausted = True
    finally:
        pool.terminate()
        pool.join()


def _pool(jobs: int, options: ScanOptions) -> multiprocessing.pool.Pool:
    # Forked workers share the parent's index mapping and warm caches; elsewhere each opens its own.
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    return multiprocessing.get_context(method).Pool(jobs, initializer=_start_worker, initargs=(options,))


def _start_worker(options: ScanOptions) -> None:
    global _judge
    # Ctrl-C reaches every process of the terminal's group: only the parent decides what it means.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if _judge is None or _judge.options != options:
        _judge = Judge(options)


def _judge_chunk(chunk: list[Record]) -> list[Result]:
    judge = _judge
    assert judge is not None, "the worker was started without its judge"
    return [judge.judge(record) for record in chunk]
