"""The rule pack schema as the single source of the rules reference, and validation that reports every fault.

The README's table of pack keys is written from the schema by reusecheck.ruleset_doc; the schema's
defaults must agree with the check modules' DEFAULTS and with UseOptions.
"""

from __future__ import annotations

import dataclasses
import math
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from test_ruleset import GOOD
from typer.testing import CliRunner

from reusecheck import ruleset_doc
from reusecheck.checks import REGISTRY
from reusecheck.cli import app
from reusecheck.errors import RuleFileError
from reusecheck.matching import UseOptions
from reusecheck.ruleset import load_pack, pack_errors, packaged_packs

README = Path(__file__).parents[1] / "README.md"
SCHEMA = ruleset_doc.schema()


def readme_section() -> str:
    text = README.read_text(encoding="utf-8")
    start, end = text.index(ruleset_doc.BEGIN), text.index(ruleset_doc.END)
    return text[start:end + len(ruleset_doc.END)] + "\n"


def properties(block: dict[str, Any]) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = block["properties"]
    return found


# --- the README section equals the schema ------------------------------------------------------------


def test_readme_section_is_written_from_the_schema() -> None:
    assert readme_section() == ruleset_doc.reference(), (
        "the README's rule pack keys are stale: run `python -m reusecheck.ruleset_doc --write README.md`")


def every_key(block: dict[str, Any], prefix: str = "") -> list[tuple[str, dict[str, Any], bool]]:
    """(table name, resolved spec, required) for every key the top-level table lists."""
    rows = []
    for name, raw in block.get("properties", {}).items():
        spec = ruleset_doc._resolved(SCHEMA, raw)
        rows.append((f"{prefix}{name}", spec, name in block.get("required", ())))
        if "$ref" in raw and spec.get("type") == "object":
            continue
        if spec.get("type") == "object":
            rows += every_key(spec, f"{prefix}{name}.")
        elif spec.get("type") == "array" and "$ref" in spec["items"]:
            rows += every_key(ruleset_doc._resolved(SCHEMA, spec["items"]), f"{prefix}{name}[].")
    return rows


def row_of(section: str, key: str) -> list[str]:
    row = next((line for line in section.splitlines() if line.startswith(f"| `{key}` |")), None)
    assert row is not None, f"no row for `{key}` in the README's rules reference"
    return [cell.strip() for cell in re.split(r"(?<!\\)\|", row)[1:-1]]


def test_every_top_level_and_nested_key_has_a_row_with_required_type_and_default() -> None:
    section = readme_section()
    names = [name for name, _spec, _req in every_key(SCHEMA)]
    assert {"id", "name", "publisher", "terms.url", "terms.clause", "applies_to.domains",
            "applies_to.url_patterns", "rules[].id", "rules[].kind", "rules[].severity", "rules[].clause",
            "rules[].options", "use"} <= set(names)
    for name, spec, required in every_key(SCHEMA):
        _key, needed, kind, default, meaning = row_of(section, name)
        assert needed == ("yes" if required else needed if name == "rules[].options" else "no")
        assert kind, name
        assert meaning == " ".join(spec["description"].split()).replace("|", "\\|")
        if required:
            assert default == "—"
        elif "default" in spec:
            assert default.strip("`") in (str(spec["default"]).lower(), str(spec["default"]).replace("'", '"'))


def test_every_option_and_use_key_has_a_row_in_its_section() -> None:
    section = readme_section()
    for block_name in [*REGISTRY, "use"]:
        heading = f"### `{block_name}`"
        part = section[section.index(heading):]
        part = part[:part.find("\n### ", 1)] if "\n### " in part[1:] else part
        block = SCHEMA["$defs"][block_name]
        for name in properties(block):
            _key, needed, _kind, default, _meaning = row_of(part, name)
            assert needed == ("yes" if name in block.get("required", ()) else "no")


def test_required_options_are_said_per_kind() -> None:
    _key, needed, *_rest = row_of(readme_section(), "rules[].options")
    assert needed == "for `max-share`, `permission-required`"


def test_every_key_has_a_description() -> None:
    for name, spec, _required in every_key(SCHEMA):
        assert spec.get("description"), name
    for block_name in [*REGISTRY, "use"]:
        block = SCHEMA["$defs"][block_name]
        assert block.get("description"), block_name
        for name, raw in properties(block).items():
            assert ruleset_doc._resolved(SCHEMA, raw).get("description"), f"{block_name}.{name}"


# --- the schema's defaults agree with the code ---------------------------------------------------------


def test_schema_kinds_are_the_registry() -> None:
    rule = SCHEMA["$defs"]["rule"]
    assert sorted(rule["properties"]["kind"]["enum"]) == sorted(REGISTRY)
    assert sorted(branch["if"]["properties"]["kind"]["const"] for branch in rule["allOf"]) == sorted(REGISTRY)


@pytest.mark.parametrize("kind", sorted(REGISTRY))
def test_option_defaults_agree_with_the_check_module(kind: str) -> None:
    block = SCHEMA["$defs"][kind]
    required = set(block.get("required", ()))
    defaults = REGISTRY[kind].DEFAULTS
    options = {name: ruleset_doc._resolved(SCHEMA, raw) for name, raw in properties(block).items()}
    # Every option the check reads has a default in the module or must be given.
    assert set(options) == set(defaults) | required
    assert not required & set(defaults)
    for name, value in defaults.items():
        if value is None:  # "none": the option is off unless given
            assert "default" not in options[name], name
        else:
            assert options[name]["default"] == value and type(options[name]["default"]) in (type(value), int), name


def test_use_defaults_agree_with_use_options() -> None:
    block = SCHEMA["$defs"]["use"]
    fields = {f.name: f.default for f in dataclasses.fields(UseOptions)}
    assert set(properties(block)) == set(fields)
    for name, raw in properties(block).items():
        assert raw["default"] == fields[name], name


def test_rule_and_pack_defaults_agree_with_load_pack(tmp_path: Path) -> None:
    path = tmp_path / "minimal.yaml"
    path.write_text(MINIMAL, encoding="utf-8")
    pack = load_pack(path)
    rule = properties(SCHEMA["$defs"]["rule"])
    assert pack.rules[0].severity == rule["severity"]["default"]
    assert pack.publisher == pack.name  # the documented default
    assert pack.use == UseOptions(**properties(SCHEMA)["use"]["default"])
    assert pack.url_patterns == tuple(properties(properties(SCHEMA)["applies_to"])["url_patterns"]["default"])


def test_the_readme_example_pack_validates(tmp_path: Path) -> None:
    text = README.read_text(encoding="utf-8")
    section = text[text.index("## Rules reference"):]
    example = section[section.index("```yaml\n") + 8:section.index("```\n", section.index("```yaml\n") + 8)]
    path = tmp_path / "example.yaml"
    path.write_text(example, encoding="utf-8")
    assert pack_errors(path) == []


def test_applies_to_combines_domains_and_url_patterns_with_or(tmp_path: Path) -> None:
    """What the `applies_to` description says: either key is enough."""
    path = tmp_path / "both.yaml"
    path.write_text(MINIMAL.replace("  domains: [news.example]",
                                    "  domains: [news.example]\n  url_patterns: ['wire.example/news/*']"),
                    encoding="utf-8")
    pack = load_pack(path)
    assert pack.applies_to("https://news.example/a")
    assert pack.applies_to("https://sport.news.example/a")  # a subdomain
    assert pack.applies_to("https://www.wire.example/news/a/b?utm_source=x")  # `*` crosses `/`
    assert not pack.applies_to("https://wire.example/sport/a")
    assert not pack.applies_to("https://wire.example/NEWS/a")  # case-sensitive on the path
    assert not pack.applies_to("https://othernews.example/a")


def test_the_doc_module_prints_and_writes_the_section(tmp_path: Path) -> None:
    printed = subprocess.run([sys.executable, "-m", "reusecheck.ruleset_doc"], capture_output=True, text=True,
                             check=True).stdout
    assert printed == ruleset_doc.reference()
    stale = tmp_path / "README.md"
    stale.write_text(f"# Title\n\nbefore\n\n{ruleset_doc.BEGIN}\nold table\n{ruleset_doc.END}\n\nafter\n",
                     encoding="utf-8")
    assert ruleset_doc.main(["--write", str(stale)]) == 0
    assert stale.read_text(encoding="utf-8") == f"# Title\n\nbefore\n\n{ruleset_doc.reference()}\nafter\n"
    with pytest.raises(ValueError, match="markers"):
        ruleset_doc.replace_section("no markers here")
    assert ruleset_doc.main(["--bogus"]) == 2


# --- pack_errors: every fault of a pack, by line -------------------------------------------------------

MINIMAL = GOOD


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "pack.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_valid_pack_has_no_errors(tmp_path: Path) -> None:
    assert pack_errors(write(tmp_path, MINIMAL)) == []
    for path in packaged_packs().values():
        assert pack_errors(path) == []


def test_every_fault_is_listed_by_line_with_its_key(tmp_path: Path) -> None:
    text = (MINIMAL.replace("id: test-pack", "id: Test Pack\nlicence: cc-by")
            .replace("0.33", "1.5")
            .replace("  - id: link", "  - id: cap")
            .replace("    clause: with a link", "    clause: with a link\n    options: {nofollow: true, within: 2}"))
    errors = pack_errors(write(tmp_path, text))
    assert [(e.line, e.key) for e in errors] == [
        (1, "id"),
        (2, "licence"),
        (14, "rules[0].options.max_share_of_original"),
        (15, "rules[1].id"),
        (18, "rules[1].options.nofollow"),
        (18, "rules[1].options.within"),
    ]
    assert all(isinstance(e, RuleFileError) and e.path == str(tmp_path / "pack.yaml") for e in errors)
    assert "duplicate rule id 'cap'" in errors[3].message
    assert "1.5 is greater than the maximum of 1" in errors[2].message


def test_load_pack_raises_the_first_of_them(tmp_path: Path) -> None:
    path = write(tmp_path, MINIMAL.replace("0.33", "1.5").replace("  - id: link", "  - id: cap"))
    errors = pack_errors(path)
    assert len(errors) == 2
    with pytest.raises(RuleFileError) as caught:
        load_pack(path)
    assert str(caught.value) == str(errors[0])


def test_invalid_yaml_is_one_error(tmp_path: Path) -> None:
    errors = pack_errors(write(tmp_path, MINIMAL.replace("0.33", "[0.33")))
    assert len(errors) == 1 and "not valid YAML" in errors[0].message


def test_a_missing_file_is_one_error(tmp_path: Path) -> None:
    errors = pack_errors(tmp_path / "absent.yaml")
    assert len(errors) == 1 and errors[0].path == str(tmp_path / "absent.yaml")


@pytest.mark.parametrize("written", [".nan", ".NaN", ".inf", "-.inf", "+.inf", "1.0e+999"])
@pytest.mark.parametrize(("old", "new", "line", "key"), [
    ("max_share_of_original: 0.33", "max_share_of_original: {}", 13, "rules[0].options.max_share_of_original"),
    ("    clause: with a link", "    clause: with a link\n    options:\n      min_share_of_original: {}", 18,
     "rules[1].options.min_share_of_original"),
    ("    clause: with a link", "    clause: with a link\n    options:\n      within_paragraphs: {}", 18,
     "rules[1].options.within_paragraphs"),
    ("rules:", "use:\n  sentence_share: {}\nrules:", 9, "use.sentence_share"),
    ("rules:", "use:\n  min_passage: {}\nrules:", 9, "use.min_passage"),
], ids=["cap", "hyperlink-share", "paragraphs", "use-share", "use-count"])
def test_a_number_that_is_not_finite_is_refused(tmp_path: Path, written: str, old: str, new: str, line: int,
                                                key: str) -> None:
    path = write(tmp_path, MINIMAL.replace(old, new.format(written)))
    errors = pack_errors(path)
    assert [(e.line, e.key) for e in errors] == [(line, key)]  # once, not also as out of range
    value = float(yaml.safe_load(written))
    shown = ".nan" if math.isnan(value) else ".inf" if value > 0 else "-.inf"
    assert errors[0].message == f"expected a finite number, got {shown}"
    with pytest.raises(RuleFileError, match="finite"):
        load_pack(path)


def test_a_nan_cap_never_reaches_check(tmp_path: Path) -> None:
    pack = write(tmp_path, MINIMAL.replace("0.33", ".nan"))
    story = tmp_path / "story.txt"
    story.write_text("The harbour reopened on Monday after the storm damaged two of its piers last week.\n",
                     encoding="utf-8")
    result = CliRunner().invoke(app, ["check", str(story), "--original", str(story), "--rules", str(pack)])
    assert result.exit_code == 2
    assert f"{pack}:13: rules[0].options.max_share_of_original: expected a finite number" in result.stderr


def test_rules_validate_fails_on_nan(tmp_path: Path) -> None:
    pack = write(tmp_path, MINIMAL.replace("0.33", ".nan"))
    result = CliRunner().invoke(app, ["rules", "validate", str(pack)])
    assert result.exit_code == 2
    assert "expected a finite number, got .nan" in result.stderr
