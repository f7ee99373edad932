"""Rule packs: the shipped packs, picking a pack by URL, and errors that point at the file, line and key."""

from __future__ import annotations

import json
import re
from importlib import resources
from pathlib import Path

import pytest
import yaml
from jsonschema import Draft202012Validator

from reusecheck.checks import REGISTRY
from reusecheck.errors import RuleFileError
from reusecheck.ruleset import RulePack, find_pack, load_pack, pack_for_url, packaged_packs


def rulepack_schema() -> dict[str, object]:
    text = resources.files("reusecheck").joinpath("schemas/rulepack.schema.json").read_text(encoding="utf-8")
    schema: dict[str, object] = json.loads(text)
    return schema


def folded(text: str) -> str:
    return " ".join(text.split())


# --- the shipped packs --------------------------------------------------------------------------------


def test_packaged_packs_lists_the_shipped_packs() -> None:
    packs = packaged_packs()
    assert {"qazmonitor", "steppe-courier"} <= set(packs)
    for pack_id, path in packs.items():
        assert path.suffix in (".yaml", ".yml")
        assert path.stem == pack_id
        assert path.is_file()


@pytest.mark.parametrize("pack_id", sorted(packaged_packs()))
def test_every_shipped_pack_loads_and_validates(pack_id: str) -> None:
    path = packaged_packs()[pack_id]
    Draft202012Validator.check_schema(rulepack_schema())
    Draft202012Validator(rulepack_schema()).validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    pack = find_pack(pack_id)
    assert pack.id == pack_id
    assert pack.source == str(path)
    assert pack.rules
    assert pack.terms_url.startswith(("https://", "http://"))
    assert pack.domains or pack.url_patterns
    assert all(rule.kind in REGISTRY for rule in pack.rules)
    assert len({rule.id for rule in pack.rules}) == len(pack.rules)


@pytest.mark.parametrize("pack_id", sorted(packaged_packs()))
def test_every_shipped_pack_rule_quotes_its_terms(pack_id: str) -> None:
    pack = find_pack(pack_id)
    for rule in pack.rules:
        assert folded(rule.clause) in folded(pack.clause), rule.id


@pytest.mark.parametrize("pack_id", sorted(packaged_packs()))
def test_find_pack_by_path_equals_find_pack_by_id(pack_id: str) -> None:
    by_id = find_pack(pack_id)
    by_path = find_pack(str(packaged_packs()[pack_id]))
    assert by_path == by_id


def test_find_pack_by_path_to_a_copy(tmp_path: Path) -> None:
    copy = tmp_path / "monitor-copy.yaml"
    copy.write_text(packaged_packs()["qazmonitor"].read_text(encoding="utf-8"), encoding="utf-8")
    pack = find_pack(str(copy))
    assert pack.id == "qazmonitor"
    assert pack.source == str(copy)
    assert pack.rules == find_pack("qazmonitor").rules


def test_find_pack_unknown_id_names_the_shipped_packs() -> None:
    with pytest.raises(RuleFileError) as caught:
        find_pack("no-such-publisher")
    assert "no-such-publisher" in str(caught.value)
    assert "qazmonitor" in str(caught.value)


def test_find_pack_missing_file_is_a_rule_file_error(tmp_path: Path) -> None:
    missing = tmp_path / "absent.yaml"
    with pytest.raises(RuleFileError) as caught:
        find_pack(str(missing))
    assert str(missing) in str(caught.value)


def test_qazmonitor_encodes_its_terms() -> None:
    pack = find_pack("qazmonitor")
    assert pack.name == pack.publisher == "The Qazaqstan Monitor"
    assert pack.domains == ("qazmonitor.com",)
    assert "30%" in pack.clause and "hyperlink" in pack.clause and "written permission" in pack.clause
    by_kind = {rule.kind: rule for rule in pack.rules}
    assert set(by_kind) == {"max-share", "hyperlink", "permission-required"}
    assert all(rule.severity == "error" for rule in pack.rules)

    cap = by_kind["max-share"]
    assert cap.options["max_share_of_original"] == pytest.approx(0.30)
    assert cap.options["max_share_of_candidate"] is None
    assert cap.options["waived_by_permission"] is True
    assert "30%" in cap.clause

    link = by_kind["hyperlink"]
    # A mandatory hyperlink to the original article: not just the domain, not a bare URL, for any reuse.
    assert link.options["domain_only"] is False
    assert link.options["accept_bare_url"] is False
    assert link.options["min_share_of_original"] == 0
    assert link.options["waived_by_permission"] is False
    assert "hyperlink" in link.clause

    full = by_kind["permission-required"]
    assert 0.3 < full.options["above_share_of_original"] <= 1.0
    assert "full article" in full.clause and "written permission" in full.clause


def test_steppe_courier_wants_a_followed_link_near_the_top() -> None:
    pack = find_pack("steppe-courier")
    link = next(rule for rule in pack.rules if rule.kind == "hyperlink")
    assert link.options["forbid_nofollow"] is True
    assert link.options["within_paragraphs"] == 3
    # Options the pack does not set come from the kind's defaults.
    assert link.options["domain_only"] is False
    assert all(rule.severity == "error" for rule in pack.rules)


# --- picking a pack by URL ----------------------------------------------------------------------------


@pytest.mark.parametrize(("url", "expected"), [
    ("https://www.qazmonitor.com/news/x", "qazmonitor"),
    ("https://qazmonitor.com/news/2024/05/tram-line?utm_source=telegram", "qazmonitor"),
    ("http://QAZMONITOR.COM/kz/news/x/", "qazmonitor"),
    ("https://amp.qazmonitor.com/news/x", "qazmonitor"),
    ("https://kaz.qazmonitor.com/news/x", "qazmonitor"),
    ("https://www.steppecourier.example/news/2026/11/rail-link-opens", "steppe-courier"),
    ("https://example.org/news/x", None),
    ("https://notqazmonitor.com/news/x", None),
    ("https://qazmonitor.com.example.net/news/x", None),
    ("https://example.org/?from=qazmonitor.com", None),
    (None, None),
    ("", None),
])
def test_pack_for_url(url: str | None, expected: str | None) -> None:
    pack = pack_for_url(url)
    assert (pack.id if pack else None) == expected


def test_pack_for_url_among_given_packs() -> None:
    steppe = find_pack("steppe-courier")
    assert pack_for_url("https://www.qazmonitor.com/news/x", [steppe]) is None
    assert pack_for_url("https://steppecourier.example/a", [steppe]) is steppe


def pattern_pack(tmp_path: Path) -> RulePack:
    path = tmp_path / "wire.yaml"
    path.write_text("""\
id: prairie-wire
name: Prairie Wire
terms:
  url: https://prairiewire.example/terms
  clause: Items from the news section may be quoted with a link.
applies_to:
  url_patterns: ["prairiewire.example/news/*", "partners.example/prairie/*"]
rules:
  - id: link
    kind: hyperlink
    clause: with a link
""", encoding="utf-8")
    return load_pack(path)


@pytest.mark.parametrize(("url", "applies"), [
    ("https://prairiewire.example/news/2025/grain-prices", True),
    ("https://www.prairiewire.example/news/2025/grain-prices/?utm_medium=social#top", True),
    ("http://PRAIRIEWIRE.example/news/x", True),
    ("https://partners.example/prairie/story-1", True),
    ("https://prairiewire.example/sport/2025/derby", False),
    ("https://prairiewire.example/news", False),
    ("https://partners.example/other/story-1", False),
    ("https://example.org/prairiewire.example/news/x", False),
    (None, False),
])
def test_applies_to_with_url_patterns(tmp_path: Path, url: str | None, applies: bool) -> None:
    pack = pattern_pack(tmp_path)
    assert pack.domains == ()
    assert pack.publisher == "Prairie Wire"  # defaults to the name
    assert pack.applies_to(url) is applies


def test_applies_to_with_domains() -> None:
    pack = find_pack("qazmonitor")
    assert pack.applies_to("https://qazmonitor.com/")
    assert pack.applies_to("https://m.qazmonitor.com/news/x")
    assert not pack.applies_to("https://qazmonitor.org/news/x")
    assert not pack.applies_to(None)


# --- malformed rule files -----------------------------------------------------------------------------

GOOD = """\
id: test-pack
name: Test Publisher
terms:
  url: https://news.example/terms
  clause: Up to a third of an article may be reused with a link.
applies_to:
  domains: [news.example]
rules:
  - id: cap
    kind: max-share
    clause: Up to a third of an article may be reused
    options:
      max_share_of_original: 0.33
  - id: link
    kind: hyperlink
    clause: with a link
"""


def test_the_good_pack_loads(tmp_path: Path) -> None:
    path = tmp_path / "good.yaml"
    path.write_text(GOOD, encoding="utf-8")
    pack = load_pack(path)
    assert [rule.id for rule in pack.rules] == ["cap", "link"]
    assert pack.rules[0].options["max_share_of_original"] == 0.33
    assert pack.rules[0].options["waived_by_permission"] is True  # the kind's default
    assert pack.rules[1].severity == "error"
    assert pack.clause == "Up to a third of an article may be reused with a link."


def edit(old: str, new: str) -> str:
    assert GOOD.count(old) == 1
    return GOOD.replace(old, new)


# (name, file text, line, key, words the message must hold)
MALFORMED = [
    ("yaml-syntax", edit("    clause: with a link", "    clause: with a link: here"), 16, None, ["not valid YAML"]),
    ("unknown-top-level-key", edit("applies_to:", "licence: cc-by\napplies_to:"), 6, "licence",
     ["unknown key 'licence'"]),
    ("unknown-rule-key", edit("    kind: hyperlink", "    kind: hyperlink\n    weight: 3"), 16, "rules[1].weight",
     ["unknown key 'weight'"]),
    ("unknown-option", edit("      max_share_of_original: 0.33", "      max_share_of_original: 0.33\n"
                                                                "      max_words: 100"),
     14, "rules[0].options.max_words", ["unknown key 'max_words'"]),
    ("unknown-hyperlink-option", edit("    clause: with a link", "    clause: with a link\n    options:\n"
                                                                  "      nofollow: true"),
     18, "rules[1].options.nofollow", ["unknown key 'nofollow'"]),
    ("wrong-type", edit("0.33", '"thirty"'), 13, "rules[0].options.max_share_of_original", ["thirty", "number"]),
    ("out-of-range", edit("0.33", "1.5"), 13, "rules[0].options.max_share_of_original", ["1.5", "maximum"]),
    ("negative", edit("0.33", "-0.1"), 13, "rules[0].options.max_share_of_original", ["-0.1", "minimum"]),
    ("unknown-kind", edit("kind: hyperlink", "kind: backlink"), 15, "rules[1].kind",
     ["backlink", "max-share", "hyperlink", "permission-required"]),
    ("missing-rule-key", edit("    clause: with a link\n", ""), 14, "rules[1]", ["'clause'", "required"]),
    ("missing-options", edit("    options:\n      max_share_of_original: 0.33\n", ""), 9, "rules[0]",
     ["'options'", "required"]),
    ("missing-top-level-key", edit("name: Test Publisher\n", ""), 1, "(top level)", ["'name'", "required"]),
    ("duplicate-rule-id", edit("  - id: link", "  - id: cap"), 14, "rules[1].id", ["duplicate rule id 'cap'"]),
    ("duplicate-yaml-key", edit("    kind: hyperlink", "    kind: hyperlink\n    kind: max-share"), 16,
     "rules[1].kind", ["duplicate key 'kind'"]),
    ("top-level-list", "- id: cap\n  kind: max-share\n", 1, "(top level)", ["list"]),
    ("bad-severity", edit("    kind: hyperlink", "    kind: hyperlink\n    severity: fatal"), 16,
     "rules[1].severity", ["fatal"]),
    ("bad-id", edit("id: test-pack", "id: Test Pack"), 1, "id", ["Test Pack"]),
    ("no-rules", GOOD.split("rules:")[0] + "rules: []\n", 8, "rules", []),
]


@pytest.mark.parametrize(("name", "text", "line", "key", "needles"), MALFORMED, ids=[m[0] for m in MALFORMED])
def test_malformed_rule_file_names_file_line_and_key(tmp_path: Path, name: str, text: str, line: int,
                                                     key: str | None, needles: list[str]) -> None:
    path = tmp_path / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RuleFileError) as caught:
        load_pack(path)
    error = caught.value
    message = str(error)
    assert error.path == str(path)
    assert error.line == line
    assert message.startswith(f"{path}:{line}: ")
    if key is not None:
        assert error.key == key
        assert f": {key}: " in message
    for needle in needles:
        assert needle in message


@pytest.mark.parametrize("text", ["", "\n\n", "# only a comment\n"], ids=["empty", "blank-lines", "comment"])
def test_empty_rule_file(tmp_path: Path, text: str) -> None:
    path = tmp_path / "empty.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RuleFileError) as caught:
        load_pack(path)
    assert str(path) in str(caught.value)
    assert "empty" in str(caught.value)


def test_find_pack_reports_errors_of_a_pack_given_by_path(tmp_path: Path) -> None:
    path = tmp_path / "range.yaml"
    path.write_text(edit("0.33", "1.5"), encoding="utf-8")
    with pytest.raises(RuleFileError, match=re.escape(f"{path}:13: rules[0].options.max_share_of_original")):
        find_pack(str(path))


def test_every_shipped_pack_validates_against_the_schema() -> None:
    """Shipped packs skip validation at run time; this is where they get it."""
    for path in packaged_packs().values():
        assert load_pack(path, validate=True).rules
