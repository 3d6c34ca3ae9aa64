"""Keep the code's layers honest: feature packages without circles, nothing importing upward.

The graph is built from the source with ``ast``, every import counted, those inside function
bodies too: an import hidden in a function to dodge a circle is still a circle.

The layers, lowest first (a module may import its own layer and the ones below it):

- ``policy``: ``portal.policy``, the program's rules, text hygiene among them
  (``portal.policy.text``: the characters a stored answer or a Word file may hold): the
  standard library only.
- ``docgen``: Word agreements from plain terms; also babel, docx and the like, never Flask.
- ``core``: the models, the extensions and the app's plumbing, which know no feature.
- ``forms``: the WTForms classes; they read the models and the policy.
- ``shared``: what every feature uses (access, audit, mail, notifications, geography, the
  request's transitions, the display filters, the calendar of the days the City is closed).
- ``features``: one package per feature; they may import one another only along a directed
  graph, and ``FEATURE_ORDER`` is one order of it that the test checks.
- ``top``: the app factory, the command line and the seed data, which know every feature.
"""

from __future__ import annotations

import ast
import sys
from collections import defaultdict
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
ROOTS = ("portal", "forms", "docgen")
MAX_LINES = 400

LAYERS: dict[str, tuple[str, ...]] = {
    "policy": ("portal.policy",),
    "docgen": ("docgen",),
    "core": ("portal.extensions", "portal.models", "portal.config", "portal.database",
             "portal.converters", "portal.security", "portal.errors", "portal.uploads",
             "portal.lazy_transactions", "portal.pool_liveness", "portal.templating",
             "portal.request_log", "portal.kept_reference"),
    "forms": ("forms",),
    "shared": ("portal.access", "portal.audit", "portal.mail", "portal.notifications",
               "portal.geography", "portal.transitions", "portal.presentation",
               "portal.signals", "portal.languages", "portal.translation", "portal.calendar"),
    "features": (),  # every other subpackage of portal: see FEATURE_ORDER
    "top": ("portal", "portal.app", "portal.cli", "portal.seed", "portal.worker",
            "portal.unmodelled"),
}
ORDER = list(LAYERS)

FEATURE_ORDER = (
    "auth", "representatives", "assessment", "intake", "registry", "review", "agreements",
    "dashboard", "reports", "api", "admin", "home", "main",
)
"""Every feature package, lowest first: a package may import only those before it.

``assessment`` reads a request against the policy; ``intake`` opens, fills and submits a
request; the ``registry`` keeps signed agreements and opens their renewals through the
intake; ``review`` is the staff's work on a request; ``agreements`` drafts and records the
signed agreement, and its forms answer on the review's request page; ``reports`` writes the
annual program report from the registry; ``api`` reads the registry and the queue for
programs, with staff's personal access tokens; ``home`` and ``main``
show each person where their work is.
"""


def _modules() -> dict[str, Path]:
    found = {}
    for root in ROOTS:
        for path in sorted((REPO / root).rglob("*.py")):
            parts = list(path.relative_to(REPO).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            found[".".join(parts)] = path
    return found


MODULES = _modules()


def _ours(name: str) -> str | None:
    """Return the module of ours that ``name`` (a module or a name in one) is, if any."""
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


def imports_of(module: str) -> set[str]:
    """Return our modules that ``module`` imports, anywhere in its body."""
    path = MODULES[module]
    package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join([*package[:len(package) - node.level + 1], *filter(None, [base])])
            # ``from portal import audit`` imports portal.audit; ``from a.b import f``, a.b.
            names |= {f"{base}.{alias.name}" for alias in node.names}
    return {found for name in names if (found := _ours(name)) and found != module}


GRAPH = {module: imports_of(module) for module in MODULES}


def feature_of(module: str) -> str | None:
    """Return the feature package ``module`` belongs to, if it belongs to one."""
    parts = module.split(".")
    if parts[0] == "portal" and len(parts) > 1 and layer_of(module) == "features":
        return parts[1]
    return None


def layer_of(module: str) -> str:
    """Return the layer of ``module``: the layer of its longest listed prefix."""
    best, layer = -1, "features"
    for name, prefixes in LAYERS.items():
        for prefix in prefixes:
            if (module == prefix or module.startswith(prefix + ".")) and len(prefix) > best:
                best, layer = len(prefix), name
    if layer == "top" and module != "portal" and best == len("portal"):
        return "features"  # a subpackage of portal not listed elsewhere is a feature
    return layer


def _features_found() -> set[str]:
    return {f for m in MODULES if (f := feature_of(m))}


def test_every_feature_package_has_its_place_in_the_order():
    assert _features_found() == set(FEATURE_ORDER)


def test_every_loose_module_of_the_portal_belongs_to_a_layer():
    """A new module at portal's root is a decision: name its layer here."""
    loose = [m for m in MODULES if m.count(".") == 1 and m.startswith("portal.")
             and (REPO / m.replace(".", "/")).with_suffix(".py").exists()
             and layer_of(m) == "features"]
    assert loose == []


def test_no_module_imports_a_layer_above_its_own():
    upward = sorted(
        f"{module} -> {target}" for module, targets in GRAPH.items() for target in targets
        if ORDER.index(layer_of(target)) > ORDER.index(layer_of(module)))
    assert upward == []


def _rank(feature: str) -> int:
    return FEATURE_ORDER.index(feature) if feature in FEATURE_ORDER else len(FEATURE_ORDER)


def test_feature_packages_import_only_the_features_below_them():
    """The packages form a directed graph: no circle, however long, however hidden."""
    upward = sorted(
        f"{module} -> {target}" for module, targets in GRAPH.items() for target in targets
        if (a := feature_of(module)) and (b := feature_of(target)) and a != b
        and _rank(b) > _rank(a))
    assert upward == []


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Return the strongly connected components of ``graph`` with more than one node."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_cycle_finder_finds_a_circle_and_only_a_circle():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert _cycles({"a": {"b"}, "b": set()}) == []


def test_no_two_modules_import_each_other_even_through_others():
    """Within a package too: routes importing pages that import the routes is a circle."""
    assert _cycles(GRAPH) == []


def test_feature_packages_form_no_circle():
    packages: dict[str, set[str]] = defaultdict(set)
    for module, targets in GRAPH.items():
        if a := feature_of(module):
            packages[a] |= {b for t in targets if (b := feature_of(t)) and b != a}
    assert _cycles(packages) == []


@pytest.mark.parametrize("root", ["portal.policy"])
def test_the_policy_and_the_text_rules_import_nothing_of_ours_above_them(root):
    above = sorted(f"{m} -> {t}" for m, targets in GRAPH.items()
                   if m == root or m.startswith(root + ".")
                   for t in targets if layer_of(t) != "policy")
    assert above == []


def test_the_text_rules_use_only_the_standard_library():
    """Below forms and docgen both: ``tests/policy/test_purity.py`` checks the policy so."""
    tree = ast.parse(MODULES["portal.policy.text"].read_text(encoding="utf-8"))
    top = {alias.name.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.Import)
           for alias in node.names}
    top |= {(node.module or "").split(".")[0] for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom)}
    assert sorted(top - sys.stdlib_module_names - {"__future__"}) == []


def test_docgen_imports_of_ours_only_itself_the_policy_and_the_text_rules():
    above = sorted(f"{m} -> {t}" for m, targets in GRAPH.items() if layer_of(m) == "docgen"
                   for t in targets if layer_of(t) not in ("policy", "docgen"))
    assert above == []


def _lines(module: str) -> int:
    return len(MODULES[module].read_text(encoding="utf-8").splitlines())


def test_no_module_is_over_400_lines():
    long = {name: n for name in MODULES if (n := _lines(name)) > MAX_LINES}
    assert long == {}


def test_the_readme_lists_the_feature_packages_in_their_order():
    """README's "How the code is laid out" tells a new maintainer the same order."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("## How the code is laid out", 1)[1].split("\n## ", 1)[0]
    listed = [line.split()[0][len("portal/"):-1] for line in section.splitlines()
              if line.startswith("portal/") and line.split()[0].endswith("/")]
    assert [name for name in listed if name in FEATURE_ORDER] == list(FEATURE_ORDER)
