"""Originals given by URL, through the command: a real HTTP server on loopback, the cache, the audit trail."""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from reusecheck.cli import app

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
SCHEMA = json.loads((ROOT / "reusecheck" / "schemas" / "report.schema.json").read_text(encoding="utf-8"))
CANONICAL = "https://www.steppecourier.example/news/2026/11/rail-link-opens"
runner = CliRunner()


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        pass


@pytest.fixture
def server() -> Iterator[tuple[str, ThreadingHTTPServer]]:
    """The example original served from its folder on 127.0.0.1, as a publisher's site would serve it."""
    handler = lambda *a, **k: _Quiet(*a, directory=str(EXAMPLES / "originals"), **k)  # noqa: E731
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", httpd
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture
def cache(_own_cache_folder: Path) -> Path:
    """This test's cache folder (tests/conftest.py gives each test its own)."""
    return _own_cache_folder


def check(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["check", str(EXAMPLES / "candidates" / "over-cap.md"), *args])
    return result.exit_code, result.stdout, result.stderr


def test_an_original_by_url_is_judged_and_audited(server: tuple[str, ThreadingHTTPServer], cache: Path) -> None:
    base, _httpd = server
    code, out, err = check("--original", f"{base}/rail-link.html", "--allow-private", "-f", "json")
    assert code == 1, err
    report = json.loads(out)
    jsonschema.validate(report, SCHEMA)
    original = report["candidates"][0]["originals"][0]
    assert original["url"] == CANONICAL  # the page's canonical link picks the pack and the link to check
    assert original["retrieved"]["final_url"] == f"{base}/rail-link.html"
    assert original["retrieved"]["status"] == 200 and original["retrieved"]["from_cache"] is False
    assert original["sha256"] == hashlib.sha256((EXAMPLES / "originals" / "rail-link.html").read_bytes()).hexdigest()
    assert original["rules"]["sha256"] and original["rules"]["id"] == "steppe-courier"
    assert {f["rule"]: f["status"] for f in original["findings"]}["share-cap"] == "fail"
    assert any(cache.rglob("*.sqlite3"))


def test_private_addresses_are_refused_unless_allowed(server: tuple[str, ThreadingHTTPServer]) -> None:
    base, _httpd = server
    code, _out, err = check("--original", f"{base}/rail-link.html")
    assert code == 2
    assert "127.0.0.1" in err and "(see --allow-private)" in err and "Traceback" not in err


def test_offline_uses_the_cache_only(server: tuple[str, ThreadingHTTPServer]) -> None:
    base, httpd = server
    url = f"{base}/rail-link.html"
    code, _out, err = check("--original", url, "--offline", "--allow-private")
    assert code == 2 and "cache" in err
    assert check("--original", url, "--allow-private", "-q")[0] == 1
    httpd.shutdown()
    code, out, err = check("--original", url, "--offline", "--allow-private", "-f", "json")
    assert code == 1, err
    assert json.loads(out)["candidates"][0]["originals"][0]["retrieved"]["from_cache"] is True


def test_a_missing_page_and_a_refused_scheme(server: tuple[str, ThreadingHTTPServer]) -> None:
    base, _httpd = server
    code, _out, err = check("--original", f"{base}/gone.html", "--allow-private")
    assert code == 2 and "404" in err
    code, _out, err = check("--original", "ftp://example.org/story.html", "--allow-private")
    assert code == 2 and "ftp" in err
    code, _out, err = check("--original", f"{base}/rail-link.html", "--refresh", "--offline")
    assert code == 2 and "contradict" in err
