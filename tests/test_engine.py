"""The engine: verdicts, picking the pack, the original's URL, and the JSON shape of its results."""

from __future__ import annotations

import datetime as dt
import json
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

import reusecheck
from reusecheck import engine
from reusecheck.documents import Document, parse_document
from reusecheck.documents.model import from_text
from reusecheck.matching import MatchOptions, UseOptions
from reusecheck.permissions import Permission
from reusecheck.report import Report
from reusecheck.ruleset import find_pack, load_pack

URL = "https://qazmonitor.com/news/2025/04/irtysh-bridge-repairs"
STEPPE_URL = "https://www.steppecourier.example/news/2025/04/wool-prices"
TODAY = dt.date(2025, 9, 1)

STORY = [
    "The suspension bridge over the Irtysh in Semey will close to heavy traffic for six weeks from the first "
    "of June while engineers replace worn cables.",
    "City officials said buses and cars under three tonnes could still cross at reduced speed, but lorries "
    "would be sent over the older road bridge to the north.",
    "The repair contract, worth about nine hundred million tenge, went to a consortium from Almaty that rebuilt "
    "a similar bridge in Oskemen two years ago.",
    "Residents of the left bank worry that the diversion will add half an hour to their morning commute, and "
    "some have asked for extra ferry crossings.",
    "The mayor's office promised to publish a detailed traffic plan next week and to keep the pedestrian "
    "walkway open throughout the works.",
]
WOOL_STORY = [
    "Wool prices at the Shymkent market fell for the third month running as buyers from China cut their orders.",
    "Sheep farmers in the Turkestan region say they now sell fleeces for less than it costs to shear them.",
    "An industry association has asked the ministry to subsidise a washing plant so that cleaner wool fetches "
    "better prices abroad.",
    "Traders at the market expect prices to recover only slowly, once the new season's clip reaches buyers in "
    "the autumn and the large textile mills in Urumqi reopen after their summer maintenance.",
]
OWN = [
    "Lorry drivers heading east will need a new route this summer.",
    "Our correspondent asked hauliers in Pavlodar how they plan to cope with the longer journey.",
    "Most said they would simply leave earlier in the morning and hope for empty roads.",
    "We will report on the first week of the closure in our next edition.",
]


def html_original(url: str | None = URL, paragraphs: list[str] = STORY, title: str = "Irtysh bridge repairs"
                  ) -> Document:
    canonical = f'<link rel="canonical" href="{url}">' if url else ""
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    page = (f"<html><head><title>{title}</title>{canonical}</head><body><nav><a href=\"/\">Home</a> News Sport</nav>"
            f"<article><h1>{title}</h1>{body}</article><footer>Contacts and advertising</footer></body></html>")
    return parse_document(page, "original.html", "html")


def md_candidate(copied: list[str], *, link: str | None = URL, front: str = "", source: str = "candidate.md"
                 ) -> Document:
    first = OWN[0] + (f" The closure was [announced by the Monitor]({link})." if link else "")
    body = "\n\n".join([first, *copied, *OWN[1:]])
    head = f"---\ntitle: A longer way east\n{front}---\n\n" if front else ""
    return parse_document(head + body, source, "markdown")


COMPLIANT = md_candidate([STORY[2]], source="compliant.md")
NO_LINK = md_candidate([STORY[2]], link=None, source="no-link.md")
FULL_COPY = md_candidate(STORY, link=None, source="full-copy.md")


def report_schema() -> dict[str, Any]:
    text = resources.files("reusecheck").joinpath("schemas/report.schema.json").read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


def validator() -> Draft202012Validator:
    schema = report_schema()
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def failing_rules(report: Report, candidate: int = 0, original: int = 0) -> set[str]:
    return {f.rule for f in report.candidates[candidate].originals[original].findings if f.failed}


# --- verdicts -----------------------------------------------------------------------------------------


def test_compliant_candidate() -> None:
    report = engine.check([COMPLIANT], [html_original()], pack=find_pack("qazmonitor"), today=TODAY)
    assert report.verdict == "compliant"
    result = report.candidates[0]
    assert result.verdict == "compliant"
    assert result.failures == []
    statuses = {f.rule: f.status for f in result.originals[0].findings}
    assert statuses == {"share-cap": "pass", "hyperlink": "pass", "full-article-permission": "not-applicable"}
    assert report.checked_on == TODAY


def test_one_violation_makes_the_report_a_violation() -> None:
    report = engine.check([COMPLIANT, NO_LINK, FULL_COPY], [html_original()], today=TODAY)
    assert report.verdict == "violation"
    assert [c.verdict for c in report.candidates] == ["compliant", "violation", "violation"]
    assert failing_rules(report, 1) == {"hyperlink"}
    assert failing_rules(report, 2) == {"share-cap", "hyperlink", "full-article-permission"}
    data = report.to_dict()
    assert data["summary"] == {"candidates": 3, "checked": 3, "violations": 2, "errors": 0, "warnings": 0}
    assert data["verdict"] == "violation"
    assert [c["source"] for c in data["candidates"]] == ["compliant.md", "no-link.md", "full-copy.md"]


def test_warning_rules_do_not_make_a_violation(tmp_path: Path) -> None:
    path = tmp_path / "gentle.yaml"
    path.write_text("""\
id: gentle
name: Gentle Monitor
terms:
  url: https://qazmonitor.com/
  clause: Please link to the original source.
applies_to:
  domains: [qazmonitor.com]
rules:
  - id: link
    kind: hyperlink
    severity: warning
    clause: Please link to the original source.
""", encoding="utf-8")
    report = engine.check([NO_LINK], [html_original()], pack=load_pack(path), today=TODAY)
    finding = report.candidates[0].originals[0].findings[0]
    assert (finding.status, finding.severity) == ("fail", "warning")
    assert report.verdict == "compliant"
    assert report.to_dict()["candidates"][0]["verdict"] == "compliant"


def test_ledger_permission_allows_a_full_copy_until_it_expires() -> None:
    grant = Permission(reference="QM-2025-044", granted=dt.date(2025, 5, 1), expires=dt.date(2025, 10, 31),
                       publisher="The Qazaqstan Monitor", article=URL, grantee=None, source="ledger.yaml")
    linked_copy = md_candidate(STORY, source="linked-copy.md")
    during = engine.check([linked_copy], [html_original()], permissions=(grant,), today=TODAY)
    assert during.verdict == "compliant"
    statuses = {f.rule: (f.status, f.permission) for f in during.candidates[0].originals[0].findings}
    assert statuses["share-cap"] == ("waived", "QM-2025-044")
    assert statuses["full-article-permission"] == ("pass", "QM-2025-044")
    after = engine.check([linked_copy], [html_original()], permissions=(grant,), today=dt.date(2025, 11, 1))
    assert after.verdict == "violation"
    assert failing_rules(after) == {"share-cap", "full-article-permission"}
    expired = [f for f in after.candidates[0].originals[0].findings if f.failed]
    assert all(f.permission == "QM-2025-044" for f in expired)
    assert all("2025-10-31" in f.message for f in expired)


def test_front_matter_permission_is_used() -> None:
    front = "permission:\n  reference: QM-FM-3\n  granted: 2025-08-01\n"
    report = engine.check([md_candidate(STORY, front=front)], [html_original()], today=TODAY)
    assert report.verdict == "compliant"
    findings = report.candidates[0].originals[0].findings
    assert {f.permission for f in findings if f.status in ("waived", "pass") and f.kind != "hyperlink"} == {"QM-FM-3"}


def test_today_defaults_to_the_current_date() -> None:
    report = engine.check([COMPLIANT], [html_original()])
    assert report.checked_on == dt.date.today()


def test_options_reach_the_matcher_and_the_report() -> None:
    options = MatchOptions(min_words=40)
    report = engine.check([COMPLIANT], [html_original()], options=options, today=TODAY)
    assert report.options == options
    recorded = report.to_dict()["options"]
    assert recorded == {**options.to_dict(), "use": UseOptions().to_dict()}
    assert recorded["min_words"] == 40 and recorded["use"]["min_passage"] == UseOptions.min_passage
    # The one copied paragraph is shorter than 40 words, so the strict stage finds no passage in it
    # (the use decision still sees the copied sentence, and counts it).
    overlap = report.candidates[0].comparison.originals[0].overlap
    assert overlap.decision.passages == 0 and overlap.decision.copied_sentences == 1
    default = engine.check([COMPLIANT], [html_original()], today=TODAY).candidates[0].comparison.originals[0]
    assert default.overlap.decision.passages == 1


# --- which pack -------------------------------------------------------------------------------------


def test_pack_is_chosen_by_the_original_url() -> None:
    report = engine.check([COMPLIANT], [html_original()], today=TODAY)
    assert report.candidates[0].originals[0].pack.id == "qazmonitor"
    assert report.candidates[0].originals[0].measured.url == URL


def test_each_original_gets_its_own_publishers_pack() -> None:
    wool = html_original(STEPPE_URL, WOOL_STORY, "Wool prices fall")
    cand = md_candidate([STORY[2], WOOL_STORY[1]], source="digest.md")
    report = engine.check([cand], [html_original(), wool], today=TODAY)
    checked = report.candidates[0].originals
    assert [c.pack.id for c in checked] == ["qazmonitor", "steppe-courier"]
    assert [c.measured.url for c in checked] == [URL, STEPPE_URL]
    # The digest links the Monitor's story only.
    assert failing_rules(report, 0, 0) == set()
    assert failing_rules(report, 0, 1) == {"active-link"}
    # Candidate words reused from either original, each once.
    comparison = report.candidates[0].comparison
    reused = sum(m.overlap.reused_candidate_words for m in comparison.originals)
    assert comparison.reused_candidate_words == reused > 0


def test_given_pack_overrides_the_url() -> None:
    report = engine.check([COMPLIANT], [html_original()], pack=find_pack("steppe-courier"), today=TODAY)
    assert report.candidates[0].originals[0].pack.id == "steppe-courier"


def test_no_pack_for_the_original_is_an_error_of_that_pair() -> None:
    elsewhere = html_original("https://news.example.org/2025/04/bridge")
    report = engine.check([COMPLIANT], [elsewhere], today=TODAY)
    assert report.verdict == "error"
    (problem,) = report.candidates[0].errors
    assert problem.role == "pair" and problem.source == "original.html" and problem.option == "rules"
    assert "https://news.example.org/2025/04/bridge" in problem.message
    # The Python API's message names no command-line flag; the CLI adds it.
    assert "--" not in problem.message


def test_a_pair_without_rules_does_not_stop_the_other_originals() -> None:
    elsewhere = html_original("https://news.example.org/2025/04/bridge")
    report = engine.check([NO_LINK, COMPLIANT], [elsewhere, html_original()], today=TODAY)
    assert report.verdict == "error"
    # The covered original is still judged: a violation found stands beside the error.
    assert [c.verdict for c in report.candidates] == ["violation", "error"]
    assert [len(c.originals) for c in report.candidates] == [1, 1]
    assert report.error_count == 2


def test_original_without_any_url_is_an_error_of_that_pair() -> None:
    report = engine.check([COMPLIANT], [html_original(url=None)], today=TODAY)
    assert "unknown" in report.candidates[0].errors[0].message


# --- the original's URL -------------------------------------------------------------------------------


def test_candidate_source_supplies_the_url_of_an_original_without_one() -> None:
    cand = md_candidate([STORY[2]], front=f"source: {URL}\n")
    original = html_original(url=None)
    assert original.url is None
    assert engine.original_urls(cand, [original]) == [URL]
    report = engine.check([cand], [original], today=TODAY)
    checked = report.candidates[0].originals[0]
    assert checked.pack.id == "qazmonitor"
    assert checked.measured.url == URL
    assert report.verdict == "compliant"
    assert report.to_dict()["candidates"][0]["originals"][0]["url"] == URL


def test_candidate_source_from_a_plain_text_original() -> None:
    cand = md_candidate([STORY[2]], front=f"source: {URL}\n")
    original = from_text("\n\n".join(STORY), source="original.txt")
    report = engine.check([cand], [original], today=TODAY)
    assert report.candidates[0].originals[0].measured.url == URL
    assert report.verdict == "compliant"


def test_the_originals_own_url_wins_over_the_candidates_source() -> None:
    cand = md_candidate([STORY[2]], front="source: https://qazmonitor.com/news/2025/04/some-other-story\n")
    assert engine.original_urls(cand, [html_original()]) == [URL]


def test_declared_sources_go_in_order_to_originals_without_a_url() -> None:
    both = md_candidate([STORY[2]], front=f"sources:\n  - {URL}\n  - {STEPPE_URL}\n")
    first, second = html_original(url=None), from_text("\n\n".join(STORY), source="second.txt")
    assert engine.original_urls(both, [first, second]) == [URL, STEPPE_URL]
    # A source that an original already states as its URL is not handed to another original.
    assert engine.original_urls(both, [html_original(), second]) == [URL, STEPPE_URL]
    one = md_candidate([STORY[2]], front=f"source: {URL}\n")
    assert engine.original_urls(one, [first, second]) == [URL, None]


def test_candidate_source_without_a_matching_pack_is_still_an_error() -> None:
    cand = md_candidate([STORY[2]], front="source: https://news.example.org/2025/04/bridge\n")
    report = engine.check([cand], [html_original(url=None)], today=TODAY)
    assert report.verdict == "error" and report.candidates[0].errors[0].role == "pair"


# --- JSON shape ---------------------------------------------------------------------------------------


def test_report_to_dict_validates_against_the_schema() -> None:
    grant = Permission(reference="QM-2024-001", granted=dt.date(2024, 1, 1), expires=dt.date(2024, 12, 31),
                       publisher=None, article=None, grantee=None, source="ledger.yaml")
    edited = md_candidate([STORY[0].replace("six weeks", "seven weeks"), STORY[3]], source="edited.md")
    report = engine.check([COMPLIANT, NO_LINK, FULL_COPY, edited],
                          [html_original(), html_original(STEPPE_URL, WOOL_STORY, "Wool prices fall")],
                          permissions=(grant,), options=MatchOptions(min_words=5, count_quotes=False), today=TODAY)
    data = report.to_dict()
    validator().validate(data)
    assert json.loads(json.dumps(data)) == data
    assert data["checked_on"] == "2025-09-01"
    assert data["schema_version"] == "1.4"
    assert data["tool"] == {"name": "reusecheck", "version": reusecheck.__version__}
    first = data["candidates"][0]["originals"][0]
    assert first["rules"]["id"] == "qazmonitor"
    assert first["passages"] and first["findings"]
    statuses = {f["status"] for c in data["candidates"] for o in c["originals"] for f in o["findings"]}
    assert statuses == {"pass", "fail", "not-applicable"}
    kinds = {p["kind"] for c in data["candidates"] for o in c["originals"] for p in o["passages"]}
    assert kinds == {"verbatim", "edited"}


def test_report_with_waived_findings_validates() -> None:
    front = "permission:\n  reference: QM-FM-3\n  granted: 2025-08-01\n"
    report = engine.check([md_candidate(STORY, front=front)], [html_original()], today=TODAY)
    data = report.to_dict()
    validator().validate(data)
    assert "waived" in {f["status"] for f in data["candidates"][0]["originals"][0]["findings"]}


def test_comparison_to_dict_validates_against_the_schema() -> None:
    originals = [html_original(), from_text("\n\n".join(WOOL_STORY), source="wool.txt")]
    comparison = engine.measure(md_candidate([STORY[1], WOOL_STORY[0]]), originals, MatchOptions())
    data = comparison.to_dict()
    validator().validate(data)
    assert json.loads(json.dumps(data)) == data
    assert "verdict" not in data
    assert [o["url"] for o in data["originals"]] == [URL, None]
    assert [o["title"] for o in data["originals"]] == ["Irtysh bridge repairs", None]
    assert all(o["passages"] for o in data["originals"])
    assert data["combined"]["reused_candidate_words"] == sum(
        m.overlap.reused_candidate_words for m in comparison.originals)


def test_api_compare_of_documents_validates() -> None:
    comparison = reusecheck.compare(FULL_COPY, html_original())
    data = comparison.to_dict()
    validator().validate(data)
    assert data["originals"][0]["share_of_original"] == pytest.approx(1.0, abs=0.03)


def shape(name: str) -> Draft202012Validator:
    """A validator for one of the two shapes the schema allows."""
    schema = {key: value for key, value in report_schema().items() if key != "oneOf"}
    schema["$ref"] = f"#/$defs/{name}"
    return Draft202012Validator(schema)


def test_report_and_comparison_are_told_apart_by_the_schema() -> None:
    report = engine.check([COMPLIANT], [html_original()], today=TODAY).to_dict()
    comparison = engine.measure(COMPLIANT, [html_original()], MatchOptions()).to_dict()
    assert shape("report").is_valid(report) and not shape("report").is_valid(comparison)
    assert shape("comparison").is_valid(comparison) and not shape("comparison").is_valid(report)


def test_measure_records_the_use_options_it_applied() -> None:
    strict = UseOptions(min_passage=8)
    comparison = engine.measure(COMPLIANT, [html_original()], MatchOptions(), strict)
    assert comparison.to_dict()["options"]["use"]["min_passage"] == 8
