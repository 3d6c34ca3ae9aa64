"""Check that the policy stays plain code: no Flask, no database, no I/O."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

POLICY = Path(__file__).resolve().parents[2] / "portal" / "policy"
MODULES = sorted(POLICY.glob("*.py"))
FORBIDDEN = ("flask", "sqlalchemy", "werkzeug", "wtforms", "jinja2", "alembic", "psycopg")
# Pure standard-library modules: no files, network, processes or clocks.
ALLOWED_STDLIB = {
    "__future__", "calendar", "collections", "dataclasses", "datetime", "decimal", "enum",
    "functools",
    "math", "re", "types", "typing", "unicodedata",
}


def imported(path: Path) -> set[str]:
    """Return the modules ``path`` imports, by full name."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            names.add("portal.policy" if node.level else node.module or "")
    return names


def test_the_policy_has_modules_to_check() -> None:
    """The scan finds the package."""
    assert len(MODULES) > 5


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_no_policy_module_imports_flask_or_sqlalchemy(path: Path) -> None:
    """Forms, views and docgen ask the policy; the policy asks nothing of them."""
    bad = {n for n in imported(path) if n.split(".")[0].startswith(FORBIDDEN)}
    assert not bad, f"{path.name} imports {sorted(bad)}"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_policy_modules_use_only_the_policy_and_pure_standard_modules(path: Path) -> None:
    """Nothing below the app reaches up into it or out to files and networks."""
    bad = {
        n for n in imported(path)
        if n.split(".")[0] not in ALLOWED_STDLIB and not n.startswith("portal.policy")
    }
    assert not bad, f"{path.name} imports {sorted(bad)}"


def test_importing_the_whole_policy_loads_neither_flask_nor_sqlalchemy() -> None:
    """Also through ``portal/__init__.py``, which must do no work at import."""
    names = ", ".join(f"portal.policy.{p.stem}" for p in MODULES if p.stem != "__init__")
    code = (
        f"import sys, importlib\n"
        f"for name in {names!r}.split(', '): importlib.import_module(name)\n"
        f"print(sorted(m for m in sys.modules if m.split('.')[0] in {FORBIDDEN!r}))"
    )
    root = str(POLICY.parents[1])
    run = subprocess.run(
        [sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=True
    )
    assert run.stdout.strip() == "[]"
