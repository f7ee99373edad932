"""Every fetch ends: an overall deadline against a server that drips its page, and a bounded host lookup."""

from __future__ import annotations

import contextlib
import socket
import sqlite3
import threading
import time
from collections.abc import Iterator
from dataclasses import replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from reusecheck import api
from reusecheck.errors import InputError
from reusecheck.fetch import CACHE_FILE, FetchOptions, fetch

PAGE = b"<html><head><title>Dam</title></head><body><p>The dam on the river opened its gates at dawn.</p></body></html>"
EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


class _Dripping(BaseHTTPRequestHandler):
    """Sends each answer a few bytes at a time, each well within the read timeout, the whole far beyond it."""

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class names it so
        pass

    def do_GET(self) -> None:  # noqa: N802 - the name http.server dispatches to
        # The client hangs up when its deadline passes; the server then stops dripping.
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            if self.path == "/drip-head":
                head = (b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: %d\r\n"
                        b"X-Padding: " % len(PAGE) + b"x" * 200 + b"\r\n\r\n")
                self._drip(head + PAGE, 0.05)
            elif self.path == "/drip-body":
                self._head(len(PAGE))
                self._drip(PAGE, 0.05)
            elif self.path == "/drip-quick":
                self._head(len(PAGE))
                self._drip(PAGE, 0.002)
            elif self.path.startswith("/hop/"):
                left = int(self.path.rsplit("/", 1)[1])
                time.sleep(0.3)
                self.send_response(302)
                self.send_header("Location", f"/hop/{left - 1}" if left else "/drip-quick")
                self.send_header("Content-Length", "0")
                self.end_headers()
            else:
                self.send_error(404)

    def _head(self, length: int) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(length))
        self.end_headers()
        self.wfile.flush()

    def _drip(self, data: bytes, pause: float) -> None:
        for start in range(0, len(data), 2):
            self.wfile.write(data[start:start + 2])
            self.wfile.flush()
            time.sleep(pause)


@pytest.fixture()
def base() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Dripping)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture()
def opts(tmp_path: Path) -> FetchOptions:
    # Each read answers within the timeout; only the deadline can stop a dripping server.
    return FetchOptions(allow_private=True, cache_dir=tmp_path / "cache", timeout=3.0, deadline=1.0)


def _refused(url: str, options: FetchOptions) -> tuple[InputError, float]:
    started = time.monotonic()
    with pytest.raises(InputError) as caught:
        fetch(url, options)
    return caught.value, time.monotonic() - started


def _cached(options: FetchOptions) -> int:
    assert options.cache_dir is not None
    path = options.cache_dir / CACHE_FILE
    if not path.is_file():
        return 0
    with contextlib.closing(sqlite3.connect(path)) as db:
        count: int = db.execute("SELECT count(*) FROM pages").fetchone()[0]
    return count


@pytest.mark.parametrize("path", ["/drip-head", "/drip-body"])
def test_a_dripping_server_is_cut_off_at_the_deadline(base: str, opts: FetchOptions, path: str) -> None:
    # The whole page would take several seconds: each two bytes come 50 ms apart.
    error, took = _refused(base + path, opts)
    assert error.path == base + path
    assert error.message == "no complete page within 1 s, the limit for one fetch"
    assert error.option == "deadline"
    assert 0.9 < took < 2.0
    assert _cached(opts) == 0


def test_the_deadline_spans_the_redirects(base: str, opts: FetchOptions) -> None:
    # Five hops of 0.3 s each: every one answers in time, the chain does not.
    error, took = _refused(base + "/hop/4", opts)
    assert error.option == "deadline" and took < 2.0


def test_a_page_that_arrives_within_the_deadline_is_read(base: str, opts: FetchOptions) -> None:
    patient = replace(opts, deadline=10.0)
    assert fetch(base + "/drip-quick", patient).body == PAGE
    assert fetch(base + "/hop/1", patient).final_url == base + "/drip-quick"
    assert _cached(patient) == 2


def test_the_timeout_still_names_a_silent_server(base: str, opts: FetchOptions) -> None:
    # A read timeout shorter than the deadline: the gap between two hops is the server's silence.
    error, _took = _refused(base + "/hop/0", replace(opts, timeout=0.1, deadline=10.0))
    assert error.message == "no answer within 0.1 s"


def test_a_deadline_is_an_input_error_of_that_original_only(base: str, opts: FetchOptions) -> None:
    report = api.check(EXAMPLES / "candidates" / "over-cap.md",
                       [base + "/drip-body", EXAMPLES / "originals" / "rail-link.html"], fetching=opts)
    [problem] = report.errors
    assert problem.source == base + "/drip-body" and "limit for one fetch" in problem.message
    assert report.verdict == "error" and report.candidates[0].verdict == "violation"


# --- the host's lookup -------------------------------------------------------------------------------------------


@pytest.fixture()
def stuck_resolver(monkeypatch: pytest.MonkeyPatch) -> Iterator[threading.Event]:
    """A resolver that does not answer until released.

    The system resolver's configuration is not the test's to change, so a lookup that hangs cannot be made
    real; this stands in for the slow answer only, and then asks the real resolver.
    """
    release = threading.Event()
    real = socket.getaddrinfo

    def slow(host: Any, *args: Any, **kwargs: Any) -> Any:
        if host == "stuck.test":
            release.wait(30)
            host = "127.0.0.1"
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", slow)
    yield release
    release.set()


def test_a_lookup_that_does_not_answer_times_out(stuck_resolver: threading.Event, opts: FetchOptions) -> None:
    error, took = _refused("http://stuck.test/article", replace(opts, timeout=0.5, deadline=10.0))
    assert error.message == "cannot resolve stuck.test: no answer within 0.5 s"
    assert error.path == "http://stuck.test/article"
    assert took < 1.5


def test_a_lookup_is_also_bound_by_the_deadline(stuck_resolver: threading.Event, opts: FetchOptions) -> None:
    error, took = _refused("http://stuck.test/article", replace(opts, timeout=5.0, deadline=0.5))
    assert error.option == "deadline" and "limit for one fetch" in error.message
    assert took < 1.5


def test_other_hosts_resolve_while_one_lookup_hangs(stuck_resolver: threading.Event, base: str,
                                                    opts: FetchOptions) -> None:
    _refused("http://stuck.test/article", replace(opts, timeout=0.3))
    assert fetch(base + "/drip-quick", replace(opts, deadline=10.0)).body == PAGE
