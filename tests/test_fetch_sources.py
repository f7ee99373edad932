"""Declared sources fetched by URL: `check` with no original named, `ci` when it is asked to, and candidates
given by URL; against a real HTTP server on loopback."""

from __future__ import annotations

import contextlib
import hashlib
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from typer.testing import CliRunner

from reusecheck.cli import app
from tests.test_fetch import Site

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
SCHEMA = json.loads((ROOT / "reusecheck" / "schemas" / "report.schema.json").read_text(encoding="utf-8"))
CANONICAL = "https://www.steppecourier.example/news/2026/11/rail-link-opens"
HARVEST = "https://www.steppecourier.example/news/2026/10/harvest"
ORIGINAL = (EXAMPLES / "originals" / "rail-link.html").read_bytes()
CANDIDATE_PAGE = (EXAMPLES / "candidates" / "nofollow-link.html").read_bytes()
runner = CliRunner()


def _handler(site: Site) -> type[BaseHTTPRequestHandler]:
    pages = {"/rail-link.html": ORIGINAL, "/moved/rail-link.html": ORIGINAL, "/prairie.html": CANDIDATE_PAGE}

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class names it so
            pass

        def do_GET(self) -> None:  # noqa: N802 - the name http.server dispatches to
            site.hits[self.path] += 1
            body = pages.get(self.path)
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self.send_response(200 if body is not None else 404)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body or b"")))
                self.end_headers()
                self.wfile.write(body or b"")

    return Handler


@pytest.fixture()
def site() -> Iterator[Site]:
    s = Site(base="")
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(s))
    server.daemon_threads = True
    s.server = server
    s.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield s
    with contextlib.suppress(OSError):
        server.shutdown()
        server.server_close()


def draft(folder: Path, name: str, *sources: str, body_from: str = "over-cap.md") -> Path:
    """An example draft whose front matter declares these sources instead of its own."""
    text = (EXAMPLES / "candidates" / body_from).read_text(encoding="utf-8")
    declared = f"source: {sources[0]}" if len(sources) == 1 else "sources:\n" + "".join(f"  - {s}\n" for s in
                                                                                         sources).rstrip("\n")
    assert f"source: {CANONICAL}" in text
    text = text.replace(f"source: {CANONICAL}", declared) if sources else text.replace(f"source: {CANONICAL}\n", "")
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def invoke(*args: str | Path) -> tuple[int, str, str]:
    result = runner.invoke(app, [str(a) for a in args])
    return result.exit_code, result.stdout, result.stderr


def _source_line(path: Path) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                if line.startswith(("source:", "sources:")))


# --- check with no original named -----------------------------------------------------------------------------


def test_the_declared_source_is_fetched_judged_and_audited(site: Site, tmp_path: Path) -> None:
    url = site.url("/rail-link.html")
    path = draft(tmp_path, "draft.md", url)
    code, out, err = invoke("check", path, "--allow-private", "-f", "json")
    assert code == 1, err
    report = json.loads(out)
    jsonschema.validate(report, SCHEMA)
    [candidate] = report["candidates"]
    [original] = candidate["originals"]
    assert original["source"] == url
    assert original["url"] == CANONICAL  # the page's canonical link picks the pack
    assert original["sha256"] == hashlib.sha256(ORIGINAL).hexdigest()
    retrieved = original["retrieved"]
    assert (retrieved["url"], retrieved["final_url"], retrieved["status"], retrieved["from_cache"]) == (
        url, url, 200, False)
    assert retrieved["fetched_at"].endswith("+00:00")
    assert original["rules"]["id"] == "steppe-courier"
    assert {f["rule"]: f["status"] for f in original["findings"]}["share-cap"] == "fail"
    assert site.hits["/rail-link.html"] == 1


def test_the_cache_refresh_and_offline_apply_to_declared_sources(site: Site, tmp_path: Path) -> None:
    path = draft(tmp_path, "draft.md", site.url("/rail-link.html"))
    assert invoke("check", path, "--allow-private", "-q")[0] == 1
    code, out, _err = invoke("check", path, "--allow-private", "-f", "json")
    assert json.loads(out)["candidates"][0]["originals"][0]["retrieved"]["from_cache"] is True
    assert site.hits["/rail-link.html"] == 1
    assert invoke("check", path, "--allow-private", "--refresh", "-q")[0] == 1
    assert site.hits["/rail-link.html"] == 2
    site.stop()
    code, out, err = invoke("check", path, "--offline", "-f", "json")
    assert code == 1, err
    assert json.loads(out)["candidates"][0]["originals"][0]["retrieved"]["from_cache"] is True


def test_a_private_address_is_refused_unless_allowed(site: Site, tmp_path: Path) -> None:
    url = site.url("/rail-link.html")
    code, out, err = invoke("check", draft(tmp_path, "draft.md", url))
    assert code == 2 and "Traceback" not in err
    assert url in err and "not a public address" in err and "(see --allow-private)" in err
    assert len(err.strip().splitlines()) == 1
    assert site.hits["/rail-link.html"] == 0


def test_a_source_that_fails_is_an_error_at_its_line_and_the_rest_is_judged(site: Site, tmp_path: Path) -> None:
    gone = site.url("/gone.html")
    bad = draft(tmp_path, "bad.md", gone)
    good = draft(tmp_path, "good.md", site.url("/rail-link.html"))
    code, out, err = invoke("check", bad, good, "--allow-private", "-f", "json")
    assert code == 2
    assert gone in err and "404" in err
    report = json.loads(out)
    jsonschema.validate(report, SCHEMA)
    assert report["verdict"] == "error" and report["summary"]["candidates"] == 2
    # With nothing fetched to judge it against, the draft has no verdict; the other one has.
    assert {Path(c["source"]).name: c["verdict"] for c in report["candidates"]} == {"good.md": "violation"}
    [problem] = report["errors"]
    assert Path(problem["source"]).name == "bad.md" and problem["role"] == "candidate"
    assert gone in problem["message"] and "404" in problem["message"]
    assert (problem["key"], problem["line"]) == ("source", _source_line(bad))


def test_drafts_that_share_a_source_fetch_it_once(site: Site, tmp_path: Path) -> None:
    first = draft(tmp_path, "first.md", site.url("/rail-link.html"))
    # The same page under a URL that normalises to the same key: tracking parameters do not matter.
    second = draft(tmp_path, "second.md", site.url("/rail-link.html?utm_source=feed"))
    code, out, err = invoke("check", first, second, "--allow-private", "-f", "json")
    assert code == 1, err
    report = json.loads(out)
    assert [len(c["originals"]) for c in report["candidates"]] == [1, 1]
    assert site.hits["/rail-link.html"] == 1


def test_each_draft_is_judged_against_its_own_sources(site: Site, tmp_path: Path) -> None:
    copy = draft(tmp_path, "copy.md", site.url("/rail-link.html"))
    other = draft(tmp_path, "other.md", site.url("/prairie.html"))
    code, out, err = invoke("check", copy, other, "--allow-private", "--rules", "steppe-courier", "-f", "json")
    assert code == 1, err
    sources = {Path(c["source"]).name: [o["source"] for o in c["originals"]] for c in json.loads(out)["candidates"]}
    assert sources == {"copy.md": [site.url("/rail-link.html")], "other.md": [site.url("/prairie.html")]}


def test_a_list_of_sources_and_one_that_is_no_web_address(site: Site, tmp_path: Path) -> None:
    path = draft(tmp_path, "draft.md", "ftp://files.example/rail-link.html", site.url("/rail-link.html"))
    code, out, err = invoke("check", path, "--allow-private", "-f", "json")
    assert code == 2
    assert "ftp://files.example/rail-link.html" in err and "http(s)" in err
    [candidate] = json.loads(out)["candidates"]
    assert [o["source"] for o in candidate["originals"]] == [site.url("/rail-link.html")]
    assert candidate["errors"][0]["key"] == "sources"


def test_no_original_and_no_declared_source_is_a_usage_error(site: Site, tmp_path: Path) -> None:
    path = draft(tmp_path, "draft.md")
    code, out, err = invoke("check", path)
    assert code == 2 and out == ""
    assert "declares no source" in err and "--original" in err and str(path) in err
    code, _out, err = invoke("check", path, draft(tmp_path, "second.md"))
    assert code == 2 and "none of the 2 drafts declares a source" in err


def test_a_draft_without_a_source_beside_one_with_is_an_input_error(site: Site, tmp_path: Path) -> None:
    with_source = draft(tmp_path, "with.md", site.url("/rail-link.html"))
    without = draft(tmp_path, "without.md")
    code, out, err = invoke("check", with_source, without, "--allow-private", "-f", "json")
    assert code == 2
    assert "without.md" in err and "declares no source" in err
    report = json.loads(out)
    assert [Path(c["source"]).name for c in report["candidates"]] == ["with.md"]
    assert [Path(e["source"]).name for e in report["errors"]] == ["without.md"]


def test_with_an_original_named_the_declared_source_is_not_fetched(site: Site, tmp_path: Path) -> None:
    path = draft(tmp_path, "draft.md", site.url("/rail-link.html"))
    code, out, err = invoke("check", path, "--original", EXAMPLES / "originals" / "rail-link.html", "-f", "json")
    assert code == 1, err
    assert json.loads(out)["candidates"][0]["originals"][0]["retrieved"] is None
    assert sum(site.hits.values()) == 0


# --- candidates by URL -------------------------------------------------------------------------------------------


def test_a_candidate_by_url_is_fetched_as_the_originals_are(site: Site) -> None:
    url = site.url("/prairie.html")
    original = EXAMPLES / "originals" / "rail-link.html"
    code, _out, err = invoke("check", url, "--original", original)
    assert code == 2 and url in err and "(see --allow-private)" in err
    code, out, err = invoke("check", url, "--original", original, "--allow-private", "-f", "json")
    assert code == 1, err
    [candidate] = json.loads(out)["candidates"]
    assert candidate["source"] == url
    assert "nofollow" in json.dumps(candidate["originals"][0]["findings"])
    site.stop()
    code, _out, err = invoke("check", url, "--original", original, "--offline", "-q")
    assert code == 1, err


def test_compare_takes_candidates_by_url_too(site: Site, tmp_path: Path) -> None:
    url = site.url("/prairie.html")
    original = EXAMPLES / "originals" / "rail-link.html"
    code, _out, err = invoke("compare", url, "--original", original)
    assert code == 2 and "(see --allow-private)" in err
    code, out, err = invoke("compare", url, "--original", original, "--allow-private", "-f", "json")
    assert code == 0, err
    assert json.loads(out)["candidate"]["source"] == url
    code, out, err = invoke("compare", url, site.url("/gone.html"), "--original", original, "--allow-private",
                            "-f", "json")
    assert code == 2 and "404" in err
    result = json.loads(out)
    assert [c["candidate"]["source"] for c in result["comparisons"]] == [url]
    assert [e["source"] for e in result["errors"]] == [site.url("/gone.html")]


# --- ci ----------------------------------------------------------------------------------------------------------


@pytest.fixture()
def newsroom(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, site: Site) -> Path:
    """A repository whose archive holds an original the drafts do not declare; the declared one is on the web."""
    root = tmp_path / "newsroom"
    (root / "archive").mkdir(parents=True)
    (root / "archive" / "unrelated.md").write_text(
        f"---\nurl: {HARVEST}\n---\n\nThe grain harvest in the north "
        "came in a week early this autumn, and the elevators at Kokshetau were full by the middle of September.\n",
        encoding="utf-8")
    (root / ".reusecheck.yaml").write_text('originals: [archive/]\ninclude: ["articles/**"]\n', encoding="utf-8")
    draft(root, "articles/copy.md", site.url("/rail-link.html"))
    monkeypatch.chdir(root)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    return root


def test_ci_stays_off_the_network_by_default(newsroom: Path, site: Site) -> None:
    code, out, err = invoke("ci", "-f", "json")
    assert code == 1, err
    [candidate] = json.loads(out)["candidates"]
    assert [f["rule"] for f in candidate["findings"]] == ["unresolved-source"]
    assert sum(site.hits.values()) == 0


def test_ci_fetches_a_source_the_archive_lacks_when_asked(newsroom: Path, site: Site) -> None:
    # A source the archive has is taken from it: fetching its made-up address would be an error.
    draft(newsroom, "articles/local.md", HARVEST, body_from="compliant.md")
    code, out, err = invoke("ci", "-f", "json", "--fetch-sources", "--allow-private")
    assert code == 1, err
    report = json.loads(out)
    jsonschema.validate(report, SCHEMA)
    assert report["errors"] == []
    by_name = {Path(c["source"]).name: c for c in report["candidates"]}
    assert by_name["local.md"]["verdict"] == "compliant" and by_name["local.md"]["errors"] == []
    candidate = by_name["copy.md"]
    assert candidate["findings"] == []  # resolved by the page fetched, not unresolved
    [original] = candidate["originals"]
    assert original["retrieved"]["url"] == site.url("/rail-link.html")
    assert original["sha256"] == hashlib.sha256(ORIGINAL).hexdigest()
    assert {f["rule"]: f["status"] for f in original["findings"]}["share-cap"] == "fail"
    assert site.hits["/rail-link.html"] == 1


def test_ci_fetches_by_configuration_and_the_flag_turns_it_off(newsroom: Path, site: Site) -> None:
    config = newsroom / ".reusecheck.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "fetch_sources: true\n", encoding="utf-8")
    code, out, err = invoke("ci", "-f", "json", "--allow-private")
    assert code == 1, err
    assert json.loads(out)["candidates"][0]["originals"][0]["retrieved"]["from_cache"] is False
    code, out, _err = invoke("config", "show")
    assert code == 0
    line = next(line for line in out.splitlines() if line.startswith("fetch_sources:"))
    assert "true" in line and ".reusecheck.yaml:3" in line
    code, out, err = invoke("ci", "-f", "json", "--no-fetch-sources")
    assert code == 1, err
    assert [f["rule"] for f in json.loads(out)["candidates"][0]["findings"]] == ["unresolved-source"]
    assert site.hits["/rail-link.html"] == 1


def test_ci_a_source_that_cannot_be_fetched_is_an_input_error_of_that_article(newsroom: Path, site: Site) -> None:
    gone = site.url("/gone.html")
    bad = draft(newsroom, "articles/bad.md", gone)
    code, out, err = invoke("ci", "-f", "json", "--json", "report.json", "--fetch-sources", "--allow-private")
    assert code == 2
    assert gone in err and "404" in err and "articles/bad.md" in err
    report = json.loads((newsroom / "report.json").read_text(encoding="utf-8"))
    by_name = {Path(c["source"]).name: c for c in report["candidates"]}
    assert by_name["copy.md"]["verdict"] == "violation"  # the other article is still judged
    [problem] = by_name["bad.md"]["errors"]
    assert (problem["line"], problem["key"]) == (_source_line(bad), "source") and gone in problem["message"]
    code, out, _err = invoke("ci", "-f", "github", "--fetch-sources", "--allow-private")
    assert f"file=articles/bad.md,line={_source_line(bad)}" in out


def test_ci_refuses_private_addresses_and_keeps_offline(newsroom: Path, site: Site) -> None:
    code, _out, err = invoke("ci", "--fetch-sources")
    assert code == 2 and "(see --allow-private)" in err and site.url("/rail-link.html") in err
    code, _out, err = invoke("ci", "--fetch-sources", "--offline")
    assert code == 2 and "cache" in err
    assert sum(site.hits.values()) == 0
    code, _out, err = invoke("ci", "--fetch-sources", "--offline", "--refresh")
    assert code == 2 and "contradict" in err
