"""Every output format renders both results, and the text format reads as the README promises."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from reusecheck import engine
from reusecheck.documents import parse_document
from reusecheck.errors import UsageError
from reusecheck.formats import Format, render
from reusecheck.matching import MatchOptions
from reusecheck.report import Comparison, Report
from reusecheck.ruleset import find_pack

URL = "https://qazmonitor.com/news/steppe-eagles-return"
ORIGINAL = parse_document(
    f"""<html><head><link rel="canonical" href="{URL}"></head><body><article>
<h1>Steppe eagles return to the Korgalzhyn reserve</h1>
<p>Rangers at the Korgalzhyn nature reserve counted forty pairs of steppe eagles this spring, twice as many as
five years ago, after power lines across the nesting grounds were fitted with insulating covers.</p>
<p>The reserve plans to invite volunteer birdwatchers in June to help ring the young birds before they leave
the nests in late summer.</p></article></body></html>""", "eagles.html", "html")
CANDIDATE = parse_document(
    "Good news from the steppe. Rangers at the Korgalzhyn nature reserve counted forty pairs of steppe eagles "
    "this spring, twice as many as five years ago.\n\nWe will follow the ringing in June.", "draft.txt", "text")


def results() -> tuple[Comparison, Report]:
    comparison = engine.measure(CANDIDATE, [ORIGINAL], MatchOptions())
    report = engine.check([CANDIDATE], [ORIGINAL], pack=find_pack("qazmonitor"), today=dt.date(2026, 11, 27))
    return comparison, report


MEASURES = (Format.TEXT, Format.JSON)


@pytest.mark.parametrize("fmt", list(Format))
def test_every_format_renders_every_result(fmt: Format) -> None:
    for result in results():
        if fmt not in MEASURES and not isinstance(result, Report):
            with pytest.raises(UsageError, match="shows verdicts"):
                render(result, fmt)
            continue
        out = render(result, fmt)
        assert out.endswith("\n") and len(out) > 50
        if fmt is Format.JSON:
            assert json.loads(out) == result.to_dict()


def test_text_report_has_verdict_finding_fix_and_highlight() -> None:
    _comparison, report = results()
    out = render(report, Format.TEXT)
    lines = out.splitlines()
    assert lines[0] == "VIOLATION: 1 of 1 candidate breaks the reuse terms"
    assert "✗ hyperlink (hyperlink): The candidate has no hyperlink to the original." in out
    assert f"fix: add a hyperlink to {URL}" in out
    assert "[[Rangers at the Korgalzhyn nature reserve" in out
    assert "\x1b[" not in out


def test_colour_only_when_asked() -> None:
    _comparison, report = results()
    out = render(report, Format.TEXT, color=True)
    assert "\x1b[1;31mVIOLATION" in out and "[[" not in out
