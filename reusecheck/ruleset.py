"""Rule packs: a publisher's reuse terms as YAML, validated at load against a JSON Schema."""

from __future__ import annotations

import json
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
    """Load and validate one rule pack file; RuleFileError names the file, line and key of a fault."""
    path = Path(path)
    data, lines = load_yaml(path, RuleFileError)
    if validate:
        _validate(data, lines, str(path))
    rules = tuple(
        Rule(
            id=rule["id"], kind=rule["kind"], severity=rule.get("severity", "error"), clause=rule["clause"],
            options={**REGISTRY[rule["kind"]].DEFAULTS, **rule.get("options", {})},
        )
        for rule in data["rules"]
    )
    seen: set[str] = set()
    for i, rule in enumerate(rules):
        if rule.id in seen:
            raise RuleFileError(f"duplicate rule id {rule.id!r}", path=str(path),
                                line=line_of(lines, ("rules", i, "id")), key=f"rules[{i}].id")
        seen.add(rule.id)
    applies = data["applies_to"]
    return RulePack(
        id=data["id"], name=data["name"], publisher=data.get("publisher", data["name"]),
        terms_url=data["terms"]["url"], clause=data["terms"]["clause"].strip(),
        domains=tuple(applies.get("domains", ())), url_patterns=tuple(applies.get("url_patterns", ())),
        rules=rules, source=str(path), use=UseOptions(**data.get("use", {})),
    )


def _validate(data: Any, lines: dict[Path_, int], source: str) -> None:
    errors = list(_validator().iter_errors(data))
    if not errors:
        return
    from jsonschema.exceptions import best_match

    error = best_match(errors)
    path: Path_ = tuple(error.absolute_path)
    raise RuleFileError(_short(_describe(error)), path=source, line=line_of(lines, _key_path(error, path)),
                        key=dotted(_key_path(error, path)))


def _key_path(error: ValidationError, path: Path_) -> Path_:
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        allowed = set(_properties(error))
        extra = [key for key in error.instance if key not in allowed]
        if extra:
            return path + (extra[0],)
    return path


def _properties(error: ValidationError) -> list[str]:
    schema = error.schema
    return list(schema.get("properties", {})) if isinstance(schema, dict) else []


def _describe(error: ValidationError) -> str:
    path = tuple(error.absolute_path)
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        allowed = sorted(_properties(error))
        extra = [key for key in error.instance if key not in allowed]
        return f"unknown key {extra[0]!r}; allowed keys: {', '.join(allowed)}"
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
