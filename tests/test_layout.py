"""The package layout: each stage imports only the stages below it (read from the source, not by importing).

web/cli -> analysis/system/batch -> labeler/doctrine -> corpus -> reference -> errors/models
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import fairwarning

PACKAGE = Path(fairwarning.__file__).resolve().parent

#: the layer of each top-level place of the package: a module may import its own place and lower layers only
LAYERS: dict[str, int] = {
    "errors": 0,
    "models": 0,
    "reference": 1,
    "corpus": 2,
    "labeler": 3,
    "doctrine": 3,
    "analysis": 4,
    "system": 4,
    "batch": 4,
    "cli": 5,
    "web": 5,
    "__main__": 6,
}
#: imports between different places of one layer that are allowed (importer, imported)
SAME_LAYER = {("cli", "web")}
#: inside the corpus, the adapters only read: they never write to the store or run the ingest
CORPUS_WRITERS = ("fairwarning.corpus.ingest", "fairwarning.corpus.store", "fairwarning.corpus.sync")


def _place(module: str) -> str:
    """The top-level place of a dotted module name under ``fairwarning`` (``""`` for the package itself)."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def _module_name(path: Path, root: Path) -> str:
    rel = path.relative_to(root.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path: Path, root: Path) -> list[tuple[int, str]]:
    """(line, absolute module) for every ``fairwarning`` import in the file, function-level ones included."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    this = _module_name(path, root)
    package = this if path.name == "__init__.py" else this.rpartition(".")[0]
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names if a.name.split(".")[0] == "fairwarning"]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            if module.split(".")[0] != "fairwarning":
                continue
            if module == "fairwarning":  # from fairwarning import corpus -> the names are places
                found += [(node.lineno, f"fairwarning.{a.name}") for a in node.names]
            else:
                found.append((node.lineno, module))
    return found


def _sources() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def violations(files: list[Path], root: Path = PACKAGE) -> list[str]:
    """Every import in ``files`` (modules of the package at ``root``) that runs against the layers."""
    bad: list[str] = []
    for path in files:
        importer = _module_name(path, root)
        src = _place(importer)
        for line, target in _imports(path, root):
            dst = _place(target)
            where = f"{path.relative_to(root.parent)}:{line} imports {target}"
            if src == "":  # fairwarning/__init__.py: the error tree and the record model only
                if dst not in ("errors", "models"):
                    bad.append(f"{where}: the package root re-exports errors and models only")
                continue
            if dst == "" or dst == src:
                if src == "corpus" and importer.startswith("fairwarning.corpus.sources") and any(
                    target == w or target.startswith(w + ".") for w in CORPUS_WRITERS
                ):
                    bad.append(f"{where}: corpus adapters must not import the store, ingest or sync")
                continue
            if dst not in LAYERS or src not in LAYERS:
                bad.append(f"{where}: {src or dst!r} is not a known place: add it to LAYERS")
            elif LAYERS[dst] > LAYERS[src]:
                bad.append(f"{where}: {src} (layer {LAYERS[src]}) imports upward into {dst} (layer {LAYERS[dst]})")
            elif LAYERS[dst] == LAYERS[src] and (src, dst) not in SAME_LAYER:
                bad.append(f"{where}: {src} and {dst} are one layer; only {sorted(SAME_LAYER)} may import across")
    return bad


def test_every_place_has_a_layer() -> None:
    code_places = {p.name for p in PACKAGE.iterdir() if p.is_dir() and any(p.glob("*.py"))}
    code_places |= {p.stem for p in PACKAGE.glob("*.py") if p.stem != "__init__"}
    assert code_places <= set(LAYERS), sorted(code_places - set(LAYERS))
    assert {"corpus", "reference", "system", "web", "batch", "cli"} <= code_places


def test_no_import_runs_against_the_stages() -> None:
    assert violations(_sources()) == []


@pytest.mark.parametrize(
    ("where", "source", "expected"),
    [
        ("corpus/store.py", "from fairwarning.analysis import analyze\n", "imports upward"),
        ("reference/courts.py", "def f():\n    from fairwarning.corpus import store\n", "imports upward"),
        ("labeler/core.py", "import fairwarning.doctrine.cases\n", "one layer"),
        ("corpus/sources/cap.py", "from fairwarning.corpus.ingest import ingest\n", "must not import the store"),
        ("doctrine/cases.py", "from ..web import app\n", "imports upward"),
        ("analysis/memo.py", "from fairwarning import cli\n", "imports upward"),
    ],
)
def test_the_check_catches_an_upward_import(tmp_path: Path, where: str, source: str, expected: str) -> None:
    """The checker itself: an import planted in a stand-in for a real module is reported."""
    fake = PACKAGE / where
    copy = tmp_path / "fairwarning" / where
    copy.parent.mkdir(parents=True)
    copy.write_text(source, encoding="utf-8")
    assert fake.exists()
    found = violations([copy], root=tmp_path / "fairwarning")
    assert len(found) == 1 and expected in found[0], found


def test_no_reexport_shadows_a_module() -> None:
    """``from fairwarning.corpus import ingest`` must give the module, never a function of the same name."""
    import importlib

    for init in PACKAGE.rglob("__init__.py"):
        package = importlib.import_module(_module_name(init, PACKAGE))
        for child in init.parent.iterdir():
            name = child.stem if child.suffix == ".py" else child.name
            if name.startswith("_") or not (child.suffix == ".py" or (child / "__init__.py").exists()):
                continue
            value = getattr(package, name, None)
            if value is not None:
                assert getattr(value, "__name__", "") == f"{package.__name__}.{name}", (package.__name__, name)
