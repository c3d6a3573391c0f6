"""The tree says the architecture (issue 12, docs/ARCHITECTURE.md): these rules are read from the
source with :mod:`ast`, so a violation fails here rather than in a review.

- no ``gui/`` module imports a CLI module of ``calc`` (the GUI reads ``api`` results);
- no ``calc/`` module imports another calculator's ``cli`` (only ``calc/cli.py`` gathers them);
- only the two program entry points and the snapshot module name ``active_catalog``;
- every calculator package has the same files, and its tests live under ``tests/calc/<name>/``;
- the tree in docs/ARCHITECTURE.md lists exactly the modules of ``calc/`` and ``gui/``.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CALCULATORS = ("checks", "ebs", "ec2", "efs", "lambda_", "s3", "transfer")
CALCULATOR_FILES = ("__init__.py", "models.py", "api.py", "cli.py")
# The program entry points choose the catalog; the snapshot module defines active_catalog.
CATALOG_CHOOSERS = {"calc/cli.py", "gui/app.py", "calc/pricing/snapshots.py"}


def _modules(package: str) -> list[Path]:
    return sorted(p for p in (ROOT / package).rglob("*.py") if "__pycache__" not in p.parts)


def _rel(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path: Path) -> set[str]:
    """Every module ``path`` imports, absolute (``from x import y`` gives x and x.y)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = _module_name(path)
    if path.name != "__init__.py":
        package = package.rpartition(".")[0]
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            out.add(base)
            out.update(f"{base}.{a.name}" for a in node.names)
    return out


def _is_cli(module: str) -> bool:
    return module in {"calc.cli", "calc.cliargs", "calc.__main__"} or module.endswith(".cli")


def _calculator_of(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "calc" and parts[1] in CALCULATORS else None


@pytest.mark.parametrize("path", _modules("gui"), ids=_rel)
def test_no_gui_module_imports_a_cli_module(path: Path) -> None:
    bad = sorted(m for m in _imports(path) if m.startswith("calc") and _is_cli(m))
    assert not bad, f"{_rel(path)} imports CLI modules {bad}: the GUI reads calc.<name>.api"


@pytest.mark.parametrize("path", _modules("calc"), ids=_rel)
def test_no_calc_module_imports_another_calculators_cli(path: Path) -> None:
    if _rel(path) in {"calc/cli.py", "calc/__main__.py"}:
        return  # the one place that gathers every command
    own = _calculator_of(_module_name(path))
    bad = sorted(m for m in _imports(path)
                 if m.endswith(".cli") and _calculator_of(m) not in (None, own))
    assert not bad, f"{_rel(path)} imports another calculator's CLI: {bad}"


def test_only_the_entry_points_choose_the_catalog() -> None:
    users = {_rel(p) for pkg in ("calc", "gui") for p in _modules(pkg)
             if "active_catalog" in p.read_text(encoding="utf-8")}
    assert users <= CATALOG_CHOOSERS, sorted(users - CATALOG_CHOOSERS)


@pytest.mark.parametrize("name", CALCULATORS)
def test_every_calculator_has_the_same_shape(name: str) -> None:
    package = ROOT / "calc" / name
    missing = [f for f in CALCULATOR_FILES if not (package / f).is_file()]
    assert not missing, f"calc/{name}/ lacks {missing}"
    assert (ROOT / "tests" / "calc" / name).is_dir(), f"tests/calc/{name}/ is missing"


def test_calculator_tests_mirror_the_tree() -> None:
    loose = sorted(p.name for p in (ROOT / "tests" / "calc").glob("test_*.py"))
    assert not loose, f"tests/calc/ holds tests outside a calculator folder: {loose}"


def _documented_tree(text: str) -> set[str]:
    """The file paths a markdown tree block lists (indentation = nesting, ``  #`` a comment)."""
    block = re.search(r"<!-- tree:[^>]*-->\s*```\n(.*?)```", text, re.S)
    assert block, "docs/ARCHITECTURE.md has no tree block"
    stack: list[tuple[int, str]] = []
    paths: set[str] = set()
    for line in block.group(1).splitlines():
        entry = line.split("  #", 1)[0].rstrip()
        if not entry.strip():
            continue
        depth = len(entry) - len(entry.lstrip())
        name = entry.strip()
        while stack and stack[-1][0] >= depth:
            stack.pop()
        path = "/".join([*(s[1].rstrip("/") for s in stack), name.rstrip("/")])
        if name.endswith("/"):
            stack.append((depth, name))
        else:
            paths.add(path)
    return paths


def test_tree_block_is_read_by_indentation() -> None:
    text = ("<!-- tree: x -->\n```\ncalc/   # core\n  cli.py  # the CLI\n  s3/\n    api.py\n"
            "  units.py\ngui/\n  app.py\n```\n")
    assert _documented_tree(text) == {"calc/cli.py", "calc/s3/api.py", "calc/units.py",
                                      "gui/app.py"}


def test_architecture_tree_matches_the_code() -> None:
    text = (ROOT / "docs" / "ARCHITECTURE.md").read_text(encoding="utf-8")
    documented = {p for p in _documented_tree(text)
                  if p.startswith(("calc/", "gui/")) and p.endswith(".py")}
    actual = {_rel(p) for pkg in ("calc", "gui") for p in _modules(pkg) if p.name != "__init__.py"}
    missing, stale = sorted(actual - documented), sorted(documented - actual)
    assert not missing, f"modules missing from the tree in ARCHITECTURE.md: {missing}"
    assert not stale, f"ARCHITECTURE.md lists modules that do not exist: {stale}"
