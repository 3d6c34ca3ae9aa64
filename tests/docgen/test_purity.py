"""Check that docgen stays a library: no Flask; of the portal, only its policy."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

DOCGEN = Path(__file__).resolve().parents[2] / "docgen"
MODULES = sorted(DOCGEN.glob("*.py"))
BELOW_DOCGEN = ("portal.policy",)
"""The portal modules docgen may read: the rules (text hygiene among them), all pure."""


def imported(path: Path) -> set[str]:
    """Return the modules ``path`` imports, by full name."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            names.add("docgen" if node.level else node.module or "")
    return names


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_docgen_imports_neither_flask_nor_the_portal_beyond_its_policy(path: Path) -> None:
    bad = {
        name for name in imported(path)
        if name.split(".")[0] in {"flask", "werkzeug", "sqlalchemy", "flask_sqlalchemy"}
        or (name.split(".")[0] == "portal" and not name.startswith(BELOW_DOCGEN))
    }
    assert not bad, f"{path.name} imports {sorted(bad)}"


def test_importing_docgen_loads_no_flask_and_no_portal_module_but_the_policy() -> None:
    # Every name docgen offers is asked for: each is imported from its module on first use.
    code = (
        "import sys, docgen\n"
        "[getattr(docgen, name) for name in docgen.__all__]\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('flask', 'sqlalchemy')"
        f" or (m.startswith('portal.') and not m.startswith({BELOW_DOCGEN!r}))))"
    )
    run = subprocess.run(
        [sys.executable, "-c", code], cwd=DOCGEN.parent, capture_output=True, text=True,
        check=True,
    )
    assert run.stdout.strip() == "[]"
