"""The repository configuration: discovery, validation with file:line:key, paths relative to the file."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from reusecheck.cli import app
from reusecheck.config import DEFAULT_INCLUDE, ConfigError, find_config, load_config

runner = CliRunner()


def _tree(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def test_yaml_values_are_read_and_paths_are_relative_to_the_file(tmp_path: Path) -> None:
    _tree(tmp_path, {
        ".reusecheck.yaml": "rules: [qazmonitor, rules/partner.yaml]\noriginals: archive/\n"
                            "permissions: ledger.yaml\ninclude: ['articles/**/*.md']\nexclude: ['articles/drafts/**']\n"
                            "fail_on: warning\nunresolved_source: ignore\n",
        "archive/a.md": "x", "ledger.yaml": "permissions: []\n", "rules/partner.yaml": "",
    })
    cfg = load_config(tmp_path / ".reusecheck.yaml")
    assert cfg.root == tmp_path.resolve()
    assert cfg.rules == ("qazmonitor", str(tmp_path.resolve() / "rules/partner.yaml"))
    assert cfg.originals == (tmp_path.resolve() / "archive",)
    assert cfg.permissions == tmp_path.resolve() / "ledger.yaml"
    assert cfg.include == ("articles/**/*.md",) and cfg.exclude == ("articles/drafts/**",)
    assert cfg.fail_on == "warning" and cfg.unresolved_source == "ignore"
    assert cfg.origin("fail_on").endswith(".reusecheck.yaml:6")
    assert cfg.origin("rules").endswith(".reusecheck.yaml:1")


def test_defaults_when_the_file_sets_nothing(tmp_path: Path) -> None:
    (tmp_path / ".reusecheck.yaml").write_text("# nothing set yet\n", encoding="utf-8")
    cfg = load_config(tmp_path / ".reusecheck.yaml")
    assert cfg.include == DEFAULT_INCLUDE and cfg.fail_on == "error" and cfg.unresolved_source == "error"
    assert cfg.origin("include") == "default"


def test_pyproject_table_with_key_lines(tmp_path: Path) -> None:
    _tree(tmp_path, {"pyproject.toml": '[project]\nname = "site"\n\n[tool.reusecheck]\noriginals = ["archive"]\n'
                                       'fail_on = "sometimes"\n', "archive/x.md": "x"})
    with pytest.raises(ConfigError) as caught:
        load_config(tmp_path / "pyproject.toml")
    assert caught.value.line == 6 and caught.value.key == "fail_on"
    assert "expected one of error, warning, never" in caught.value.message


def test_discovery_goes_upward_and_skips_a_pyproject_without_the_table(tmp_path: Path) -> None:
    _tree(tmp_path, {".reusecheck.yaml": "fail_on: never\n", "site/pyproject.toml": '[project]\nname = "x"\n',
                     "site/articles/2026/.keep": ""})
    assert find_config(tmp_path / "site" / "articles" / "2026") == (tmp_path / ".reusecheck.yaml").resolve()
    _tree(tmp_path, {"site/pyproject.toml": '[tool.reusecheck]\nfail_on = "never"\n'})
    assert find_config(tmp_path / "site" / "articles") == (tmp_path / "site" / "pyproject.toml").resolve()


@pytest.mark.parametrize(("text", "line", "key", "words"), [
    ("fail_on: error\noriginal: [archive]\n", 2, "original", "did you mean 'originals'"),
    ("originals: [missing/]\n", 1, "originals", "does not exist"),
    ("include: 5\n", 1, "include", "a string or a list of strings"),
    ("unresolved_source: fatal\n", 1, "unresolved_source", "expected one of error, warning, ignore"),
    ("permissions: nowhere.yaml\n", 1, "permissions", "does not exist"),
    ("- just\n- a list\n", 1, None, "mapping"),
    ("fail_on: [error\n", 2, None, "not valid YAML"),
])
def test_bad_configuration_names_file_line_and_key(tmp_path: Path, text: str, line: int, key: str | None,
                                                   words: str) -> None:
    (tmp_path / ".reusecheck.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(tmp_path / ".reusecheck.yaml")
    assert caught.value.line == line and caught.value.key == key and words in caught.value.message


def test_config_show_prints_values_and_where_they_came_from(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _tree(tmp_path, {".reusecheck.yaml": "originals: [archive]\nfail_on: warning\n", "archive/a.md": "x",
                     "articles/deep/.keep": ""})
    monkeypatch.chdir(tmp_path / "articles" / "deep")
    result = runner.invoke(app, ["config", "show"])
    assert result.exit_code == 0, result.output
    lines = {line.split(":", 1)[0]: line for line in result.output.splitlines()}
    assert "(default)" in lines["unresolved_source"] and "error" in lines["unresolved_source"]
    assert "warning" in lines["fail_on"] and ".reusecheck.yaml:2" in lines["fail_on"]
    assert "archive/" in lines["originals"] and ".reusecheck.yaml:1" in lines["originals"]


def test_config_show_errors_exit_2_with_file_line_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / ".reusecheck.yaml").write_text("fail_on: error\nexclude: {a: 1}\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["config", "show"])
    assert result.exit_code == 2
    assert ".reusecheck.yaml:2: exclude: expected glob patterns" in result.output
    assert "Traceback" not in result.output


def test_no_configuration_found_is_a_usage_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["ci"])
    assert result.exit_code == 2 and "no configuration found" in result.output


@pytest.mark.parametrize(("text", "words"), [
    ("exclude: '!'\n", "'!' is not a valid pattern"),
    ("include: []\n", "the list is empty"),
    ("fail_on: yes\n", "got the boolean true"),
    ("include: ['articles/[z-a].md']\n", "is not a valid pattern"),
])
def test_patterns_and_values_are_checked_when_read(tmp_path: Path, text: str, words: str) -> None:
    (tmp_path / ".reusecheck.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(tmp_path / ".reusecheck.yaml")
    assert words in caught.value.message and caught.value.line == 1


def test_an_empty_file_means_every_default(tmp_path: Path) -> None:
    (tmp_path / ".reusecheck.yaml").write_bytes(b"")
    assert load_config(tmp_path / ".reusecheck.yaml").include == DEFAULT_INCLUDE


def test_toml_errors_and_sub_tables_name_their_line(tmp_path: Path) -> None:
    (tmp_path / "reuse.toml").write_text('[tool.reusecheck]\nfail_on = "error"\n[tool.reusecheck.extra]\nx = 1\n',
                                         encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(tmp_path / "reuse.toml")
    assert (caught.value.line, caught.value.key) == (3, "extra")
    (tmp_path / "reuse.toml").write_text('[tool.reusecheck]\nfail_on = \n', encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(tmp_path / "reuse.toml")
    assert caught.value.line == 2 and "not valid TOML" in caught.value.message


def test_config_show_checks_the_rule_packs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / ".reusecheck.yaml").write_text("rules: [nosuchpack]\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["config", "show"])
    assert result.exit_code == 2 and ".reusecheck.yaml:1: rules: no rule pack with id 'nosuchpack'" in result.output


def test_a_toml_file_without_the_table_and_paths_shown_short(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "a.toml").write_text('tool = "x"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["config", "show", "--config", "a.toml"])
    assert result.exit_code == 2
    assert result.output.startswith("reusecheck: error: a.toml: expected a [tool.reusecheck] table")


def test_fetch_sources_is_off_unless_set_to_a_boolean(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / ".reusecheck.yaml").write_text("fail_on: error\n", encoding="utf-8")
    assert load_config(tmp_path / ".reusecheck.yaml").fetch_sources is False
    (tmp_path / ".reusecheck.yaml").write_text("fail_on: error\nfetch_sources: true\n", encoding="utf-8")
    cfg = load_config(tmp_path / ".reusecheck.yaml")
    assert cfg.fetch_sources is True and cfg.origin("fetch_sources").endswith(".reusecheck.yaml:2")
    (tmp_path / "pyproject.toml").write_text("[tool.reusecheck]\nfetch_sources = true\n", encoding="utf-8")
    assert load_config(tmp_path / "pyproject.toml").fetch_sources is True
    for wrong in ("'true'", "1", "always"):
        (tmp_path / ".reusecheck.yaml").write_text(f"fetch_sources: {wrong}\n", encoding="utf-8")
        with pytest.raises(ConfigError) as caught:
            load_config(tmp_path / ".reusecheck.yaml")
        assert (caught.value.line, caught.value.key) == (1, "fetch_sources")
        assert "expected true or false" in caught.value.message
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".reusecheck.yaml").write_text("fail_on: error\n", encoding="utf-8")
    result = runner.invoke(app, ["config", "show"])
    assert result.exit_code == 0, result.output
    lines = {line.split(":", 1)[0]: line for line in result.output.splitlines()}
    assert "false" in lines["fetch_sources"] and "(default)" in lines["fetch_sources"]
