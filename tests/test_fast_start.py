"""Fast start: what is static is precomputed (and cannot drift), slow reference data is cached, and commands
that do not need eyecite, hyperscan or the HTTP client do not import them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from importlib import resources
from pathlib import Path

import pytest

from fairwarning.analysis import citeguard
from fairwarning.doctrine import authority
from fairwarning.doctrine._data import canonical_json

REPO = Path(__file__).resolve().parents[1]


def test_packaged_rule_source_citations_equal_a_fresh_computation() -> None:
    ref = resources.files("fairwarning.doctrine").joinpath("data/derived/rule_source_citations.json")
    packaged = ref.read_text(encoding="utf-8")
    assert packaged == canonical_json(authority.compute_rule_source_citations()), (
        "stale precomputation: run `uv run python scripts/precompute.py`"
    )
    assert authority.rule_source_citations() == frozenset(json.loads(packaged)["citations"])
    assert "661 F.2d 1206" in authority.rule_source_citations()  # Bonner, the rulebook's source


def test_packaged_citeguard_equals_a_fresh_computation() -> None:
    ref = resources.files("fairwarning.analysis").joinpath("data/citeguard.json")
    assert ref.read_text(encoding="utf-8") == canonical_json(citeguard.compute_static()), (
        "stale precomputation: run `uv run python scripts/precompute.py`"
    )
    texts = citeguard.static_texts()
    assert any("U.S." in t for t in texts)  # holdings that cite cases are covered
    assert all(citeguard._key(t) in citeguard._static() for t in texts)


def _reference_mask(text: str, resolves) -> str:  # type: ignore[no-untyped-def]
    """The guard as it was: eyecite (hyperscan tokenizer) on every call, no lookup."""
    from fairwarning.corpus.citations import extract_citations

    out, last = [], 0
    for c in sorted(extract_citations(text), key=lambda c: c.start):
        if (c.normalized and resolves(c.normalized)) or c.start < last:
            continue
        out += [text[last : c.start], citeguard.OMITTED]
        last = c.end
    out.append(text[last:])
    return "".join(out)


def test_mask_through_the_cache_equals_eyecite_on_real_text(corpus_dir: Path, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FAIRWARNING_CACHE_DIR", str(tmp_path))
    citeguard._disk.cache_clear()
    citeguard._spans.cache_clear()
    texts = []
    for path in sorted((corpus_dir / "scotus").rglob("*"))[:6]:
        if path.is_file():
            raw = path.read_text(encoding="utf-8", errors="replace")
            texts += [raw[i : i + 500] for i in range(0, min(len(raw), 20_000), 1_700)]
    assert len(texts) > 20

    def resolves(cite: str) -> bool:
        return cite.endswith("U.S. 800") or " U.S. " in cite and int(cite.split()[0]) % 2 == 0

    expected = [_reference_mask(t, resolves) for t in texts]
    assert any(citeguard.OMITTED in e for e in expected)  # the sample has citations to mask
    assert [citeguard.mask_unresolved(t, resolves) for t in texts] == expected  # found, then written
    citeguard._spans.cache_clear()
    assert [citeguard.mask_unresolved(t, resolves) for t in texts] == expected  # read back from the cache
    assert (tmp_path / "citeguard.sqlite").is_file()
    citeguard._disk.cache_clear()


def test_scdb_and_courts_caches_equal_a_fresh_parse(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import courts_db

    from fairwarning.reference import courts, scdb

    monkeypatch.setenv("FAIRWARNING_CACHE_DIR", str(tmp_path))
    path = scdb.default_scdb_path()
    fresh = scdb._read_csv(path)
    for _ in range(2):  # written, then read back
        scdb._load_resolved.cache_clear()
        assert list(scdb.load().cases) == fresh
        courts.all_courts.cache_clear()
        assert courts.all_courts() == list(courts_db.courts)
    assert list((tmp_path / "scdb").glob("*.pickle")) and list((tmp_path / "courts_db").glob("*.pickle"))
    scdb._load_resolved.cache_clear()
    courts.all_courts.cache_clear()


def _imported(args: list[str], env: dict[str, str]) -> set[str]:
    out = subprocess.run([sys.executable, "-X", "importtime", "-m", "fairwarning", *args], capture_output=True,
                         text=True, env=env, cwd=REPO, check=False)
    assert out.returncode in (0, 1), out.stderr[-2000:]
    return {line.split("|")[-1].strip() for line in out.stderr.splitlines() if line.startswith("import time:")}


def test_commands_do_not_start_eyecite_or_the_http_client(corpus_db: Path, tmp_path: Path) -> None:
    env = {**os.environ, "FAIRWARNING_CACHE_DIR": str(tmp_path)}
    example = str(REPO / "examples" / "bumper-sticker-arrest.yaml")
    _imported(["analyze", example, "--db", str(corpus_db)], env)  # first run fills the caches
    for args in (["--help"], ["stats", "--db", str(corpus_db)], ["cases"],
                 ["analyze", example, "--db", str(corpus_db)]):
        mods = _imported(args, env)
        assert not {"eyecite", "hyperscan", "httpx"} & mods, (args, sorted({"eyecite", "hyperscan", "httpx"} & mods))
        if args[0] != "analyze":
            assert "fairwarning.labeler.core" not in mods, args


def test_taxonomy_ids_and_patterns_without_compiling_equal_the_compiled_entries() -> None:
    from fairwarning.reference import taxonomy

    assert tuple(r.id for r in taxonomy.rights()) == taxonomy.RIGHTS
    assert tuple(o.id for o in taxonomy.official_types()) == taxonomy.OFFICIAL_TYPES
    for right in taxonomy.RIGHTS:
        assert taxonomy.cue_patterns(right) == tuple(c.pattern for c in taxonomy.right(right).cues)
    with pytest.raises(Exception, match="unknown right"):
        taxonomy.cue_patterns("no_such_right")
