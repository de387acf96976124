"""The architecture rule, read from the imports: each part of collabkit may use
its own subpackage and the layers below it, never a sibling or a layer above.

Every module under ``collabkit/`` is parsed with :mod:`ast`, so imports inside
functions count as much as those at the top, and ``from collabkit.x import``,
``import collabkit.x`` and relative imports (``from ..x import``) are all
seen. The few imports the table would forbid but that are right are listed in
:data:`EXCEPTIONS` with their reasons; breaks being mended on another branch
are in :data:`KNOWN`.
"""

from __future__ import annotations

import ast
from pathlib import Path
from typing import NamedTuple

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "collabkit"

#: Lowest layer first. A part listed here that does not exist yet is fine.
LAYERS: list[tuple[str, ...]] = [
    ("errors", "resources"),
    ("model",),
    ("formatting", "project"),
    ("metrics", "reliability", "examples", "imports", "research"),
    ("evaluation",),
    ("session", "plots"),
    ("widgets", "report"),
    ("cli_imports",),  # commands cli.py registers
    ("cli", "__init__", "__main__"),
]
LAYER_OF = {part: number for number, parts in enumerate(LAYERS) for part in parts}

#: Imports the table would forbid but that are right, each with its reason:
#: (importing part, or "*" for any, imported module or name) -> why.
EXCEPTIONS: dict[tuple[str, str], str] = {
    ("__main__", "collabkit.cli"): "python -m collabkit is the command line by another name",
    ("*", "collabkit.__version__"): (
        "the version is a constant of the package, quoted by --version and by every "
        "report's provenance; collabkit/__init__.py is imported before any submodule"),
}

#: Breaks of the rule known today and being mended elsewhere, each with where.
#: A new break fails the test; so does an entry here that no longer happens
#: (delete it then).
KNOWN: dict[tuple[str, str], str] = {}


class Import(NamedTuple):
    module: str  # dotted name of the importing module
    line: int
    imported: str  # dotted name of what it imports, inside collabkit


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def collabkit_imports(path: Path) -> list[Import]:
    """Every import of a collabkit module in ``path``, wherever it sits in the file."""
    name = module_name(path)
    # The package a relative import starts from: the module's own for __init__.py.
    base = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                start = base[: len(base) - (node.level - 1)]
                prefix = ".".join(start + ([node.module] if node.module else []))
            else:
                prefix = node.module or ""
            # ``from collabkit import metrics`` imports a subpackage and
            # ``from collabkit import __version__`` a name of collabkit/__init__.py.
            targets = [f"{prefix}.{alias.name}" if prefix == "collabkit" else prefix
                       for alias in node.names]
        else:
            continue
        found += [Import(name, node.lineno, target) for target in dict.fromkeys(targets)
                  if target == "collabkit" or target.startswith("collabkit.")]
    return found


def is_submodule(name: str) -> bool:
    """True when ``collabkit.<name>`` is a module or subpackage (not a name in __init__.py)."""
    return (PACKAGE / name).is_dir() or (PACKAGE / f"{name}.py").is_file()


def part_of(dotted: str) -> str:
    """The top-level part a module belongs to: ``collabkit.metrics.moves`` -> ``metrics``."""
    parts = dotted.split(".")
    if len(parts) == 1 or not is_submodule(parts[1]):
        return "__init__"  # the top package itself, or a name defined in its __init__.py
    return parts[1]


def modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "_bundle" not in p.parts)


class Violation(NamedTuple):
    item: Import
    importer: str
    imported: str

    def __str__(self) -> str:
        here, there = LAYER_OF[self.importer], LAYER_OF[self.imported]
        kind = "a sibling in the same layer" if here == there else "a higher layer"
        return (f"{self.item.module} line {self.item.line} imports {self.item.imported}: "
                f"{self.importer} (layer {here}) may not use {kind}, "
                f"{self.imported} (layer {there})")


def violations() -> list[Violation]:
    """Every import that reaches sideways or up, apart from the :data:`EXCEPTIONS`."""
    found = []
    for path in modules():
        for item in collabkit_imports(path):
            importer, imported = part_of(item.module), part_of(item.imported)
            if importer == imported and importer != "__init__":
                continue  # within its own subpackage
            if (importer, item.imported) in EXCEPTIONS or ("*", item.imported) in EXCEPTIONS:
                continue
            if LAYER_OF[imported] >= LAYER_OF[importer]:
                found.append(Violation(item, importer, imported))
    return found


def test_every_part_of_collabkit_has_a_layer():
    parts = {part_of(module_name(path)) for path in modules()}
    assert parts <= set(LAYER_OF), f"add these to LAYERS: {sorted(parts - set(LAYER_OF))}"


def test_imports_only_reach_down_the_layers():
    found = violations()
    new = [str(v) for v in found if (v.item.module, v.item.imported) not in KNOWN]
    assert not new, "imports that break the layers:\n" + "\n".join(new)
    mended = set(KNOWN) - {(v.item.module, v.item.imported) for v in found}
    assert not mended, f"these no longer break the layers: delete them from KNOWN: {mended}"


@pytest.mark.parametrize(("source", "module", "expected"), [
    ("from collabkit.metrics import moves", "collabkit/plots/charts.py", "collabkit.metrics"),
    ("import collabkit.report.render", "collabkit/cli.py", "collabkit.report.render"),
    ("from collabkit import metrics", "collabkit/cli.py", "collabkit.metrics"),
    ("from . import _common", "collabkit/metrics/moves.py", "collabkit.metrics"),
    ("from ..plots import charts", "collabkit/metrics/moves.py", "collabkit.plots"),
    ("from .loading import load", "collabkit/model/__init__.py", "collabkit.model.loading"),
    ("def f():\n    from collabkit.widgets import tally", "collabkit/metrics/moves.py",
     "collabkit.widgets"),
])
def test_every_form_of_import_is_seen(tmp_path, monkeypatch, source, module, expected):
    fake = tmp_path / "collabkit" / module.removeprefix("collabkit/")
    fake.parent.mkdir(parents=True, exist_ok=True)
    fake.write_text(source + "\n", encoding="utf-8")
    monkeypatch.setattr(f"{__name__}.PACKAGE", tmp_path / "collabkit")
    assert [i.imported for i in collabkit_imports(fake)] == [expected]


def test_metrics_never_reach_plots_widgets_or_report():
    assert all(LAYER_OF[part] > LAYER_OF["metrics"] for part in ("plots", "widgets", "report"))


def test_a_break_is_named_with_module_line_and_both_layers(tmp_path, monkeypatch):
    fake = tmp_path / "collabkit"
    (fake / "metrics").mkdir(parents=True)
    (fake / "plots").mkdir()
    (fake / "plots" / "__init__.py").write_text("", encoding="utf-8")
    (fake / "metrics" / "moves.py").write_text(
        '"""Moves."""\n\n\ndef chart():\n    from ..plots import charts\n', encoding="utf-8")
    monkeypatch.setattr(f"{__name__}.PACKAGE", fake)
    assert [str(v) for v in violations()] == [
        "collabkit.metrics.moves line 5 imports collabkit.plots: metrics (layer 3) may not "
        "use a higher layer, plots (layer 5)"]
