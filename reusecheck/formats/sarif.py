"""SARIF 2.1.0 for code scanning: one result per failing finding, placed in the candidate's file.

GitHub code scanning keeps an alert open across runs by its fingerprint, so the fingerprint leaves out
line numbers: it names the rule, the file, the original and the reused words, and nothing that an edit
elsewhere in the file (or in another file) would change.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import quote

from reusecheck import __version__
from reusecheck.checks import Rule, tool
from reusecheck.documents.locate import Region
from reusecheck.formats.located import Located, Site, located, relative
from reusecheck.report import Report
from reusecheck.ruleset import RulePack

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SRCROOT = "%SRCROOT%"
FINGERPRINT = "reusecheck/v1"
_RELATED_LIMIT = 100
"""Related locations per result: a full copy can have hundreds of passages, and a viewer lists them all."""
_SNIPPET = 80


def render(report: Report, root: str | Path | None = None) -> str:
    """The report as a SARIF 2.1.0 log; file URIs are relative to `root` (the repository root)."""
    return json.dumps(sarif(report, root), indent=2, ensure_ascii=False) + "\n"


def sarif(report: Report, root: str | Path | None = None) -> dict[str, Any]:
    """The SARIF log as plain data."""
    rows = located(report)
    rules = _rules(report, rows)
    index = {rule["id"]: i for i, rule in enumerate(rules)}
    driver = {"name": "reusecheck", "version": __version__, "semanticVersion": __version__, "rules": rules}
    notes = [{"level": "warning", "message": {"text": note.message},
              "locations": [{"physicalLocation": {"artifactLocation": _artifact(note.source, root)}}]}
             for note in (*report.notes, *(n for c in report.candidates for n in c.notes))]
    problems = [*report.errors, *(p for c in report.candidates for p in c.errors)]
    notes = [{"level": "error", "message": {"text": problem.message},
              "locations": [{"physicalLocation": {"artifactLocation": _artifact(problem.source, root)}}]}
             for problem in problems] + notes
    # Findings do not make a run unsuccessful; an input that could not be read does: its verdict is missing.
    invocation: dict[str, Any] = {"executionSuccessful": not problems}
    if notes:
        invocation["toolExecutionNotifications"] = notes
    run = {
        "tool": {"driver": driver},
        "invocations": [invocation],
        "columnKind": "unicodeCodePoints",
        "results": [_result(row, index[row.rule_id], root) for row in rows],
        "properties": {"verdict": report.verdict, "checkedOn": report.checked_on.isoformat(),
                       "candidates": len(report.candidates), "violations": report.violations},
    }
    return {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}


def fingerprint(row: Located, root: str | Path | None = None) -> str:
    """What identifies a finding across runs: never its line, so moving the passage keeps the alert."""
    original = row.original_url or (relative(row.original, root) if row.original else "")
    primary = _primary(row)
    words = " ".join(primary.candidate_text.casefold().split()) if primary else ""
    key = "\0".join((row.rule_id, relative(row.path, root), original, words))
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


def _rules(report: Report, rows: list[Located]) -> list[dict[str, Any]]:
    packs: dict[str, RulePack] = {}
    for result in report.candidates:
        for checked in result.originals:
            packs.setdefault(checked.pack.id, checked.pack)
    rules = [_descriptor(pack.id, pack.name, pack.terms_url or None, rule)
             for pack in packs.values() for rule in pack.rules]
    rules += [_descriptor(tool.PACK, tool.PACK, None, rule) for rule in tool.RULES]
    known = {rule["id"] for rule in rules}
    for row in rows:
        # A rule the walk above cannot see (a tool rule added later): described from its finding.
        if row.rule_id not in known:
            known.add(row.rule_id)
            rules.append(_descriptor(row.pack, row.pack, None, Rule(id=row.rule, kind=row.kind,
                                                                    severity=row.severity, clause=row.clause,
                                                                    options={})))
    return rules


def _descriptor(pack_id: str, pack_name: str, terms_url: str | None, rule: Rule) -> dict[str, Any]:
    clause = " ".join(rule.clause.split())
    terms = f"\n\nTerms: {terms_url}" if terms_url else ""
    markdown = "> " + clause + (f"\n\n[{pack_name}'s reuse terms]({terms_url})" if terms_url else "")
    descriptor: dict[str, Any] = {
        "id": f"{pack_id}/{rule.id}",
        "name": _pascal(f"{pack_id}-{rule.id}"),
        "shortDescription": {"text": f"{pack_name}: {rule.kind} ({rule.id})"},
        "fullDescription": {"text": clause},
        "help": {"text": clause + terms, "markdown": markdown},
        "defaultConfiguration": {"level": "error" if rule.severity == "error" else "warning"},
        "properties": {"kind": rule.kind, "pack": pack_id, "tags": ["reuse", rule.kind]},
    }
    if terms_url:
        descriptor["helpUri"] = terms_url
    return descriptor


def _result(row: Located, rule_index: int, root: str | Path | None) -> dict[str, Any]:
    text = row.message + (f" Fix: {row.fix}" if row.fix else "")
    result: dict[str, Any] = {
        "ruleId": row.rule_id,
        "ruleIndex": rule_index,
        "level": row.severity,
        "message": {"text": text},
        "locations": [_location(row.path, row.region, root)],
        "partialFingerprints": {FINGERPRINT: fingerprint(row, root)},
    }
    related = _related(row, root)
    if related:
        result["relatedLocations"] = related
    finding = row.finding
    properties = {key: value for key, value in (
        ("kind", row.kind), ("originalUrl", row.original_url),
        ("measured", finding.measured if finding else None), ("limit", finding.limit if finding else None),
        ("clause", row.clause)) if value is not None}
    result["properties"] = properties
    return result


def _related(row: Located, root: str | Path | None) -> list[dict[str, Any]]:
    primary = _primary(row)
    found: list[dict[str, Any]] = []
    if row.original is not None:
        named = row.original_url or relative(row.original, root)
        if primary is not None:
            message = f"Reused from the original ({named}): {_snippet(primary.original_text)}"
            found.append(_location(row.original, primary.original, root, message))
        else:
            found.append({"physicalLocation": {"artifactLocation": _artifact(row.original, root)},
                          "message": {"text": f"The original: {named}"}})
    for site in row.sites:
        if site is primary or len(found) >= _RELATED_LIMIT:
            continue
        message = f"Also reused ({site.words} words, {site.kind}): {_snippet(site.candidate_text)}"
        found.append(_location(row.path, site.candidate, root, message))
    for number, location in enumerate(found, start=1):
        location["id"] = number
    return found


def _primary(row: Located) -> Site | None:
    """The passage the result points at (the longest), when it points at one."""
    return next((site for site in row.sites if site.candidate == row.region), None)


def _location(path: str, region: Region, root: str | Path | None, message: str | None = None) -> dict[str, Any]:
    location: dict[str, Any] = {"physicalLocation": {"artifactLocation": _artifact(path, root),
                                                     "region": _region(region)}}
    if message is not None:
        location["message"] = {"text": message}
    return location


def _artifact(path: str, root: str | Path | None) -> dict[str, str]:
    rel = relative(path, root)
    if PurePosixPath(rel).is_absolute() or Path(rel).is_absolute():
        # Outside the repository: an absolute file URI, which no base can resolve.
        return {"uri": Path(rel).resolve().as_uri()}
    # A file name that is not UTF-8 reaches Python as lone surrogates: its own bytes are percent-encoded.
    return {"uri": quote(os.fsencode(rel), safe="/"), "uriBaseId": SRCROOT}


def _region(region: Region) -> dict[str, int]:
    return {"startLine": region.start_line, "startColumn": region.start_column,
            "endLine": region.end_line, "endColumn": region.end_column}


def _snippet(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= _SNIPPET else flat[:_SNIPPET - 1].rstrip() + "…"


def _pascal(name: str) -> str:
    return "".join(part[:1].upper() + part[1:] for part in name.replace("_", "-").split("-") if part)
