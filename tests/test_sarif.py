"""SARIF output: valid against the published schema, placed on the reused lines, stable across edits."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import FormatChecker
from jsonschema.validators import validator_for

from reusecheck import api
from reusecheck.formats import sarif
from reusecheck.report import Report

SCHEMA_PATH = Path(__file__).resolve().parents[2] / "shared" / "schemas" / "sarif-schema-2.1.0.json"
URL = "https://www.harbourgazette.example/news/2026/ferry-timetable"
TODAY = dt.date(2026, 11, 28)
STORY = [
    "The ferry between Aktau and the port of Baku will sail twice a week from March instead of once, the "
    "shipping line told passengers in a notice posted at the terminal on Monday.",
    "Tickets for the longer crossing in winter will cost a little more because the company must pay for extra "
    "fuel and for a second crew that rests on board during the night.",
    "Lorry drivers have long complained that they wait up to five days at the quay for a place on deck, and "
    "the port authority hopes the new timetable will clear the queue before the spring harvest.",
    "The shipping line also plans to open an office in the town centre where travellers can book cabins and "
    "pay in cash without queuing at the harbour gate.",
]
OWN = [
    "Travellers heading across the Caspian have more choice this year.",
    "We asked three drivers at the quay what they make of the change.",
    "All of them said they would believe it when they saw the second ship.",
]
PACK = """id: harbour-gazette
name: The Harbour Gazette & Co
publisher: The Harbour Gazette
terms:
  url: https://www.harbourgazette.example/reuse
  clause: A quarter of any article may be reused, with a link to it.
applies_to:
  domains: [harbourgazette.example]
rules:
  - id: quarter-cap
    kind: max-share
    clause: A quarter of any article may be reused
    options:
      max_share_of_original: 0.3
  - id: link
    kind: hyperlink
    severity: warning
    clause: with a link to it
  - id: whole-article
    kind: permission-required
    clause: Reprinting a whole article needs the editor's written consent.
    options:
      above_share_of_original: 0.9
"""


def original_page(url: str = URL) -> str:
    body = "".join(f"<p>{p}</p>" for p in STORY)
    return (f'<html><head><title>Ferry timetable</title><link rel="canonical" href="{url}"></head>'
            f"<body><article><h1>Ferry timetable</h1>{body}</article></body></html>")


def candidate_text(copied: list[str], blank_lines: int = 0) -> str:
    """Plain text: own opening, `blank_lines` extra empty lines, then the copied paragraphs with the
    outlet's own sentences between them, so that each is a passage of its own."""
    mixed = [part for i, p in enumerate(copied) for part in ([p, OWN[1 + i % 2]] if i < len(copied) - 1 else [p])]
    return "\n\n".join([OWN[0] + "\n" * blank_lines, *mixed, OWN[2]]) + "\n"


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def check(root: Path, candidates: list[Path]) -> Report:
    original = write(root, "originals/ferry.html", original_page())
    rules = write(root, "rules/harbour.yaml", PACK)
    return api.check(candidates, [original], rules=rules, today=TODAY)


def run_of(report: Report, root: Path) -> dict[str, Any]:
    log: dict[str, Any] = json.loads(sarif.render(report, root))
    run: dict[str, Any] = log["runs"][0]
    return run


def results_for(run: dict[str, Any], uri: str) -> list[dict[str, Any]]:
    return [r for r in run["results"]
            if r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == uri]


def fingerprints(run: dict[str, Any], uri: str) -> dict[str, str]:
    return {r["ruleId"]: r["partialFingerprints"][sarif.FINGERPRINT] for r in results_for(run, uri)}


def test_output_is_valid_sarif(tmp_path: Path) -> None:
    if not SCHEMA_PATH.is_file():
        pytest.skip(f"the SARIF 2.1.0 schema is not at {SCHEMA_PATH.name} beside the repository")
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    copy = write(tmp_path, "drafts/full copy ü.txt", candidate_text(STORY))
    partial = write(tmp_path, "drafts/partial.txt", candidate_text(STORY[:2]))
    report = check(tmp_path, [copy, partial, tmp_path / "drafts" / "missing.md"])
    log = json.loads(sarif.render(report, tmp_path))
    validator = validator_for(schema)(schema, format_checker=FormatChecker())
    problems = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(log)]
    assert problems == []
    broken = json.loads(json.dumps(log))
    broken["runs"][0]["results"][0]["level"] = "fatal"
    assert not validator.is_valid(broken), "the validator must be able to refuse a log"
    run = log["runs"][0]
    assert log["version"] == "2.1.0" and log["$schema"] == sarif.SCHEMA
    assert run["columnKind"] == "unicodeCodePoints"
    # drafts/missing.md cannot be read: the run did not complete its work, and says which file failed.
    invocation = run["invocations"][0]
    assert invocation["executionSuccessful"] is False
    failed = [n for n in invocation["toolExecutionNotifications"] if n["level"] == "error"]
    assert [n["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for n in failed] == ["drafts/missing.md"]
    clean = json.loads(sarif.render(check(tmp_path, [copy, partial]), tmp_path))
    assert clean["runs"][0]["invocations"][0]["executionSuccessful"] is True
    levels = {r["ruleId"]: r["level"] for r in run["results"]}
    assert levels["harbour-gazette/quarter-cap"] == "error" and levels["harbour-gazette/link"] == "warning"
    assert levels["reusecheck/input-error"] == "error"


def test_rules_are_the_packs_and_the_tools_and_results_index_them(tmp_path: Path) -> None:
    report = check(tmp_path, [write(tmp_path, "drafts/a.txt", candidate_text(STORY[:2]))])
    run = run_of(report, tmp_path)
    rules = run["tool"]["driver"]["rules"]
    ids = [rule["id"] for rule in rules]
    assert ids[:3] == ["harbour-gazette/quarter-cap", "harbour-gazette/link", "harbour-gazette/whole-article"]
    assert {"reusecheck/input-error", "reusecheck/unresolved-source"} <= set(ids)
    cap = rules[0]
    assert cap["fullDescription"]["text"] == "A quarter of any article may be reused"
    assert cap["help"]["text"].startswith("A quarter of any article may be reused")
    assert "A quarter of any article may be reused" in cap["help"]["markdown"]
    assert cap["helpUri"] == "https://www.harbourgazette.example/reuse"
    assert cap["defaultConfiguration"]["level"] == "error"
    assert rules[1]["defaultConfiguration"]["level"] == "warning"
    assert cap["properties"]["kind"] == "max-share"
    assert run["results"], "two of four paragraphs is over a quarter, without a link"
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
    cap_result = next(r for r in run["results"] if r["ruleId"] == "harbour-gazette/quarter-cap")
    assert " Fix: " in cap_result["message"]["text"]


def as_file(name: str, text: str) -> str:
    """The candidate's text as a file of the format its name says, one paragraph a line."""
    if name.endswith(".md"):
        return f"---\ntitle: Ferries\nsource: {URL}\n---\n\n{text}"
    if name.endswith(".html"):
        paragraphs = "\n".join(f"<p>{p}</p>" for p in text.split("\n\n") if p.strip())
        return (f"<html>\n<head><title>Ferries</title></head>\n<body>\n<article>\n{paragraphs}\n"
                "</article>\n</body>\n</html>\n")
    return text


@pytest.mark.parametrize("name", ["drafts/ferry.txt", "drafts/ferry.md", "drafts/ferry.html"])
def test_regions_point_at_the_reused_lines(tmp_path: Path, name: str) -> None:
    path = write(tmp_path, name, as_file(name, candidate_text(STORY[1:3])))
    run = run_of(check(tmp_path, [path]), tmp_path)
    lines = path.read_text(encoding="utf-8").splitlines()
    cap = next(r for r in run["results"] if r["ruleId"] == "harbour-gazette/quarter-cap")
    places = [cap["locations"][0]] + [loc for loc in cap.get("relatedLocations", [])
                                      if loc["physicalLocation"]["artifactLocation"]["uri"] == name]
    assert len(places) == 2, "each copied paragraph is its own passage"
    found = []
    for place in places:
        region = place["physicalLocation"]["region"]
        assert region["endLine"] == region["startLine"], "each paragraph is one line of the file"
        line = lines[region["startLine"] - 1]
        marked = line[region["startColumn"] - 1:region["endColumn"] - 1]
        assert len(marked.split()) >= 10
        found.append(next(p for p in STORY if marked in p))
    assert sorted(found) == sorted(STORY[1:3])


def test_related_location_in_the_original(tmp_path: Path) -> None:
    path = write(tmp_path, "drafts/ferry.txt", candidate_text(STORY[1:3]))
    run = run_of(check(tmp_path, [path]), tmp_path)
    cap = next(r for r in run["results"] if r["ruleId"] == "harbour-gazette/quarter-cap")
    in_original = [loc for loc in cap["relatedLocations"]
                   if loc["physicalLocation"]["artifactLocation"]["uri"] == "originals/ferry.html"]
    assert len(in_original) == 1 and in_original[0]["message"]["text"]
    assert "region" in in_original[0]["physicalLocation"]
    link = next(r for r in run["results"] if r["ruleId"] == "harbour-gazette/link")
    assert [loc["physicalLocation"]["artifactLocation"]["uri"] for loc in link["relatedLocations"]] == [
        "originals/ferry.html"]


def test_fingerprints_ignore_blank_lines_above(tmp_path: Path) -> None:
    path = write(tmp_path, "drafts/ferry.txt", candidate_text(STORY[:2]))
    before = run_of(check(tmp_path, [path]), tmp_path)
    write(tmp_path, "drafts/ferry.txt", candidate_text(STORY[:2], blank_lines=4))
    after = run_of(check(tmp_path, [path]), tmp_path)
    assert fingerprints(before, "drafts/ferry.txt") == fingerprints(after, "drafts/ferry.txt")
    assert len(fingerprints(before, "drafts/ferry.txt")) == 2

    def cap_line(run: dict[str, Any]) -> int:
        cap = next(r for r in run["results"] if r["ruleId"] == "harbour-gazette/quarter-cap")
        line: int = cap["locations"][0]["physicalLocation"]["region"]["startLine"]
        return line

    assert cap_line(after) == cap_line(before) + 4


def test_fingerprints_ignore_other_files_and_tell_findings_apart(tmp_path: Path) -> None:
    first = write(tmp_path, "drafts/first.txt", candidate_text(STORY[:2]))
    other = write(tmp_path, "drafts/other.txt", candidate_text(STORY[2:]))
    before = run_of(check(tmp_path, [first, other]), tmp_path)
    write(tmp_path, "drafts/other.txt", candidate_text(STORY))
    after = run_of(check(tmp_path, [first, other]), tmp_path)
    assert fingerprints(before, "drafts/first.txt") == fingerprints(after, "drafts/first.txt")
    assert fingerprints(before, "drafts/other.txt") != fingerprints(after, "drafts/other.txt")
    every = [r["partialFingerprints"][sarif.FINGERPRINT] for r in after["results"]]
    assert len(every) == len(set(every))


def test_uris_are_relative_to_the_root_with_forward_slashes(tmp_path: Path) -> None:
    path = write(tmp_path, "drafts/deep/ferry notes.txt", candidate_text(STORY[:2]))
    run = run_of(check(tmp_path, [path]), tmp_path)
    artifacts = [r["locations"][0]["physicalLocation"]["artifactLocation"] for r in run["results"]]
    assert artifacts and all(a == {"uri": "drafts/deep/ferry%20notes.txt", "uriBaseId": "%SRCROOT%"}
                             for a in artifacts)
    elsewhere = run_of(check(tmp_path, [path]), tmp_path / "rules")
    outside = elsewhere["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert outside["uri"].startswith("file:///") and "uriBaseId" not in outside


def test_compliant_report_has_no_results_but_lists_rules(tmp_path: Path) -> None:
    linked = write(tmp_path, "drafts/ok.md", f"---\nsource: {URL}\n---\n\n{OWN[0]} [The Gazette]({URL}) "
                   f"reported it.\n\n{STORY[0]}\n\n{OWN[1]}\n")
    report = check(tmp_path, [linked])
    assert report.verdict == "compliant"
    run = run_of(report, tmp_path)
    assert run["results"] == [] and len(run["tool"]["driver"]["rules"]) == 5
