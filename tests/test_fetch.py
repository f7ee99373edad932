"""The URL fetcher against a real HTTP server on loopback, and its SQLite cache."""

from __future__ import annotations

import contextlib
import datetime
import hashlib
import multiprocessing
import socket
import sqlite3
import threading
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from reusecheck import __version__
from reusecheck.errors import InputError, ReusecheckError
from reusecheck.fetch import CACHE_FILE, FetchOptions, fetch, is_public_address

PAGE = b"<html><head><title>Harbour</title></head><body><p>The ferry leaves at noon.</p></body></html>"
RUSSIAN = "<html><body><p>Паром отходит в полдень, причал номер три.</p></body></html>".encode("cp1251")
ETAG = '"harbour-1"'


@dataclass
class Site:
    base: str
    hits: Counter[str] = field(default_factory=Counter)
    seen_headers: dict[str, dict[str, str]] = field(default_factory=dict)
    server: ThreadingHTTPServer | None = None

    def url(self, path: str) -> str:
        return self.base + path

    def stop(self) -> None:
        assert self.server is not None
        self.server.shutdown()
        self.server.server_close()


def _handler(site: Site) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class names it so
            pass

        def do_GET(self) -> None:  # noqa: N802 - the name http.server dispatches to
            path = self.path.split("?", 1)[0]
            site.hits[path] += 1
            site.seen_headers[path] = {k.lower(): v for k, v in self.headers.items()}
            # The client may stop reading: that is what the size cap is for.
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self._route(path)

        def _send(self, status: int, body: bytes = b"", content_type: str | None = "text/html; charset=utf-8",
                  headers: dict[str, str] | None = None, length: bool = True) -> None:
            self.send_response(status)
            if content_type:
                self.send_header("Content-Type", content_type)
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            if length:
                self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def _redirect(self, status: int, location: str) -> None:
            self._send(status, headers={"Location": location})

        def _route(self, path: str) -> None:
            if path == "/page":
                if self.headers.get("If-None-Match") == ETAG:
                    self.send_response(304)
                    self.send_header("ETag", ETAG)
                    self.end_headers()
                    return
                self._send(200, PAGE, headers={"ETag": ETAG})
            elif path == "/r1":
                self._redirect(301, site.url("/r2"))
            elif path == "/r2":
                self._redirect(302, "/page")  # relative, resolved against /r2
            elif path == "/loop-a":
                self._redirect(302, "/loop-b")
            elif path == "/loop-b":
                self._redirect(302, "/loop-a")
            elif path.startswith("/chain/"):
                left = int(path.rsplit("/", 1)[1])
                self._redirect(302, f"/chain/{left - 1}" if left else "/page")
            elif path == "/slow":
                time.sleep(2.5)
                self._send(200, PAGE)
            elif path == "/huge-declared":
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.send_header("Content-Length", str(50_000_000))
                self.end_headers()
                self.wfile.write(b"<html>")
                self.wfile.flush()
                time.sleep(2.5)  # a client that tried to read the body would time out here
            elif path == "/huge-stream":
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.end_headers()  # no length: the body ends when the connection closes
                chunk = b"<p>" + b"x" * 65_000 + b"</p>"
                for _ in range(200):
                    self.wfile.write(chunk)
            elif path == "/missing":
                self._send(404, b"<p>no such page</p>")
            elif path == "/gone":
                self._send(410, b"<p>gone</p>")
            elif path == "/broken":
                self._send(500, b"<p>oops</p>")
            elif path == "/report.pdf":
                self._send(200, b"%PDF-1.4 not really", content_type="application/pdf")
            elif path == "/ru":
                self._send(200, RUSSIAN, content_type="text/html")
            elif path == "/to-ftp":
                self._redirect(302, "ftp://example.org/article.html")
            else:
                self._send(404)

    return Handler


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a client that hangs up early is expected here, not a failure of the server


@pytest.fixture()
def site() -> Iterator[Site]:
    s = Site(base="")
    server = _Server(("127.0.0.1", 0), _handler(s))
    s.server = server
    s.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield s
    server.shutdown()
    server.server_close()


@pytest.fixture()
def opts(tmp_path: Path) -> FetchOptions:
    return FetchOptions(allow_private=True, cache_dir=tmp_path / "cache", timeout=1.0)


def _error(url: str, options: FetchOptions) -> InputError:
    with pytest.raises(InputError) as info:
        fetch(url, options)
    error = info.value
    assert error.path == url
    assert "\n" not in error.message
    return error


# --- pages --------------------------------------------------------------------------------------------------


def test_fetches_an_html_page(site: Site, opts: FetchOptions) -> None:
    page = fetch(site.url("/page"), opts)
    assert page.body == PAGE
    assert page.sha256 == hashlib.sha256(PAGE).hexdigest()
    assert (page.status, page.content_type, page.charset, page.etag) == (200, "text/html", "utf-8", ETAG)
    assert page.final_url == page.url == site.url("/page")
    assert not page.from_cache
    assert page.fetched_at.utcoffset() == datetime.timedelta(0)
    assert site.seen_headers["/page"]["user-agent"] == f"reusecheck/{__version__} (+https://pypi.org/project/reusecheck/)"


def test_follows_a_redirect_chain(site: Site, opts: FetchOptions) -> None:
    page = fetch(site.url("/r1"), opts)
    assert page.url == site.url("/r1")
    assert page.final_url == site.url("/page")
    assert page.body == PAGE
    assert [site.hits[p] for p in ("/r1", "/r2", "/page")] == [1, 1, 1]


def test_redirect_loop_is_an_error(site: Site, opts: FetchOptions) -> None:
    error = _error(site.url("/loop-a"), opts)
    assert "loop" in error.message
    assert site.hits["/loop-a"] == 1


def test_redirect_limit(site: Site, opts: FetchOptions) -> None:
    assert fetch(site.url("/chain/3"), replace(opts, max_redirects=4)).final_url == site.url("/page")
    error = _error(site.url("/chain/6"), replace(opts, max_redirects=4))
    assert "more than 4 redirects" in error.message
    assert site.hits["/page"] == 1  # only from the first, allowed chain


def test_redirect_to_another_scheme_is_refused(site: Site, opts: FetchOptions) -> None:
    error = _error(site.url("/to-ftp"), opts)
    assert "not ftp" in error.message


def test_scheme_of_the_url_itself(opts: FetchOptions) -> None:
    assert "not file" in _error("file:///etc/hostname", opts).message


def test_slow_server_times_out(site: Site, opts: FetchOptions) -> None:
    started = time.monotonic()
    error = _error(site.url("/slow"), opts)
    assert error.message == "no answer within 1 s"
    assert time.monotonic() - started < 2.2


def test_declared_length_over_the_cap_is_refused_before_reading(site: Site, opts: FetchOptions) -> None:
    # The server sends its headers and then stalls: reading the body would end in a timeout instead.
    error = _error(site.url("/huge-declared"), replace(opts, max_bytes=100_000))
    assert error.option == "max_bytes"
    assert "50000000 bytes" in error.message


def test_streamed_body_stops_at_the_cap(site: Site, opts: FetchOptions) -> None:
    error = _error(site.url("/huge-stream"), replace(opts, max_bytes=200_000))
    assert error.option == "max_bytes"
    assert "200000" in error.message
    # The same body under a large enough cap is read whole, so the cap was what stopped it.
    page = fetch(site.url("/huge-stream"), replace(opts, max_bytes=20_000_000))
    assert len(page.body) == 200 * 65_007


@pytest.mark.parametrize(("path", "status"), [("/missing", 404), ("/gone", 410), ("/broken", 500)])
def test_error_status(site: Site, opts: FetchOptions, path: str, status: int) -> None:
    error = _error(site.url(path), opts)
    assert str(status) in error.message
    assert not (opts.cache_dir is not None and _cached_keys(opts.cache_dir))


def test_pdf_is_not_an_html_page(site: Site, opts: FetchOptions) -> None:
    assert _error(site.url("/report.pdf"), opts).message == "not an HTML page: application/pdf"


def test_bytes_without_charset_come_back_intact(site: Site, opts: FetchOptions) -> None:
    page = fetch(site.url("/ru"), opts)
    assert page.body == RUSSIAN
    assert page.charset is None
    assert page.content_type == "text/html"


# --- network failures ----------------------------------------------------------------------------------------


def test_connection_refused(opts: FetchOptions) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    assert _error(f"http://127.0.0.1:{port}/page", opts).message == "connection refused"


def test_tls_error(site: Site, opts: FetchOptions) -> None:
    error = _error(site.url("/page").replace("http://", "https://"), opts)
    assert error.message.startswith("TLS")


def test_dns_failure(opts: FetchOptions) -> None:
    # .invalid never resolves (RFC 2606).
    error = _error("http://no-such-host.invalid/article", opts)
    assert error.message.startswith("cannot resolve no-such-host.invalid")


# --- addresses -----------------------------------------------------------------------------------------------


def test_default_refuses_loopback(site: Site, tmp_path: Path) -> None:
    options = FetchOptions(cache_dir=tmp_path, timeout=1.0)
    for url in (site.url("/page"), site.url("/page").replace("127.0.0.1", "[::1]"), site.url("/page").replace(
            "127.0.0.1", "localhost")):
        error = _error(url, options)
        assert error.option == "allow_private"
        assert "not a public address" in error.message
        assert "--" not in error.message  # the CLI names its own flag
    assert site.hits["/page"] == 0


@pytest.mark.parametrize(("address", "public"), [
    ("8.8.8.8", True), ("2606:4700:4700::1111", True),
    ("127.0.0.1", False), ("::1", False), ("10.0.0.1", False), ("192.168.1.10", False), ("172.16.0.1", False),
    ("169.254.169.254", False), ("100.64.0.1", False), ("0.0.0.0", False), ("224.0.0.1", False),
    ("240.0.0.1", False), ("::ffff:127.0.0.1", False), ("::ffff:10.0.0.1", False), ("::ffff:8.8.8.8", True),
    ("fc00::1", False), ("fe80::1", False), ("::", False), ("ff02::1", False), ("2002:7f00:1::", False),
])
def test_address_classification(address: str, public: bool) -> None:
    # A redirect from a public host to any of these is refused at connect time by the same check.
    assert is_public_address(address) is public


# --- cache ---------------------------------------------------------------------------------------------------


def _cached_keys(cache_dir: Path) -> list[str]:
    path = cache_dir / CACHE_FILE
    if not path.exists():
        return []
    with sqlite3.connect(path) as db:
        return [row[0] for row in db.execute("SELECT key FROM pages")]


def test_cache_hit_needs_no_network(site: Site, opts: FetchOptions) -> None:
    first = fetch(site.url("/r1"), opts)
    site.stop()
    again = fetch(site.url("/r1"), opts)
    assert again.from_cache and not first.from_cache
    assert (again.body, again.final_url, again.fetched_at, again.etag) == (
        first.body, first.final_url, first.fetched_at, first.etag)
    # The key is the normalised URL: tracking parameters and a trailing slash open the same entry.
    assert fetch(site.url("/r1/?utm_source=feed"), opts).from_cache


def test_refresh_revalidates_with_the_etag(site: Site, opts: FetchOptions) -> None:
    first = fetch(site.url("/page"), opts)
    assert "if-none-match" not in site.seen_headers["/page"]
    again = fetch(site.url("/page"), replace(opts, refresh=True))
    assert site.seen_headers["/page"]["if-none-match"] == ETAG
    assert site.hits["/page"] == 2
    assert again.body == first.body and again.from_cache
    assert again.fetched_at > first.fetched_at
    # The new time is stored.
    assert fetch(site.url("/page"), opts).fetched_at == again.fetched_at


def test_refresh_fetches_the_new_body(site: Site, opts: FetchOptions) -> None:
    fetch(site.url("/ru"), opts)
    fetch(site.url("/ru"), replace(opts, refresh=True))
    assert site.hits["/ru"] == 2
    assert "if-none-match" not in site.seen_headers["/ru"]  # no validator was cached for it


def test_offline(site: Site, opts: FetchOptions) -> None:
    offline = replace(opts, offline=True)
    miss = _error(site.url("/page"), offline)
    assert miss.message == "not in the cache (offline)"
    assert site.hits["/page"] == 0
    fetch(site.url("/page"), opts)
    assert fetch(site.url("/page"), offline).from_cache
    assert site.hits["/page"] == 1
    with pytest.raises(ReusecheckError):
        fetch(site.url("/page"), replace(offline, refresh=True))


def _error_path(url: str, options: FetchOptions) -> str | None:
    with pytest.raises(InputError) as info:
        fetch(url, options)
    assert "\n" not in info.value.message
    return info.value.path


@pytest.mark.parametrize("junk", [b"this is not a database at all\n" * 200, b"SQLite format 3\x00" + b"\xff" * 2000])
def test_corrupt_cache_file_is_an_error_and_kept(site: Site, opts: FetchOptions, junk: bytes) -> None:
    assert opts.cache_dir is not None
    opts.cache_dir.mkdir()
    path = opts.cache_dir / CACHE_FILE
    path.write_bytes(junk)
    assert _error_path(site.url("/page"), opts) == str(path)
    assert _error_path(site.url("/page"), replace(opts, offline=True)) == str(path)
    assert path.read_bytes() == junk
    assert site.hits["/page"] == 0


def test_foreign_database_is_refused_and_untouched(site: Site, opts: FetchOptions) -> None:
    assert opts.cache_dir is not None
    opts.cache_dir.mkdir()
    path = opts.cache_dir / CACHE_FILE
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE notes (body TEXT)")
        db.execute("INSERT INTO notes VALUES ('keep me')")
    db.close()
    before = path.read_bytes()
    assert _error_path(site.url("/page"), opts) == str(path)
    assert path.read_bytes() == before
    assert site.hits["/page"] == 0


def _fill(base: str, cache_dir: str, worker: int) -> int:
    options = FetchOptions(allow_private=True, cache_dir=Path(cache_dir), timeout=5.0, refresh=True)
    count = 0
    for n in range(15):
        for path in (f"/page?n={n}", "/r1", f"/ru?w={worker}&n={n}"):
            fetch(base + path, options)
            count += 1
    return count


def test_two_processes_share_the_cache(site: Site, tmp_path: Path) -> None:
    cache_dir = tmp_path / "shared"
    with ProcessPoolExecutor(max_workers=2, mp_context=multiprocessing.get_context("spawn")) as pool:
        jobs = [pool.submit(_fill, site.base, str(cache_dir), worker) for worker in (1, 2)]
        assert [job.result(timeout=60) for job in jobs] == [45, 45]
    keys = _cached_keys(cache_dir)
    assert len(keys) == len(set(keys)) == 15 + 1 + 30
    with sqlite3.connect(cache_dir / CACHE_FILE) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    db.close()


@pytest.mark.parametrize("url", ["https://[::1", "http://example.org:99999/x"])
def test_a_malformed_url_is_an_input_error(url: str, tmp_path: Path) -> None:
    with pytest.raises(InputError) as caught:
        fetch(url, FetchOptions(cache_dir=tmp_path))
    assert caught.value.path == url
