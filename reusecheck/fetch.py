"""Fetch an original article by URL, safely, with an on-disk cache.

Every hop of a redirect chain is checked (scheme, public address), the connection goes to the very address
that was checked, and the body is read in chunks up to a size cap. Every wait (the host's lookup, the
connection, each read) is bounded, and so is the whole fetch: a server that sends a byte a second cannot
hold the run.
"""

from __future__ import annotations

import contextlib
import datetime
import hashlib
import ipaddress
import socket
import sqlite3
import ssl
import threading
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpcore
import httpx
import platformdirs

from reusecheck import __version__
from reusecheck.documents.links import normalise_url
from reusecheck.documents.reading import DEFAULT_MAX_BYTES
from reusecheck.errors import InputError, UsageError

USER_AGENT = f"reusecheck/{__version__} (+https://pypi.org/project/reusecheck/)"
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
CACHE_FILE = "fetch.sqlite3"

_SCHEMES = ("http", "https")
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
# Marks the cache file as ours, so that a foreign SQLite file is refused instead of altered.
_APPLICATION_ID = 0x72636672  # "rcfr"
_SCHEMA_VERSION = 1
_COLUMNS = ("final_url", "status", "fetched_at", "content_type", "charset", "body", "sha256", "etag",
            "last_modified")


@dataclass(frozen=True)
class FetchOptions:
    timeout: float = 15.0
    """Seconds, for resolving the host, for connecting and for each read."""
    deadline: float = 30.0
    """Seconds for the whole fetch, redirects included, however steadily the server keeps sending."""
    max_bytes: int = DEFAULT_MAX_BYTES
    max_redirects: int = 5
    allow_private: bool = False
    """Allow loopback, private, link-local and reserved addresses."""
    refresh: bool = False
    """Fetch again even when cached (conditionally, when the cache has an ETag or Last-Modified)."""
    offline: bool = False
    """Never touch the network: the cache or an error."""
    cache_dir: Path | None = None
    """Default: the user's cache directory for reusecheck."""


@dataclass(frozen=True)
class Fetched:
    url: str
    """As asked."""
    final_url: str
    """After redirects."""
    status: int
    fetched_at: datetime.datetime
    """UTC, when the network fetch (or the last revalidation) happened."""
    content_type: str
    """Media type without parameters, e.g. text/html."""
    charset: str | None
    """From the Content-Type header, if any."""
    body: bytes
    sha256: str
    etag: str | None
    last_modified: str | None
    from_cache: bool
    """The body came from the cache (a hit, or a 304 answer to a revalidation)."""


class _Refused(Exception):
    """A refusal raised inside the network layer; fetch() turns it into an InputError for the URL."""

    def __init__(self, message: str, option: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.option = option


def fetch(url: str, options: FetchOptions = FetchOptions()) -> Fetched:  # noqa: B008 - frozen, so shared safely
    """The HTML page at `url`, from the cache or the network."""
    if options.offline and options.refresh:
        raise UsageError("refresh needs the network; it cannot be combined with offline", option="refresh")
    try:
        key = normalise_url(url)
    except ValueError as exc:  # urllib refuses an unclosed [IPv6 address, a bad port
        raise InputError(f"not a valid URL: {exc}", path=url) from None
    cache = _Cache(_cache_dir(options) / CACHE_FILE)
    cached = cache.get(key, create=not options.offline)
    if cached is not None and not options.refresh:
        return _from_row(url, cached)
    if options.offline:
        raise InputError("not in the cache (offline)", path=url, option="offline")
    try:
        fetched = _download(url, options, cached)
    except _Refused as exc:
        raise InputError(exc.message, path=url, option=exc.option) from None
    if fetched.from_cache:
        cache.touch(key, fetched)
    else:
        cache.put(key, url, fetched)
    return fetched


def is_public_address(address: str) -> bool:
    """True for a globally routable unicast address; IPv4 inside IPv6 (mapped, 6to4) is judged as IPv4."""
    ip = ipaddress.ip_address(address)
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            # The socket goes to the embedded IPv4 address, so that address alone decides.
            return is_public_address(str(ip.ipv4_mapped))
        if ip.sixtofour is not None and not is_public_address(str(ip.sixtofour)):
            return False
        if ip.teredo is not None and not all(is_public_address(str(part)) for part in ip.teredo):
            return False
    return ip.is_global and not (ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_multicast
                                 or ip.is_reserved or ip.is_unspecified)


def _cache_dir(options: FetchOptions) -> Path:
    return options.cache_dir if options.cache_dir is not None else Path(platformdirs.user_cache_dir("reusecheck"))


# --- network -------------------------------------------------------------------------------------------------


class _Clock:
    """The time one fetch has left: each wait lasts at most `timeout`, and none goes past the deadline."""

    def __init__(self, options: FetchOptions) -> None:
        self.timeout = options.timeout
        self.deadline = options.deadline
        self._end = time.monotonic() + options.deadline

    def wait(self, asked: float | None = None) -> float:
        """How long the next step may wait; raises once the deadline has passed."""
        left = self._end - time.monotonic()
        if left <= 0:
            raise self.expired()
        return min(self.timeout if asked is None else asked, left)

    def expired(self) -> _Refused:
        return _Refused(f"no complete page within {self.deadline:g} s, the limit for one fetch", option="deadline")

    def timed_out(self, waited: float) -> _Refused:
        """The refusal for a wait that ran out: the deadline's, when that is what cut the wait short."""
        if waited < self.timeout:
            return self.expired()
        return _Refused(f"no answer within {self.timeout:g} s", option="timeout")


class _TimedStream(httpcore.NetworkStream):
    """A connection whose every read and write is cut off at the fetch's deadline.

    The read timeout alone bounds the gap between two bytes, not the time a whole page takes.
    """

    def __init__(self, inner: httpcore.NetworkStream, clock: _Clock) -> None:
        self._inner = inner
        self._clock = clock

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        wait = self._clock.wait(timeout)
        try:
            return self._inner.read(max_bytes, wait)
        except httpcore.ReadTimeout:
            raise self._clock.timed_out(wait) from None

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        wait = self._clock.wait(timeout)
        try:
            self._inner.write(buffer, wait)
        except httpcore.WriteTimeout:
            raise self._clock.timed_out(wait) from None

    def close(self) -> None:
        self._inner.close()

    def start_tls(self, ssl_context: ssl.SSLContext, server_hostname: str | None = None,
                  timeout: float | None = None) -> httpcore.NetworkStream:
        wait = self._clock.wait(timeout)
        try:
            return _TimedStream(self._inner.start_tls(ssl_context, server_hostname, wait), self._clock)
        except httpcore.ConnectTimeout:
            raise self._clock.timed_out(wait) from None

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class _PinnedBackend(httpcore.NetworkBackend):
    """Resolves the host once, checks every address, and connects to a checked one (no DNS rebinding)."""

    def __init__(self, allow_private: bool, clock: _Clock) -> None:
        self._allow_private = allow_private
        self._clock = clock
        self._inner = httpcore.SyncBackend()

    def connect_tcp(self, host: str, port: int, timeout: float | None = None, local_address: str | None = None,
                    socket_options: Iterable[Any] | None = None) -> httpcore.NetworkStream:
        addresses = _resolve(host, port, self._clock)
        if not self._allow_private:
            for address in addresses:
                if not is_public_address(address):
                    where = f"{address} is" if _same_address(host, address) else f"{host} resolves to {address},"
                    raise _Refused(f"{where} not a public address", option="allow_private")
        last: Exception | None = None
        for address in addresses:
            wait = self._clock.wait(timeout)
            try:
                stream = self._inner.connect_tcp(address, port, timeout=wait, local_address=local_address,
                                                 socket_options=socket_options)
                return _TimedStream(stream, self._clock)
            except httpcore.ConnectTimeout:
                last = self._clock.timed_out(wait)
            except httpcore.ConnectError as exc:
                last = exc
        assert last is not None  # _resolve never returns an empty list
        raise last

    def connect_unix_socket(self, path: str, timeout: float | None = None,
                            socket_options: Iterable[Any] | None = None) -> httpcore.NetworkStream:
        raise _Refused("unix sockets are not fetched")

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


def _same_address(host: str, address: str) -> bool:
    try:
        return ipaddress.ip_address(host.strip("[]")) == ipaddress.ip_address(address)
    except ValueError:
        return False


def _resolve(host: str, port: int, clock: _Clock) -> list[str]:
    # getaddrinfo takes no timeout, and a resolver that never answers would hold the run: it asks in a
    # thread of its own, left behind (as a daemon) if it outlasts the wait.
    wait = clock.wait()
    answer: list[list[Any] | BaseException] = []

    def lookup() -> None:
        try:
            answer.append(socket.getaddrinfo(host, port, type=socket.SOCK_STREAM))
        except BaseException as exc:  # noqa: BLE001 - handed to the waiting thread, which decides
            answer.append(exc)

    worker = threading.Thread(target=lookup, name=f"reusecheck resolve {host}", daemon=True)
    worker.start()
    worker.join(wait)
    if not answer:
        refusal = clock.timed_out(wait)
        if refusal.option == "deadline":
            raise refusal
        raise _Refused(f"cannot resolve {host}: no answer within {wait:g} s", option="timeout")
    infos = answer[0]
    if isinstance(infos, (OSError, UnicodeError)):
        reason = infos.strerror if isinstance(infos, socket.gaierror) and infos.strerror else _reason(infos)
        raise _Refused(f"cannot resolve {host}: {reason}")
    if isinstance(infos, BaseException):
        raise infos
    addresses = list(dict.fromkeys(str(info[4][0]) for info in infos))
    if not addresses:
        raise _Refused(f"cannot resolve {host}: no address")
    return addresses


class _Body(httpx.SyncByteStream):
    def __init__(self, stream: Iterable[bytes]) -> None:
        self._stream = stream

    def __iter__(self) -> Iterator[bytes]:
        yield from self._stream

    def close(self) -> None:
        close = getattr(self._stream, "close", None)
        if close is not None:
            close()


class _PinnedTransport(httpx.BaseTransport):
    """An httpx transport over an httpcore pool whose sockets go only to checked addresses."""

    def __init__(self, allow_private: bool, clock: _Clock) -> None:
        self._pool = httpcore.ConnectionPool(ssl_context=httpx.create_ssl_context(), max_connections=4,
                                             network_backend=_PinnedBackend(allow_private, clock))

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        assert isinstance(request.stream, httpx.SyncByteStream)
        core = httpcore.Request(
            method=request.method,
            url=httpcore.URL(scheme=request.url.raw_scheme, host=request.url.raw_host, port=request.url.port,
                             target=request.url.raw_path),
            headers=request.headers.raw,
            content=request.stream,
            extensions=request.extensions,
        )
        response = self._pool.handle_request(core)
        assert isinstance(response.stream, Iterable)
        return httpx.Response(status_code=response.status, headers=response.headers, stream=_Body(response.stream),
                              extensions=response.extensions)

    def close(self) -> None:
        self._pool.close()


def _download(url: str, options: FetchOptions, cached: dict[str, Any] | None) -> Fetched:
    # identity: the size cap counts the bytes sent, and a small compressed body cannot unpack into a huge one.
    headers = {"User-Agent": USER_AGENT, "Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1",
               "Accept-Encoding": "identity"}
    transport = _PinnedTransport(options.allow_private, _Clock(options))
    # trust_env=False: a proxy from the environment would bypass the address checks.
    with httpx.Client(transport=transport, headers=headers, timeout=httpx.Timeout(options.timeout),
                      follow_redirects=False, trust_env=False) as client:
        current = _checked_url(url)
        seen = {current}
        redirects = 0
        while True:
            try:
                request = client.build_request("GET", current, headers=_conditional(current, cached))
                with _send(client, request) as rsp:
                    if rsp.status_code in _REDIRECTS:
                        location = rsp.headers.get("location")
                        if not location:
                            raise _Refused(f"redirect ({rsp.status_code}) without a Location header")
                        target = _checked_url(str(rsp.url.join(location)))
                        if target in seen:
                            raise _Refused(f"redirect loop at {target}")
                        redirects += 1
                        if redirects > options.max_redirects:
                            raise _Refused(f"more than {options.max_redirects} redirects", option="max_redirects")
                        seen.add(target)
                        current = target
                        continue
                    if rsp.status_code == 304 and cached is not None and current == cached["final_url"]:
                        return _revalidated(url, cached, rsp)
                    return _page(url, rsp, options)
            except _Refused:
                raise
            except (httpx.TimeoutException, httpcore.TimeoutException):
                raise _Refused(f"no answer within {options.timeout:g} s", option="timeout") from None
            except (httpx.HTTPError, httpcore.NetworkError, httpcore.ProtocolError, httpcore.UnsupportedProtocol,
                    httpx.InvalidURL) as exc:
                raise _Refused(_network_message(exc)) from None


@contextlib.contextmanager
def _send(client: httpx.Client, request: httpx.Request) -> Iterator[httpx.Response]:
    response = client.send(request, stream=True)
    try:
        yield response
    finally:
        response.close()


def _checked_url(url: str) -> str:
    try:
        parsed = httpx.URL(url.strip())
    except httpx.InvalidURL as exc:
        raise _Refused(f"not a valid URL: {exc}") from None
    if parsed.scheme not in _SCHEMES:
        shown = parsed.scheme or "a URL without a scheme"
        raise _Refused(f"only http and https URLs are fetched, not {shown}")
    if not parsed.host:
        raise _Refused("the URL has no host")
    return str(parsed.copy_with(fragment=None))


def _conditional(current: str, cached: dict[str, Any] | None) -> dict[str, str]:
    # The validators belong to the cached final URL, so only a request for that URL carries them.
    if cached is None or current != cached["final_url"]:
        return {}
    headers: dict[str, str] = {}
    if cached["etag"]:
        headers["If-None-Match"] = cached["etag"]
    if cached["last_modified"]:
        headers["If-Modified-Since"] = cached["last_modified"]
    return headers


def _page(url: str, rsp: httpx.Response, options: FetchOptions) -> Fetched:
    if not 200 <= rsp.status_code < 300:
        raise _Refused(f"the server answered {rsp.status_code} {rsp.reason_phrase}".rstrip())
    content_type, charset = _media_type(rsp.headers.get("content-type", ""))
    if content_type not in HTML_TYPES:
        raise _Refused(f"not an HTML page: {content_type or 'no Content-Type'}")
    declared = rsp.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > options.max_bytes:
        raise _Refused(f"the page is {int(declared)} bytes, over the {options.max_bytes}-byte limit",
                       option="max_bytes")
    chunks: list[bytes] = []
    size = 0
    for chunk in rsp.iter_bytes():
        size += len(chunk)
        if size > options.max_bytes:
            raise _Refused(f"the page is over the {options.max_bytes}-byte limit", option="max_bytes")
        chunks.append(chunk)
    body = b"".join(chunks)
    return Fetched(url=url, final_url=str(rsp.url), status=rsp.status_code, fetched_at=_now(),
                   content_type=content_type, charset=charset, body=body, sha256=hashlib.sha256(body).hexdigest(),
                   etag=rsp.headers.get("etag"), last_modified=rsp.headers.get("last-modified"), from_cache=False)


def _revalidated(url: str, cached: dict[str, Any], rsp: httpx.Response) -> Fetched:
    page = _from_row(url, cached)
    return Fetched(url=url, final_url=page.final_url, status=page.status, fetched_at=_now(),
                   content_type=page.content_type, charset=page.charset, body=page.body, sha256=page.sha256,
                   etag=rsp.headers.get("etag") or page.etag,
                   last_modified=rsp.headers.get("last-modified") or page.last_modified, from_cache=True)


def _media_type(header: str) -> tuple[str, str | None]:
    kind, *params = header.split(";")
    charset = None
    for param in params:
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset" and value.strip().strip('"\''):
            charset = value.strip().strip('"\'').lower()
    return kind.strip().lower(), charset


def _network_message(exc: BaseException) -> str:
    chain: list[BaseException] = []
    seen: BaseException | None = exc
    while seen is not None and seen not in chain:
        chain.append(seen)
        seen = seen.__cause__ or seen.__context__
    for cause in chain:
        if isinstance(cause, ssl.SSLCertVerificationError):
            return f"TLS certificate not accepted: {cause.verify_message or _reason(cause)}"
        if isinstance(cause, ssl.SSLError):
            return f"TLS error: {cause.reason or _reason(cause)}"
        if isinstance(cause, ConnectionRefusedError):
            return "connection refused"
    text = _reason(exc)
    if "ssl" in text.lower() or "tls" in text.lower():
        return f"TLS error: {text}"
    if "refused" in text.lower():
        return "connection refused"
    if isinstance(exc, (httpx.ConnectError, httpcore.ConnectError)):
        return f"cannot connect: {text}"
    return f"the fetch failed: {text}"


def _reason(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return " ".join(text.split())


def _now() -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC)


# --- cache ---------------------------------------------------------------------------------------------------


def _from_row(url: str, row: dict[str, Any]) -> Fetched:
    return Fetched(url=url, final_url=row["final_url"], status=row["status"],
                   fetched_at=datetime.datetime.fromisoformat(row["fetched_at"]), content_type=row["content_type"],
                   charset=row["charset"], body=bytes(row["body"]), sha256=row["sha256"], etag=row["etag"],
                   last_modified=row["last_modified"], from_cache=True)


class _Cache:
    """One SQLite file shared by concurrent processes: WAL, a busy timeout, one short transaction per write."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def get(self, key: str, *, create: bool) -> dict[str, Any] | None:
        if not create and not self.path.exists():
            return None
        with self._connect() as db:
            row = db.execute(f"SELECT {', '.join(_COLUMNS)} FROM pages WHERE key = ?", (key,)).fetchone()
        return None if row is None else dict(zip(_COLUMNS, row, strict=True))

    def put(self, key: str, url: str, page: Fetched) -> None:
        values = (key, url, page.final_url, page.status, page.fetched_at.isoformat(), page.content_type, page.charset,
                  page.body, page.sha256, page.etag, page.last_modified)
        with self._connect() as db:
            self._write(db, f"INSERT OR REPLACE INTO pages (key, url, {', '.join(_COLUMNS)}) "
                            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", values)

    def touch(self, key: str, page: Fetched) -> None:
        with self._connect() as db:
            self._write(db, "UPDATE pages SET fetched_at = ?, etag = ?, last_modified = ? WHERE key = ?",
                        (page.fetched_at.isoformat(), page.etag, page.last_modified, key))

    def _write(self, db: sqlite3.Connection, sql: str, values: tuple[Any, ...]) -> None:
        try:
            db.execute("BEGIN IMMEDIATE")
            db.execute(sql, values)
            db.execute("COMMIT")
        except sqlite3.Error as exc:
            with contextlib.suppress(sqlite3.Error):
                db.execute("ROLLBACK")
            raise self._error(exc) from None

    @contextlib.contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise InputError(f"cannot create the cache directory: {exc.strerror or exc}", path=str(self.path.parent),
                             option="cache_dir") from None
        try:
            db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        except sqlite3.Error as exc:
            raise self._error(exc) from None
        try:
            try:
                self._prepare(db)
            except sqlite3.Error as exc:
                raise self._error(exc) from None
            yield db
        except sqlite3.Error as exc:
            raise self._error(exc) from None
        finally:
            db.close()

    def _prepare(self, db: sqlite3.Connection) -> None:
        # Read-only checks first: a foreign database must not be altered, not even its journal mode.
        db.execute("PRAGMA busy_timeout = 30000")
        if not self._ours(db):
            db.execute("BEGIN IMMEDIATE")
            try:
                if not self._ours(db):  # another process may have set it up meanwhile
                    if db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
                        raise InputError("not a reusecheck fetch cache (a foreign SQLite database); "
                                         "choose another cache directory", path=str(self.path), option="cache_dir")
                    db.execute(f"PRAGMA application_id = {_APPLICATION_ID}")
                    db.execute(f"PRAGMA user_version = {_SCHEMA_VERSION}")
                    db.execute("CREATE TABLE pages (key TEXT PRIMARY KEY, url TEXT NOT NULL, final_url TEXT NOT NULL, "
                               "status INTEGER NOT NULL, fetched_at TEXT NOT NULL, content_type TEXT NOT NULL, "
                               "charset TEXT, body BLOB NOT NULL, sha256 TEXT NOT NULL, etag TEXT, "
                               "last_modified TEXT)")
                db.execute("COMMIT")
            except BaseException:
                with contextlib.suppress(sqlite3.Error):
                    db.execute("ROLLBACK")
                raise
        if db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            db.execute("PRAGMA journal_mode = WAL")

    def _ours(self, db: sqlite3.Connection) -> bool:
        if db.execute("PRAGMA application_id").fetchone()[0] != _APPLICATION_ID:
            return False
        version = db.execute("PRAGMA user_version").fetchone()[0]
        if version != _SCHEMA_VERSION:
            raise InputError(f"the fetch cache has format {version}, this reusecheck reads {_SCHEMA_VERSION}; "
                             "choose another cache directory", path=str(self.path), option="cache_dir")
        return True

    def _error(self, exc: sqlite3.Error) -> InputError:
        return InputError(f"the fetch cache cannot be used: {_reason(exc)}", path=str(self.path), option="cache_dir")
