"""JUnit XML: one case per candidate and rule, counts that add up, text that survives any file name."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from pathlib import Path

from reusecheck import api
from reusecheck.formats import junit
from reusecheck.formats.located import relative
from reusecheck.report import Report

TODAY = dt.date(2026, 11, 28)
SITE = "https://www.saltlake.example/news/"
FLAMINGOS = [
    "Flamingos have returned to the salt lake north of the city for the first time in a decade, after a wet "
    "spring raised the water level and brought back the tiny shrimp the birds feed on.",
    "Rangers counted more than four hundred birds on Sunday and asked visitors to keep their dogs on a lead "
    "and to stay on the boardwalk that runs along the western shore.",
    "The regional council will close the dirt road to the lake on weekends until the chicks have fledged, "
    "which the rangers expect to happen in late August.",
]
PELICANS = [
    "A colony of pelicans has settled on an island in the reservoir, surprising fishermen who had not seen "
    "the birds there since the dam was built forty years ago.",
    "Ornithologists from the university plan to ring the young pelicans in July and to fit two adults with "
    "satellite tags to learn where they spend the winter.",
    "Fishermen say the birds take a share of their catch, but most of them seem pleased to have the company "
    "on the long summer evenings when the fish are slow to bite.",
    "The water company, which owns the island, has promised not to send maintenance boats near the colony "
    "until the young birds can fly, probably at the end of the summer.",
]
OWN = [
    "Birdwatchers are packing their binoculars this weekend.",
    "Our photographer spent a morning on the shore and came back with sunburn.",
    "Tell us what you have seen at the lake.",
]
PACK = """id: salt-lake-news
name: "Salt & Lake <News> \\"Daily\\" — Ğazet"
terms:
  url: https://www.saltlake.example/terms
  clause: A third of a story may be reused with a link to the story.
applies_to:
  domains: [saltlake.example]
rules:
  - id: third-cap
    kind: max-share
    clause: "A third of a story may be \\"reused\\" <freely> & fairly"
    options:
      max_share_of_original: 0.4
  - id: story-link
    kind: hyperlink
    severity: warning
    clause: with a link to the story
"""


def page(slug: str, paragraphs: list[str]) -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (f'<html><head><link rel="canonical" href="{SITE}{slug}"></head>'
            f"<body><article><h1>{slug}</h1>{body}</article></body></html>")


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def draft(copied: list[str], link: str | None = None) -> str:
    opening = OWN[0] + (f" The [paper reported it]({link})." if link else "")
    return "\n\n".join([opening, *copied, *OWN[1:]]) + "\n"


def check(root: Path, candidates: list[Path], originals: tuple[str, ...] = ("flamingos",)) -> Report:
    stories = {"flamingos": FLAMINGOS, "pelicans": PELICANS}
    paths = [write(root, f"originals/{slug}.html", page(slug, stories[slug])) for slug in originals]
    return api.check(candidates, paths, rules=write(root, "rules/salt.yaml", PACK), today=TODAY)


def parse(report: Report, root: Path) -> ET.Element:
    text = junit.render(report, root)
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>')
    return ET.fromstring(text.encode("utf-8"))


def counted(element: ET.Element) -> dict[str, int]:
    cases = element.iter("testcase")
    tally = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    for case in cases:
        tally["tests"] += 1
        tally["failures"] += case.find("failure") is not None
        tally["errors"] += case.find("error") is not None
        tally["skipped"] += case.find("skipped") is not None
    return tally


def attributes(element: ET.Element) -> dict[str, int]:
    return {key: int(element.attrib[key]) for key in ("tests", "failures", "errors", "skipped")}


def test_counts_match_the_cases_on_both_levels(tmp_path: Path) -> None:
    over = write(tmp_path, "drafts/over.md", draft(FLAMINGOS[:2]))
    fine = write(tmp_path, "drafts/fine.md", draft(FLAMINGOS[:1], link=SITE + "flamingos"))
    unrelated = write(tmp_path, "drafts/unrelated.md", draft([]))
    report = check(tmp_path, [over, fine, unrelated, tmp_path / "drafts" / "gone.md"])
    suites = parse(report, tmp_path)
    assert suites.tag == "testsuites"
    [suite] = suites.findall("testsuite")
    assert suite.attrib["name"] == "reusecheck"
    assert attributes(suites) == attributes(suite) == counted(suite)
    tally = counted(suite)
    # Every candidate read meets both rules of the pack; the missing file is one error case.
    assert tally["tests"] == 3 * 2 + 1
    assert tally["errors"] == report.error_count == 1
    assert tally["failures"] == sum(len({f.rule for f in c.failures}) for c in report.candidates)
    assert tally["skipped"] == 2, "the unrelated draft uses nothing: neither rule applies to it"
    names = {(case.attrib["classname"], case.attrib["name"]) for case in suite.iter("testcase")}
    assert ("drafts/over.md", "salt-lake-news/third-cap") in names
    assert ("drafts/gone.md", "reusecheck/input-error") in names


def test_failure_carries_message_fix_clause_and_location(tmp_path: Path) -> None:
    over = write(tmp_path, "drafts/over.md", draft(FLAMINGOS[:2]))
    report = check(tmp_path, [over])
    suite = parse(report, tmp_path).find("testsuite")
    assert suite is not None
    cases = {case.attrib["name"]: case for case in suite.iter("testcase")}
    failure = cases["salt-lake-news/third-cap"].find("failure")
    assert failure is not None and failure.text is not None
    finding = next(f for f in report.candidates[0].failures if f.rule == "third-cap")
    assert failure.attrib["message"] == finding.message
    assert finding.fix and f"Fix: {finding.fix}" in failure.text
    assert 'A third of a story may be "reused" <freely> & fairly' in failure.text
    line = int(failure.text.split(":", 2)[1])
    assert failure.text.startswith("drafts/over.md:")
    assert any(word in over.read_text(encoding="utf-8").splitlines()[line - 1] for word in ("Flamingos", "Rangers"))
    # A failing warning does not fail the case: it passes and says why.
    link = cases["salt-lake-news/story-link"]
    assert link.find("failure") is None and link.find("skipped") is None
    out = link.find("system-out")
    assert out is not None and out.text is not None and out.text.startswith("warning: drafts/over.md:")


def test_a_rule_over_several_originals_is_one_case_failing_when_one_pair_fails(tmp_path: Path) -> None:
    over = write(tmp_path, "drafts/over.md", draft(FLAMINGOS[:2] + PELICANS[:1], link=SITE + "pelicans"))
    report = check(tmp_path, [over], originals=("flamingos", "pelicans"))
    pairs = report.candidates[0].originals
    assert len(pairs) == 2
    cap_failed = [any(f.failed for f in c.findings if f.rule == "third-cap") for c in pairs]
    assert sorted(cap_failed) == [False, True], "one pair over the cap, the other under it"
    suite = parse(report, tmp_path).find("testsuite")
    assert suite is not None
    names = [case.attrib["name"] for case in suite.iter("testcase")]
    assert sorted(names) == ["salt-lake-news/story-link", "salt-lake-news/third-cap"]
    cap = next(case for case in suite.iter("testcase") if case.attrib["name"] == "salt-lake-news/third-cap")
    assert cap.find("failure") is not None


def test_awkward_names_survive(tmp_path: Path) -> None:
    name = 'drafts/Tom & "Jerry" <ünïcode> \x01 draft.md'
    path = write(tmp_path, name, draft(FLAMINGOS[:2]))
    report = check(tmp_path, [path, tmp_path / "drafts" / "nowhere & <nothing>.md"])
    suite = parse(report, tmp_path).find("testsuite")
    assert suite is not None
    classnames = {case.attrib["classname"] for case in suite.iter("testcase")}
    # XML cannot carry the control character: it becomes U+FFFD; everything else comes back as written.
    assert classnames == {relative(str(path), tmp_path).replace("\x01", "\ufffd"),
                          "drafts/nowhere & <nothing>.md"}
    failure = next(suite.iter("failure"))
    assert failure.text is not None and "<freely> & fairly" in failure.text
    error = next(suite.iter("error"))
    assert error.attrib["type"] == "input-error" and error.attrib["message"]


def test_compliant_run_has_no_failures(tmp_path: Path) -> None:
    fine = write(tmp_path, "drafts/fine.md", draft(FLAMINGOS[:1], link=SITE + "flamingos"))
    report = check(tmp_path, [fine])
    assert report.verdict == "compliant"
    suites = parse(report, tmp_path)
    assert attributes(suites) == {"tests": 2, "failures": 0, "errors": 0, "skipped": 0}
