"""The three floors: models/ under legal_desk/ under ui/, and Qt only on the top floor.

Imports are read with `ast`, so a comment or a string that mentions Qt does not count
and an import inside a function does.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
QT = ("PySide6", "shiboken6")


@dataclass(frozen=True)
class Import:
    file: str
    line: int
    module: str
    dynamic: bool = False


def _imports(package: str) -> list[Import]:
    found = []
    for path in sorted((ROOT / package).rglob("*.py")):
        rel = str(path.relative_to(ROOT))
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=rel)):
            if isinstance(node, ast.Import):
                found += [Import(rel, node.lineno, alias.name) for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                found.append(Import(rel, node.lineno, node.module))
            elif isinstance(node, ast.Call) and _is_dynamic_import(node.func):
                arg = node.args[0] if node.args else None
                name = arg.value if isinstance(arg, ast.Constant) else "<computed>"
                found.append(Import(rel, node.lineno, str(name), dynamic=True))
    return found


def _is_dynamic_import(func: ast.expr) -> bool:
    if isinstance(func, ast.Name):
        return func.id in {"__import__", "import_module"}
    return isinstance(func, ast.Attribute) and func.attr == "import_module"


def _top(module: str) -> str:
    return module.split(".")[0]


def test_the_scan_sees_imports() -> None:
    modules = {i.module for i in _imports("legal_desk")}
    assert {"sqlalchemy", "legal_desk.workspace", "ui.app"} <= modules


@pytest.mark.parametrize("package", ["legal_desk", "models"])
def test_no_qt_below_the_ui(package: str) -> None:
    assert [i for i in _imports(package) if _top(i.module) in QT] == []


def test_models_import_neither_core_nor_ui() -> None:
    assert [i for i in _imports("models") if _top(i.module) in {"legal_desk", "ui"}] == []


def test_core_reaches_the_ui_only_through_the_cli_entry_point() -> None:
    to_ui = [
        i for i in _imports("legal_desk") if _top(i.module) == "ui" or i.module == "<computed>"
    ]
    assert to_ui == [Import("legal_desk/cli.py", to_ui[0].line if to_ui else 0, "ui.app", True)]


def test_importing_the_core_loads_no_qt() -> None:
    code = (
        "import sys, legal_desk.cli, legal_desk.workspace, legal_desk.storage.integrity\n"
        f"print(sorted(m for m in sys.modules if m.split('.')[0] in {QT!r}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
