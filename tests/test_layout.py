"""Dependencies point one way, core ← sources ← claims ← summit, and nothing imports perf.

Read from the source with `ast`, migrations included, so that an import against the direction
fails here rather than in a circular import at start-up.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = ("core", "sources", "claims", "perf")
PROJECT = (*APPS, "summit")

# What each package may import of the project, besides itself.
MAY_IMPORT = {
    "core": set(),
    "sources": {"core"},
    "claims": {"core", "sources"},
    "perf": {"core", "sources", "claims", "summit"},
}


def project_imports(path: Path) -> set[str]:
    """The project's top-level packages the module imports, wherever the import statement is."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        found.update(top for name in names if (top := name.partition(".")[0]) in PROJECT)
    return found


def modules(package: str) -> list[Path]:
    return sorted((ROOT / package).rglob("*.py"))


@pytest.mark.parametrize("package", list(MAY_IMPORT))
def test_an_app_imports_only_the_apps_below_it(package):
    allowed = MAY_IMPORT[package] | {package}
    wrong = {
        str(path.relative_to(ROOT)): sorted(imported)
        for path in modules(package)
        if (imported := project_imports(path) - allowed)
    }
    assert wrong == {}


def test_the_project_package_imports_apps_only_in_its_urlconfs():
    wrong = {
        str(path.relative_to(ROOT)): sorted(imported)
        for path in modules("summit")
        if not path.stem.endswith("urls") and (imported := project_imports(path) & set(APPS))
    }
    assert wrong == {}


def test_nothing_outside_perf_and_the_tests_imports_perf():
    # The generated client (clients/) and hidden directories (.venv, .pgdata) are not the project's.
    tops = [
        p for p in ROOT.iterdir() if not p.name.startswith(".") and p.name not in {"perf", "tests", "clients"}
    ]
    outside = [p for top in tops for p in ([top] if top.suffix == ".py" else sorted(top.rglob("*.py")))]
    assert outside, "no module found to check"
    assert [str(p.relative_to(ROOT)) for p in outside if "perf" in project_imports(p)] == []


def test_every_app_is_checked():
    assert all(modules(package) for package in PROJECT)
