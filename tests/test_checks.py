"""Every rule kind against should-pass and should-fail tables, and every shipped pack end to end."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reusecheck import engine
from reusecheck.checks import REGISTRY, Context, Finding, Rule, run
from reusecheck.documents import Document, parse_document
from reusecheck.documents.model import from_text
from reusecheck.matching import Overlap, Passage, Use
from reusecheck.matching.overlap import Kind
from reusecheck.permissions import Permission, PermissionStatus
from reusecheck.ruleset import find_pack, packaged_packs

ORIGINAL_URL = "https://qazmonitor.com/news/2024/05/tram-line-approved"
OTHER_ARTICLE = "https://qazmonitor.com/news/2024/05/bus-fares-rise"
PUBLISHER = "The Qazaqstan Monitor"
DOMAINS = ("qazmonitor.com",)

VALID = Permission(reference="QM-2025-011", granted=dt.date(2025, 1, 10), expires=dt.date(2025, 12, 31),
                   publisher="qazmonitor", article=ORIGINAL_URL, grantee=None, source="ledger.yaml")
EXPIRED = Permission(reference="QM-2023-004", granted=dt.date(2023, 3, 1), expires=dt.date(2024, 3, 1),
                     publisher="qazmonitor", article=None, grantee=None, source="ledger.yaml")
PERMISSIONS = {
    "none": PermissionStatus(valid=None, expired=()),
    "valid": PermissionStatus(valid=VALID, expired=()),
    "expired": PermissionStatus(valid=None, expired=(EXPIRED,)),
    "valid+expired": PermissionStatus(valid=VALID, expired=(EXPIRED,)),
}

OWN_PARAGRAPHS = [
    "Drivers in Karaganda will soon have one more reason to leave the car at home.",
    "Our correspondent rode the old route number nine and counted forty minutes from the station to the works.",
    "Shop owners on the avenue fear months of dust and closed pavements during construction.",
    "The regional transport office did not answer our questions by the time of writing.",
    "We will follow the tender and publish the winning bid when it is announced.",
]


def reuse(words: int, original_words: int = 200, candidate_reused: int | None = None,
          candidate_words: int = 300) -> Overlap:
    """An Overlap with one passage of the given size: the checks only read its counts."""
    if words == 0:
        return Overlap(original_words, candidate_words, ())
    theirs = words if candidate_reused is None else candidate_reused
    passage = Passage(original_start=0, original_end=words * 6, candidate_start=0, candidate_end=theirs * 6,
                      words=words, candidate_words=theirs, similarity=1.0, kind="verbatim",
                      original_tokens=tuple(range(words)), candidate_tokens=tuple(range(theirs)))
    return Overlap(original_words, candidate_words, (passage,))


def copied_and_rewritten(copied: int, rewritten: int, original_words: int = 200) -> Overlap:
    """An Overlap with a verbatim passage and a rewritten sentence after it."""
    def passage(first: int, words: int, kind: Kind) -> Passage:
        return Passage(original_start=first * 6, original_end=(first + words) * 6, candidate_start=first * 6,
                       candidate_end=(first + words) * 6, words=words, candidate_words=words, similarity=0.5,
                       kind=kind, original_tokens=tuple(range(first, first + words)),
                       candidate_tokens=tuple(range(first, first + words)))
    return Overlap(original_words, 300, (passage(0, copied, "verbatim"), passage(copied, rewritten, "rewritten")))


def incidental(words: int, original_words: int = 200) -> Overlap:
    """An Overlap whose passages the use decision judged incidental: the candidate does not use the original."""
    given = reuse(words, original_words)
    use = Use(uses=False, reason="incidental overlap: the shared words are a quotation", longest=0, passages=1,
              words=words, own_words=0, share_of_candidate=0.0, share_of_original=words / original_words,
              in_order=1.0)
    return Overlap(given.original_words, given.candidate_words, given.passages, use)


def markdown(link: str | None = None, *, paragraph: int = 1, rel: str | None = None,
             bare: bool = False, before: str = "") -> Document:
    """A candidate of five paragraphs of its own text, with a link to `link` in paragraph `paragraph`.

    `rel` makes it an HTML page with that rel on the link; `bare` writes the URL out without linking it.
    """
    if rel is not None:
        body = []
        for i, text in enumerate(OWN_PARAGRAPHS, start=1):
            if i == paragraph and link:
                text += f' The plan was <a href="{link}" rel="{rel}">first reported by the Monitor</a>.'
            body.append(f"<p>{text}</p>")
        return parse_document(f"<html><body><article>{''.join(body)}</article></body></html>", "candidate.html",
                              "html")
    paragraphs = []
    for i, text in enumerate(OWN_PARAGRAPHS, start=1):
        if i == 1 and before:
            text += f" {before}"
        if i == paragraph and link:
            text += f" Source: {link}" if bare else f" The plan was [first reported by the Monitor]({link})."
        paragraphs.append(text)
    return parse_document("\n\n".join(paragraphs), "candidate.md", "markdown")


PLAIN = markdown()
ORIGINAL = from_text("The city council approved a plan to build a tram line.", source="original.txt")


@dataclass(frozen=True)
class Case:
    name: str
    kind: str
    statuses: tuple[str, ...]
    """The statuses of the findings, in order."""
    options: dict[str, object] = field(default_factory=dict)
    overlap: Overlap = field(default_factory=lambda: reuse(40))
    candidate: Document = PLAIN
    permission: str = "none"
    url: str | None = ORIGINAL_URL
    domains: tuple[str, ...] = DOMAINS
    fix: tuple[str, ...] = ()
    """Each must appear in the fix of a failing finding."""
    not_in_fix: tuple[str, ...] = ()
    message: tuple[str, ...] = ()
    """Each must appear in the message of some finding."""
    permission_named: str | None = None


def rule_for(case: Case) -> Rule:
    return Rule(id=f"{case.kind}-rule", kind=case.kind, severity="error", clause="the words of the terms",
                options={**REGISTRY[case.kind].DEFAULTS, **case.options})


def findings_for(case: Case) -> list[Finding]:
    ctx = Context(candidate=case.candidate, original=ORIGINAL, original_url=case.url, overlap=case.overlap,
                  permissions=PERMISSIONS[case.permission], publisher=PUBLISHER, publisher_domains=case.domains)
    return list(run(rule_for(case), ctx))


CAP = {"max_share_of_original": 0.30}
MAX_SHARE = [
    # should pass
    Case("no-reuse", "max-share", ("not-applicable",), CAP, reuse(0)),
    Case("copied-measure-leaves-rewrites-out", "max-share", ("pass",), {**CAP, "measure": "copied"},
         copied_and_rewritten(40, 40), message=("40 of the original's 200 words (20.0% copied)",)),
    Case("over-cap-but-not-used", "max-share", ("not-applicable",), CAP, incidental(80),
         message=("Does not use the original", "quotation")),
    Case("under-cap", "max-share", ("pass",), CAP, reuse(20)),
    Case("exactly-at-cap", "max-share", ("pass",), CAP, reuse(60), message=("60 of the original's 200 words",)),
    Case("waived-by-valid-permission", "max-share", ("waived",), CAP, reuse(150), permission="valid",
         permission_named="QM-2025-011", message=("QM-2025-011",)),
    Case("valid-permission-beside-expired", "max-share", ("waived",), CAP, reuse(150), permission="valid+expired",
         permission_named="QM-2025-011"),
    Case("candidate-cap-kept", "max-share", ("pass", "pass"), {**CAP, "max_share_of_candidate": 0.5},
         reuse(40, candidate_reused=50, candidate_words=120)),
    Case("both-caps-waived", "max-share", ("waived", "waived"), {**CAP, "max_share_of_candidate": 0.5},
         reuse(100, candidate_reused=100, candidate_words=150), permission="valid"),
    # should fail
    Case("derived-measure-counts-rewrites", "max-share", ("fail",), CAP, copied_and_rewritten(40, 40),
         message=("80 of the original's 200 words (40.0%)",), fix=("cut at least 20 reused words",)),
    Case("over-cap", "max-share", ("fail",), CAP, reuse(80),
         fix=("cut at least 20 reused words of the original", "keep at most 60 of its 200 words",
              "or record a written permission")),
    Case("over-cap-uneven", "max-share", ("fail",), CAP, reuse(101, original_words=333),
         fix=("cut at least 2 reused words of the original", "keep at most 99 of its 333 words")),
    Case("full-copy", "max-share", ("fail",), CAP, reuse(200, candidate_words=200),
         fix=("cut at least 140 reused words of the original", "keep at most 60 of its 200 words")),
    Case("zero-cap", "max-share", ("fail",), {"max_share_of_original": 0.0}, reuse(10),
         fix=("cut at least 10 reused words of the original", "keep at most 0 of its 200 words")),
    Case("permission-does-not-waive", "max-share", ("fail",), {**CAP, "waived_by_permission": False}, reuse(150),
         permission="valid", fix=("cut at least 90 reused words of the original",),
         not_in_fix=("record a written permission",)),
    Case("expired-permission", "max-share", ("fail",), CAP, reuse(150), permission="expired",
         fix=("cut at least 90 reused words of the original", "or record a written permission"),
         message=("QM-2023-004 expired on 2024-03-01",), permission_named="QM-2023-004"),
    Case("candidate-cap-broken", "max-share", ("pass", "fail"), {**CAP, "max_share_of_candidate": 0.5},
         reuse(40, candidate_reused=90, candidate_words=120),
         fix=("cut at least 60 reused words of the candidate",), message=("90 of the candidate's 120 words",)),
    Case("candidate-cap-small", "max-share", ("pass", "fail"), {**CAP, "max_share_of_candidate": 0.5},
         reuse(7, original_words=100, candidate_reused=7, candidate_words=10),
         fix=("cut at least 4 reused words of the candidate",)),
    Case("candidate-cap-zero", "max-share", ("pass", "fail"), {**CAP, "max_share_of_candidate": 0.0},
         reuse(30, candidate_reused=30, candidate_words=120),
         fix=("cut at least 30 reused words of the candidate",)),
    Case("both-caps-broken", "max-share", ("fail", "fail"), {**CAP, "max_share_of_candidate": 0.5},
         reuse(100, candidate_reused=100, candidate_words=150),
         fix=("cut at least 40 reused words of the original", "cut at least 50 reused words of the candidate")),
    Case("candidate-cap-expired", "max-share", ("pass", "fail"), {**CAP, "max_share_of_candidate": 0.5},
         reuse(40, candidate_reused=90, candidate_words=120), permission="expired",
         fix=("cut at least 60 reused words of the candidate",), permission_named="QM-2023-004"),
]

RELINK = [
    "https://www.qazmonitor.com/news/2024/05/tram-line-approved/",
    "http://QAZMONITOR.COM/news/2024/05/tram-line-approved",
    "https://qazmonitor.com:443/news/2024/05/tram-line-approved",
    "https://qazmonitor.com/news/2024/05/tram-line-approved?utm_source=telegram&utm_medium=social",
    "https://qazmonitor.com/news/2024/05/tram-line-approved#comments",
    "https://qazmonitor.com/news/2024/05/tram-line-approved?fbclid=IwAR0xyz",
    "https://qazmonitor.com/news/2024/05/tram-line-approved/amp",
    "https://amp.qazmonitor.com/news/2024/05/tram-line-approved",
    "https://qazmonitor.com/news/2024/05/tram-line-approved?amp=1",
    "https://m.qazmonitor.com/news/2024/05/tram-line-approved",
]
ADD_LINK = f"add a hyperlink to {ORIGINAL_URL}"
HYPERLINK = [
    # should pass
    Case("exact-url", "hyperlink", ("pass",), candidate=markdown(ORIGINAL_URL), message=("paragraph 1",)),
    *[Case(f"normalised-{i}", "hyperlink", ("pass",), candidate=markdown(url)) for i, url in enumerate(RELINK)],
    Case("original-url-with-tracking", "hyperlink", ("pass",), candidate=markdown(ORIGINAL_URL),
         url="https://www.qazmonitor.com/news/2024/05/tram-line-approved/?utm_campaign=share"),
    Case("domain-only-other-article", "hyperlink", ("pass",), {"domain_only": True}, candidate=markdown(OTHER_ARTICLE)),
    Case("domain-only-home-page", "hyperlink", ("pass",), {"domain_only": True},
         candidate=markdown("https://www.qazmonitor.com/")),
    Case("domain-only-unknown-url", "hyperlink", ("pass",), {"domain_only": True}, url=None,
         candidate=markdown(OTHER_ARTICLE)),
    Case("nofollow-allowed", "hyperlink", ("pass",), candidate=markdown(ORIGINAL_URL, rel="nofollow")),
    Case("noopener-with-forbid-nofollow", "hyperlink", ("pass",), {"forbid_nofollow": True},
         candidate=markdown(ORIGINAL_URL, rel="noopener noreferrer")),
    Case("within-first-paragraph", "hyperlink", ("pass",), {"within_paragraphs": 2},
         candidate=markdown(ORIGINAL_URL, paragraph=1)),
    Case("within-last-allowed-paragraph", "hyperlink", ("pass",), {"within_paragraphs": 2},
         candidate=markdown(ORIGINAL_URL, paragraph=2), message=("paragraph 2",)),
    Case("within-paragraphs-after-a-bare-url", "hyperlink", ("pass",), {"within_paragraphs": 3},
         candidate=markdown(ORIGINAL_URL, paragraph=3,
                            before="The timetable is at https://ferries.example/timetable for readers."),
         message=("paragraph 3",)),
    Case("bare-url-accepted", "hyperlink", ("pass",), {"accept_bare_url": True},
         candidate=markdown(ORIGINAL_URL, bare=True)),
    Case("bare-url-in-plain-text-accepted", "hyperlink", ("pass",), {"accept_bare_url": True},
         candidate=parse_document(f"{OWN_PARAGRAPHS[0]}\n\nRead the original: {ORIGINAL_URL}.", "candidate.txt",
                                  "text")),
    Case("bare-www-url-accepted", "hyperlink", ("pass",), {"accept_bare_url": True},
         candidate=markdown("www.qazmonitor.com/news/2024/05/tram-line-approved", bare=True)),
    Case("no-reuse-no-link-needed", "hyperlink", ("not-applicable",), overlap=reuse(0)),
    Case("not-used-no-link-needed", "hyperlink", ("not-applicable",), overlap=incidental(12),
         message=("Does not use the original",)),
    Case("below-min-share", "hyperlink", ("not-applicable",), {"min_share_of_original": 0.1}, reuse(10)),
    Case("at-min-share", "hyperlink", ("not-applicable",), {"min_share_of_original": 0.1}, reuse(20)),
    Case("waived-by-permission", "hyperlink", ("waived",), {"waived_by_permission": True}, permission="valid",
         permission_named="QM-2025-011"),
    # should fail
    Case("no-link", "hyperlink", ("fail",), fix=(ADD_LINK,)),
    Case("above-min-share-no-link", "hyperlink", ("fail",), {"min_share_of_original": 0.1}, reuse(21),
         fix=(ADD_LINK,)),
    Case("link-to-another-site", "hyperlink", ("fail",),
         candidate=markdown("https://steppecourier.example/news/2024/05/tram-line-approved"), fix=(ADD_LINK,)),
    Case("link-to-lookalike-domain", "hyperlink", ("fail",),
         candidate=markdown("https://qazmonitor.com.example.net/news/2024/05/tram-line-approved"), fix=(ADD_LINK,)),
    Case("wrong-article-same-domain", "hyperlink", ("fail",), candidate=markdown(OTHER_ARTICLE),
         fix=(f"link to the original article {ORIGINAL_URL}",), message=(OTHER_ARTICLE,)),
    Case("domain-only-other-domain", "hyperlink", ("fail",), {"domain_only": True},
         candidate=markdown("https://steppecourier.example/news/x"),
         fix=("add a hyperlink to a page of qazmonitor.com",)),
    Case("nofollow-forbidden", "hyperlink", ("fail",), {"forbid_nofollow": True},
         candidate=markdown(ORIGINAL_URL, rel="nofollow"),
         fix=(f'remove rel="nofollow" from the link to {ORIGINAL_URL}',)),
    Case("ugc-forbidden", "hyperlink", ("fail",), {"forbid_nofollow": True},
         candidate=markdown(ORIGINAL_URL, rel="ugc"), fix=('remove rel="ugc"',)),
    Case("sponsored-forbidden", "hyperlink", ("fail",), {"forbid_nofollow": True},
         candidate=markdown(ORIGINAL_URL, rel="sponsored"), fix=('remove rel="sponsored"',)),
    Case("link-too-far-down", "hyperlink", ("fail",), {"within_paragraphs": 2},
         candidate=markdown(ORIGINAL_URL, paragraph=4),
         fix=(f"move the link to {ORIGINAL_URL} into the first 2 paragraphs",), message=("paragraph 4",)),
    Case("link-not-in-first-paragraph", "hyperlink", ("fail",), {"within_paragraphs": 1},
         candidate=markdown(ORIGINAL_URL, paragraph=2), fix=("into the first 1 paragraph",)),
    Case("bare-url-refused", "hyperlink", ("fail",), candidate=markdown(ORIGINAL_URL, bare=True),
         fix=(f"turn the URL into a hyperlink to {ORIGINAL_URL}",)),
    Case("bare-url-in-plain-text-refused", "hyperlink", ("fail",),
         candidate=parse_document(f"{OWN_PARAGRAPHS[0]}\n\nRead the original: {ORIGINAL_URL}.", "candidate.txt",
                                  "text"), fix=("turn the URL into a hyperlink",)),
    Case("unknown-original-url", "hyperlink", ("fail",), url=None, domains=(), candidate=markdown(ORIGINAL_URL),
         fix=("give the original's URL",)),
    Case("unknown-original-url-not-domain-only", "hyperlink", ("fail",), url=None,
         candidate=markdown(ORIGINAL_URL), fix=("give the original's URL",)),
    Case("permission-does-not-waive-by-default", "hyperlink", ("fail",), permission="valid", fix=(ADD_LINK,)),
    Case("expired-permission-does-not-waive", "hyperlink", ("fail",), {"waived_by_permission": True},
         permission="expired", fix=(ADD_LINK,)),
]

ABOVE = {"above_share_of_original": 0.90}
PERMISSION_REQUIRED = [
    # should pass
    Case("half-copied", "permission-required", ("not-applicable",), ABOVE, reuse(100)),
    Case("at-threshold", "permission-required", ("not-applicable",), ABOVE, reuse(180)),
    Case("no-reuse", "permission-required", ("not-applicable",), ABOVE, reuse(0)),
    Case("not-used", "permission-required", ("not-applicable",), ABOVE, incidental(195),
         message=("Does not use the original",)),
    Case("full-copy-valid-permission", "permission-required", ("pass",), ABOVE, reuse(200), permission="valid",
         permission_named="QM-2025-011", message=("QM-2025-011", "2025-01-10", "2025-12-31")),
    Case("valid-beside-expired", "permission-required", ("pass",), ABOVE, reuse(195), permission="valid+expired",
         permission_named="QM-2025-011"),
    # should fail
    Case("full-copy-no-permission", "permission-required", ("fail",), ABOVE, reuse(200),
         fix=(f"record a written permission from {PUBLISHER}", "or cut the reuse to at most 90.0% of the original")),
    Case("just-above-threshold", "permission-required", ("fail",), ABOVE, reuse(181),
         fix=("record a written permission",)),
    Case("full-copy-expired-permission", "permission-required", ("fail",), ABOVE, reuse(200), permission="expired",
         fix=(f"renew permission QM-2023-004 with {PUBLISHER}",), message=("QM-2023-004 expired on 2024-03-01",),
         permission_named="QM-2023-004"),
    Case("lower-threshold", "permission-required", ("fail",), {"above_share_of_original": 0.5}, reuse(120),
         fix=("cut the reuse to at most 50.0% of the original",)),
]

TABLES = {"max-share": MAX_SHARE, "hyperlink": HYPERLINK, "permission-required": PERMISSION_REQUIRED}
ALL_CASES = [case for table in TABLES.values() for case in table]


@pytest.mark.parametrize("case", ALL_CASES, ids=[f"{c.kind}:{c.name}" for c in ALL_CASES])
def test_rule_kind_table(case: Case) -> None:
    findings = findings_for(case)
    assert tuple(f.status for f in findings) == case.statuses, [f.message for f in findings]
    rule = rule_for(case)
    for f in findings:
        assert (f.rule, f.kind, f.severity, f.clause) == (rule.id, case.kind, "error", rule.clause)
        assert f.message
        if f.failed:
            assert f.fix, f
        else:
            assert f.fix is None, f
    fixes = " | ".join(f.fix or "" for f in findings if f.failed)
    for needle in case.fix:
        assert needle in fixes
    for needle in case.not_in_fix:
        assert needle not in fixes
    messages = " | ".join(f.message for f in findings)
    for needle in case.message:
        assert needle in messages
    if case.permission_named is not None:
        assert any(f.permission == case.permission_named for f in findings)


def test_every_rule_kind_has_a_table() -> None:
    assert set(TABLES) == set(REGISTRY)
    assert {case.kind for case in ALL_CASES} == set(REGISTRY)
    for kind, table in TABLES.items():
        assert all(case.kind == kind for case in table)
        assert any("fail" in case.statuses for case in table), kind
        assert any("fail" not in case.statuses for case in table), kind
        names = [case.name for case in table]
        assert len(names) == len(set(names)), kind


def test_max_share_finding_carries_measured_and_limit() -> None:
    finding = findings_for(next(c for c in MAX_SHARE if c.name == "over-cap"))[0]  # 80 of 200
    assert finding.measured == pytest.approx(0.4)
    assert finding.limit == pytest.approx(0.30)
    assert finding.to_dict()["fix"] == finding.fix


@settings(max_examples=200, deadline=None)
@given(total=st.integers(1, 2000), data=st.data(), percent=st.integers(0, 100), candidate_side=st.booleans())
def test_max_share_fix_names_the_fewest_words_to_cut(total: int, data: st.DataObject, percent: int,
                                                     candidate_side: bool) -> None:
    """Cutting the number of words the fix names complies with the cap; one fewer does not."""
    cap = percent / 100
    reused = data.draw(st.integers(0, total))
    if candidate_side:
        options: dict[str, object] = {"max_share_of_original": 1.0, "max_share_of_candidate": cap}
        overlap = reuse(1, original_words=1, candidate_reused=reused, candidate_words=total) if reused else reuse(0)
    else:
        options = {"max_share_of_original": cap}
        overlap = reuse(reused, original_words=total)
    case = Case("generated", "max-share", (), options, overlap)
    finding = findings_for(case)[-1]
    if reused == 0:
        assert finding.status == "not-applicable"  # nothing shared: the candidate does not use the original
        return
    if reused / total <= cap:
        assert finding.status == "pass"
        return
    assert finding.status == "fail"
    assert finding.fix is not None
    match = re.search(r"cut at least (\d+) reused words", finding.fix)
    assert match is not None
    cut = int(match.group(1))
    assert 1 <= cut <= reused
    if candidate_side:
        # Cutting a reused word shortens the candidate too.
        if cut < total:
            assert (reused - cut) / (total - cut) <= cap
        assert (reused - cut + 1) / (total - cut + 1) > cap
    else:
        assert (reused - cut) / total <= cap
        assert (reused - cut + 1) / total > cap
        assert f"keep at most {reused - cut} of its {total} words" in finding.fix
        assert finding.measured == round(reused / total, 4)


# --- every shipped pack, end to end through engine.check ----------------------------------------------

STORY = [
    "Ferry service across the Caspian between Aktau and Baku resumed on Monday after a four-month pause "
    "caused by repairs at the port's main loading ramp.",
    "The first vessel left Aktau shortly after dawn carrying forty-two lorries, two hundred passengers and a "
    "cargo of rolled steel bound for Georgia.",
    "Port director Samat Yessenov said the repaired ramp could now handle heavier trucks and would cut loading "
    "times by almost a third.",
    "Hauliers welcomed the news but complained that ticket prices had risen by fifteen percent since the spring, "
    "making the route barely profitable.",
    "The operator plans to add a second weekly sailing in July if demand holds, and is negotiating with Turkmen "
    "partners about a service to Turkmenbashi.",
]
OWN = [
    "Truck drivers in Mangystau can plan their routes across the sea again.",
    "Logistics firms in Atyrau told our correspondent they expect shorter queues at the border before harvest.",
    "Our reporter will travel on one of the crossings next week and describe the journey.",
    "Readers who have used the route are invited to write to the newsroom about prices and delays.",
    "A fuller guide to timetables and fares will follow in the Saturday edition.",
]
TODAY = dt.date(2026, 3, 1)


def story_url(pack_id: str) -> str:
    domain = find_pack(pack_id).domains[0]
    return f"https://www.{domain}/news/2026/02/caspian-ferry-resumes"


def original_for(pack_id: str) -> Document:
    front = f"---\ntitle: Caspian ferry resumes\nurl: {story_url(pack_id)}\n---\n\n"
    return parse_document(front + "\n\n".join(STORY), "original.md", "markdown")


def candidate(pack_id: str, *, copied: list[int], link: str | None = "original", link_paragraph: int = 1,
              rel: str | None = None, permission: str = "") -> Document:
    """Own paragraphs with the STORY paragraphs `copied` after the first, and a link in `link_paragraph`."""
    url = {"original": story_url(pack_id), "other": story_url(pack_id).replace("caspian-ferry", "bus-fares"),
           None: None}[link]
    body = [OWN[0], *(STORY[i] for i in copied), *OWN[1:]]
    if url is not None:
        anchor = "as the publisher reported"
        i = link_paragraph - 1
        if rel is None:
            body[i] += f" The news came [{anchor}]({url})."
        else:
            body[i] += f' The news came <a href="{url}" rel="{rel}">{anchor}</a>.'
    front = f"---\ntitle: Ferries are back\npublisher: Prairie Wire\n{permission}---\n\n"
    return parse_document(front + "\n\n".join(body), "candidate.md", "markdown")


VALID_FRONT = "permission:\n  reference: PW-2026-007\n  granted: 2026-01-15\n  expires: 2026-12-31\n"
EXPIRED_FRONT = "permission:\n  reference: PW-2024-002\n  granted: 2024-01-15\n  expires: 2025-01-15\n"

CANDIDATES = {
    "one-paragraph-with-link": {"copied": [2]},
    "nofollow-link": {"copied": [2], "rel": "nofollow"},
    "link-in-fifth-paragraph": {"copied": [2], "link_paragraph": 5},
    "full-copy-with-permission": {"copied": [0, 1, 2, 3, 4], "permission": VALID_FRONT},
    "one-paragraph-no-link": {"copied": [2], "link": None},
    "one-paragraph-wrong-article": {"copied": [2], "link": "other"},
    "three-paragraphs-with-link": {"copied": [0, 2, 4]},
    "full-copy-no-link": {"copied": [0, 1, 2, 3, 4], "link": None},
    "full-copy-expired-permission": {"copied": [0, 1, 2, 3, 4], "permission": EXPIRED_FRONT},
}

# The rules each candidate breaks under each shipped pack: an empty set is a compliant candidate.
PACK_CASES: dict[str, dict[str, set[str]]] = {
    "qazmonitor": {
        "one-paragraph-with-link": set(),
        "nofollow-link": set(),
        "link-in-fifth-paragraph": set(),
        "full-copy-with-permission": set(),
        "one-paragraph-no-link": {"hyperlink"},
        "one-paragraph-wrong-article": {"hyperlink"},
        "three-paragraphs-with-link": {"share-cap"},
        "full-copy-no-link": {"share-cap", "hyperlink", "full-article-permission"},
        "full-copy-expired-permission": {"share-cap", "full-article-permission"},
    },
    "steppe-courier": {
        "one-paragraph-with-link": set(),
        "full-copy-with-permission": set(),
        "nofollow-link": {"active-link"},
        "link-in-fifth-paragraph": {"active-link"},
        "one-paragraph-no-link": {"active-link"},
        "one-paragraph-wrong-article": {"active-link"},
        "three-paragraphs-with-link": {"share-cap"},
        "full-copy-no-link": {"share-cap", "active-link", "full-republication"},
        "full-copy-expired-permission": {"share-cap", "full-republication"},
    },
}


def test_every_shipped_pack_has_pass_and_fail_cases() -> None:
    assert set(PACK_CASES) == set(packaged_packs())
    for pack_id, cases in PACK_CASES.items():
        assert any(not broken for broken in cases.values()), pack_id
        assert any(broken for broken in cases.values()), pack_id
        rule_ids = {rule.id for rule in find_pack(pack_id).rules}
        broken_somewhere = set().union(*cases.values())
        assert broken_somewhere == rule_ids, f"{pack_id}: every rule should fail in some case"


@pytest.mark.parametrize(("pack_id", "name"), [(p, n) for p, cases in PACK_CASES.items() for n in cases])
def test_shipped_pack_end_to_end(pack_id: str, name: str) -> None:
    expected = PACK_CASES[pack_id][name]
    cand = candidate(pack_id, **CANDIDATES[name])  # type: ignore[arg-type]
    original = original_for(pack_id)
    for pack in (find_pack(pack_id), None):  # given, then picked by the original's URL
        report = engine.check([cand], [original], pack=pack, today=TODAY)
        checked = report.candidates[0].originals[0]
        assert checked.pack.id == pack_id
        broken = {f.rule for f in checked.findings if f.failed}
        assert broken == expected, [(f.rule, f.status, f.message) for f in checked.findings]
        assert report.verdict == ("violation" if expected else "compliant")
        for f in checked.findings:
            if f.failed:
                assert f.fix
