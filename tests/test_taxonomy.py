"""The rights / official-type taxonomy: ids of the gold schema, leading standards checked against SCDB,
every cue example a real corpus sentence that its cue matches (slow and fast paths alike)."""

from __future__ import annotations

import csv
import json
import re
from functools import cache
from pathlib import Path

import pytest
from lxml import html as lxml_html

from fairwarning import doctrine
from fairwarning.errors import InputError
from fairwarning.labeler.context import sentences_matching
from fairwarning.labeler.segment import split_sentences
from fairwarning.reference import taxonomy

DATA = Path(taxonomy.__file__).parent / "data" / "taxonomy"


def _gold_ids(shared_dir: Path, key: str) -> list[str]:
    """The ids listed for ``key`` in eval/README.md (the gold schema)."""
    readme = (shared_dir / "eval" / "README.md").read_text()
    start = readme.index(f"- `{key}` — list of:")
    end = min(readme.index("\n- `", start + 3), readme.find("(", start))
    return re.findall(r"`([A-Za-z0-9_]+)`", readme[start:end])[1:]


def test_rights_are_the_gold_schema_ids(shared_dir: Path) -> None:
    assert list(taxonomy.RIGHTS) == _gold_ids(shared_dir, "rights")


def test_official_types_are_the_gold_schema_ids(shared_dir: Path) -> None:
    assert list(taxonomy.OFFICIAL_TYPES) == _gold_ids(shared_dir, "official_type")


def test_rights_agree_with_doctrine_ids() -> None:
    assert tuple(taxonomy.RIGHTS) == tuple(doctrine.RIGHTS)


def test_unknown_ids_raise_input_error_listing_valid_ones() -> None:
    with pytest.raises(InputError, match="4A_excessive_force"):
        taxonomy.right("4A_exessive_force")
    with pytest.raises(InputError, match="corrections"):
        taxonomy.official_type("prison")
    assert taxonomy.right("14A_equal_protection").amendment == "14A"


@cache
def _scdb(shared_dir: Path) -> dict[str, dict[str, str]]:
    path = shared_dir / "reference" / "scdb" / "SCDB_2022_01_caseCentered_Citation.csv"
    with path.open(encoding="latin-1") as f:
        return {r["usCite"]: r for r in csv.DictReader(f)}


def _name_words(name: str) -> set[str]:
    return {w for w in re.findall(r"[a-z]+", name.lower()) if len(w) > 3 and w not in {"board", "county", "city"}}


@pytest.mark.parametrize("right", taxonomy.rights(), ids=lambda r: r.id)
def test_leading_standard_matches_scdb(right: taxonomy.Right, shared_dir: Path) -> None:
    ls = right.leading_standard
    row = _scdb(shared_dir).get(ls.us_cite)
    assert row is not None, f"{right.id}: {ls.us_cite} is not in SCDB; use a case SCDB covers"
    assert row["dateDecision"] == ls.date_decided
    assert int(ls.date_decided[:4]) == ls.year
    # every party word of our short name appears in SCDB's (longer) caption
    assert _name_words(ls.case_name.split(" v. ")[0]) & _name_words(row["caseName"]), (ls.case_name, row["caseName"])


def test_leading_standards_consistent_with_doctrine_cases() -> None:
    """Where the DOCTRINE module lists the same case, name and date agree."""
    by_cite = {c.us_cite: c for c in doctrine.leading_cases()}
    shared = 0
    for r in taxonomy.rights():
        c = by_cite.get(r.leading_standard.us_cite)
        if c is None:
            continue
        shared += 1
        assert str(c.date_decided) == r.leading_standard.date_decided, r.id
    assert shared >= 10


@cache
def _corpus_text(corpus_dir: Path, file: str) -> str:
    """Whitespace-collapsed text of a corpus opinion file, from its plain-text or HTML fields."""
    d = json.loads((corpus_dir / file).read_text(encoding="utf-8"))
    parts = [str(d[k]) for k in ("plain_text", "Case_Text") if d.get(k)]
    for k in ("html_with_citations", "html", "html_lawbox", "HTMLtext"):
        v = d.get(k)
        if v and str(v).strip() and v != "None":
            parts.append(lxml_html.fromstring(v).text_content())
    return re.sub(r"\s+", " ", " ".join(parts))


def _all_cues() -> list[tuple[str, taxonomy.Cue]]:
    out = [(r.id, c) for r in taxonomy.rights() for c in r.cues]
    return out + [(o.id, c) for o in taxonomy.official_types() for c in o.cues]


@pytest.mark.parametrize("owner,cue", _all_cues(), ids=lambda x: x if isinstance(x, str) else x.pattern[:30])
def test_every_cue_example_is_a_real_sentence_the_cue_matches(owner: str, cue: taxonomy.Cue, corpus_dir: Path) -> None:
    for ex in cue.examples:
        assert ex.file.endswith(f"/{ex.opinion_id}.json"), f"{owner}: example file and opinion id disagree"
        assert ex.text in _corpus_text(corpus_dir, ex.file), (
            f"{owner}: example not found verbatim in {ex.file}; copy the sentence from the corpus"
        )
        assert cue.regex.search(ex.text), f"{owner}: cue {cue.pattern!r} does not match its own example"
        assert cue.starts(ex.text, ex.text.lower()), f"{owner}: fast path misses the example"


@pytest.mark.parametrize("owner,cue", _all_cues(), ids=lambda x: x if isinstance(x, str) else x.pattern[:30])
def test_fast_path_agrees_with_regex_on_real_opinion(owner: str, cue: taxonomy.Cue, corpus_dir: Path) -> None:
    """Alternatives are scanned separately on the fast path, so match offsets may differ; the sentences
    found must not."""
    text = _corpus_text(corpus_dir, cue.examples[0].file)
    starts = [s.start for s in split_sentences(text)]
    assert sentences_matching(text, starts, [cue], text.lower()) == sentences_matching(text, starts, [cue])


@pytest.mark.parametrize("name", ["rights.json", "officials.json"])
def test_data_files_are_canonical(name: str) -> None:
    raw = (DATA / name).read_text(encoding="utf-8")
    canonical = json.dumps(json.loads(raw), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    assert raw == canonical, f"{name} is not canonical: rewrite it with json.dumps(indent=2, sort_keys=True)"


def _required(schema: dict, path: list[str]) -> list[str]:
    node = schema
    for p in path:
        node = node[p]
    return list(node["required"])


def test_data_has_the_schema_required_keys() -> None:
    rs = json.loads((DATA / "rights.schema.json").read_text())
    rights = json.loads((DATA / "rights.json").read_text())["rights"]
    item_req = _required(rs, ["properties", "rights", "items"])
    std_req = _required(rs, ["properties", "rights", "items", "properties", "leading_standard"])
    cue_req = _required(rs, ["$defs", "cue"])
    for r in rights:
        assert set(item_req) <= set(r), r["id"]
        assert set(std_req) <= set(r["leading_standard"]), r["id"]
        for c in r["cues"]:
            assert set(cue_req) <= set(c) and c["examples"], r["id"]
    os_ = json.loads((DATA / "officials.schema.json").read_text())
    for o in json.loads((DATA / "officials.json").read_text())["official_types"]:
        assert set(_required(os_, ["properties", "official_types", "items"])) <= set(o), o["id"]
        assert o["cues"], f"official type {o['id']} needs at least one cue"
