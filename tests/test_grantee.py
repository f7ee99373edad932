"""A permission granted to one outlet covers only drafts that name that outlet as their publisher, and a
failing `permission-required` finding says why a permission on file did not apply and what would fix it."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from reusecheck.checks import REGISTRY, Context, Finding, Rule, run
from reusecheck.cli import app
from reusecheck.documents import parse_document
from reusecheck.documents.model import from_text
from reusecheck.matching import Overlap, Passage
from reusecheck.permissions import Permission, status

URL = "https://qazmonitor.com/news/2026/10/steppe-eagle-census"
NAMES = {"qazmonitor", "the qazaqstan monitor"}
PUBLISHER = "The Qazaqstan Monitor"
DAY = dt.date(2026, 11, 28)

# --- the check, on a full copy --------------------------------------------------------------------------


def grant(reference: str, granted: str = "2026-01-01", expires: str | None = None,
          grantee: str | None = None) -> Permission:
    return Permission(reference=reference, granted=dt.date.fromisoformat(granted),
                      expires=dt.date.fromisoformat(expires) if expires else None, publisher="qazmonitor",
                      article=URL, grantee=grantee, source="ledger.yaml")


def full_copy(words: int = 200) -> Overlap:
    """The whole original taken over: the check reads only the counts."""
    passage = Passage(original_start=0, original_end=words * 6, candidate_start=0, candidate_end=words * 6,
                      words=words, candidate_words=words, similarity=1.0, kind="verbatim",
                      original_tokens=tuple(range(words)), candidate_tokens=tuple(range(words)))
    return Overlap(words, words, (passage,))


RULE = Rule(id="full-article-permission", kind="permission-required", severity="error", clause="the terms",
            options={**REGISTRY["permission-required"].DEFAULTS, "above_share_of_original": 0.9})


def judge(held: tuple[Permission, ...], front: str = "") -> Finding:
    text = "Volunteers counted the steppe eagles nesting along the river this autumn."
    candidate = parse_document(f"---\n{front}---\n\n{text}" if front else text, "draft.md", "markdown")
    ctx = Context(candidate=candidate, original=from_text(text, source="original.txt"), original_url=URL,
                  overlap=full_copy(), permissions=status(held, NAMES, URL, candidate, DAY), publisher=PUBLISHER)
    [finding] = run(RULE, ctx)
    return finding


PRAIRIE = grant("QM-7", grantee="Prairie Wire")
SOON = grant("QM-9", granted="2027-01-01")
LAPSED = grant("QM-3", granted="2025-01-01", expires="2025-12-31")
CUT = "or cut the reuse to at most 90.0% of the original"
RECORD = f"record a written permission from {PUBLISHER} (a ledger entry or a `permission:` block in the front matter)"
ADD_LINE = "add `publisher: Prairie Wire` to the front matter if Prairie Wire republishes this draft"


def test_grant_to_the_drafts_outlet_passes() -> None:
    finding = judge((PRAIRIE,), "publisher: prairie wire\n")
    assert (finding.status, finding.permission) == ("pass", "QM-7")


def test_draft_without_publisher_is_told_to_name_it() -> None:
    finding = judge((PRAIRIE,))
    assert (finding.status, finding.permission) == ("fail", "QM-7")
    assert finding.message.endswith(
        "without a valid written permission. Written permission QM-7 exists but is granted to Prairie Wire; "
        "this draft names no publisher: add `publisher: Prairie Wire` to its front matter if that is who "
        "republishes it.")
    # Naming the grantee helps only if that is the truth: a permission of its own stays a way out.
    assert finding.fix == f"{ADD_LINE}, or {RECORD}, {CUT}"


def test_draft_of_another_outlet_is_told_whose_the_grant_is() -> None:
    finding = judge((PRAIRIE,), "publisher: Steppe Daily\n")
    assert (finding.status, finding.permission) == ("fail", "QM-7")
    assert finding.message.endswith(
        "Written permission QM-7 exists but is granted to Prairie Wire; this draft names its publisher as "
        "Steppe Daily.")
    assert finding.fix == f"record a written permission from {PUBLISHER} granted to Steppe Daily, {CUT}"


def test_grant_from_after_the_check_date() -> None:
    finding = judge((SOON,), "publisher: Steppe Daily\n")
    assert (finding.status, finding.permission) == ("fail", "QM-9")
    assert finding.message.endswith(
        "Permission QM-9 is granted from 2027-01-01, after the check date 2026-11-28, and waives nothing until then.")
    assert finding.fix == f"wait until 2027-01-01, when permission QM-9 starts, or {RECORD}, {CUT}"


def test_expired_grant_reads_as_before() -> None:
    finding = judge((LAPSED,))
    assert (finding.status, finding.permission) == ("fail", "QM-3")
    assert finding.message.endswith(
        "without a valid written permission. Permission QM-3 expired on 2025-12-31 and waives nothing.")
    assert finding.fix == f"renew permission QM-3 with {PUBLISHER}, {CUT}"


def test_every_reason_named_nearest_first() -> None:
    finding = judge((LAPSED, SOON, PRAIRIE))
    assert finding.permission == "QM-7"
    message = finding.message
    assert message.index("QM-7 exists") < message.index("QM-9 is granted from") < message.index("QM-3 expired")
    assert finding.fix == (f"{ADD_LINE}, or wait until 2027-01-01, when permission QM-9 starts, "
                           f"or renew permission QM-3 with {PUBLISHER}, {CUT}")


def test_draft_naming_another_outlet_hears_of_its_own_grants_first() -> None:
    finding = judge((PRAIRIE, LAPSED), "publisher: Steppe Daily\n")
    assert finding.permission == "QM-3"
    assert finding.message.index("QM-3 expired") < finding.message.index("QM-7 exists")


@pytest.mark.parametrize(("held", "words"), [
    ((grant("QM-5", granted="2024-01-01", expires="2025-01-01", grantee="Prairie Wire"),),
     "granted to Prairie Wire and expired on 2025-01-01; this draft names no publisher"),
    ((grant("QM-6", granted="2027-02-01", grantee="Prairie Wire"),),
     "granted to Prairie Wire from 2027-02-01, after the check date 2026-11-28; this draft names no publisher"),
])
def test_another_outlets_grant_out_of_date_says_so(held: tuple[Permission, ...], words: str) -> None:
    finding = judge(held)
    assert finding.permission == held[0].reference
    assert words in finding.message


def test_no_permission_on_file_reads_as_before() -> None:
    finding = judge((), "publisher: Steppe Daily\n")
    assert (finding.status, finding.permission) == ("fail", None)
    assert finding.message.endswith("without a valid written permission.")
    assert finding.fix == f"{RECORD}, {CUT}"


# --- end to end through the command line ----------------------------------------------------------------

# A short story written for these tests, one distinct sentence a paragraph.
STORY = [
    "Volunteers counted two hundred and twelve steppe eagle nests in the Irgiz reserve this autumn.",
    "That is forty more than five years ago, when the last full census of the reserve was made.",
    "Most nests sit on low poles of the old power line that crosses the reserve from north to south.",
    "The power company fitted covers to the poles in 2022 after dozens of birds were killed there.",
    "Rangers say the covers explain most of the rise, together with a good year for ground squirrels.",
    "The census team will return in spring to ring the chicks that hatch in the counted nests.",
]
ORIGINAL = f"---\nurl: {URL}\n---\n\n# Eagle nests up by a quarter\n\n" + "\n\n".join(STORY) + "\n"


def draft(front: str) -> str:
    """A full copy that links to the original, so the permission rule decides the verdict."""
    return f"---\nsource: {URL}\n{front}---\n\n[Reported by the Monitor]({URL}).\n\n" + "\n\n".join(STORY) + "\n"


def ledger(*entries: str) -> str:
    return "permissions:\n" + "".join(
        f"  - publisher: qazmonitor\n    article: {URL}\n{entry}" for entry in entries)


GRANTED_TO_PRAIRIE = "    reference: QM-7\n    grantee: Prairie Wire\n    granted: 2026-01-01\n"
FROM_NEXT_YEAR = "    reference: QM-9\n    granted: 2027-01-01\n"


def check(tmp_path: Path, front: str, *entries: str) -> tuple[int, dict[str, Any]]:
    (tmp_path / "orig.md").write_text(ORIGINAL, encoding="utf-8")
    (tmp_path / "cand.md").write_text(draft(front), encoding="utf-8")
    (tmp_path / "ledger.yaml").write_text(ledger(*entries), encoding="utf-8")
    result = CliRunner().invoke(app, [
        "check", str(tmp_path / "cand.md"), "--original", str(tmp_path / "orig.md"), "--rules", "qazmonitor",
        "--permissions", str(tmp_path / "ledger.yaml"), "--date", "2026-11-28", "--format", "json"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, json.loads(result.stdout)


def permission_finding(data: dict[str, Any]) -> dict[str, Any]:
    [original] = data["candidates"][0]["originals"]
    return next(f for f in original["findings"] if f["rule"] == "full-article-permission")


def test_cli_grant_covers_its_grantee(tmp_path: Path) -> None:
    code, data = check(tmp_path, "publisher: Prairie Wire\n", GRANTED_TO_PRAIRIE)
    assert code == 0, data
    finding = permission_finding(data)
    assert (finding["status"], finding["permission"]) == ("pass", "QM-7")


def test_cli_grant_does_not_cover_a_draft_without_publisher(tmp_path: Path) -> None:
    code, data = check(tmp_path, "", GRANTED_TO_PRAIRIE)
    assert code == 1
    finding = permission_finding(data)
    assert (finding["status"], finding["permission"]) == ("fail", "QM-7")
    assert ("Written permission QM-7 exists but is granted to Prairie Wire; this draft names no publisher: "
            "add `publisher: Prairie Wire` to its front matter if that is who republishes it.") in finding["message"]
    assert finding["fix"].startswith(ADD_LINE)


def test_cli_grant_does_not_cover_another_outlet(tmp_path: Path) -> None:
    code, data = check(tmp_path, "publisher: Steppe Daily\n", GRANTED_TO_PRAIRIE)
    assert code == 1
    finding = permission_finding(data)
    assert (finding["status"], finding["permission"]) == ("fail", "QM-7")
    assert ("Written permission QM-7 exists but is granted to Prairie Wire; this draft names its publisher as "
            "Steppe Daily.") in finding["message"]
    assert finding["fix"].startswith(f"record a written permission from {PUBLISHER} granted to Steppe Daily")


def test_cli_grant_from_after_the_check_date(tmp_path: Path) -> None:
    code, data = check(tmp_path, "publisher: Steppe Daily\n", FROM_NEXT_YEAR)
    assert code == 1
    finding = permission_finding(data)
    assert (finding["status"], finding["permission"]) == ("fail", "QM-9")
    assert "Permission QM-9 is granted from 2027-01-01, after the check date 2026-11-28" in finding["message"]
    assert finding["fix"].startswith("wait until 2027-01-01, when permission QM-9 starts")


def test_the_share_cap_says_why_another_outlets_permission_does_not_waive_it() -> None:
    cap = Rule(id="share-cap", kind="max-share", severity="error", clause="the terms",
               options={**REGISTRY["max-share"].DEFAULTS, "max_share_of_original": 0.3})
    text = "Volunteers counted the steppe eagles nesting along the river this autumn."
    candidate = parse_document(f"---\npublisher: Steppe Daily\n---\n\n{text}", "draft.md", "markdown")
    ctx = Context(candidate=candidate, original=from_text(text, source="original.txt"), original_url=URL,
                  overlap=full_copy(), permissions=status((PRAIRIE,), NAMES, URL, candidate, DAY),
                  publisher=PUBLISHER)
    [finding] = run(cap, ctx)
    assert (finding.status, finding.permission) == ("fail", "QM-7")
    assert "Written permission QM-7 exists but is granted to Prairie Wire; this draft names its publisher as " \
           "Steppe Daily." in finding.message
