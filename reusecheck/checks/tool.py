"""The tool's own rules: findings that come from reading the inputs, not from a publisher's terms.

Their rule ids are `reusecheck/<id>` in SARIF, JUnit and annotations.
"""

from __future__ import annotations

from reusecheck.checks.base import Rule

PACK = "reusecheck"
INPUT_ERROR = Rule(id="input-error", kind="input-error", severity="error",
                   clause="Every candidate, original and rule pack must be readable for a verdict.", options={})
UNRESOLVED_SOURCE = Rule(id="unresolved-source", kind="unresolved-source", severity="error",
                         clause="Every source a candidate declares in its front matter must be one of the originals "
                                "in the configured folders, so that the reuse can be measured.", options={})
RULES = (INPUT_ERROR, UNRESOLVED_SOURCE)
