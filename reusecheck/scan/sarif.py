"""A scan as a SARIF 2.1.0 log: a result per broken rule of a pair, or per pair when no rules apply.

A crawled page is not a file in a repository, so results are placed at the candidate's URL (or the file
it was read from); the original it reuses is a related location.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from reusecheck import __version__
from reusecheck.scan.output import Summary

USES = "reusecheck/uses-original"


def render(lines: list[dict[str, Any]], summary: Summary, header: dict[str, Any]) -> str:
    rules: dict[str, dict[str, Any]] = {}
    results: list[dict[str, Any]] = []
    notes: list[dict[str, Any]] = []
    for line in lines:
        if "error" in line:
            notes.append({"level": "error", "message": {"text": f"{line['candidate']}: {line['error']['message']}"}})
            continue
        for rule_id, level, message, help_text in _results(line):
            rules.setdefault(rule_id, {"id": rule_id, "shortDescription": {"text": rule_id},
                                       "help": {"text": help_text or rule_id}})
            results.append(_result(line, rule_id, level, message))
    index = {rule_id: i for i, rule_id in enumerate(rules)}
    for result in results:
        result["ruleIndex"] = index[result["ruleId"]]
    invocation: dict[str, Any] = {"executionSuccessful": summary.complete and not summary.errors}
    if notes:
        invocation["toolExecutionNotifications"] = notes
    log = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "reusecheck", "version": __version__, "semanticVersion": __version__,
                                "rules": list(rules.values())}},
            "invocations": [invocation],
            "results": results,
            "properties": {"summary": summary.to_dict(), "index": header.get("index"),
                           "options": header.get("options")},
        }],
    }
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"


def _results(line: dict[str, Any]) -> list[tuple[str, str, str, str | None]]:
    if "findings" not in line:
        return [(USES, "note", f"uses {line['original']}: {line['reused_words']} words, "
                               f"{line['share_of_original']:.0%} of the original; link {line['link']}", None)]
    pack = line["rules"]["id"]
    return [(f"{pack}/{f['rule']}", "error" if f["severity"] == "error" else "warning",
             f"{f['message']}" + (f" Fix: {f['fix']}" if f.get("fix") else ""), f.get("clause"))
            for f in line["findings"]]


def _result(line: dict[str, Any], rule_id: str, level: str, message: str) -> dict[str, Any]:
    mark = hashlib.sha256(f"{rule_id}\0{line['candidate']}\0{line['original']}".encode()).hexdigest()[:32]
    return {
        "ruleId": rule_id,
        "level": level,
        "message": {"text": message},
        "locations": [{"physicalLocation": {"artifactLocation": {"uri": line["candidate"]}}}],
        "relatedLocations": [{"id": 1, "physicalLocation": {"artifactLocation": {"uri": line["original"]}},
                              "message": {"text": "the original"}}],
        "partialFingerprints": {"reusecheck/scan/v1": mark},
        "properties": {"reused_words": line["reused_words"], "share_of_original": line["share_of_original"],
                       "link": line["link"]},
    }
