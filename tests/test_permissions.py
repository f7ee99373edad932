"""Written permissions: the ledger, the front-matter block, what a permission covers, valid or expired."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from reusecheck.documents import Document, parse_document
from reusecheck.documents.model import from_text
from reusecheck.errors import InputError, PermissionFileError, ReusecheckError
from reusecheck.permissions import Permission, PermissionStatus, from_front_matter, load_ledger, status

ARTICLE = "https://qazmonitor.com/news/2024/05/tram-line-approved"
OTHER_ARTICLE = "https://qazmonitor.com/news/2024/05/bus-fares-rise"
NAMES = {"qazmonitor", "the qazaqstan monitor"}
"""The names a permission may give the publisher: the pack's id, name and publisher, casefolded."""

BODY = "Drivers in Karaganda will soon have one more reason to leave the car at home, the city says."

LEDGER = """\
# Written permissions held by Prairie Wire.
permissions:
  - publisher: qazmonitor
    article: https://www.qazmonitor.com/news/2024/05/tram-line-approved/
    grantee: Prairie Wire
    reference: QM-2024-017
    granted: 2024-03-01
    expires: 2025-03-01
    note: Full republication agreed by letter from the editor.
  - publisher: The Qazaqstan Monitor
    article: "*"
    reference: QM-2024-020
    granted: 2024-05-10
  - reference: 4411
    granted: 2024-06-01T09:30:00
    expires: null
"""


def write(tmp_path: Path, text: str, name: str = "ledger.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def candidate(front: str = "", source: str = "candidate.md") -> Document:
    text = f"---\n{front}---\n\n{BODY}" if front else BODY
    return parse_document(text, source, "markdown")


def permission(reference: str = "QM-1", *, granted: dt.date = dt.date(2024, 3, 1), expires: dt.date | None = None,
               publisher: str | None = "qazmonitor", article: str | None = None,
               grantee: str | None = None) -> Permission:
    return Permission(reference=reference, granted=granted, expires=expires, publisher=publisher, article=article,
                      grantee=grantee, source="ledger.yaml")


# --- the ledger ---------------------------------------------------------------------------------------


def test_valid_ledger_loads(tmp_path: Path) -> None:
    path = write(tmp_path, LEDGER)
    first, second, third = load_ledger(path)
    assert first == Permission(reference="QM-2024-017", granted=dt.date(2024, 3, 1), expires=dt.date(2025, 3, 1),
                               publisher="qazmonitor",
                               article="https://www.qazmonitor.com/news/2024/05/tram-line-approved/",
                               grantee="Prairie Wire", source=str(path))
    # "*" stands for every article; no publisher means any.
    assert (second.reference, second.publisher, second.article, second.expires) == (
        "QM-2024-020", "The Qazaqstan Monitor", None, None)
    assert (third.reference, third.publisher, third.granted, third.expires) == ("4411", None, dt.date(2024, 6, 1), None)


def test_load_ledger_accepts_a_string_path(tmp_path: Path) -> None:
    path = write(tmp_path, LEDGER)
    assert load_ledger(str(path)) == load_ledger(path)


def test_empty_permission_list_is_fine(tmp_path: Path) -> None:
    assert load_ledger(write(tmp_path, "permissions: []\n")) == ()


ENTRY = "permissions:\n  - reference: QM-1\n    granted: 2024-05-01\n"

# (name, ledger text, line, key, words the message must hold)
BAD_LEDGERS = [
    ("unknown-key", ENTRY + "    expiry: 2025-01-01\n", 4, "permissions[0].expiry", ["unknown key 'expiry'"]),
    ("missing-reference", ENTRY + "  - publisher: qazmonitor\n    granted: 2024-05-01\n", 4, "permissions[1]",
     ["'reference' is required"]),
    ("missing-granted", "permissions:\n  - reference: QM-1\n    expires: 2025-01-01\n", 2, "permissions[0]",
     ["'granted' is required"]),
    ("empty-reference", "permissions:\n  - reference: ''\n    granted: 2024-05-01\n", 2, "permissions[0].reference",
     ["reference"]),
    ("reference-not-a-string", "permissions:\n  - reference: [QM, 1]\n    granted: 2024-05-01\n", 2,
     "permissions[0].reference", ["string"]),
    ("date-in-words", "permissions:\n  - reference: QM-1\n    granted: last spring\n", 3, "permissions[0].granted",
     ["YYYY-MM-DD", "last spring"]),
    ("date-day-month-year", "permissions:\n  - reference: QM-1\n    granted: 01.03.2024\n", 3,
     "permissions[0].granted", ["YYYY-MM-DD"]),
    ("impossible-day", "permissions:\n  - reference: QM-1\n    granted: 2024-02-30\n", 3, "permissions[0].granted",
     ["YYYY-MM-DD"]),
    ("impossible-month", ENTRY + "    expires: 2025-13-01\n", 4, "permissions[0].expires", ["YYYY-MM-DD"]),
    ("expires-before-granted", ENTRY + "    expires: 2024-04-30\n", 4, "permissions[0].expires",
     ["expires is before granted"]),
    ("entry-not-a-mapping", "permissions:\n  - QM-1 granted in May\n", 2, "permissions[0]", ["mapping"]),
    ("top-level-list", "- reference: QM-1\n  granted: 2024-05-01\n", 1, None, ["permissions"]),
    ("other-top-level-key", "grants:\n  - reference: QM-1\n    granted: 2024-05-01\n", 1, None, ["permissions"]),
    ("extra-top-level-key", ENTRY + "owner: Prairie Wire\n", 1, None, ["permissions"]),
    ("permissions-not-a-list", "permissions:\n  reference: QM-1\n  granted: 2024-05-01\n", 1, None, ["list"]),
    ("duplicate-key", ENTRY + "    granted: 2024-06-01\n", 4, "permissions[0].granted", ["duplicate key 'granted'"]),
    ("yaml-syntax", "permissions:\n  - reference: QM-1\n    granted: [2024-05-01\n", 4, None, ["not valid YAML"]),
]


@pytest.mark.parametrize(("name", "text", "line", "key", "needles"), BAD_LEDGERS, ids=[b[0] for b in BAD_LEDGERS])
def test_bad_ledger_names_file_line_and_key(tmp_path: Path, name: str, text: str, line: int, key: str | None,
                                            needles: list[str]) -> None:
    path = write(tmp_path, text, f"{name}.yaml")
    with pytest.raises(PermissionFileError) as caught:
        load_ledger(path)
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


@pytest.mark.parametrize("text", ["", "# no permissions yet\n"], ids=["empty", "comment-only"])
def test_empty_ledger_is_an_error(tmp_path: Path, text: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(PermissionFileError) as caught:
        load_ledger(path)
    assert str(path) in str(caught.value)


def test_missing_ledger_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "absent.yaml"
    with pytest.raises(PermissionFileError) as caught:
        load_ledger(path)
    assert str(path) in str(caught.value)


# --- front matter -------------------------------------------------------------------------------------


def test_front_matter_permission() -> None:
    doc = candidate("source: https://qazmonitor.com/news/2024/05/tram-line-approved\npermission:\n"
                    "  reference: QM-2025-031\n  granted: 2025-06-01\n  expires: 2025-12-31\n"
                    "  note: Agreed by phone, letter to follow.\n")
    assert from_front_matter(doc) == Permission(reference="QM-2025-031", granted=dt.date(2025, 6, 1),
                                                expires=dt.date(2025, 12, 31), publisher=None, article=None,
                                                grantee=None, source="candidate.md")


def test_front_matter_permission_may_name_publisher_and_article() -> None:
    doc = candidate(f"permission:\n  reference: QM-7\n  granted: 2025-06-01\n  publisher: qazmonitor\n"
                    f"  article: {ARTICLE}\n")
    found = from_front_matter(doc)
    assert found is not None
    assert (found.publisher, found.article, found.expires) == ("qazmonitor", ARTICLE, None)


def test_no_front_matter_permission() -> None:
    assert from_front_matter(candidate()) is None
    assert from_front_matter(candidate("title: Trams\npublisher: Prairie Wire\n")) is None


@pytest.mark.parametrize(("block", "key", "needle"), [
    ("permission:\n  reference: QM-7\n  granted: 2025-06-01\n  grantee: Prairie Wire\n", "permission.grantee",
     "unknown key 'grantee'"),
    ("permission:\n  reference: QM-7\n", "permission", "'granted' is required"),
    ("permission:\n  reference: QM-7\n  granted: soon\n", "permission.granted", "YYYY-MM-DD"),
    ("permission: granted by the editor\n", "permission", "mapping"),
])
def test_bad_front_matter_permission_names_candidate_and_key(block: str, key: str, needle: str) -> None:
    # Refused as the draft is read, while the lines of its front matter are known.
    with pytest.raises(InputError) as caught:
        candidate(block, source="drafts/trams.md")
    assert caught.value.line is not None and caught.value.line >= 2
    assert caught.value.path == "drafts/trams.md"
    assert caught.value.key == key
    assert str(caught.value).startswith("drafts/trams.md")
    assert needle in str(caught.value)


def test_impossible_date_in_front_matter_is_a_reported_error() -> None:
    """A date YAML reads as a timestamp but the calendar lacks must be an input error, not a crash."""
    with pytest.raises(ReusecheckError) as caught:
        from_front_matter(candidate("permission:\n  reference: QM-7\n  granted: 2025-02-30\n",
                                    source="drafts/trams.md"))
    assert "drafts/trams.md" in str(caught.value)


# --- what a permission covers -------------------------------------------------------------------------


@pytest.mark.parametrize(("publisher", "covered"), [
    ("qazmonitor", True),
    ("QazMonitor", True),
    ("The Qazaqstan Monitor", True),
    (None, True),
    ("steppe-courier", False),
    ("The Steppe Courier", False),
])
def test_covers_by_publisher(publisher: str | None, covered: bool) -> None:
    assert permission(publisher=publisher).covers(NAMES, ARTICLE, candidate()) is covered


@pytest.mark.parametrize(("article", "url", "covered"), [
    (ARTICLE, ARTICLE, True),
    ("https://www.qazmonitor.com/news/2024/05/tram-line-approved/", ARTICLE, True),
    ("http://QAZMONITOR.com/news/2024/05/tram-line-approved#top", ARTICLE, True),
    (ARTICLE, f"{ARTICLE}?utm_source=telegram", True),
    (ARTICLE, "https://amp.qazmonitor.com/news/2024/05/tram-line-approved", True),
    (ARTICLE, OTHER_ARTICLE, False),
    (ARTICLE, None, False),
    (None, ARTICLE, True),
    (None, OTHER_ARTICLE, True),
    (None, None, True),
])
def test_covers_by_article(article: str | None, url: str | None, covered: bool) -> None:
    assert permission(article=article).covers(NAMES, url, candidate()) is covered


@pytest.mark.parametrize(("grantee", "outlet", "covered"), [
    ("Prairie Wire", "Prairie Wire", True),
    ("Prairie Wire", "prairie wire", True),
    ("Prairie Wire", "Steppe Daily", False),
    ("Prairie Wire", "Prairie Wire Weekly", False),
    # A draft that does not say who republishes it could be anyone's: another outlet's grant is not its.
    ("Prairie Wire", None, False),
    ("Prairie Wire", "''", False),
    (None, "Steppe Daily", True),
    (None, None, True),
])
def test_covers_by_grantee(grantee: str | None, outlet: str | None, covered: bool) -> None:
    front = f"publisher: {outlet}\n" if outlet else ""
    assert permission(grantee=grantee).covers(NAMES, ARTICLE, candidate(front)) is covered


@pytest.mark.parametrize("value", [2024, ["Prairie Wire"], {"name": "Prairie Wire"}, True],
                         ids=["number", "list", "mapping", "boolean"])
def test_publisher_that_is_not_a_string_names_no_grantee(value: object) -> None:
    """Its text form may equal the grantee's, but a value of the wrong type must never match.

    Reading a file refuses such a value; a Document built in code may still hold one.
    """
    doc = from_text(BODY, source="candidate.md", front_matter={"publisher": value})
    assert not permission(grantee="2024").covers(NAMES, ARTICLE, doc)
    assert not permission(grantee="['Prairie Wire']").covers(NAMES, ARTICLE, doc)
    assert not permission(grantee="Prairie Wire").covers(NAMES, ARTICLE, doc)
    assert permission(grantee=None).covers(NAMES, ARTICLE, doc)
    assert status((permission(grantee="2024"),), NAMES, ARTICLE, doc, dt.date(2025, 6, 1)).outlet is None


def test_grantee_and_publisher_compare_without_case_or_surrounding_space() -> None:
    doc = candidate("publisher: '  PRAIRIE wire '\n")
    assert permission(grantee=" Prairie Wire").covers(NAMES, ARTICLE, doc)
    assert status((), NAMES, ARTICLE, doc, dt.date(2025, 6, 1)).outlet == "PRAIRIE wire"


def test_front_matter_permission_covers_a_draft_without_publisher() -> None:
    doc = candidate("permission:\n  reference: QM-FM\n  granted: 2025-06-01\n")
    front = from_front_matter(doc)
    assert front is not None and front.covers(NAMES, ARTICLE, doc)


def test_ledger_entry_covers_what_it_names(tmp_path: Path) -> None:
    first, second, third = load_ledger(write(tmp_path, LEDGER))
    ours, theirs = candidate("publisher: Prairie Wire\n"), candidate("publisher: Steppe Daily\n")
    assert first.covers(NAMES, ARTICLE, ours)
    assert not first.covers(NAMES, ARTICLE, theirs)
    assert not first.covers(NAMES, OTHER_ARTICLE, ours)
    assert second.covers(NAMES, OTHER_ARTICLE, theirs)  # the whole publisher, anyone
    assert not second.covers({"steppe-courier"}, OTHER_ARTICLE, theirs)
    assert third.covers({"steppe-courier"}, None, theirs)  # no publisher, no article: anything
    anonymous = candidate()
    assert not first.covers(NAMES, ARTICLE, anonymous)
    assert second.covers(NAMES, ARTICLE, anonymous)
    assert third.covers(NAMES, ARTICLE, anonymous)


# --- valid or expired on a day ------------------------------------------------------------------------

YEAR = permission("QM-YEAR", granted=dt.date(2024, 3, 1), expires=dt.date(2025, 3, 1))
OPEN = permission("QM-OPEN", granted=dt.date(2024, 5, 10))
LATER = permission("QM-LATER", granted=dt.date(2026, 1, 1), expires=dt.date(2026, 12, 31))
ELSEWHERE = permission("SC-9", publisher="steppe-courier", granted=dt.date(2020, 1, 1))
OLD = permission("QM-OLD", granted=dt.date(2022, 1, 1), expires=dt.date(2023, 1, 1))


@pytest.mark.parametrize(("held", "today", "valid", "expired"), [
    ((YEAR,), dt.date(2024, 12, 1), "QM-YEAR", ()),
    ((YEAR,), dt.date(2024, 3, 1), "QM-YEAR", ()),  # valid from the day it was granted
    ((YEAR,), dt.date(2025, 3, 1), "QM-YEAR", ()),  # ... up to and including the expiry day
    ((YEAR,), dt.date(2025, 3, 2), None, ("QM-YEAR",)),
    ((YEAR,), dt.date(2024, 2, 29), None, ()),  # not granted yet
    ((OPEN,), dt.date(2040, 1, 1), "QM-OPEN", ()),  # no expiry
    ((LATER,), dt.date(2025, 6, 1), None, ()),
    ((ELSEWHERE,), dt.date(2025, 6, 1), None, ()),  # another publisher's permission bears on nothing
    ((OLD, YEAR), dt.date(2024, 12, 1), "QM-YEAR", ("QM-OLD",)),
    ((OLD, YEAR, OPEN), dt.date(2025, 6, 1), "QM-OPEN", ("QM-OLD", "QM-YEAR")),
    ((), dt.date(2025, 6, 1), None, ()),
])
def test_status_on_a_day(held: tuple[Permission, ...], today: dt.date, valid: str | None,
                         expired: tuple[str, ...]) -> None:
    result = status(held, NAMES, ARTICLE, candidate(), today)
    assert (result.valid.reference if result.valid else None) == valid
    assert tuple(p.reference for p in result.expired) == expired


def test_expired_on() -> None:
    assert not YEAR.expired_on(dt.date(2025, 3, 1))
    assert YEAR.expired_on(dt.date(2025, 3, 2))
    assert not OPEN.expired_on(dt.date(2099, 1, 1))


def test_status_of_a_ledger_and_front_matter(tmp_path: Path) -> None:
    held = load_ledger(write(tmp_path, LEDGER))
    doc = candidate("publisher: Prairie Wire\npermission:\n  reference: QM-FM\n  granted: 2025-06-01\n")
    front = from_front_matter(doc)
    assert front is not None
    before = status(held, NAMES, ARTICLE, doc, dt.date(2024, 4, 1))
    assert before.valid is not None and before.valid.reference == "QM-2024-017"
    after = status((*held, front), NAMES, ARTICLE, doc, dt.date(2025, 7, 1))
    assert after.valid is not None and after.valid.reference == "QM-2024-020"
    assert [p.reference for p in after.expired] == ["QM-2024-017"]
    only_front = status((front,), NAMES, ARTICLE, doc, dt.date(2025, 7, 1))
    assert only_front.valid == front


# --- what waives nothing, and why ---------------------------------------------------------------------

DAY = dt.date(2026, 11, 28)
PRAIRIE = permission("QM-7", granted=dt.date(2026, 1, 1), grantee="Prairie Wire")
PRAIRIE_OLD = permission("QM-5", granted=dt.date(2024, 1, 1), expires=dt.date(2025, 1, 1), grantee="Prairie Wire")
NOMAD = permission("QM-8", granted=dt.date(2026, 2, 1), grantee="Nomad Daily")
SOON = permission("QM-9", granted=dt.date(2027, 1, 1))
LAPSED = permission("QM-3", granted=dt.date(2025, 1, 1), expires=dt.date(2025, 12, 31))
PRAIRIE_ELSEWHERE = permission("SC-4", publisher="steppe-courier", granted=dt.date(2026, 1, 1), grantee="Prairie Wire")
PRAIRIE_OTHER_ARTICLE = permission("QM-6", article=OTHER_ARTICLE, granted=dt.date(2026, 1, 1), grantee="Prairie Wire")


def refs(found: tuple[Permission, ...]) -> list[str]:
    return [p.reference for p in found]


@pytest.mark.parametrize(("front", "valid", "other", "outlet"), [
    ("publisher: Prairie Wire\n", "QM-7", ["QM-8"], "Prairie Wire"),
    ("publisher: Steppe Daily\n", None, ["QM-7", "QM-8"], "Steppe Daily"),
    ("", None, ["QM-7", "QM-8"], None),
])
def test_status_sorts_grants_by_grantee(front: str, valid: str | None, other: list[str], outlet: str | None) -> None:
    held = (PRAIRIE, NOMAD, PRAIRIE_ELSEWHERE, PRAIRIE_OTHER_ARTICLE)
    result = status(held, NAMES, ARTICLE, candidate(front), DAY)
    assert (result.valid.reference if result.valid else None) == valid
    # Another publisher's or another article's grant bears on nothing, whoever holds it.
    assert refs(result.other_grantee) == other
    assert (result.outlet, result.checked_on) == (outlet, DAY)
    assert (result.expired, result.not_yet_valid) == ((), ())


def test_status_puts_other_outlets_grants_valid_on_the_day_first() -> None:
    result = status((PRAIRIE_OLD, NOMAD, PRAIRIE), NAMES, ARTICLE, candidate("publisher: Steppe Daily\n"), DAY)
    assert refs(result.other_grantee) == ["QM-8", "QM-7", "QM-5"]


def test_status_not_yet_valid_is_only_the_candidates_own() -> None:
    late_prairie = permission("QM-10", granted=dt.date(2027, 3, 1), grantee="Prairie Wire")
    result = status((SOON, late_prairie, LAPSED), NAMES, ARTICLE, candidate("publisher: Steppe Daily\n"), DAY)
    assert result.valid is None
    assert refs(result.not_yet_valid) == ["QM-9"]
    assert refs(result.expired) == ["QM-3"]
    assert refs(result.other_grantee) == ["QM-10"]
    # The day the grant starts, it is valid and nothing else.
    starts = status((SOON,), NAMES, ARTICLE, candidate(), dt.date(2027, 1, 1))
    assert starts.valid == SOON and starts.not_yet_valid == () and starts.nearest is None


# (held, front matter, the kinds of unused permission nearest first)
NEAREST = [
    ((), "", []),
    ((PRAIRIE,), "publisher: Prairie Wire\n", []),  # valid: nothing to explain
    ((LAPSED,), "", [("expired", "QM-3")]),
    ((SOON, LAPSED), "", [("not-yet-valid", "QM-9"), ("expired", "QM-3")]),
    # A draft without `publisher:` beside another outlet's valid grant: the missing line comes first.
    ((LAPSED, SOON, PRAIRIE), "", [("other-grantee", "QM-7"), ("not-yet-valid", "QM-9"), ("expired", "QM-3")]),
    # The draft says it is someone else: its own grants, explained by a date, come first.
    ((PRAIRIE, LAPSED, SOON), "publisher: Steppe Daily\n",
     [("not-yet-valid", "QM-9"), ("expired", "QM-3"), ("other-grantee", "QM-7")]),
    # Another outlet's grant that is out of date anyway is the least likely fix.
    ((PRAIRIE_OLD, LAPSED), "", [("expired", "QM-3"), ("other-grantee", "QM-5")]),
    ((PRAIRIE_OLD,), "", [("other-grantee", "QM-5")]),
    ((NOMAD, PRAIRIE), "", [("other-grantee", "QM-8")]),  # one of each kind
]


@pytest.mark.parametrize(("held", "front", "expected"), NEAREST)
def test_unused_permissions_nearest_first(held: tuple[Permission, ...], front: str,
                                          expected: list[tuple[str, str]]) -> None:
    result = status(held, NAMES, ARTICLE, candidate(front), DAY)
    assert [(why, p.reference) for why, p in result.unused()] == expected
    assert (result.nearest.reference if result.nearest else None) == (expected[0][1] if expected else None)


def test_status_built_by_hand_keeps_its_old_shape() -> None:
    """Checks and tests build a PermissionStatus from `valid` and `expired` alone."""
    built = PermissionStatus(valid=None, expired=(LAPSED,))
    assert (built.not_yet_valid, built.other_grantee, built.outlet, built.checked_on) == ((), (), None, None)
    assert built.nearest == LAPSED
    # Without a check date, another outlet's grant counts as valid on it.
    assert PermissionStatus(valid=None, expired=(LAPSED,), other_grantee=(PRAIRIE_OLD,)).nearest == PRAIRIE_OLD
