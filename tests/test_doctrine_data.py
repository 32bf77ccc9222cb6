"""Packaged doctrine data: every table is valid against its schema, canonical, and has examples."""

from __future__ import annotations

import json
from importlib import resources

import pytest

from fairwarning.doctrine import _data
from fairwarning.errors import DataError

DATA = resources.files("fairwarning.doctrine").joinpath("data")


def _files() -> list[str]:
    names = [p.name for p in DATA.iterdir() if p.name.endswith(".json")]
    names += [f"schemas/{p.name}" for p in DATA.joinpath("schemas").iterdir() if p.name.endswith(".json")]
    return sorted(names)


def test_every_table_has_data_and_schema() -> None:
    assert {f"{t}.json" for t in _data.TABLES} == {f for f in _files() if "/" not in f}
    assert {f"schemas/{t}.schema.json" for t in _data.TABLES} == {f for f in _files() if "/" in f}


@pytest.mark.parametrize("name", _files())
def test_file_is_canonical(name: str) -> None:
    ref = DATA
    for part in name.split("/"):
        ref = ref.joinpath(part)
    text = ref.read_text(encoding="utf-8")
    canonical = _data.canonical_json(json.loads(text))
    assert text == canonical, (
        f"src/fairwarning/doctrine/data/{name} is not canonical (sorted keys, indent 2, UTF-8, final newline); "
        "fix every data file with: uv run python -m fairwarning.doctrine"
    )


@pytest.mark.parametrize("table", _data.TABLES)
def test_table_is_valid_and_has_examples(table: str) -> None:
    data = _data.load_table(table)
    assert _data.schema_errors(data, _data.load_schema(table)) == []
    assert data["examples"], f"{table}.json needs real examples"


def test_unique_ids() -> None:
    for table, key in [("authority", "rules"), ("leading_cases", "cases"), ("reforms", "reforms")]:
        ids = [item["id"] for item in _data.load_table(table)[key]]
        assert len(ids) == len(set(ids)), table
    authority = _data.load_table("authority")
    rule_ids = {r["id"] for r in authority["rules"]}
    for circuit, entry in authority["circuits"].items():
        assert set(entry["rules"]) <= rule_ids, circuit


@pytest.mark.parametrize(
    ("value", "schema", "fragment"),
    [
        ({"a": 1}, {"type": "object", "required": ["b"]}, "missing required key 'b'"),
        ({"a": 1}, {"type": "object", "properties": {}, "additionalProperties": False}, "unexpected key 'a'"),
        ("x", {"enum": ["y"]}, "is not one of"),
        ("abc", {"type": "string", "pattern": "^d"}, "does not match"),
        ([1, 1], {"type": "array", "uniqueItems": True}, "not unique"),
        (True, {"type": "integer"}, "expected integer"),
        ([], {"type": "array", "minItems": 1}, "fewer than 1"),
    ],
)
def test_validator_catches(value: object, schema: dict[str, object], fragment: str) -> None:
    errors = _data.schema_errors(value, schema)
    assert errors and fragment in errors[0]


def test_unknown_table() -> None:
    with pytest.raises(DataError, match="valid: authority"):
        _data.load_table("nope")


@pytest.mark.parametrize(
    "module",
    [
        "fairwarning.doctrine",
        "fairwarning.doctrine.authority",
        "fairwarning.doctrine.jurisdiction",
        "fairwarning.doctrine.cases",
        "fairwarning.doctrine.reforms",
        "fairwarning.reference.scdb",
    ],
)
def test_all_is_right(module: str) -> None:
    import importlib
    import inspect

    mod = importlib.import_module(module)
    exported = set(mod.__all__)
    assert all(hasattr(mod, name) for name in exported)
    public_defs = {
        name
        for name, obj in vars(mod).items()
        if not name.startswith("_")
        and (inspect.isfunction(obj) or inspect.isclass(obj))
        and getattr(obj, "__module__", "") == module
    }
    assert public_defs <= exported, public_defs - exported
