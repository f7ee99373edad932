"""JUnit XML for CI test reports (GitLab, Jenkins): one test case per candidate and rule.

A rule judged against several originals is one case that fails when any pair fails, so a test's name
stays the same however many originals a run has. Error-severity failures are `<failure>`; a failing
warning-severity rule passes and says why in `<system-out>`, because a warning does not fail the check; a
rule that did not apply (the candidate does not use the original) is `<skipped>`; an input that could not
be read is an `<error>` case.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

from reusecheck.checks import Finding, tool
from reusecheck.formats.located import Located, located, relative
from reusecheck.report import CandidateResult, Problem, Report

SUITE = "reusecheck"
# XML 1.0 cannot carry these even as character references; a file name or text may hold them.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


@dataclass
class _Case:
    classname: str
    name: str
    file: str
    findings: list[Finding] = field(default_factory=list)
    rows: list[Located] = field(default_factory=list)
    used: bool = False
    """Whether the candidate uses any original this rule was judged against."""


def render(report: Report, root: str | Path | None = None) -> str:
    """The report as JUnit XML; class names are candidate paths relative to `root`."""
    rows = located(report)
    cases = [case for result in report.candidates for case in _cases(result, rows, root)]
    suite = ET.Element("testsuite", name=SUITE)
    counts = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    for case in cases:
        counts["tests"] += 1
        outcome = _case(suite, case, root, warnings_fail=report.fail_on == "warning")
        if outcome:
            counts[outcome] += 1
    problems = [(relative(p.source, root), p) for p in report.errors]
    problems += [(relative(r.comparison.candidate.source, root), p) for r in report.candidates for p in r.errors]
    for classname, problem in problems:
        counts["tests"] += 1
        counts["errors"] += 1
        _error(suite, classname, problem, root)
    for key, value in counts.items():
        suite.set(key, str(value))
    suites = ET.Element("testsuites", {"name": SUITE, **{k: str(v) for k, v in counts.items()}})
    suites.append(suite)
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"


def _cases(result: CandidateResult, rows: list[Located], root: str | Path | None) -> list[_Case]:
    source = result.comparison.candidate.source
    path = relative(source, root)
    cases: dict[str, _Case] = {}

    def case(rule_id: str) -> _Case:
        return cases.setdefault(rule_id, _Case(classname=_clean(path), name=_clean(rule_id), file=_clean(path)))

    for finding in result.findings:
        whole = case(f"{tool.PACK}/{finding.rule}")
        whole.findings.append(finding)
        whole.used = True
    for checked in result.originals:
        for rule in checked.pack.rules:
            case(f"{checked.pack.id}/{rule.id}").used |= checked.measured.overlap.uses_original
        for finding in checked.findings:
            case(f"{checked.pack.id}/{finding.rule}").findings.append(finding)
    for row in rows:
        if row.path == source and row.finding is not None:
            case(row.rule_id).rows.append(row)
    if not cases:
        # Checked, and it uses no original: a passing case, so that the file shows among the tests.
        case(f"{tool.PACK}/uses-no-original").used = True
    return list(cases.values())


def _case(suite: ET.Element, case: _Case, root: str | Path | None, *, warnings_fail: bool = False) -> str | None:
    """Append one test case; the counter it adds to, if any. With `warnings_fail` (fail_on: warning), a
    failing warning fails its case as the run does."""
    element = ET.SubElement(suite, "testcase", classname=case.classname, name=case.name, file=case.file)
    failing = [f for f in case.findings if f.failed]
    errors = [row for row in case.rows if row.severity == "error" or warnings_fail]
    if errors:
        failure = ET.SubElement(element, "failure", message=_clean(errors[0].message), type=errors[0].kind)
        failure.text = _clean("\n\n".join(_describe(row, root) for row in errors))
        return "failures"
    if case.rows:
        ET.SubElement(element, "system-out").text = _clean("\n\n".join(
            "warning: " + _describe(row, root) for row in case.rows))
        return None
    if not case.used and not failing:
        why = case.findings[0].message if case.findings else "The candidate uses no original this rule covers."
        ET.SubElement(element, "skipped", message=_clean(why))
        return "skipped"
    waived = [f for f in case.findings if f.status == "waived"]
    if waived:
        ET.SubElement(element, "system-out").text = _clean("\n".join(f.message for f in waived))
    return None


def _error(suite: ET.Element, classname: str, problem: Problem, root: str | Path | None) -> None:
    name = f"{tool.PACK}/{tool.INPUT_ERROR.id}"
    source = relative(problem.source, root)
    if problem.role == "pair":
        name += f" {source}"
    element = ET.SubElement(suite, "testcase", classname=_clean(classname), name=_clean(name),
                            file=_clean(classname))
    error = ET.SubElement(element, "error", message=_clean(problem.message), type=tool.INPUT_ERROR.kind)
    line = f":{problem.line}" if problem.line else ""
    error.text = _clean(f"{source}{line}: {problem.message}")


def _describe(row: Located, root: str | Path | None) -> str:
    lines = [f"{relative(row.path, root)}:{row.region.start_line}: {row.message}"]
    if row.fix:
        lines.append(f"Fix: {row.fix}")
    lines.append(f"Terms: {' '.join(row.clause.split())}")
    if row.original_url or row.original:
        lines.append(f"Original: {row.original_url or relative(row.original or '', root)}")
    return "\n".join(lines)


def _clean(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)
