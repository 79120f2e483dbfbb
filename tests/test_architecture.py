"""The layering rules of the house, read from the source: ``graph_models`` knows nothing of the
web, and only the Neo4j store's modules talk to the Neo4j driver."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
WEB_PACKAGES = frozenset({"flask", "flask_smorest", "marshmallow", "werkzeug", "webargs"})
# The Neo4j store and the modules it is made of (graph_models/stores/neo4j*.py).
NEO4J_STORE_MODULES = "graph_models/stores/neo4j*.py"


def python_files(package: str) -> list[Path]:
    files = sorted((ROOT / package).rglob("*.py"))
    assert files, f"no Python files under {package}/"
    return files


def imported_top_level_names(path: Path) -> set[str]:
    """The top-level package of every absolute import in a module, nested imports included."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
        elif _is_dynamic_import(node):
            names.add(str(node.args[0].value).split(".")[0])
    return names


def _is_dynamic_import(node: ast.AST) -> bool:
    """``__import__("x")`` or ``importlib.import_module("x")`` with a literal name."""
    if not (isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant)):
        return False
    func = node.func
    return (getattr(func, "id", None) == "__import__"
            or getattr(func, "attr", None) == "import_module")


@pytest.mark.parametrize("path", python_files("graph_models"),
                         ids=lambda p: str(p.relative_to(ROOT)))
def test_no_graph_models_module_imports_the_web_stack(path):
    assert imported_top_level_names(path) & WEB_PACKAGES == set()


def test_only_the_neo4j_store_modules_import_the_neo4j_driver():
    importers = [path.relative_to(ROOT)
                 for package in ("graph_models", "service")
                 for path in python_files(package)
                 if "neo4j" in imported_top_level_names(path)]

    assert importers
    assert all(path.match(NEO4J_STORE_MODULES) for path in importers), importers


def test_the_import_reader_sees_every_form_of_import(tmp_path):
    module = tmp_path / "sample.py"
    module.write_text(
        "import flask.json\n"
        "from werkzeug.exceptions import NotFound\n"
        "from . import sibling\n"
        "def later():\n"
        "    import neo4j\n"
        "    return __import__('marshmallow'), importlib.import_module('webargs.core')\n")

    assert imported_top_level_names(module) == {"flask", "werkzeug", "neo4j", "marshmallow",
                                                "webargs"}
