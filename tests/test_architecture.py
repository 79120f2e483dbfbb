"""The layering rules of the house, read from the source.

``graph_models`` is built in layers so that a newcomer can tell where a piece of code belongs and
what it may lean on:

- ``domain`` (entities, values, errors, policy) imports nothing else of ``graph_models``;
- the algorithms (``matching``, ``mentorship``, ``introductions``, ``reports``, ``budgeting``,
  ``indicators``, ``events``) import only the domain and each other, so they stay pure functions
  over values, testable without a store;
- ``stores`` import only the domain and other stores: they persist the domain, they do not compute;
- ``demo`` imports only the domain and its data, so it can fill any store;
- ``use_cases`` may import anything, and ``service`` reaches ``graph_models`` only through the use
  cases and the domain, so the web never bypasses the rules the use cases enforce;
- only the Neo4j store (``graph_models/stores/neo4j/``) talks to the Neo4j driver, and
  ``graph_models`` never imports the web stack.

Every module of ``graph_models`` lives in one of these layers, the packages import each other
without cycles, and modules stay small.
Every checker takes the root of a source tree, so each rule is shown failing on a small tree built
with a deliberate violation.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import NamedTuple

import networkx as nx
import pytest

ROOT = Path(__file__).resolve().parent.parent
CHECKED_PACKAGES = ("graph_models", "service")

# The top-level packages of graph_models, by layer.
LAYERS = frozenset({"domain", "matching", "mentorship", "introductions", "reports", "budgeting",
                    "indicators", "events", "stores", "demo", "data", "use_cases"})
DOMAIN = "graph_models.domain"
ALGORITHMS = ("graph_models.matching", "graph_models.mentorship", "graph_models.introductions",
              "graph_models.reports", "graph_models.budgeting", "graph_models.indicators",
              "graph_models.events")
STORES = "graph_models.stores"
NEO4J_STORE = "graph_models.stores.neo4j"
DEMO = "graph_models.demo"
USE_CASES = "graph_models.use_cases"
WEB_PACKAGES = ("flask", "flask_smorest", "marshmallow", "werkzeug", "webargs")

MAX_MODULE_LINES = 500
# Modules allowed past MAX_MODULE_LINES because they are data, not logic: path -> why.
# Prefer JSON under graph_models/data/; list a module here only when it cannot be data.
DATA_MODULES: dict[str, str] = {}


class Violation(NamedTuple):
    """A file and a module it imports, as a rule reports it."""

    file: str
    imported: str

    def __str__(self) -> str:
        return f"{self.file} imports {self.imported}"


# --- reading imports -------------------------------------------------------------------------


def python_files(root: Path) -> list[Path]:
    """The Python files of the checked packages under ``root``, in a stable order."""
    return sorted(path for package in CHECKED_PACKAGES for path in (root / package).rglob("*.py"))


def module_name(root: Path, path: Path) -> str:
    """The dotted name a file is imported as: ``a/b/c.py`` is ``a.b.c``, ``a/b/__init__.py`` is
    ``a.b``."""
    parts = path.relative_to(root).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_modules(root: Path, path: Path) -> set[str]:
    """The absolute name of every module a file imports, nested and literal dynamic imports
    (``__import__``, ``importlib.import_module``) included, relative imports resolved.

    ``from package import name`` imports the module ``package.name`` when the tree has one, and
    otherwise takes the attribute ``name`` of ``package``: it then counts as importing ``package``.
    """
    module = module_name(root, path)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    names = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = _absolute(node.module or "", node.level, package, path)
            names.update(_from_import_target(root, base, alias.name) for alias in node.names)
        elif _is_dynamic_import(node):
            literal = node.args[0].value
            name = literal.lstrip(".")
            names.add(_absolute(name, len(literal) - len(name), package, path))
    return names


def _absolute(name: str, level: int, package: str, path: Path) -> str:
    """``name`` imported ``level`` dots deep from ``package``, as an absolute dotted name."""
    if level == 0:
        return name
    parts = package.split(".") if package else []
    if level > len(parts):
        raise ValueError(f"{path}: relative import beyond the top-level package")
    base = parts[:len(parts) - level + 1]
    return ".".join([*base, name] if name else base)


def _from_import_target(root: Path, base: str, name: str) -> str:
    submodule = root.joinpath(*f"{base}.{name}".split("."))
    if name != "*" and (submodule.with_suffix(".py").is_file() or submodule.is_dir()):
        return f"{base}.{name}"
    return base


def _is_dynamic_import(node: ast.AST) -> bool:
    """``__import__("x")`` or ``importlib.import_module("x")`` with a literal name."""
    if not (isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)):
        return False
    func = node.func
    return (getattr(func, "id", None) == "__import__"
            or getattr(func, "attr", None) == "import_module")


def _within(name: str, package: str) -> bool:
    return name == package or name.startswith(package + ".")


def _relative(root: Path, path: Path) -> str:
    return path.relative_to(root).as_posix()


# --- the rules ---------------------------------------------------------------------------------


def _violations(root: Path, governs: Iterable[str], forbidden: Callable[[str], bool],
                exempt: Iterable[str] = ()) -> list[Violation]:
    """The forbidden imports made by modules under ``governs`` but not under ``exempt``."""
    governs, exempt = tuple(governs), tuple(exempt)
    found = set()
    for path in python_files(root):
        module = module_name(root, path)
        if (any(_within(module, package) for package in governs)
                and not any(_within(module, package) for package in exempt)):
            found.update(Violation(_relative(root, path), name)
                         for name in imported_modules(root, path) if forbidden(name))
    return sorted(found)


def _graph_models_imports_outside(root: Path, governs: Iterable[str],
                                  allowed: Iterable[str]) -> list[Violation]:
    """The imports of ``graph_models`` modules outside ``allowed`` made by modules under
    ``governs``."""
    allowed = tuple(allowed)
    return _violations(root, governs, lambda name: _within(name, "graph_models")
                       and not any(_within(name, package) for package in allowed))


def domain_violations(root: Path) -> list[Violation]:
    """Imports by the domain of anything else in ``graph_models``."""
    return _graph_models_imports_outside(root, [DOMAIN], allowed=[DOMAIN])


def algorithm_violations(root: Path) -> list[Violation]:
    """Imports by the algorithms of ``graph_models`` beyond the domain and the algorithms."""
    return _graph_models_imports_outside(root, ALGORITHMS, allowed=[DOMAIN, *ALGORITHMS])


def store_violations(root: Path) -> list[Violation]:
    """Imports by the stores of ``graph_models`` beyond the domain and the stores."""
    return _graph_models_imports_outside(root, [STORES], allowed=[DOMAIN, STORES])


def demo_violations(root: Path) -> list[Violation]:
    """Imports by the demo of ``graph_models`` beyond the domain, the demo and the data."""
    return _graph_models_imports_outside(root, [DEMO], allowed=[DOMAIN, DEMO, "graph_models.data"])


def service_violations(root: Path) -> list[Violation]:
    """Imports by ``service`` of ``graph_models`` beyond the use cases and the domain."""
    return _graph_models_imports_outside(root, ["service"], allowed=[USE_CASES, DOMAIN])


def neo4j_driver_violations(root: Path) -> list[Violation]:
    """Imports of the ``neo4j`` driver from outside the Neo4j store."""
    return _violations(root, CHECKED_PACKAGES, lambda name: _within(name, "neo4j"),
                       exempt=[NEO4J_STORE])


def web_stack_violations(root: Path) -> list[Violation]:
    """Imports of the web stack by ``graph_models``."""
    return _violations(root, ["graph_models"],
                       lambda name: any(_within(name, package) for package in WEB_PACKAGES))


def unplaced_modules(root: Path) -> list[str]:
    """The ``graph_models`` modules outside every layer, which no rule would govern."""
    return [_relative(root, path) for path in python_files(root)
            if _within(module := module_name(root, path), "graph_models")
            and module != "graph_models" and module.split(".")[1] not in LAYERS]


class Knot(NamedTuple):
    """Packages of ``graph_models`` that import each other, and one import cycle among them."""

    packages: tuple[str, ...]
    cycle: list[Violation]

    def __str__(self) -> str:
        return (f"{', '.join(self.packages)} import each other in a loop, for one:"
                + _listing(self.cycle))


def package_knots(root: Path) -> list[Knot]:
    """The knots of ``graph_models`` packages importing each other in cycles, each with one cycle
    as the imports making its edges (a package is the first name after ``graph_models.``)."""
    graph = nx.DiGraph()
    for path in python_files(root):
        importer = module_name(root, path).split(".")
        if importer[0] != "graph_models" or len(importer) < 2:
            continue
        for name in sorted(imported_modules(root, path)):
            imported = name.split(".")
            if imported[0] == "graph_models" and len(imported) > 1 and imported[1] != importer[1]:
                graph.add_edge(importer[1], imported[1])
                graph.edges[importer[1], imported[1]].setdefault("imports", set()).add(
                    Violation(_relative(root, path), name))
    knots = []
    for packages in sorted(map(sorted, nx.strongly_connected_components(graph))):
        if len(packages) > 1:
            edges = nx.find_cycle(graph.subgraph(packages), source=packages[0])
            knots.append(Knot(tuple(packages), [found for edge in edges
                                                for found in sorted(graph.edges[edge]["imports"])]))
    return knots


def oversized_modules(root: Path, exempt: Mapping[str, str] = DATA_MODULES
                      ) -> list[tuple[str, int]]:
    """The modules over ``MAX_MODULE_LINES`` physical lines, with their length, bar ``exempt``."""
    lengths = ((_relative(root, path), len(path.read_bytes().splitlines()))
               for path in python_files(root))
    return [(file, lines) for file, lines in lengths
            if lines > MAX_MODULE_LINES and file not in exempt]


def _listing(found: Iterable[object]) -> str:
    return "\n" + "\n".join(map(str, found))


# --- the rules hold on the code base ------------------------------------------------------------


def test_the_rules_read_the_code_base_they_guard():
    modules = [module_name(ROOT, path) for path in python_files(ROOT)]

    assert all(any(_within(module, package) for module in modules)
               for package in CHECKED_PACKAGES)
    assert any(_within(name, "neo4j")
               for path in python_files(ROOT) for name in imported_modules(ROOT, path))


def test_the_domain_imports_nothing_else_from_graph_models():
    found = domain_violations(ROOT)
    assert not found, _listing(found)


def test_the_algorithms_import_only_the_domain_and_each_other():
    found = algorithm_violations(ROOT)
    assert not found, _listing(found)


def test_the_stores_import_only_the_domain_and_other_stores():
    found = store_violations(ROOT)
    assert not found, _listing(found)


def test_the_demo_imports_only_the_domain_and_its_data():
    found = demo_violations(ROOT)
    assert not found, _listing(found)


def test_the_service_reaches_graph_models_only_through_the_use_cases_and_the_domain():
    found = service_violations(ROOT)
    assert not found, _listing(found)


def test_only_the_neo4j_store_imports_the_neo4j_driver():
    found = neo4j_driver_violations(ROOT)
    assert not found, _listing(found)


def test_graph_models_never_imports_the_web_stack():
    found = web_stack_violations(ROOT)
    assert not found, _listing(found)


def test_every_graph_models_module_lives_in_a_layer():
    found = unplaced_modules(ROOT)
    assert not found, _listing(found)


def test_the_packages_of_graph_models_import_each_other_without_cycles():
    found = package_knots(ROOT)
    assert not found, _listing(found)


def test_no_module_is_over_500_lines_unless_it_is_data():
    found = oversized_modules(ROOT)
    assert not found, _listing(f"{file}: {lines} lines" for file, lines in found)


# --- each rule catches a deliberate violation ------------------------------------------------

# A small tree that keeps every rule, importing across layers in every way the rules allow.
CLEAN_TREE = {
    "graph_models/__init__.py": '"""The root package."""\n',
    "graph_models/domain/__init__.py": "from .entities import Stakeholder\n",
    "graph_models/domain/entities.py": "import dataclasses\n",
    "graph_models/matching/__init__.py": "",
    "graph_models/matching/scoring.py": "from graph_models.domain import Stakeholder\n",
    "graph_models/mentorship/__init__.py": "",
    "graph_models/mentorship/circles.py": "from ..matching import scoring\n",
    "graph_models/stores/__init__.py": "",
    "graph_models/stores/base.py": "from graph_models.domain.entities import Stakeholder\n",
    "graph_models/stores/sqlite/__init__.py": "",
    "graph_models/stores/sqlite/store.py": "import sqlite3\nfrom ..base import Store\n",
    "graph_models/stores/neo4j/__init__.py": "",
    "graph_models/stores/neo4j/store.py": "import neo4j\nfrom graph_models.stores import base\n",
    "graph_models/demo/__init__.py": "",
    "graph_models/demo/generator.py": (
        "from importlib import resources\n"
        "from graph_models import domain\n"),
    "graph_models/data/__init__.py": "",
    "graph_models/use_cases/__init__.py": "",
    "graph_models/use_cases/matches.py": (
        "from graph_models.matching import scoring\n"
        "from graph_models.stores import base\n"
        "from graph_models.demo import generator\n"),
    "service/__init__.py": "",
    "service/errors.py": "",
    "service/api/__init__.py": "",
    "service/api/matches.py": (
        "import flask\n"
        "from graph_models.use_cases import matches\n"
        "from graph_models.domain import entities\n"
        "from .. import errors\n"),
}


def source_tree(root: Path, *extra: Mapping[str, str]) -> Path:
    """The clean tree written under ``root``, with the ``extra`` files added or replacing
    its own."""
    for files in (CLEAN_TREE, *extra):
        for name, source in files.items():
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            (root / name).write_text(source, "utf-8")
    return root


IMPORT_CHECKERS = [domain_violations, algorithm_violations, store_violations, demo_violations,
                   service_violations, neo4j_driver_violations, web_stack_violations]


def test_a_tree_that_keeps_every_rule_breaks_none(tmp_path):
    root = source_tree(tmp_path)

    assert {checker.__name__: checker(root) for checker in IMPORT_CHECKERS} == {
        checker.__name__: [] for checker in IMPORT_CHECKERS}
    assert unplaced_modules(root) == []
    assert package_knots(root) == []
    assert oversized_modules(root) == []


@pytest.mark.parametrize(("checker", "file", "source", "imported"), [
    pytest.param(domain_violations, "graph_models/domain/x.py",
                 "from graph_models import stores\n", "graph_models.stores",
                 id="the domain imports a store"),
    pytest.param(algorithm_violations, "graph_models/matching/x.py",
                 "def later():\n    import graph_models.use_cases\n", "graph_models.use_cases",
                 id="an algorithm imports the use cases"),
    pytest.param(store_violations, "graph_models/stores/sqlite/x.py",
                 "from ...matching.scoring import score\n", "graph_models.matching.scoring",
                 id="a store imports an algorithm"),
    pytest.param(demo_violations, "graph_models/demo/x.py",
                 "import importlib\nimportlib.import_module('graph_models.use_cases')\n",
                 "graph_models.use_cases",
                 id="the demo imports the use cases"),
    pytest.param(service_violations, "service/api/x.py",
                 "from graph_models.stores.base import Page\n", "graph_models.stores.base",
                 id="the service imports a store"),
    pytest.param(neo4j_driver_violations, "graph_models/use_cases/x.py",
                 "import neo4j\n", "neo4j",
                 id="a use case imports the neo4j driver"),
    pytest.param(web_stack_violations, "graph_models/use_cases/x.py",
                 "from flask import current_app\n", "flask",
                 id="a use case imports flask"),
])
def test_a_rule_reports_a_deliberate_violation_of_it(tmp_path, checker, file, source, imported):
    root = source_tree(tmp_path, {file: source})

    assert checker(root) == [Violation(file, imported)]


def test_a_module_outside_every_layer_is_reported(tmp_path):
    root = source_tree(tmp_path, {"graph_models/helpers.py": "import itertools\n"})

    assert unplaced_modules(root) == ["graph_models/helpers.py"]


def test_packages_importing_each_other_in_a_loop_are_reported(tmp_path):
    root = source_tree(tmp_path, {
        "graph_models/matching/x.py": "from graph_models.mentorship import circles\n"})

    assert package_knots(root) == [Knot(("matching", "mentorship"), [
        Violation("graph_models/matching/x.py", "graph_models.mentorship.circles"),
        Violation("graph_models/mentorship/circles.py", "graph_models.matching.scoring")])]


def test_a_module_over_500_lines_is_reported_unless_listed_as_data(tmp_path):
    root = source_tree(tmp_path, {
        "graph_models/use_cases/long.py": "pass\n" * 501,
        "graph_models/use_cases/just_short_enough.py": "pass\n" * 500,
        "service/long.py": "pass\n" * 600,
        "graph_models/demo/tables.py": "ROWS = []\n" * 900,
    })

    assert oversized_modules(root, exempt={"graph_models/demo/tables.py": "demo rows"}) == [
        ("graph_models/use_cases/long.py", 501), ("service/long.py", 600)]


# --- the import reader -------------------------------------------------------------------------


def test_the_import_reader_sees_every_form_of_import(tmp_path):
    module = tmp_path / "pkg" / "sub" / "sample.py"
    module.parent.mkdir(parents=True)
    (tmp_path / "pkg" / "sibling.py").write_text("", "utf-8")
    module.write_text(
        "import flask.json\n"
        "from werkzeug.exceptions import NotFound\n"
        "from . import nephew\n"
        "from .. import sibling\n"
        "from ..cousin import thing\n"
        "def later():\n"
        "    import neo4j\n"
        "    return __import__('marshmallow'), importlib.import_module('webargs.core')\n", "utf-8")

    assert imported_modules(tmp_path, module) == {
        "flask.json", "werkzeug.exceptions", "pkg.sub", "pkg.sibling", "pkg.cousin", "neo4j",
        "marshmallow", "webargs.core"}


def test_from_a_package_importing_a_module_counts_as_importing_that_module(tmp_path):
    root = source_tree(tmp_path, {
        "graph_models/policy.py": "",
        "graph_models/use_cases/x.py": "from graph_models import policy, __version__\n"})

    assert imported_modules(root, root / "graph_models/use_cases/x.py") == {
        "graph_models.policy", "graph_models"}


def test_relative_imports_in_a_package_init_start_from_that_package(tmp_path):
    root = source_tree(tmp_path, {"graph_models/stores/__init__.py": "from .sqlite import store\n"})

    assert imported_modules(root, root / "graph_models/stores/__init__.py") == {
        "graph_models.stores.sqlite.store"}
