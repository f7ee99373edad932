"""The Qazaqstan Monitor pack on the publisher's real page, when the shared seed is beside the checkout.

The page is not part of the project: candidates are cut from it at test time, and the tests skip
when it is absent (a user's clone has no ../shared).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from reusecheck import check
from reusecheck.documents import load_document, parse_document

SEED = Path(__file__).resolve().parents[2] / "shared" / "seed" / "qazmonitor-astana-process-concludes.txt"
URL = "https://qazmonitor.com/news/astana-process-on-syrian-peace-concludes-its-work"

pytestmark = pytest.mark.skipif(not SEED.is_file(), reason="the shared seed page is not beside the checkout")


def excerpt(share: float) -> str:
    """The first `share` of the seed article's counted words, cut at a word boundary."""
    doc = load_document(SEED)
    last = int(doc.words * share) - 1
    return doc.text[doc.tokens.starts[0]:doc.tokens.ends[last]]


def candidate(body: str, linked: bool = True) -> str:
    link = f"Source: [The Qazaqstan Monitor]({URL})\n\n" if linked else ""
    return f"---\nsource: {URL}\n---\n{link}Our own summary of the closing of the talks follows.\n\n{body}\n"


def verdict(markdown: str) -> tuple[str, dict[str, str], float]:
    cand = parse_document(markdown, "draft.md", "markdown")
    report = check([cand], [SEED])
    original = report.candidates[0].originals[0]
    assert original.pack.id == "qazmonitor"  # picked by the declared source's domain
    statuses = {f.rule: f.status for f in original.findings}
    return report.verdict, statuses, original.measured.overlap.share_of_original


def test_page_chrome_and_terms_are_not_counted() -> None:
    doc = load_document(SEED)
    counted = " ".join(doc.text[a:b] for a, b in doc.counted)
    assert "Main Page" not in counted and "icon" not in counted
    assert "written permission from the editorial" not in counted
    assert doc.text.count("QazMonitor Logo") and "QazMonitor Logo" not in counted


def test_a_quarter_with_a_link_complies() -> None:
    result, statuses, share = verdict(candidate(excerpt(0.25)))
    assert result == "compliant"
    assert 0.22 <= share <= 0.28
    assert statuses["hyperlink"] == "pass"


def test_forty_percent_breaks_the_cap() -> None:
    result, statuses, share = verdict(candidate(excerpt(0.40)))
    assert result == "violation"
    assert 0.37 <= share <= 0.43
    assert statuses["share-cap"] == "fail"


def test_a_quarter_without_a_link_breaks_the_link_clause() -> None:
    result, statuses, _share = verdict(candidate(excerpt(0.25), linked=False))
    assert result == "violation"
    assert statuses == {"share-cap": "pass", "hyperlink": "fail", "full-article-permission": "not-applicable"}


def test_the_full_article_needs_written_permission() -> None:
    result, statuses, share = verdict(candidate(excerpt(1.0)))
    assert result == "violation" and share > 0.95
    assert statuses["full-article-permission"] == "fail"
