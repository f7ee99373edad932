"""Originals named as a folder, a glob or an @list: searched, and only the originals a draft uses reported."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from reusecheck.cli import app

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
OTHER = """<html><head><title>Wool fair</title>
<link rel="canonical" href="https://www.steppecourier.example/news/2026/10/wool-fair"></head>
<body><article><h1>Wool fair draws buyers to Shymkent</h1>
<p>Sheep farmers from four regions brought their autumn clip to the wool fair in Shymkent this week, where
buyers from textile mills paid slightly more than last year for fine merino fleece.</p>
<p>The organisers said the fair had grown every year since it moved to the old railway depot, and that next
year they hope to add a day for felt makers and carpet weavers.</p></article></body></html>
"""
runner = CliRunner()


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    folder = tmp_path / "archive"
    (folder / "2026" / "11").mkdir(parents=True)
    shutil.copy(EXAMPLES / "originals" / "rail-link.html", folder / "2026" / "11" / "rail-link.html")
    (folder / "wool-fair.html").write_text(OTHER, encoding="utf-8")
    (folder / "notes.json").write_text("{}", encoding="utf-8")  # not an article: passed over
    return folder


def run(*args: str) -> tuple[int, dict[str, object]]:
    result = runner.invoke(app, ["check", str(EXAMPLES / "candidates" / "over-cap.md"), *args, "-f", "json"])
    return result.exit_code, json.loads(result.stdout) if result.stdout.startswith("{") else {}


def used(report: dict[str, object]) -> list[str]:
    candidate = report["candidates"][0]  # type: ignore[index]
    return [Path(o["source"]).name for o in candidate["originals"]]  # type: ignore[index]


def test_a_folder_is_searched_and_only_the_used_original_is_reported(archive: Path) -> None:
    code, report = run("--original", str(archive))
    assert code == 1 and used(report) == ["rail-link.html"]
    assert not report["errors"]


def test_a_glob_and_a_list(archive: Path, tmp_path: Path) -> None:
    code, report = run("--original", str(archive / "**" / "*.html"))
    assert code == 1 and used(report) == ["rail-link.html"]
    listing = tmp_path / "originals.txt"
    listing.write_text("# the archive, by hand\n\narchive/wool-fair.html\narchive/2026\n", encoding="utf-8")
    code, report = run("--original", f"@{listing}")
    assert code == 1 and used(report) == ["rail-link.html"]


def test_a_draft_that_uses_nothing_in_the_folder(archive: Path) -> None:
    (archive / "2026" / "11" / "rail-link.html").unlink()
    code, report = run("--original", str(archive))
    assert code == 0 and used(report) == []


def test_compare_keeps_only_the_used_originals_of_a_folder(archive: Path) -> None:
    result = runner.invoke(app, ["compare", str(EXAMPLES / "candidates" / "over-cap.md"), "--original", str(archive),
                                 "-f", "json"])
    assert result.exit_code == 0
    assert [Path(o["source"]).name for o in json.loads(result.stdout)["originals"]] == ["rail-link.html"]


@pytest.mark.parametrize(("spec", "words"), [("@missing-list.txt", "no such list file"),
                                             ("nowhere/*.html", "no article file matches the pattern")])
def test_a_missing_list_or_an_empty_glob_is_a_usage_error(spec: str, words: str) -> None:
    result = runner.invoke(app, ["check", str(EXAMPLES / "candidates" / "over-cap.md"), "--original", spec])
    assert result.exit_code == 2 and words in result.stderr and "Traceback" not in result.output


def test_a_draft_in_the_searched_folder_is_not_its_own_original(archive: Path) -> None:
    draft = archive / "draft.md"
    shutil.copy(EXAMPLES / "candidates" / "over-cap.md", draft)
    result = runner.invoke(app, ["check", str(draft), "--original", str(archive), "-f", "json"])
    report = json.loads(result.stdout)
    assert result.exit_code == 1 and used(report) == ["rail-link.html"]
