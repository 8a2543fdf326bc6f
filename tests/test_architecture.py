"""How the code is laid out (docs/architecture.md): no import circle among the application's
modules, `reporting/` a package per output with no prefixed modules at its top, no module
importing another package's views, `projects` never importing `reporting`, and no module over
400 lines."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from django.conf import settings

APPS = ("projects", "reporting", "malmo_intl")
PREFIXES = ("views_", "urls_", "services_", "forms_", "memo_", "charts_", "exports_")


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def application_modules() -> dict[str, Path]:
    root = Path(settings.BASE_DIR)
    return {
        module_name(path, root): path
        for app in APPS
        for path in (root / app).rglob("*.py")
        if "migrations" not in path.parts
    }


def imports(path: Path, modules: dict[str, Path]) -> set[str]:
    """Every application module ``path`` imports, anywhere in it: at the top, inside a
    function or under ``TYPE_CHECKING``."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                name = f"{node.module}.{alias.name}"
                if name in modules:
                    found.add(name)
                elif node.module in modules:
                    found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name in modules)
    return found


def packages_run(module: str, imported: str) -> set[str]:
    """The packages whose ``__init__`` runs when ``module`` imports ``imported``: those above
    ``imported`` that are not already running because ``module`` is inside them."""
    parts = imported.split(".")
    above = {".".join(parts[:end]) for end in range(1, len(parts))}
    return {package for package in above if not (module + ".").startswith(package + ".")}


def import_graph() -> dict[str, set[str]]:
    """Which application modules each one imports, counting the packages the import runs: a
    module importing ``pkg.sub`` runs ``pkg/__init__.py`` and everything that imports."""
    modules = application_modules()
    graph = {}
    for name, path in modules.items():
        found = imports(path, modules)
        run = {package for other in found for package in packages_run(name, other)}
        graph[name] = (found | (run & modules.keys())) - {name}
    return graph


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for other in sorted(graph[module]):
            if other not in index:
                visit(other)
                low[module] = min(low[module], low[other])
            elif other in on_stack:
                low[module] = min(low[module], index[other])
        if low[module] == index[module]:
            group = []
            while True:
                other = stack.pop()
                on_stack.discard(other)
                group.append(other)
                if other == module:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for module in sorted(graph):
        if module not in index:
            visit(module)
    return groups


def test_the_circle_finder_finds_a_circle_through_three_modules():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert circles(graph) == [["a", "b", "c"]]
    assert circles({"a": {"b"}, "b": set()}) == []


def test_an_import_runs_the_packages_above_it_that_are_not_running_yet():
    assert packages_run("projects.excel.writer", "projects.services.versions") == {
        "projects.services"
    }
    assert packages_run("reporting.memo.views", "projects.services.entry") == {
        "projects",
        "projects.services",
    }
    assert packages_run("projects.services.entry", "projects.services.locks") == set()
    assert packages_run("projects.services", "projects.services.locks") == set()


def test_no_import_circle_among_the_applications_modules():
    assert circles(import_graph()) == []


def test_projects_never_imports_reporting():
    graph = import_graph()
    assert {
        (module, other)
        for module, others in graph.items()
        if module.startswith("projects")
        for other in others
        if other.startswith("reporting")
    } == set()


def test_no_module_imports_another_packages_views():
    def package(module: str) -> str:
        return module.rsplit(".", 1)[0]

    graph = import_graph()
    crossing = {
        (module, other)
        for module, others in graph.items()
        for other in others
        if other.rsplit(".", 1)[-1].endswith("views")
        and package(other) != package(module)
        # The URL modules are where views are meant to be imported.
        and not module.endswith(".urls")
    }
    assert crossing == set()


def test_reporting_has_a_package_per_output_and_no_prefixed_module_at_its_top():
    top = Path(settings.BASE_DIR) / "reporting"
    prefixed = sorted(path.name for path in top.glob("*.py") if path.name.startswith(PREFIXES))
    assert prefixed == []
    packages = {path.parent.name for path in top.glob("*/__init__.py")}
    assert {"selectors", "figures", "memo", "exports", "trend", "open_data"} <= packages


# A module a newcomer can read in one sitting; a longer one becomes a package of modules. Models,
# migrations and the demo cities' data are long by nature (tests are not application modules).
MAX_LINES = 400


def is_exempt_from_the_line_limit(name: str) -> bool:
    return name.endswith(".models") or name == "projects.demo" or name.startswith("projects.demo.")


def test_the_line_limit_exempts_only_models_and_demo_data():
    assert is_exempt_from_the_line_limit("projects.models")
    assert is_exempt_from_the_line_limit("projects.demo.loading")
    assert not is_exempt_from_the_line_limit("projects.demographics")
    assert not is_exempt_from_the_line_limit("reporting.memo.drafting")


def test_no_application_module_is_over_400_lines():
    """Every application module at most 400 lines (docs/architecture.md), models, migrations and
    the demo data aside."""
    long = {
        name: lines
        for name, path in application_modules().items()
        if not is_exempt_from_the_line_limit(name)
        and (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}


def manager_filters(source: str) -> list[int]:
    """The lines of ``source`` that filter a model's manager by hand: ``<Model>.objects.filter``."""
    return [
        node.lineno
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "filter"
        and isinstance(node.func.value, ast.Attribute)
        and node.func.value.attr == "objects"
    ]


def test_the_filter_finder_finds_a_managers_filter_and_nothing_else():
    source = "a = Year.objects.filter(year=1)\nb = Year.objects.visible_to(u).filter(x=1)\n"
    assert manager_filters(source) == [1]


def test_no_view_module_filters_a_model_by_hand():
    """Views read through selectors and QuerySet methods (docs/architecture.md, "Reads")."""
    found = {
        (name, line)
        for name, path in application_modules().items()
        if name.startswith("projects.views.") or name.rsplit(".", 1)[-1].endswith("views")
        for line in manager_filters(path.read_text(encoding="utf-8"))
    }
    assert found == set()


def test_at_most_a_tenth_of_the_tests_pin_swedish_wording():
    """Tests assert which finding, refusal or message came by its code, and each message's
    wording is pinned once, in the test of its catalogue: a rewording changes one test.

    Counted by ``tests/wording.py``: a test function counts when a string literal in one of its
    ``assert`` statements holds four or more consecutive words of one Swedish message of the
    catalogue (a placeholder standing for any words), unless the module writes that string
    itself outside its asserts (its own test data). ``python -m tests.wording`` lists them."""
    from tests.wording import pinning_wording

    root = Path(settings.BASE_DIR)
    total, pinning = pinning_wording(root / "tests", root / "locale/en/LC_MESSAGES/django.po")
    assert total > 500  # the suite was found
    assert len(pinning) <= total // 10, "\n".join(pinning)


# Where a city's name may stand in the code, as the criterion says
# (`grep -ri "malmö\|malmo"` over projects/, reporting/ and templates/): the demo data (the
# demo cities, the demo memo, and the reference rows and organisation the migrations seed a new
# installation with, which are the Malmö demo's), the memo's default wording, and migrations.
# The settings module's name (malmo_intl) is not a city in the code. Each file by its path, so
# nothing else slips in.
CITY = re.compile(r"malmö|malmo", re.IGNORECASE)
CITY_ALLOWED = (
    re.compile(r"(^|/)migrations/"),
    re.compile(r"^projects/demo/"),
    re.compile(r"^reporting/memo/demo\.py$"),
    re.compile(r"^projects/reference_data\.py$"),
    re.compile(r"^reporting/memo/default_wording\.toml$"),
    re.compile(r"(^|/)__pycache__/"),
)


def test_no_city_is_written_into_the_code():
    root = Path(settings.BASE_DIR)
    found = []
    for folder in ("projects", "reporting", "templates"):
        for path in sorted((root / folder).rglob("*")):
            relative = path.relative_to(root).as_posix()
            if not path.is_file() or any(rule.search(relative) for rule in CITY_ALLOWED):
                continue
            try:
                text = path.read_text(encoding="utf-8")
            except UnicodeDecodeError:
                continue  # binary files (fonts, compiled files)
            for number, line in enumerate(text.splitlines(), start=1):
                if CITY.search(line.replace("malmo_intl", "")):
                    found.append(f"{relative}:{number}: {line.strip()}")
    assert found == []
