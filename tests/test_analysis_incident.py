"""Incident input: parsing, validation errors (what, where, how to fix), files and the shipped examples."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from fairwarning.analysis import Incident, load_incident, parse_incident
from fairwarning.errors import InputError

REPO = Path(__file__).resolve().parents[1]
TODAY = dt.date(2024, 1, 1)
BASE = {
    "conduct_date": "2017-06-15",
    "place": "FL",
    "officials": ["police"],
    "claims": ["1A_retaliation"],
    "facts": "A deputy arrested a driver for a crude sticker on his truck after he refused to remove it.",
}


def _with(**changes: object) -> dict[str, object]:
    data = dict(BASE)
    for k, v in changes.items():
        if v is None:
            data.pop(k, None)
        else:
            data[k] = v
    return data


def test_parse_valid_incident() -> None:
    inc = parse_incident(_with(defendants=["Deputy Smith", "Polk County Sheriff's Office", "City of Tampa"]), today=TODAY)
    assert isinstance(inc, Incident)
    assert inc.conduct_date == dt.date(2017, 6, 15)
    assert inc.place == "FL" and inc.claims == ("1A_retaliation",) and inc.officials == ("police",)
    assert [d.kind for d in inc.defendants] == ["official", "department", "municipality"]
    assert [d.name for d in inc.employer_defendants] == ["Polk County Sheriff's Office", "City of Tampa"]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"conduct_date": None}, "missing required key(s) conduct_date"),
        ({"facts": None, "claims": None}, "missing required key(s) claims, facts"),
        ({"conduct_date": "2030-01-01"}, "is in the future"),
        ({"conduct_date": "15/06/2017"}, "use YYYY-MM-DD"),
        ({"conduct_date": "2017-02-30"}, "use YYYY-MM-DD"),
        ({"place": "XX"}, "XX"),
        ({"place": "Atlantis"}, "Atlantis"),
        ({"claims": ["4A_everything"]}, "unknown claim id '4A_everything'"),
        ({"officials": ["sheriff"]}, "unknown official id 'sheriff'"),
        ({"facts": "bad"}, "too short"),
        ({"venue": "FL"}, "unknown key(s) venue"),
        ({"defendants": [{"name": "X", "kind": "robot"}]}, "unknown kind 'robot'"),
    ],
)
def test_invalid_input_is_a_clear_input_error(changes: dict[str, object], message: str) -> None:
    with pytest.raises(InputError) as err:
        parse_incident(_with(**changes), today=TODAY)
    assert message in str(err.value)


def test_unknown_right_error_lists_valid_ids() -> None:
    with pytest.raises(InputError, match="valid ids: 4A_excessive_force"):
        parse_incident(_with(claims="1A_retaliation, nope"), today=TODAY)


def test_court_id_is_a_valid_place_and_comma_strings_split() -> None:
    inc = parse_incident(_with(place="flsd", claims="1A_retaliation, 4A_false_arrest"), today=TODAY)
    assert inc.place == "flsd" and inc.claims == ("1A_retaliation", "4A_false_arrest")


def test_load_yaml_and_json_files(tmp_path: Path) -> None:
    j = tmp_path / "i.json"
    j.write_text(json.dumps(BASE), encoding="utf-8")
    assert load_incident(j, today=TODAY).place == "FL"
    bad = tmp_path / "bad.yaml"
    bad.write_text("conduct_date: [unclosed", encoding="utf-8")
    with pytest.raises(InputError, match="not valid YAML"):
        load_incident(bad)
    with pytest.raises(InputError, match="cannot read incident file"):
        load_incident(tmp_path / "missing.yaml")
    listy = tmp_path / "list.yaml"
    listy.write_text("- a\n- b\n", encoding="utf-8")
    with pytest.raises(InputError, match="must hold a mapping"):
        load_incident(listy)


@pytest.mark.parametrize("path", sorted((REPO / "examples").glob("*.yaml")), ids=lambda p: p.name)
def test_every_shipped_example_loads(path: Path) -> None:
    inc = load_incident(path)
    assert inc.claims and inc.facts and inc.conduct_date < dt.date.today()


def test_an_eval_scenario_file_loads_as_its_incident(tmp_path: Path) -> None:
    """A user runs ``analyze`` on ../shared/eval/scenarios/X.yaml: the ``expect:`` block is set aside with a note;
    an ``expect`` that is not a mapping, or any other unknown key, is still an error."""
    scenario = tmp_path / "s.yaml"
    scenario.write_text(json.dumps({**BASE, "expect": {"must_include_names": ["Graham v. Connor"]}}), encoding="utf-8")
    notes: list[str] = []
    inc = load_incident(scenario, today=TODAY, on_note=notes.append)
    assert inc.place == "FL" and len(notes) == 1 and "expect:" in notes[0] and "eval scenarios" in notes[0]
    assert load_incident(scenario, today=TODAY).place == "FL"  # no listener: still loads
    bad = tmp_path / "bad.yaml"
    bad.write_text(json.dumps({**BASE, "expect": ["Graham"]}), encoding="utf-8")
    with pytest.raises(InputError, match="`expect:` must be a mapping"):
        load_incident(bad, today=TODAY)
    other = tmp_path / "other.yaml"
    other.write_text(json.dumps({**BASE, "expect": {}, "venue": "FL"}), encoding="utf-8")
    with pytest.raises(InputError, match="unknown key\\(s\\) venue"):
        load_incident(other, today=TODAY)
    with pytest.raises(InputError, match="unknown key\\(s\\) expect"):
        parse_incident({**BASE, "expect": {}}, today=TODAY)  # only a scenario *file* carries expectations


def test_every_dev_scenario_loads_as_an_incident(shared_dir: Path) -> None:
    paths = sorted((shared_dir / "eval" / "scenarios").glob("*.yaml"))
    assert paths, f"no dev scenarios under {shared_dir}/eval/scenarios"
    for path in paths:
        assert load_incident(path).claims, path
