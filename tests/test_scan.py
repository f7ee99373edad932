"""`reusecheck scan`: the pairs found, the output formats, workers, bad records, interrupt and resume."""

from __future__ import annotations

import gzip
import io
import json
import random
import signal
import subprocess
import sys
import time
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from typer.testing import CliRunner

from reusecheck.cli import app
from reusecheck.records import read_records
from tests.archive_texts import ARTICLES, candidates, filler, passage, url, write_archive_jsonl, write_jsonl

runner = CliRunner()
SCHEMA = json.loads(resources.files("reusecheck").joinpath("schemas/scan-line.schema.json").read_text())
SARIF_SCHEMA = Path(__file__).resolve().parents[2] / "shared" / "schemas" / "sarif-schema-2.1.0.json"


@pytest.fixture
def index(tmp_path: Path) -> Path:
    archive = write_archive_jsonl(tmp_path / "archive.jsonl")
    result = runner.invoke(app, ["index", "build", str(archive), "--index", str(tmp_path / "archive.idx")])
    assert result.exit_code == 0, result.output
    return tmp_path / "archive.idx"


def _lines(text: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def _scan(*args: str) -> Any:
    return runner.invoke(app, ["scan", *args])


def test_scan_finds_exactly_the_pages_that_copy_an_article(tmp_path: Path, index: Path) -> None:
    records, truth = candidates(30)
    pages = write_jsonl(tmp_path / "pages.jsonl", records)
    result = _scan(str(pages), "--index", str(index), "--jobs", "1", "--no-rules", "-o", str(tmp_path / "out.jsonl"))
    assert result.exit_code == 0, result.output
    lines = _lines((tmp_path / "out.jsonl").read_text())
    for line in lines:
        jsonschema.validate(line, SCHEMA)
    assert {(line["candidate"], line["original"]) for line in lines} == truth
    assert all(line["uses_original"] and line["reused_words"] >= 30 and line["link"] == "missing" for line in lines)
    assert all("verdict" not in line for line in lines)
    # In the order of the input.
    order = [int(line["candidate"].rsplit("/", 1)[1]) for line in lines]
    assert order == sorted(order)
    assert "Scanned 30 candidates" in result.output and f"{len(truth)} pairs" in result.output


def test_a_passage_maps_back_to_the_copied_words(tmp_path: Path, index: Path) -> None:
    text = "A short opening line about the weather.\n\n" + passage("orchard", 1) + "\n\nA closing line."
    pages = write_jsonl(tmp_path / "p.jsonl", [{"url": "https://pages.example/a", "text": text}])
    result = _scan(str(pages), "--index", str(index), "--with-text", "--no-rules", "-j", "1")
    (line,) = _lines(result.stdout)
    (stretch,) = line["passages"]
    start, end = stretch["candidate"]
    assert text[start:end] == stretch["candidate_text"] == passage("orchard", 1).rstrip(".")
    o_start, o_end = stretch["original"]
    assert ARTICLES["orchard"][o_start:o_end] == stretch["original_text"]


def test_workers_give_the_same_output_as_one_process(tmp_path: Path, index: Path) -> None:
    records, _truth = candidates(400)
    pages = write_jsonl(tmp_path / "pages.jsonl", records)
    outputs = []
    for jobs in ("1", "2", "3"):
        out = tmp_path / f"out{jobs}.jsonl"
        result = _scan(str(pages), "--index", str(index), "--jobs", jobs, "-o", str(out), "--no-rules")
        assert result.exit_code == 0, result.output
        assert f"{jobs} process" in result.output
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1] == outputs[2] and outputs[0].count(b"\n") > 100


def test_rules_judge_each_pair_and_links_are_told_apart(tmp_path: Path, index: Path) -> None:
    pack = tmp_path / "pack.yaml"
    pack.write_text(
        "id: archive-news\nname: Archive News\npublisher: Archive News\n"
        "terms:\n  url: https://archive.example/terms\n  clause: Quote up to a tenth of an article, with a link.\n"
        "applies_to:\n  domains: [archive.example]\nrules:\n"
        "  - id: link\n    kind: hyperlink\n    clause: with a link\n"
        "  - id: share\n    kind: max-share\n    clause: up to a tenth\n    options: {max_share_of_original: 0.1}\n",
        encoding="utf-8")
    pages = tmp_path / "pages"
    pages.mkdir()
    copied = passage("stadium", 0) + " " + passage("stadium", 1)
    (pages / "linked.html").write_text(
        f'<html><body><article><p>{copied}</p><p>From <a href="{url("stadium")}">Archive News</a>.</p>'
        "</article></body></html>", encoding="utf-8")
    (pages / "wrong.html").write_text(
        f'<html><body><article><p>{passage("ferry", 2)}</p><p>See <a href="https://archive.example/">the site</a>.'
        "</p></article></body></html>", encoding="utf-8")
    (pages / "none.md").write_text(f"# Notes\n\n{passage('bakery', 1)}\n", encoding="utf-8")
    result = _scan(str(pages), "--index", str(index), "--rules", str(pack), "-j", "1")
    assert result.exit_code == 1, result.output
    lines = {Path(line["candidate"]).name: line for line in _lines(result.stdout)}
    assert set(lines) == {"linked.html", "wrong.html", "none.md"}
    for line in lines.values():
        jsonschema.validate(line, SCHEMA)
        assert line["rules"]["id"] == "archive-news" and len(line["rules"]["sha256"]) == 64
    assert lines["linked.html"]["link"] == "found"
    assert lines["wrong.html"]["link"] == "wrong"
    assert lines["none.md"]["link"] == "missing"
    assert {f["rule"] for f in lines["linked.html"]["findings"]} == {"share"}
    assert {f["rule"] for f in lines["none.md"]["findings"]} >= {"link"}
    assert all(line["verdict"] == "violation" for line in lines.values())
    assert "3 violations" in result.output


def test_bad_records_are_reported_and_the_scan_goes_on(tmp_path: Path, index: Path) -> None:
    pages = tmp_path / "pages.jsonl"
    good = {"url": "https://pages.example/good", "text": "Opening words here.\n\n" + passage("ferry", 1)}
    pages.write_text("\n".join([
        json.dumps(good),
        '{"url": "https://pages.example/broken", "text": "unterminated',
        json.dumps(["not", "an", "object"]),
        json.dumps({"url": "https://pages.example/empty", "text": "   "}),
        json.dumps({**good, "url": "https://pages.example/good-again"}),
    ]) + "\n", encoding="utf-8")
    result = _scan(str(pages), "--index", str(index), "-j", "2", "--no-rules")
    assert result.exit_code == 2, result.output
    lines = _lines(result.stdout)
    for line in lines:
        jsonschema.validate(line, SCHEMA)
    assert [line["candidate"] for line in lines] == [
        "https://pages.example/good", f"{pages}:2", f"{pages}:3", "https://pages.example/empty",
        "https://pages.example/good-again"]
    assert [("error" in line) for line in lines] == [False, True, True, True, False]
    assert "not a JSON record" in lines[1]["error"]["message"]
    assert "3 records could not be read" in result.output


def test_gzip_jsonl_folders_and_warc_are_read(tmp_path: Path, index: Path) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    copied = passage("observatory", 1)
    zipped = tmp_path / "pages.jsonl.gz"
    zipped.write_bytes(gzip.compress((json.dumps({"url": "https://gz.example/1", "text": copied}) + "\n").encode()))
    warc = tmp_path / "crawl.warc.gz"
    with warc.open("wb") as stream:
        writer = WARCWriter(stream, gzip=True)
        rng = random.Random(3)
        article = f"<p>{filler(rng, 4)}</p><p>{copied}</p><p>{filler(rng, 4)}</p>"
        pages = (("text/html; charset=utf-8", f"<html><body><article>{article}</article></body></html>"),
                 ("image/png", "\x89PNG not a page"),
                 ("text/html", "<html><body><nav><a href='/'>Home</a></nav></body></html>"),
                 ("text/html", f"<html><body><article><p>{filler(rng, 6)}</p></article></body></html>"))
        for n, (kind, body) in enumerate(pages):
            headers = StatusAndHeaders("200 OK", [("Content-Type", kind)], protocol="HTTP/1.1")
            record = writer.create_warc_record(f"https://crawl.example/{n}", "response",
                                               payload=io.BytesIO(body.encode("utf-8")), http_headers=headers)
            writer.write_record(record)
    folder = tmp_path / "folder"
    folder.mkdir()
    (folder / "page.txt").write_text(copied, encoding="utf-8")
    (folder / "notes.bin").write_bytes(b"\0\1\2")
    result = _scan(str(zipped), str(warc), str(folder), "--index", str(index), "-j", "1", "--no-rules")
    assert result.exit_code == 0, result.output
    names = [line["candidate"] for line in _lines(result.stdout)]
    assert names == ["https://gz.example/1", "https://crawl.example/0", str(folder / "page.txt")]
    # The image is no candidate; the page without article text is counted, not judged, and no error.
    assert "Scanned 5 candidates" in result.output and "1 without article text" in result.output


def test_json_and_sarif_formats(tmp_path: Path, index: Path) -> None:
    records, truth = candidates(12)
    pages = write_jsonl(tmp_path / "pages.jsonl", records)
    result = _scan(str(pages), "--index", str(index), "-f", "json", "-j", "1", "--rules", "qazmonitor")
    assert result.exit_code == 1, result.output
    document = json.loads(result.stdout)
    assert document["schema"] == "reusecheck-scan" and document["complete"] is True
    assert document["summary"]["candidates"] == 12 and len(document["pairs"]) == len(truth)
    assert document["index"]["checksum"] and document["options"]["rules"] == "qazmonitor"
    for line in document["pairs"]:
        jsonschema.validate(line, SCHEMA)
    result = _scan(str(pages), "--index", str(index), "-f", "sarif", "-j", "1", "--rules", "qazmonitor",
                   "-o", str(tmp_path / "scan.sarif"))
    assert result.exit_code == 1, result.output
    log = json.loads((tmp_path / "scan.sarif").read_text())
    results = log["runs"][0]["results"]
    assert results and {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results} == {
        c for c, _ in truth}
    assert all(r["ruleId"].startswith("qazmonitor/") for r in results)
    if SARIF_SCHEMA.exists():
        jsonschema.validate(log, json.loads(SARIF_SCHEMA.read_text()))


def test_options_that_cannot_work_are_usage_errors(tmp_path: Path, index: Path) -> None:
    pages = write_jsonl(tmp_path / "pages.jsonl", candidates(3)[0])
    cases = [
        (["--format", "xml"], "--format"),
        (["--rules", "qazmonitor", "--no-rules"], "contradict"),
        (["--resume"], "--resume"),
        (["--resume", "-o", str(tmp_path / "o.json"), "-f", "json"], "--resume"),
        (["--rules", "no-such-pack"], "no rule pack"),
        (["--engine", "cluster"], "--engine"),
        (["--date", "tomorrow"], "--date"),
    ]
    for extra, message in cases:
        result = _scan(str(pages), "--index", str(index), *extra)
        assert result.exit_code == 2 and message in result.output, (extra, result.output)
    result = _scan(str(tmp_path / "nowhere"), "--index", str(index))
    assert result.exit_code == 2 and "no such file or folder" in result.output


def test_a_file_that_is_not_a_scan_output_is_never_overwritten(tmp_path: Path, index: Path) -> None:
    pages = write_jsonl(tmp_path / "pages.jsonl", candidates(3)[0])
    notes = tmp_path / "notes.txt"
    notes.write_text("my own notes\n", encoding="utf-8")
    result = _scan(str(pages), "--index", str(index), "-o", str(notes))
    assert result.exit_code == 2 and "refusing to overwrite" in result.output
    assert notes.read_text(encoding="utf-8") == "my own notes\n"
    result = _scan(str(pages), "--index", str(index), "-o", str(pages))
    assert result.exit_code == 2 and pages.read_text(encoding="utf-8").count("\n") == 3
    # An earlier scan's output is replaced.
    out = tmp_path / "out.jsonl"
    assert _scan(str(pages), "--index", str(index), "-o", str(out), "--no-rules").exit_code == 0
    first = out.read_bytes()
    assert _scan(str(pages), "--index", str(index), "-o", str(out), "--no-rules").exit_code == 0
    assert out.read_bytes() == first and not list(tmp_path.glob(".out.jsonl.*"))


def _interrupted_scan(args: list[str], part_glob: Path) -> subprocess.CompletedProcess[str]:
    """Start a scan, send it SIGINT once it has written something, and wait for it."""
    proc = subprocess.Popen([sys.executable, "-m", "reusecheck", "scan", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        parts = list(part_glob.parent.glob(part_glob.name))
        if parts and parts[0].stat().st_size > 2000:
            break
        time.sleep(0.02)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    return subprocess.CompletedProcess(proc.args, proc.returncode, out, err)


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_interrupted_scan_leaves_valid_lines_and_resume_finishes_it_alike(tmp_path: Path, index: Path,
                                                                          jobs: str) -> None:
    records, _truth = candidates(6000)
    pages = write_jsonl(tmp_path / "pages.jsonl", records)
    whole, part = tmp_path / "whole.jsonl", tmp_path / "part.jsonl"
    common = [str(pages), "--index", str(index), "--jobs", jobs, "--no-rules"]
    assert _scan(*common, "-o", str(whole)).exit_code == 0
    stopped = _interrupted_scan([*common, "-o", str(part)], tmp_path / ".part.jsonl.*.part")
    assert stopped.returncode == 130, stopped.stderr
    assert "Interrupted after" in stopped.stderr and "--resume" in stopped.stderr
    partial = part.read_bytes()
    assert partial and whole.read_bytes().startswith(partial) and len(partial) < len(whole.read_bytes())
    assert all(json.loads(line) for line in partial.splitlines())
    assert (tmp_path / "part.jsonl.resume.json").exists()
    resumed = subprocess.run([sys.executable, "-m", "reusecheck", "scan", *common, "-o", str(part), "--resume"],
                             capture_output=True, text=True, timeout=120)
    assert resumed.returncode == 0, resumed.stderr
    assert part.read_bytes() == whole.read_bytes()
    assert not (tmp_path / "part.jsonl.resume.json").exists()
    assert "Scanned 6,000 candidates" in resumed.stderr


def test_resume_refuses_other_options_or_nothing_to_resume(tmp_path: Path, index: Path) -> None:
    records, _truth = candidates(6000)
    pages = write_jsonl(tmp_path / "pages.jsonl", records)
    out = tmp_path / "out.jsonl"
    result = _scan(str(pages), "--index", str(index), "-o", str(out), "--resume")
    assert result.exit_code == 2 and "nothing to resume" in result.output
    common = [str(pages), "--index", str(index), "--jobs", "1", "--no-rules", "-o", str(out)]
    stopped = _interrupted_scan(common, tmp_path / ".out.jsonl.*.part")
    assert stopped.returncode == 130, stopped.stderr
    result = _scan(*common, "--resume", "--min-shared", "5")
    assert result.exit_code == 2 and "options" in result.output


def test_interrupted_json_scan_writes_a_document_marked_incomplete(tmp_path: Path, index: Path) -> None:
    records, _truth = candidates(30000)
    pages = write_jsonl(tmp_path / "pages.jsonl", records)
    out = tmp_path / "out.json"
    proc = subprocess.Popen([sys.executable, "-m", "reusecheck", "scan", str(pages), "--index", str(index), "-j", "1",
                             "--no-rules", "-f", "json", "-o", str(out)], stderr=subprocess.PIPE, text=True)
    time.sleep(3)
    proc.send_signal(signal.SIGINT)
    _out, err = proc.communicate(timeout=60)
    if proc.returncode == 0:
        pytest.skip("the scan finished before it could be interrupted")
    assert proc.returncode == 130, err
    assert "Traceback" not in err
    document = json.loads(out.read_text())
    assert document["complete"] is False and 0 < document["summary"]["candidates"] < 30000
    assert len(document["pairs"]) == document["summary"]["pairs"]


def test_scan_of_the_examples_agrees_with_check(tmp_path: Path) -> None:
    examples = Path(__file__).resolve().parents[1] / "examples"
    index = tmp_path / "examples.idx"
    assert runner.invoke(app, ["index", "build", str(examples / "originals"), "--index", str(index)]).exit_code == 0
    scanned = _scan(str(examples / "candidates"), "--index", str(index), "-j", "2",
                    "--permissions", str(examples / "permissions.yaml"))
    assert scanned.exit_code == 1, scanned.output
    lines = _lines(scanned.stdout)
    for line in lines:
        jsonschema.validate(line, SCHEMA)
    scan_violations = {Path(line["candidate"]).name for line in lines if line["verdict"] == "violation"}
    checked = runner.invoke(app, ["check", *sorted(str(p) for p in (examples / "candidates").iterdir()),
                                  "--original", str(examples / "originals" / "rail-link.html"),
                                  "--permissions", str(examples / "permissions.yaml"), "-f", "json"])
    report = json.loads(checked.stdout)
    check_violations = {Path(c["source"]).name for c in report["candidates"] if c["verdict"] == "violation"}
    assert scan_violations == check_violations and len(scan_violations) == 6
    # The permission in the ledger is what makes the permitted full copy compliant.
    without = _scan(str(examples / "candidates"), "--index", str(index), "-j", "1")
    assert "full-copy-permitted.md" in {Path(line["candidate"]).name for line in _lines(without.stdout)
                                        if line["verdict"] == "violation"}
    assert _scan(str(examples / "candidates"), "--index", str(index), "--no-rules", "--permissions",
                 str(examples / "permissions.yaml")).exit_code == 2


def test_output_folders_are_made_and_an_unwritable_output_is_a_clear_error(tmp_path: Path, index: Path) -> None:
    pages = write_jsonl(tmp_path / "pages.jsonl", candidates(6)[0])
    nested = tmp_path / "reports" / "2026" / "pairs.jsonl"
    assert _scan(str(pages), "--index", str(index), "-o", str(nested), "--no-rules").exit_code == 0
    assert nested.read_text(encoding="utf-8").count("\n") == 2
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    result = _scan(str(pages), "--index", str(index), "-o", str(blocker / "pairs.jsonl"))
    assert result.exit_code == 2 and "cannot write the output" in result.output
    assert "Traceback" not in result.output and blocker.read_text(encoding="utf-8") == "not a folder"


def test_a_link_that_is_no_url_and_an_unreadable_file_do_not_stop_the_scan(tmp_path: Path, index: Path) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    copied = passage("library", 0) + " " + passage("library", 2)
    (pages / "broken-link.html").write_text(
        f'<html><body><article><p>{copied}</p><p>See <a href="http://[unclosed/">this</a>.</p></article>'
        "</body></html>", encoding="utf-8")
    result = _scan(str(pages), "--index", str(index), "-j", "1", "--no-rules")
    assert result.exit_code == 0, result.output
    (line,) = _lines(result.stdout)
    assert line["original"] == url("library") and line["link"] == "missing"
    # A file that cannot be opened (here a folder in its place, which even root cannot read as a file) is
    # one bad record, and the records after it are still read.
    (tmp_path / "gone.jsonl").mkdir()
    good = write_jsonl(tmp_path / "good.jsonl", [{"url": "https://pages.example/x", "text": copied}])
    records = list(read_records([tmp_path / "gone.jsonl", tmp_path / "gone.warc", good]))
    assert [r.error is not None for r in records] == [True, True, False]
    assert "cannot read the file" in (records[0].error or "")


def test_a_finished_scan_leaves_no_state_to_resume(tmp_path: Path, index: Path) -> None:
    records, _truth = candidates(6000)
    pages = write_jsonl(tmp_path / "pages.jsonl", records)
    out = tmp_path / "out.jsonl"
    common = [str(pages), "--index", str(index), "--jobs", "1", "--no-rules", "-o", str(out)]
    stopped = _interrupted_scan(common, tmp_path / ".out.jsonl.*.part")
    assert stopped.returncode == 130 and (tmp_path / "out.jsonl.resume.json").exists()
    # The same output written whole in another format: the interrupted scan is over, not to be resumed.
    assert _scan(*common[:-2], "-f", "json", "-o", str(out)).exit_code == 0
    assert not (tmp_path / "out.jsonl.resume.json").exists()
    result = _scan(*common, "--resume")
    assert result.exit_code == 2 and "nothing to resume" in result.output
