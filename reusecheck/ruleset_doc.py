"""The README's table of rule pack keys, written from the rule pack schema.

The schema is the single source of every key's type, default and meaning: `python -m
reusecheck.ruleset_doc` prints the section, `--write README.md` replaces it between its markers, and
a test keeps the README equal to it.
"""

from __future__ import annotations

import json
import sys
from importlib import resources
from pathlib import Path
from typing import Any

BEGIN = ("<!-- rule pack keys: written by `python -m reusecheck.ruleset_doc --write README.md` from "
         "reusecheck/schemas/rulepack.schema.json; edit the schema, not this section -->")
END = "<!-- end of rule pack keys -->"
_HEADER = "| {0} | required | type | default | meaning |\n|---|---|---|---|---|\n"


def schema() -> dict[str, Any]:
    text = resources.files("reusecheck").joinpath("schemas/rulepack.schema.json").read_text(encoding="utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


def reference() -> str:
    """The README section, markers included."""
    root = schema()
    rule = root["$defs"]["rule"]
    parts = [BEGIN, "", _HEADER.format("key") + "".join(_rows(root, root, ""))]
    for kind in rule["properties"]["kind"]["enum"]:
        block = root["$defs"][kind]
        parts += [f"### `{kind}`", "", block["description"], "",
                  _HEADER.format("option") + "".join(_rows(root, block, "", nested=False))]
    use = root["$defs"]["use"]
    parts += ["### `use`", "", use["description"], "",
              _HEADER.format("key") + "".join(_rows(root, use, "", nested=False)), END]
    return "\n".join(parts) + "\n"


def _rows(root: dict[str, Any], block: dict[str, Any], prefix: str, nested: bool = True) -> list[str]:
    rows = []
    required = set(block.get("required", ()))
    for name, raw in block.get("properties", {}).items():
        spec = _resolved(root, raw)
        needed = "yes" if name in required else "no"
        if name == "options" and "allOf" in block:
            needed = _options_required(block)
        rows.append(f"| `{prefix}{name}` | {needed} | {_type(root, spec)} | "
                    f"{'—' if name in required else _default(spec)} | {_cell(spec.get('description', ''))} |\n")
        if not nested or "$ref" in raw and spec.get("type") == "object":
            continue  # a block of its own (`use`) has its own table
        if spec.get("type") == "object":
            rows += _rows(root, spec, f"{prefix}{name}.")
        elif spec.get("type") == "array":
            rows += _rows(root, _resolved(root, spec["items"]), f"{prefix}{name}[].")
    return rows


def _options_required(rule: dict[str, Any]) -> str:
    kinds = [f"`{branch['if']['properties']['kind']['const']}`" for branch in rule["allOf"]
             if "options" in branch["then"].get("required", ())]
    return f"for {', '.join(kinds)}" if kinds else "no"


def _resolved(root: dict[str, Any], spec: dict[str, Any]) -> dict[str, Any]:
    """A property with its `$ref` filled in; the property's own keywords win."""
    if "$ref" not in spec:
        return spec
    target = root
    for part in spec["$ref"].removeprefix("#/").split("/"):
        target = target[part]
    return {**_resolved(root, target), **{k: v for k, v in spec.items() if k != "$ref"}}


def _type(root: dict[str, Any], spec: dict[str, Any], plural: bool = False) -> str:
    if "enum" in spec:
        return " \\| ".join(f"`{value}`" for value in spec["enum"])
    kind = str(spec.get("type"))
    noun = {"string": "string", "integer": "integer", "number": "number", "boolean": "boolean",
            "object": "mapping", "array": "list"}[kind] + ("s" if plural else "")
    if kind == "string":
        text = noun + (f" matching `{spec['pattern']}`" if "pattern" in spec else "")
        return ("non-empty " if spec.get("minLength") and "pattern" not in spec else "") + text
    if kind in ("integer", "number"):
        return noun + _bounds(spec)
    if kind == "array":
        text = f"list of {_type(root, _resolved(root, spec['items']), plural=True)}"
        text = ("non-empty " if spec.get("minItems") else "") + text
        return text + (", no repeats" if spec.get("uniqueItems") else "")
    if kind == "object" and spec.get("minProperties"):
        return f"{noun} with at least {spec['minProperties']} key"
    return noun


def _bounds(spec: dict[str, Any]) -> str:
    low = f"[{spec['minimum']}" if "minimum" in spec else f"({spec['exclusiveMinimum']}" \
        if "exclusiveMinimum" in spec else None
    high = f"{spec['maximum']}]" if "maximum" in spec else None
    if low and high:
        return f" in {low}, {high}"
    if "minimum" in spec:
        return f" ≥ {spec['minimum']}"
    return ""


def _default(spec: dict[str, Any]) -> str:
    if "x-default-text" in spec:
        return str(spec["x-default-text"])
    if "default" not in spec:
        return "none"
    return f"`{json.dumps(spec['default'])}`".replace('`"', "`").replace('"`', "`")


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def replace_section(text: str) -> str:
    """`text` (a README) with the section between the markers written anew."""
    start, end = text.find(BEGIN), text.find(END)
    if start < 0 or end < start:
        raise ValueError("the README has no rule pack keys markers")
    rest = text[end + len(END):]
    return text[:start] + reference() + rest.removeprefix("\n")


def main(argv: list[str]) -> int:
    if argv[:1] == ["--write"] and len(argv) == 2:
        path = Path(argv[1])
        path.write_text(replace_section(path.read_text(encoding="utf-8")), encoding="utf-8")
        return 0
    if argv:
        print("usage: python -m reusecheck.ruleset_doc [--write README.md]", file=sys.stderr)
        return 2
    sys.stdout.write(reference())
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
