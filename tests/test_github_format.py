"""GitHub workflow commands: escaped as the runner decodes them, most important first, ten of each level."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from reusecheck import api
from reusecheck.formats import github
from reusecheck.formats.located import located, relative
from reusecheck.report import Report

TODAY = dt.date(2026, 11, 28)
URL = "https://news.orchard.example/2026/apricot-harvest"
STORY = [
    "Apricot growers in the foothills expect a record harvest this year after a mild winter spared the "
    "blossom from the late frosts that ruined the crop two years ago.",
    "The growers' cooperative has hired extra pickers from neighbouring villages and rented two refrigerated "
    "lorries to carry the fruit to markets in the capital before it spoils.",
    "Prices at the wholesale market have already fallen by a fifth, and some farmers plan to dry part of "
    "their crop on the roofs of their houses rather than sell it fresh at a loss.",
]
OWN = ["Summer has come early to the orchards.", "We will visit the drying roofs next week.",
       "Send us your photographs of the harvest."]
PACK = """id: orchard-news
name: Orchard News
terms:
  url: https://news.orchard.example/terms
  clause: "Up to 40% of a story may be reused, with a link: 100% needs consent."
applies_to:
  domains: [orchard.example]
rules:
  - id: cap
    kind: max-share
    clause: "Up to 40% of a story may be reused,\\n with 50% off: none"
    options:
      max_share_of_original: 0.4
  - id: link
    kind: hyperlink
    severity: warning
    clause: with a link
"""
COMMAND = re.compile(r"^::(?P<command>[a-z]+)(?: (?P<props>[^:]*))?::(?P<data>.*)$")


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def check(root: Path, candidates: list[Path]) -> Report:
    body = "".join(f"<p>{p}</p>" for p in STORY)
    original = write(root, "originals/apricots.html",
                     f'<html><head><link rel="canonical" href="{URL}"></head><body><article><h1>Apricots</h1>'
                     f"{body}</article></body></html>")
    return api.check(candidates, [original], rules=write(root, "rules/orchard.yaml", PACK), today=TODAY)


def unescape(text: str) -> str:
    """What the runner does to a value: the escapes it knows, `%25` last so that `%253A` stays `%3A`."""
    for code, char in (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%")):
        text = text.replace(code, char)
    return text


def parse(line: str) -> tuple[str, dict[str, str], str]:
    match = COMMAND.match(line)
    assert match, line
    props = {}
    for pair in filter(None, (match["props"] or "").split(",")):
        key, value = pair.split("=", 1)
        props[key] = unescape(value)
    return match["command"], props, unescape(match["data"])


def test_escaping_of_data_and_properties() -> None:
    assert github.escape_data("50%\r\nnext: a,b") == "50%25%0D%0Anext: a,b"
    assert github.escape_property("50%\r\nnext: a,b") == "50%25%0D%0Anext%3A a%2Cb"
    tricky = "a%3A already, 100%: done\n::error::injected"
    assert unescape(github.escape_property(tricky)) == tricky
    assert "\n" not in github.escape_data(tricky)


def test_annotation_points_at_the_file_and_passage(tmp_path: Path) -> None:
    name = "drafts/100% apricots, ripe: yes.md"
    path = write(tmp_path, name, "\n\n".join([OWN[0], STORY[0], OWN[1], STORY[1], OWN[2]]) + "\n")
    report = check(tmp_path, [path])
    lines = github.render(report, tmp_path).splitlines()
    assert all("\n" not in line and "\r" not in line for line in lines)
    command, props, message = parse(lines[0])
    row = located(report)[0]
    assert command == "error" and row.rule_id == "orchard-news/cap"
    assert props["file"] == name
    assert props["title"].startswith("orchard-news/cap: Reuses ")
    assert int(props["line"]) == row.region.start_line and int(props["endLine"]) == row.region.end_line
    text = path.read_text(encoding="utf-8").splitlines()[int(props["line"]) - 1]
    marked = text[int(props["col"]) - 1:int(props["endColumn"]) - 1]
    assert len(marked.split()) > 10 and any(marked in paragraph for paragraph in STORY)
    assert message.startswith(row.message) and f"\nFix: {row.fix}" in message
    assert "Up to 40% of a story may be reused, with 50% off: none" in message
    command, props, _ = parse(lines[1])
    assert command == "warning" and props["title"].startswith("orchard-news/link: ")


def test_at_most_ten_of_each_level_most_important_first_then_a_summary(tmp_path: Path) -> None:
    drafts = []
    for number in range(12):
        # Varying amounts over the cap, so the order by measure is not the order of the files.
        copied = STORY[: 2 + number % 2]
        drafts.append(write(tmp_path, f"drafts/d{number:02}.md",
                            "\n\n".join([f"{OWN[0]} Number {number}.", *copied, OWN[2]]) + "\n"))
    report = check(tmp_path, [*drafts, tmp_path / "drafts" / "missing.md"])
    rows = located(report)
    assert sum(r.severity == "error" for r in rows) == 13 and sum(r.severity == "warning" for r in rows) == 12
    lines = github.render(report, tmp_path).splitlines()
    parsed = [parse(line) for line in lines]
    commands = [command for command, _, _ in parsed]
    assert commands == ["error"] * 10 + ["warning"] * 10 + ["notice"]
    expected = [r for r in rows if r.severity == "error"][:10] + [r for r in rows if r.severity == "warning"][:10]
    assert [(p["file"], p["title"].split(":")[0]) for _, p, _ in parsed[:-1]] == [
        (relative(r.path, tmp_path), r.rule_id) for r in expected]
    annotated = [p["file"] for _, p, _ in parsed[:10]]
    assert annotated[:6] == [f"drafts/d{n:02}.md" for n in range(1, 12, 2)], "larger shares first"
    summary = parsed[-1][2]
    assert "25 findings (13 errors, 12 warnings)" in summary
    assert f"{report.violations} of 13 candidates violate" in summary and report.violations == 12
    assert "5 not annotated" in summary


def test_clean_report_gives_only_the_summary(tmp_path: Path) -> None:
    path = write(tmp_path, "drafts/fine.md", f"{OWN[0]} The [growers' story]({URL}).\n\n{STORY[0]}\n\n{OWN[1]}\n")
    report = check(tmp_path, [path])
    assert report.verdict == "compliant"
    [line] = github.render(report, tmp_path).splitlines()
    command, _, message = parse(line)
    assert command == "notice"
    assert message.startswith("reusecheck: 0 findings") and "0 of 1 candidate violate" in message
