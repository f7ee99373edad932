"""Rule packs: a publisher's reuse terms as YAML, validated at load against a JSON Schema."""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reusecheck.checks import REGISTRY, Rule
from reusecheck.documents.links import domain_of, normalise_url, same_site
from reusecheck.errors import RuleFileError
from reusecheck.matching import UseOptions
from reusecheck.yamlfile import Path_, dotted, line_of, load_yaml

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import ValidationError


@dataclass(frozen=True)
class RulePack:
    """A publisher's reuse terms."""

    id: str
    name: str
    publisher: str
    terms_url: str
    clause: str
    domains: tuple[str, ...]
    url_patterns: tuple[str, ...]
    rules: tuple[Rule, ...]
    source: str
    """The file it was read from."""
    use: UseOptions = field(default_factory=UseOptions)
    """When a candidate uses one of this publisher's articles at all (the pack's `use:` block)."""
    version: str | None = None
    """Which edition of the terms the pack encodes, as its file says."""
    sha256: str | None = None
    """The hash of the pack file as read: which terms, word for word, a verdict applied."""

    def applies_to(self, url: str | None) -> bool:
        """True when `url` is an article of this publisher."""
        if not url:
            return False
        host = domain_of(url)
        if any(same_site(host, domain) for domain in self.domains):
            return True
        normal = normalise_url(url)
        return any(fnmatchcase(normal, pattern) for pattern in self.url_patterns)


@cache
def _validator() -> Draft202012Validator:
    # jsonschema takes a third of the start-up time; only a run that loads a pack pays for it.
    from jsonschema import Draft202012Validator

    schema = json.loads(resources.files("reusecheck").joinpath("schemas/rulepack.schema.json").read_text())
    return Draft202012Validator(schema)


def load_pack(path: str | Path, *, validate: bool = True) -> RulePack:
    """Load and validate one rule pack file; RuleFileError names the file, line and key of a fault.

    Of several faults, the one on the earliest line is raised; `pack_errors` lists them all.
    """
    path = Path(path)
    data, lines = load_yaml(path, RuleFileError)
    if validate and (errors := _errors(data, lines, str(path))):
        raise errors[0]
    rules = tuple(
        Rule(
            id=rule["id"], kind=rule["kind"], severity=rule.get("severity", "error"), clause=rule["clause"],
            options={**REGISTRY[rule["kind"]].DEFAULTS, **rule.get("options", {})},
        )
        for rule in data["rules"]
    )
    applies = data["applies_to"]
    try:
        use = UseOptions(**data.get("use", {}))
    except (TypeError, ValueError) as exc:  # only a shipped pack, which skips validation, gets here
        raise RuleFileError(str(exc), path=str(path), line=line_of(lines, ("use",)), key="use") from None
    return RulePack(
        id=data["id"], name=data["name"], publisher=data.get("publisher", data["name"]),
        terms_url=data["terms"]["url"], clause=data["terms"]["clause"].strip(),
        domains=tuple(applies.get("domains", ())), url_patterns=tuple(applies.get("url_patterns", ())),
        rules=rules, source=str(path), use=use, version=data.get("version"), sha256=_hash(path),
    )


def _hash(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def pack_errors(path: str | Path) -> list[RuleFileError]:
    """Every fault of a rule pack file, by line; empty when it is valid.

    A file that is not valid YAML has one error: the parse stops there.
    """
    try:
        data, lines = load_yaml(Path(path), RuleFileError)
    except RuleFileError as exc:
        return [exc]
    return _errors(data, lines, str(path))


def _errors(data: Any, lines: dict[Path_, int], source: str) -> list[RuleFileError]:
    found = _not_finite(data, lines, source)
    # `.nan` passes every numeric bound of the schema and `.inf` fails one: say "not finite" once.
    bad_numbers = {error.key for error in found}
    for error in _validator().iter_errors(data):
        for key_path, message in _explain(error):
            if dotted(tuple(error.absolute_path)) not in bad_numbers:
                found.append(RuleFileError(_short(message), path=source, line=line_of(lines, key_path),
                                           key=dotted(key_path)))
    found += _duplicate_rule_ids(data, lines, source)
    unique = {(e.line or 0, e.key or "", e.message): e for e in found}
    return [unique[k] for k in sorted(unique)]


def _not_finite(data: Any, lines: dict[Path_, int], source: str) -> list[RuleFileError]:
    """Numbers that are `.nan` or `.inf`, anywhere: a cap of NaN would let every candidate pass."""
    found = []
    stack: list[tuple[Path_, Any]] = [((), data)]
    while stack:  # a loop, not recursion: the data can nest as deep as the YAML reader allows
        path, value = stack.pop()
        if isinstance(value, float) and not math.isfinite(value):
            written = ".nan" if math.isnan(value) else ".inf" if value > 0 else "-.inf"
            found.append(RuleFileError(f"expected a finite number, got {written}", path=source,
                                       line=line_of(lines, path), key=dotted(path)))
        elif isinstance(value, dict):
            stack.extend((path + (key,), item) for key, item in value.items())
        elif isinstance(value, list):
            stack.extend((path + (i,), item) for i, item in enumerate(value))
    return found


def _duplicate_rule_ids(data: Any, lines: dict[Path_, int], source: str) -> list[RuleFileError]:
    rules = data.get("rules") if isinstance(data, dict) else None
    found = []
    seen: set[str] = set()
    for i, rule in enumerate(rules if isinstance(rules, list) else []):
        rule_id = rule.get("id") if isinstance(rule, dict) else None
        if not isinstance(rule_id, str):
            continue
        if rule_id in seen:
            found.append(RuleFileError(f"duplicate rule id {rule_id!r}", path=source,
                                       line=line_of(lines, ("rules", i, "id")), key=f"rules[{i}].id"))
        seen.add(rule_id)
    return found


def _explain(error: ValidationError) -> list[tuple[Path_, str]]:
    """The key path and message of a schema error; one for each unknown key of a mapping."""
    path: Path_ = tuple(error.absolute_path)
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        allowed = sorted(_properties(error))
        return [(path + (key,), f"unknown key {key!r}; allowed keys: {', '.join(allowed)}")
                for key in error.instance if key not in allowed]
    return [(path, _describe(error))]


def _properties(error: ValidationError) -> list[str]:
    schema = error.schema
    return list(schema.get("properties", {})) if isinstance(schema, dict) else []


def _describe(error: ValidationError) -> str:
    path = tuple(error.absolute_path)
    if error.validator == "enum" and path and path[-1] == "kind":
        return f"unknown rule kind {error.instance!r}; known kinds: {', '.join(sorted(REGISTRY))}"
    if error.validator == "required":
        return error.message.replace("is a required property", "is required")
    if error.validator == "type":
        return f"expected {error.validator_value}, got {type(error.instance).__name__} {error.instance!r}"
    return error.message


def _short(message: str, limit: int = 200) -> str:
    """A message cut to one readable line: a value can be a whole pasted document."""
    message = " ".join(message.split())
    return message if len(message) <= limit else message[:limit - 1] + "…"


def packaged_packs() -> dict[str, Path]:
    """The rule packs shipped with reusecheck, by id (file stem)."""
    folder = resources.files("reusecheck").joinpath("packs")
    return {Path(entry.name).stem: Path(str(entry)) for entry in folder.iterdir()
            if entry.name.endswith((".yaml", ".yml"))}


def find_pack(spec: str) -> RulePack:
    """A rule pack by id of a shipped pack, or by path to a YAML file."""
    candidate = Path(spec)
    if candidate.suffix in (".yaml", ".yml") or candidate.exists() or "/" in spec:
        return load_pack(candidate)
    packs = packaged_packs()
    if spec not in packs:
        known = ", ".join(sorted(packs)) or "none"
        raise RuleFileError(f"no rule pack with id {spec!r}; shipped packs: {known}", path=spec)
    return load_pack(packs[spec], validate=False)


@cache
def shipped_packs() -> tuple[RulePack, ...]:
    """Every shipped pack, loaded once per process.

    Shipped packs are validated against the schema by the test suite, not at every run: importing
    jsonschema alone took a third of a `reusecheck check`. Packs given by path are always validated.
    """
    return tuple(load_pack(path, validate=False) for _id, path in sorted(packaged_packs().items()))


def pack_for_url(url: str | None, packs: Sequence[RulePack] | None = None) -> RulePack | None:
    """The first pack (of the shipped ones by default) that applies to `url`."""
    return next((p for p in (shipped_packs() if packs is None else packs) if p.applies_to(url)), None)
