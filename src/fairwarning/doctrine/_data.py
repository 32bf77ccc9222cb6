"""Packaged doctrine data: lazy, cached loading with JSON Schema validation (a small built-in validator).

Each table ``data/<name>.json`` has a schema ``data/schemas/<name>.schema.json``. The validator supports the
subset of JSON Schema the schemas use: ``type`` (one or a list), ``properties``, ``required``,
``additionalProperties`` (false or a schema), ``items``, ``enum``, ``pattern``, ``minItems``, ``minLength``,
``uniqueItems``. Invalid packaged data is a bug in fairwarning and raises :class:`DataError`.
"""

from __future__ import annotations

import json
import re
from functools import cache
from importlib import resources
from typing import Any

from fairwarning.errors import DataError

__all__ = ["canonical_json", "load_table", "load_schema", "rewrite_canonical", "schema_errors", "TABLES"]

#: the packaged tables (each with a schema of the same name)
TABLES = ("authority", "jurisdictions", "leading_cases", "reforms")

_TYPES: dict[str, tuple[type, ...]] = {
    "object": (dict,),
    "array": (list,),
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
    "null": (type(None),),
}


def canonical_json(value: Any) -> str:
    """The canonical text of a data file: sorted keys, indent 2, UTF-8 characters kept, trailing newline."""
    return json.dumps(value, sort_keys=True, indent=2, ensure_ascii=False) + "\n"


def _read_json(*parts: str) -> Any:
    ref = resources.files("fairwarning.doctrine").joinpath("data")
    for part in parts:
        ref = ref.joinpath(part)
    try:
        return json.loads(ref.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise DataError(f"packaged doctrine data {'/'.join(parts)} is unreadable: {exc}") from exc


def _type_ok(value: Any, names: str | list[str]) -> bool:
    for name in [names] if isinstance(names, str) else names:
        if isinstance(value, bool) and name in ("integer", "number"):
            continue
        if isinstance(value, _TYPES[name]):
            return True
    return False


def _check_object(value: dict[str, Any], schema: dict[str, Any], where: str) -> list[str]:
    errors = [
        f"{where}: missing required key {key!r}" for key in schema.get("required", []) if key not in value
    ]
    props = schema.get("properties", {})
    extra = schema.get("additionalProperties", True)
    for key, item in value.items():
        if key in props:
            errors += schema_errors(item, props[key], f"{where}.{key}")
        elif extra is False:
            errors.append(f"{where}: unexpected key {key!r} (allowed: {sorted(props)})")
        elif isinstance(extra, dict):
            errors += schema_errors(item, extra, f"{where}.{key}")
    return errors


def schema_errors(value: Any, schema: dict[str, Any], where: str = "$") -> list[str]:
    """Every way ``value`` violates ``schema`` (empty list when valid), each with a JSON path."""
    if "type" in schema and not _type_ok(value, schema["type"]):
        return [f"{where}: expected {schema['type']}, got {type(value).__name__}"]
    errors: list[str] = []
    if "enum" in schema and value not in schema["enum"]:
        errors.append(f"{where}: {value!r} is not one of {schema['enum']}")
    if isinstance(value, str):
        if "pattern" in schema and not re.search(schema["pattern"], value):
            errors.append(f"{where}: {value!r} does not match {schema['pattern']!r}")
        if len(value) < schema.get("minLength", 0):
            errors.append(f"{where}: shorter than {schema['minLength']} characters")
    if isinstance(value, list):
        if len(value) < schema.get("minItems", 0):
            errors.append(f"{where}: fewer than {schema['minItems']} items")
        if schema.get("uniqueItems") and len({json.dumps(v, sort_keys=True) for v in value}) != len(value):
            errors.append(f"{where}: items are not unique")
        for i, item in enumerate(value):
            errors += schema_errors(item, schema.get("items", {}), f"{where}[{i}]")
    if isinstance(value, dict):
        errors += _check_object(value, schema, where)
    return errors


@cache
def load_schema(name: str) -> dict[str, Any]:
    """The JSON Schema of packaged table ``name``."""
    schema = _read_json("schemas", f"{name}.schema.json")
    if not isinstance(schema, dict):
        raise DataError(f"schema {name}.schema.json is not a JSON object")
    return schema


@cache
def load_table(name: str) -> Any:
    """Packaged table ``name`` (one of :data:`TABLES`), validated against its schema, loaded once."""
    if name not in TABLES:
        raise DataError(f"unknown doctrine table {name!r}; valid: {', '.join(TABLES)}")
    data = _read_json(f"{name}.json")
    errors = schema_errors(data, load_schema(name))
    if errors:
        shown = "; ".join(errors[:5])
        raise DataError(
            f"packaged doctrine data {name}.json violates its schema ({len(errors)} errors): {shown}"
        )
    return data


def rewrite_canonical() -> list[str]:
    """Rewrite every packaged data and schema file in canonical form; returns the paths that changed.

    Run from a source checkout: ``uv run python -m fairwarning.doctrine``.
    """
    root = resources.files("fairwarning.doctrine").joinpath("data")
    refs = [r for r in root.iterdir() if r.name.endswith(".json")]
    refs += [r for r in root.joinpath("schemas").iterdir() if r.name.endswith(".json")]
    return rewrite_files_canonical(refs)


def rewrite_files_canonical(refs: Any) -> list[str]:
    """Rewrite each packaged JSON file of ``refs`` in canonical form; returns the files that changed."""
    changed: list[str] = []
    for ref in refs:
        text = ref.read_text(encoding="utf-8")
        fixed = canonical_json(json.loads(text))
        if fixed != text:
            with resources.as_file(ref) as path:
                path.write_text(fixed, encoding="utf-8")
            changed.append(str(ref))
    return changed
