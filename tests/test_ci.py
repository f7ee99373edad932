"""`reusecheck ci` end to end: a real git repository, a configuration, changed files, and report files."""

from __future__ import annotations

import json
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from reusecheck.cli import app

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
SARIF_SCHEMA = Path(__file__).resolve().parents[2] / "shared" / "schemas" / "sarif-schema-2.1.0.json"
REPORT_SCHEMA = json.loads((Path(__file__).resolve().parents[1] / "reusecheck" / "schemas" / "report.schema.json")
                           .read_text(encoding="utf-8"))
SOURCE = "https://www.steppecourier.example/news/2026/11/rail-link-opens"
CONFIG = """\
originals: [archive/]
permissions: permissions.yaml
include: ["articles/**/*.md", "articles/**/*.html"]
exclude: ["articles/drafts/**"]
"""
runner = CliRunner()
pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", *args], cwd=repo,
                          capture_output=True, text=True, check=True)
    return done.stdout


def copy(repo: Path, example: str, target: str, edit: tuple[str, str] | None = None) -> None:
    text = (EXAMPLES / example).read_text(encoding="utf-8")
    if edit:
        assert edit[0] in text
        text = text.replace(*edit)
    path = repo / target
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Two commits: the first sets up the archive and old articles, the second adds and changes some."""
    repo = tmp_path / "newsroom"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    (repo / ".reusecheck.yaml").write_text(CONFIG, encoding="utf-8")
    copy(repo, "originals/rail-link.html", "archive/2026/rail-link.html")
    copy(repo, "permissions.yaml", "permissions.yaml")
    copy(repo, "candidates/compliant.md", "articles/compliant.md")
    copy(repo, "candidates/over-cap.md", "articles/old-over-cap.md")  # violates, but is not changed later
    copy(repo, "candidates/missing-link.md", "articles/to-delete.md")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "archive and first articles")
    # The second commit: a new violation, a changed compliant article, a deleted one, a draft, a typo.
    copy(repo, "candidates/missing-link.md", "articles/2026/missing-link.md")
    copy(repo, "candidates/compliant.md", "articles/compliant.md", ("Prairie Wire", "Prairie Wire Weekly"))
    copy(repo, "candidates/independent-report.md", "articles/independent.md")
    copy(repo, "candidates/over-cap.md", "articles/drafts/over-cap-draft.md")
    copy(repo, "candidates/compliant.md", "articles/typo-source.md", (SOURCE, SOURCE + "-typo"))
    (repo / "articles" / "to-delete.md").unlink()
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "new articles")
    # Not committed yet: still checked.
    copy(repo, "candidates/nofollow-link.html", "articles/uncommitted.html")
    monkeypatch.chdir(repo)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    return repo


def _file_lines(path: Path, start: int, end: int) -> str:
    return " ".join(path.read_text(encoding="utf-8").splitlines()[start - 1:end])


def test_changed_since_checks_only_changed_articles_and_writes_every_report(repo: Path) -> None:
    result = runner.invoke(app, ["ci", "--changed-since", "HEAD~1", "--sarif", "out/reusecheck.sarif",
                                 "--junit", "out/junit.xml", "--html", "out/report.html", "--summary", "out/summary.md",
                                 "--json", "out/report.json", "--with-text"])
    assert result.exit_code == 1, result.output
    report = json.loads((repo / "out/report.json").read_text(encoding="utf-8"))
    jsonschema.validate(report, REPORT_SCHEMA)
    verdicts = {Path(c["source"]).as_posix(): c["verdict"] for c in report["candidates"]}
    assert verdicts == {
        "articles/2026/missing-link.md": "violation",
        "articles/compliant.md": "compliant",
        "articles/independent.md": "compliant",
        "articles/typo-source.md": "violation",
        "articles/uncommitted.html": "violation",
    }
    by_source = {Path(c["source"]).as_posix(): c for c in report["candidates"]}
    # No declared source: searched against the archive, and it uses nothing of it.
    assert by_source["articles/independent.md"]["originals"] == []
    # A mistyped source is a finding, and the archive is still searched: the copy is found.
    typo = by_source["articles/typo-source.md"]
    assert [f["rule"] for f in typo["findings"]] == ["unresolved-source"]
    assert typo["originals"][0]["uses_original"] is True
    passage = by_source["articles/2026/missing-link.md"]["originals"][0]["passages"][0]
    assert passage["candidate"]["text"] and passage["original"]["text"]
    assert "Checked 5 candidates" in result.output

    sarif = json.loads((repo / "out/reusecheck.sarif").read_text(encoding="utf-8"))
    if SARIF_SCHEMA.is_file():
        jsonschema.validate(sarif, json.loads(SARIF_SCHEMA.read_text(encoding="utf-8")))
    results = sarif["runs"][0]["results"]
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results}
    assert uris == {"articles/2026/missing-link.md", "articles/typo-source.md", "articles/uncommitted.html"}
    assert {r["ruleId"] for r in results} == {"steppe-courier/active-link", "reusecheck/unresolved-source"}
    for r in results:
        region = r["locations"][0]["physicalLocation"]["region"]
        uri = r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        lines = _file_lines(repo / uri, region["startLine"], region.get("endLine", region["startLine"]))
        if r["ruleId"].endswith("active-link") and uri.endswith(".md"):
            assert lines.startswith("source:")  # a missing link points at the declared source
        if r["ruleId"].endswith("active-link") and uri.endswith(".html"):
            assert 'rel="nofollow"' in lines  # a link that does not count: at the link itself

    suite = ET.parse(repo / "out/junit.xml").getroot()
    cases = suite.findall(".//testcase")
    assert len(cases) == int(suite.get("tests") or suite.find("testsuite").get("tests"))  # type: ignore[union-attr]
    failed = [c for c in cases if c.find("failure") is not None]
    assert {c.get("classname") for c in failed} == set(uris)
    assert "old-over-cap" not in (repo / "out/report.html").read_text(encoding="utf-8")
    summary = (repo / "out/summary.md").read_text(encoding="utf-8")
    assert "articles/2026/missing-link.md" in summary and "old-over-cap" not in summary


def test_sarif_regions_of_reused_passages_hold_the_reused_text(repo: Path) -> None:
    result = runner.invoke(app, ["ci", "articles/old-over-cap.md", "--sarif", "over.sarif", "--json", "over.json",
                                 "--with-text"])
    assert result.exit_code == 1, result.output
    sarif = json.loads((repo / "over.sarif").read_text(encoding="utf-8"))
    (share,) = [r for r in sarif["runs"][0]["results"] if r["ruleId"] == "steppe-courier/share-cap"]
    region = share["locations"][0]["physicalLocation"]["region"]
    held = _file_lines(repo / "articles/old-over-cap.md", region["startLine"], region["endLine"])
    report = json.loads((repo / "over.json").read_text(encoding="utf-8"))
    texts = [p["candidate"]["text"] for p in report["candidates"][0]["originals"][0]["passages"]]
    # The primary location is one of the passages: its first and last words stand on those lines.
    assert any(t.split()[0] in held and t.split()[-1].strip(".,”") in held for t in texts)
    for passage in report["candidates"][0]["originals"][0]["passages"]:
        where = passage["candidate"]["region"]
        held = _file_lines(repo / "articles/old-over-cap.md", where["start_line"], where["end_line"])
        words = passage["candidate"]["text"].split()
        assert words[0] in held and words[-1].strip(".,”") in held


def test_everything_included_is_checked_without_changed_since(repo: Path) -> None:
    result = runner.invoke(app, ["ci", "--format", "json"])
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    sources = {Path(c["source"]).as_posix() for c in report["candidates"]}
    assert "articles/old-over-cap.md" in sources and "articles/drafts/over-cap-draft.md" not in sources
    assert not any(s.startswith("archive/") for s in sources)


def test_fail_on_never_and_warning(repo: Path) -> None:
    assert runner.invoke(app, ["ci", "--fail-on", "never", "-q"]).exit_code == 0
    # typo-source.md is compliant but for its mistyped source: a warning fails the run only when asked.
    assert runner.invoke(app, ["ci", "articles/typo-source.md", "-q"]).exit_code == 1
    (repo / ".reusecheck.yaml").write_text(CONFIG + "unresolved_source: warning\n", encoding="utf-8")
    result = runner.invoke(app, ["ci", "articles/typo-source.md", "-q"])
    assert result.exit_code == 0 and "with 1 warning" in result.output
    assert runner.invoke(app, ["ci", "articles/typo-source.md", "-q", "--fail-on", "warning"]).exit_code == 1
    (repo / ".reusecheck.yaml").write_text(CONFIG + "unresolved_source: ignore\n", encoding="utf-8")
    result = runner.invoke(app, ["ci", "articles/typo-source.md", "-q", "--fail-on", "warning"])
    assert result.exit_code == 0 and "warning" not in result.output


def test_github_format_is_the_default_on_github_actions(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    summary = repo / "step-summary.md"
    summary.write_text("Earlier step output\n", encoding="utf-8")
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    result = runner.invoke(app, ["ci", "articles/2026/missing-link.md"])
    assert result.exit_code == 1
    assert result.stdout.startswith("::error file=articles/2026/missing-link.md,line=3")
    written = summary.read_text(encoding="utf-8")
    assert written.startswith("Earlier step output\n") and "missing-link.md" in written


def test_nothing_changed_is_compliant(repo: Path) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "everything")
    (repo / "notes.txt").write_text("not an article\n", encoding="utf-8")
    result = runner.invoke(app, ["ci", "--changed-since", "HEAD"])
    assert result.exit_code == 0, result.output
    assert "Checked 0 candidates" in result.output


@pytest.mark.parametrize(("setup", "args", "words"), [
    (lambda r: (r / ".reusecheck.yaml").write_text("originals: [archive/]\nfail_on: loudly\n"), [],
     ".reusecheck.yaml:2: fail_on: expected one of error, warning, never"),
    (lambda r: (r / ".reusecheck.yaml").write_text(CONFIG + "rules: [no-such-pack]\n"), [],
     ".reusecheck.yaml:5: rules: no rule pack with id 'no-such-pack'"),
    (lambda r: (r / ".reusecheck.yaml").write_text("originals: [archive/, gone/]\n"), [],
     ".reusecheck.yaml:1: originals: originals folder gone does not exist"),
    (lambda r: None, ["--changed-since", "no-such-ref"], "unknown git revision 'no-such-ref'"),
    (lambda r: None, ["--fail-on", "sometimes"], "--fail-on: expected error, warning or never"),
])
def test_configuration_and_usage_errors_exit_2(repo: Path, setup: object, args: list[str], words: str) -> None:
    setup(repo)  # type: ignore[operator]
    result = runner.invoke(app, ["ci", *args])
    assert result.exit_code == 2, result.output
    assert words in result.output and "Traceback" not in result.output


def test_broken_front_matter_is_an_input_error_and_the_rest_are_judged(repo: Path) -> None:
    (repo / "articles" / "broken.md").write_text("---\nsource: [a, b]\n---\nText of the article here.\n",
                                                 encoding="utf-8")
    result = runner.invoke(app, ["ci", "articles/broken.md", "articles/compliant.md", "--format", "json"])
    assert result.exit_code == 2
    report = json.loads(result.stdout)
    assert [Path(e["source"]).as_posix() for e in report["errors"]] == ["articles/broken.md"]
    assert report["errors"][0]["line"] == 2
    assert [c["verdict"] for c in report["candidates"]] == ["compliant"]
    assert "articles/broken.md:2: source: front matter: expected a string" in result.stderr


def test_the_actions_script_passes_its_inputs_and_reports_the_exit_code(repo: Path, tmp_path: Path) -> None:
    """The composite action's own step, run by bash as GitHub runs it, on the repository above."""
    import os
    import sys

    import yaml

    action = yaml.safe_load((Path(__file__).resolve().parents[1] / "action.yml").read_text(encoding="utf-8"))
    (step,) = [s for s in action["runs"]["steps"] if s.get("id") == "check"]
    outputs = tmp_path / "github-output"
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
           "GITHUB_OUTPUT": str(outputs), "PATHS": "articles/2026 articles/compliant.md", "CHANGED_SINCE": "",
           "FAIL_ON": "", "CONFIG": ".reusecheck.yaml", "SARIF": "action.sarif", "JUNIT": "", "HTML": "action.html"}
    done = subprocess.run(["bash", "-e", "-c", step["run"]], cwd=repo, env=env, capture_output=True, text=True,
                          check=False)
    assert done.returncode == 1, done.stderr
    assert outputs.read_text(encoding="utf-8") == "exit-code=1\n"
    assert done.stdout.startswith("::error file=articles/2026/missing-link.md")
    assert (repo / "action.sarif").is_file() and (repo / "action.html").is_file()
    env.update(PATHS="articles/compliant.md", FAIL_ON="never")
    done = subprocess.run(["bash", "-e", "-c", step["run"]], cwd=repo, env=env, capture_output=True, text=True,
                          check=False)
    assert done.returncode == 0 and outputs.read_text(encoding="utf-8").endswith("exit-code=0\n")


def test_check_with_text_carries_both_sides_of_each_passage() -> None:
    result = runner.invoke(app, ["check", str(EXAMPLES / "candidates/over-cap.md"), "--original",
                                 str(EXAMPLES / "originals/rail-link.html"), "-f", "json", "--with-text"])
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    passages = report["candidates"][0]["originals"][0]["passages"]
    candidate = (EXAMPLES / "candidates/over-cap.md").read_text(encoding="utf-8")
    for passage in passages:
        # The candidate's side is its text as extracted; verbatim passages stand in the file as written.
        assert passage["candidate"]["text"] and passage["original"]["text"]
        if passage["kind"] == "verbatim":
            assert passage["candidate"]["text"].split()[:6] == passage["original"]["text"].split()[:6]
            assert " ".join(passage["candidate"]["text"].split()[:6]) in " ".join(candidate.split())
    plain = json.loads(runner.invoke(app, ["check", str(EXAMPLES / "candidates/over-cap.md"), "--original",
                                           str(EXAMPLES / "originals/rail-link.html"), "-f", "json"]).stdout)
    assert "text" not in plain["candidates"][0]["originals"][0]["passages"][0]["candidate"]


def test_paths_in_reports_are_relative_to_the_repository_root(repo: Path) -> None:
    """A configuration in a subfolder: annotations and SARIF still name files from the repository root."""
    site = repo / "site"
    site.mkdir()
    (site / ".reusecheck.yaml").write_text(CONFIG.replace("archive/", "../archive/").replace(
        "permissions.yaml", "../permissions.yaml"), encoding="utf-8")
    copy(repo, "candidates/missing-link.md", "site/articles/late.md")
    result = runner.invoke(app, ["ci", "--config", "site/.reusecheck.yaml", "--format", "github", "--sarif",
                                 "site.sarif", "site/articles/late.md"])
    assert result.exit_code == 1, result.output
    assert result.stdout.startswith("::error file=site/articles/late.md,")
    sarif = json.loads((repo / "site.sarif").read_text(encoding="utf-8"))
    (only,) = sarif["runs"][0]["results"]
    assert only["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "site/articles/late.md"


def test_ignored_files_and_pages_without_text_are_not_judged(repo: Path) -> None:
    (repo / ".gitignore").write_text("/public/\n", encoding="utf-8")
    copy(repo, "candidates/over-cap.md", "articles/public/built.md")  # not ignored: under articles/, a real one
    copy(repo, "candidates/over-cap.md", "public/articles/built.md")
    (repo / "articles" / "_index.md").write_text("---\ntitle: Section page\n---\n", encoding="utf-8")
    (repo / ".reusecheck.yaml").write_text(CONFIG.replace('include: ["articles/**/*.md", "articles/**/*.html"]',
                                                          'include: ["**/*.md"]'), encoding="utf-8")
    result = runner.invoke(app, ["ci", "--format", "json"])
    sources = {Path(c["source"]).as_posix() for c in json.loads(result.stdout)["candidates"]}
    assert "public/articles/built.md" not in sources and "articles/public/built.md" in sources
    assert "articles/_index.md" not in sources and not json.loads(result.stdout)["errors"]
    text = runner.invoke(app, ["ci"]).output
    assert "1 without article text, not judged" in text


def test_reports_written_by_the_run_are_never_candidates(repo: Path) -> None:
    (repo / ".reusecheck.yaml").write_text(CONFIG.replace('"articles/**/*.html"', '"**/*.html"'), encoding="utf-8")
    for _ in range(2):
        result = runner.invoke(app, ["ci", "--changed-since", "HEAD", "--html", "reusecheck.html", "-q"])
        assert result.exit_code == 1, result.output
    report = runner.invoke(app, ["ci", "--changed-since", "HEAD", "--html", "reusecheck.html", "-f", "json"]).stdout
    assert "reusecheck.html" not in {Path(c["source"]).name for c in json.loads(report)["candidates"]}


def test_fail_on_warning_shows_in_every_format(repo: Path) -> None:
    (repo / ".reusecheck.yaml").write_text(CONFIG + "unresolved_source: warning\nfail_on: warning\n",
                                           encoding="utf-8")
    result = runner.invoke(app, ["ci", "articles/typo-source.md", "--junit", "j.xml", "--summary", "s.md"])
    assert result.exit_code == 1
    assert "VIOLATION: 1 of 1 candidate" in result.output and "fail_on: warning" in result.output
    suite = ET.parse(repo / "j.xml").getroot()
    assert suite.get("failures") == "1"
    assert "violation" in (repo / "s.md").read_text(encoding="utf-8").splitlines()[0]


def test_a_change_to_the_ledger_or_an_original_checks_every_article(repo: Path) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "everything so far")
    (repo / "permissions.yaml").write_text("permissions: []\n", encoding="utf-8")
    result = runner.invoke(app, ["ci", "--changed-since", "HEAD", "-f", "text"])
    assert "Every included file was checked: the permission ledger permissions.yaml changed" in result.output
    assert "Checked 6 candidates" in result.output
    git(repo, "checkout", "-q", "--", "permissions.yaml")
    page = repo / "archive" / "2026" / "rail-link.html"
    page.write_text(page.read_text(encoding="utf-8").replace("</body>", "<p>A correction.</p></body>"),
                    encoding="utf-8")
    result = runner.invoke(app, ["ci", "--changed-since", "HEAD", "-f", "text"])
    assert "the original archive/2026/rail-link.html changed" in result.output


def test_one_file_named_twice_is_checked_once(repo: Path) -> None:
    result = runner.invoke(app, ["ci", "--format", "json", "articles/2026/missing-link.md",
                                 "articles/../articles/2026/missing-link.md", "articles/2026"])
    assert len(json.loads(result.stdout)["candidates"]) == 1


def test_one_report_file_named_for_two_reports_is_refused(repo: Path) -> None:
    result = runner.invoke(app, ["ci", "--sarif", "same.out", "--junit", "same.out"])
    assert result.exit_code == 2 and "named for two reports" in result.output
    assert not (repo / "same.out").exists()


def test_the_step_summary_is_never_appended_to_an_input(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    article = repo / "articles" / "compliant.md"
    before = article.read_bytes()
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(article))
    result = runner.invoke(app, ["ci", "articles/compliant.md", "-f", "text"])
    assert result.exit_code == 2 and "refusing to overwrite it with a report" in result.output
    assert article.read_bytes() == before


def test_two_originals_with_one_url_are_named(repo: Path) -> None:
    copy(repo, "originals/rail-link.html", "archive/old/rail-link-copy.html")
    result = runner.invoke(app, ["ci", "articles/compliant.md", "-f", "json"])
    warnings = json.loads(result.stdout)["warnings"]
    assert any("states the same URL as archive/2026/rail-link.html" in w["message"] for w in warnings)


def test_changed_since_in_a_repository_without_commits(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    git(tmp_path, "init", "-q")
    (tmp_path / ".reusecheck.yaml").write_text("fail_on: error\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["ci", "--changed-since", "HEAD"])
    assert result.exit_code == 2 and "has no commits yet" in result.output


def test_a_draft_that_declares_its_source_reads_only_that_original(repo: Path) -> None:
    from reusecheck.ci import Archive, resolve
    from reusecheck.documents import load_document

    page = (repo / "archive/2026/rail-link.html").read_text(encoding="utf-8")
    for n in range(3):
        (repo / f"archive/other-{n}.html").write_text(page.replace(SOURCE, f"{SOURCE}-other-{n}"), encoding="utf-8")
    archive = Archive([repo / "archive"])
    originals, unresolved, unfetched = resolve(load_document(repo / "articles/compliant.md"), archive)
    assert [Path(o.source).name for o in originals] == ["rail-link.html"] and unresolved == [] and unfetched == []
    assert len(archive.documents()) == 1
    originals, _unresolved, _unfetched = resolve(load_document(repo / "articles/independent.md"), archive)
    assert len(originals) == 4 and len(archive.documents()) == 4


def test_naming_only_files_the_configuration_leaves_out_says_so(repo: Path) -> None:
    (repo / "README.md").write_text("A readme, not an article.\n", encoding="utf-8")
    result = runner.invoke(app, ["ci", "-q", "README.md", "archive/2026/rail-link.html"])
    assert result.exit_code == 0
    assert "none of the files named is an article the configuration includes (README.md, archive" in result.stderr


@pytest.mark.parametrize("option", ["--output", "--summary", "--html", "--junit"])
def test_no_report_is_written_over_an_article(repo: Path, option: str) -> None:
    """Not over a draft being checked, nor over one --changed-since leaves out this time."""
    for target in ("articles/2026/missing-link.md", "articles/old-over-cap.md"):
        before = (repo / target).read_bytes()
        result = runner.invoke(app, ["ci", "--changed-since", "HEAD~1", option, target, "-q"])
        assert result.exit_code == 2, result.output
        assert "refusing to overwrite it with a report" in result.output
        assert (repo / target).read_bytes() == before


def test_a_report_left_among_the_articles_is_replaced_and_never_checked(repo: Path) -> None:
    (repo / ".reusecheck.yaml").write_text(CONFIG, encoding="utf-8")
    for _ in range(2):
        result = runner.invoke(app, ["ci", "articles/compliant.md", "--html", "articles/report.html",
                                     "--summary", "articles/summary.md", "-q"])
        assert result.exit_code == 0, result.output
    report = json.loads(runner.invoke(app, ["ci", "--format", "json"]).stdout)
    names = {Path(c["source"]).name for c in report["candidates"]}
    assert names.isdisjoint({"report.html", "summary.md"}) and "compliant.md" in names


def test_a_file_name_that_is_not_utf8_in_sarif(repo: Path) -> None:
    import os

    name = os.fsdecode(b"articles/caf\xe9.md")
    copy(repo, "candidates/missing-link.md", name)
    result = runner.invoke(app, ["ci", "--sarif", "names.sarif", "-q"])
    assert result.exit_code == 1, result.output
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            for r in json.loads((repo / "names.sarif").read_text(encoding="utf-8"))["runs"][0]["results"]}
    assert "articles/caf%E9.md" in uris


def test_section_pages_in_the_archive_are_not_originals(repo: Path) -> None:
    (repo / "archive" / "_index.md").write_text("---\ntitle: News\n---\n", encoding="utf-8")
    result = runner.invoke(app, ["ci", "--format", "json"])
    report = json.loads(result.stdout)
    assert not report["errors"]
    assert any("not used as an original" in w["message"] for w in report["warnings"])


def test_an_unreadable_original_is_an_error_not_a_missing_source(repo: Path) -> None:
    (repo / "archive" / "broken.md").write_text("---\nurl: https://example.org/broken\n---\n" + "line\n" * 100_005,
                                                encoding="utf-8")
    copy(repo, "candidates/compliant.md", "articles/uses-broken.md", (SOURCE, "https://example.org/broken"))
    result = runner.invoke(app, ["ci", "articles/uses-broken.md", "--format", "json"])
    assert result.exit_code == 2
    report = json.loads(result.stdout)
    assert [Path(e["source"]).name for e in report["errors"]] == ["broken.md"]
    assert report["candidates"][0]["findings"] == []
    # A full run reads every original, so a broken one fails it even when every source resolves elsewhere.
    assert runner.invoke(app, ["ci", "articles/compliant.md", "-q"]).exit_code == 0
    assert runner.invoke(app, ["ci", "-q"]).exit_code == 2


def test_patterns_may_start_with_dot_slash(repo: Path) -> None:
    (repo / ".reusecheck.yaml").write_text(CONFIG.replace('"articles/**/*.md"', '"./articles/**/*.md"'),
                                           encoding="utf-8")
    report = json.loads(runner.invoke(app, ["ci", "--format", "json"]).stdout)
    assert "articles/compliant.md" in {Path(c["source"]).as_posix() for c in report["candidates"]}
