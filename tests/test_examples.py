"""Every bundled example gives the verdict its README promises, and valid JSON."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from reusecheck.cli import app

ROOT = Path(__file__).parents[1]
EXAMPLES = ROOT / "examples"
SCHEMA = json.loads((ROOT / "reusecheck" / "schemas" / "report.schema.json").read_text())
ENGLISH = EXAMPLES / "originals" / "rail-link.html"
RUSSIAN = EXAMPLES / "ru" / "original-zerno.txt"

# candidate, original, exit code, failing rules (all others pass, are waived or do not apply)
EXPECTED = [
    ("candidates/compliant.md", ENGLISH, 0, set()),
    ("candidates/independent-report.md", ENGLISH, 0, set()),
    ("candidates/over-cap.md", ENGLISH, 1, {"share-cap"}),
    ("candidates/missing-link.md", ENGLISH, 1, {"active-link"}),
    ("candidates/nofollow-link.html", ENGLISH, 1, {"active-link"}),
    ("candidates/wrong-link.md", ENGLISH, 1, {"active-link"}),
    ("candidates/bare-url.txt", ENGLISH, 1, {"active-link"}),
    ("candidates/full-copy-permitted.md", ENGLISH, 0, set()),
    ("candidates/full-copy-expired.md", ENGLISH, 1, {"share-cap", "full-republication"}),
    ("ru/candidate-perepechatka.md", RUSSIAN, 1, {"share-cap"}),
]


def test_every_candidate_has_an_expectation() -> None:
    shipped = {str(p.relative_to(EXAMPLES)) for p in EXAMPLES.glob("*/*") if "candidate" in str(p)}
    assert shipped == {name for name, *_ in EXPECTED}


@pytest.mark.parametrize(("name", "original", "code", "failing"), EXPECTED, ids=[e[0] for e in EXPECTED])
def test_example_verdict(name: str, original: Path, code: int, failing: set[str]) -> None:
    result = CliRunner().invoke(app, [
        "check", str(EXAMPLES / name), "--original", str(original), "--permissions",
        str(EXAMPLES / "permissions.yaml"), "--format", "json", "--date", "2026-11-27"])
    assert result.exit_code == code, result.stderr
    data = json.loads(result.stdout)
    jsonschema.validate(data, SCHEMA)
    findings = data["candidates"][0]["originals"][0]["findings"]
    assert {f["rule"] for f in findings if f["status"] == "fail"} == failing
    for finding in findings:
        if finding["status"] == "fail":
            assert finding["fix"], finding


def test_full_copy_without_ledger_needs_permission() -> None:
    result = CliRunner().invoke(app, ["check", str(EXAMPLES / "candidates/full-copy-permitted.md"),
                                      "--original", str(ENGLISH), "-f", "json"])
    assert result.exit_code == 1
    findings = json.loads(result.stdout)["candidates"][0]["originals"][0]["findings"]
    assert {f["rule"] for f in findings if f["status"] == "fail"} == {"share-cap", "full-republication"}


def test_original_page_chrome_is_not_counted() -> None:
    result = CliRunner().invoke(app, ["compare", str(EXAMPLES / "candidates/compliant.md"),
                                      "--original", str(ENGLISH), "-f", "json"])
    data = json.loads(result.stdout)
    assert data["originals"][0]["words"] == 701  # title, standfirst and body; no menu, footer or terms
    assert data["originals"][0]["url"] == "https://www.steppecourier.example/news/2026/11/rail-link-opens"


def test_russian_original_is_cp1251() -> None:
    raw = RUSSIAN.read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    result = CliRunner().invoke(app, ["compare", str(EXAMPLES / "ru/candidate-perepechatka.md"),
                                      "--original", str(RUSSIAN), "-f", "json"])
    assert 0.4 < json.loads(result.stdout)["originals"][0]["share_of_original"] < 0.65
