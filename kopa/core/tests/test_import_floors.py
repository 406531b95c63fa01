"""Apps sit on floors and import only downwards (docs/architecture.md).

Read from the source with `ast`, so this test imports none of the apps it checks. Tests may import any
app (a test of a page builds what the page shows), so test modules are not checked; migrations are
historical and not checked either.
"""

import ast
from pathlib import Path

import pytest

KOPA = Path(__file__).resolve().parents[2]

# Lowest first. An app may import its own modules and any app on a lower floor, never one above.
FLOORS = ["core", "agencies", "directory", "programmes", "events", "outreach", "matchmaking", "library",
          "reports", "logbook", "api", "site", "journeys"]
# Floors that hold only tests (no Django app, no apps.py): journeys follow people across every app.
TESTS_ONLY = {"journeys"}

# Imports inside a function body are allowed only where Django needs them late: an AppConfig's
# ready() connecting signal receivers, and a reference-data loader that also runs inside migrations.
DEFERRED_ALLOWED = {
    ("outreach/apps.py", "ready"), ("events/apps.py", "ready"), ("directory/apps.py", "ready"),
    ("programmes/apps.py", "ready"), ("library/apps.py", "ready"), ("logbook/apps.py", "ready"), ("agencies/apps.py", "ready"), ("core/apps.py", "ready"), ("directory/reference_data.py", "load"),
}


def _source_files():
    for app in FLOORS:
        for path in sorted((KOPA / app).rglob("*.py")):
            parts = path.relative_to(KOPA).parts
            if "tests" in parts or "migrations" in parts:
                continue
            yield app, path


def _kopa_imports(tree):
    """(module, line, enclosing function or None) for every `kopa.…` import in the tree."""
    found = []

    def visit(node, function):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                visit(child, function or child.name)
                continue
            if isinstance(child, ast.ImportFrom) and child.module and child.module.split(".")[0] == "kopa":
                names = [child.module] if child.module != "kopa" else [f"kopa.{a.name}" for a in child.names]
                found.extend((name, child.lineno, function) for name in names)
            elif isinstance(child, ast.Import):
                found.extend((a.name, child.lineno, function) for a in child.names if a.name.startswith("kopa."))
            visit(child, function)

    visit(tree, None)
    return found


def _app_of(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else None


def _violations():
    upward, deferred = [], []
    for app, path in _source_files():
        rel = path.relative_to(KOPA).as_posix()
        for module, line, function in _kopa_imports(ast.parse(path.read_text(encoding="utf-8"))):
            target = _app_of(module)
            if target in FLOORS and target != app and FLOORS.index(target) > FLOORS.index(app):
                upward.append(f"{rel}:{line} ({app}) imports {module} ({target}, a higher floor)")
            if function and (rel, function) not in DEFERRED_ALLOWED:
                deferred.append(f"{rel}:{line} imports {module} inside {function}()")
    return upward, deferred


def test_every_app_is_on_a_floor():
    apps = {p.name for p in KOPA.iterdir() if (p / "apps.py").exists()}
    assert apps == set(FLOORS) - TESTS_ONLY, "add the new app to FLOORS here and in docs/architecture.md"


def test_no_app_imports_one_on_a_higher_floor():
    upward, _deferred = _violations()
    assert upward == []


def test_no_import_is_deferred_into_a_function_body():
    _upward, deferred = _violations()
    assert deferred == []


def _aliases():
    found = []
    for _app, path in _source_files():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("kopa"):
                found.extend(f"{path.relative_to(KOPA)}:{node.lineno} {a.name} as {a.asname}"
                             for a in node.names if a.asname)
            elif isinstance(node, ast.Import):
                found.extend(f"{path.relative_to(KOPA)}:{node.lineno} {a.name} as {a.asname}"
                             for a in node.names if a.asname and a.name.startswith("kopa"))
    return found


def test_no_kopa_module_is_imported_under_another_name():
    """`from kopa.events import selectors_travel as selectors` hides which module a call goes to."""
    assert _aliases() == []


def test_reads_never_import_writes():
    """A selectors module imports no services module: facts both need live on the models or in rules."""
    found = []
    for _app, path in _source_files():
        if not path.name.startswith("selectors"):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("kopa"):
                targets = [node.module, *(f"{node.module}.{a.name}" for a in node.names)]
            elif isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            else:
                continue
            found.extend(f"{path.relative_to(KOPA)}:{node.lineno} imports {t}" for t in targets
                         if t.startswith("kopa.") and t.rsplit(".", 1)[-1].startswith("services"))
    assert found == []


def test_core_imports_no_domain_app():
    imported = {_app_of(module) for app, path in _source_files() if app == "core"
                for module, _l, _f in _kopa_imports(ast.parse(path.read_text(encoding="utf-8")))}
    assert imported <= {"core"}


@pytest.mark.parametrize("source, expected", [
    ("from kopa.outreach import models\n", ["kopa.outreach"]),
    ("def f():\n    from kopa.events.models import Event\n", ["kopa.events.models"]),
    ("import kopa.site.views\n", ["kopa.site.views"]),
])
def test_the_checker_sees_every_form_of_import(source, expected):
    assert [module for module, _line, _fn in _kopa_imports(ast.parse(source))] == expected
