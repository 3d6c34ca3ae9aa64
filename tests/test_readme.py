"""The README points only at what a clone of the repository holds."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
README = (REPO / "README.md").read_text(encoding="utf-8")

LINKS = re.findall(r"\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)|(?:href|src)=\"([^\"]+)\"", README)
TARGETS = sorted({a or b for a, b in LINKS})
"""Every Markdown link or image, and every HTML href or src, of the README."""

QUOTED = sorted(set(re.findall(r"`([^`\s]+)`", README)))
"""Every one-word code span: file names and paths among them."""

CODE_FOLDERS = ("portal/", "forms/", "docgen/", "templates/", "tests/", "migrations/", "docs/")
"""Folders of the repository whose files a README path names; a path under ``instance/``
or ``test-results/`` is made when the portal or the tests run, so it need not exist."""

MADE_BY_COMMANDS = frozenset({"portal/translations/messages.pot"})
"""Files the README tells how to make (``make translations``), not kept in git."""


def _is_local(target: str) -> bool:
    return not re.match(r"[a-z][a-z0-9+.-]*:|#|/", target)


def test_no_link_or_path_of_the_readme_leads_out_of_the_repository():
    outside = [t for t in [*TARGETS, *QUOTED]
               if _is_local(t) and not (REPO / t.split("#")[0]).resolve().is_relative_to(REPO)]
    assert outside == []


@pytest.mark.parametrize("target", [t for t in TARGETS if _is_local(t)] or ["README.md"])
def test_every_link_of_the_readme_opens_a_file_of_the_repository(target):
    assert (REPO / target.split("#")[0]).exists(), target


def test_every_file_of_the_code_the_readme_names_exists():
    named = [t.rstrip(".,;:") for t in QUOTED
             if t.startswith(CODE_FOLDERS) and t not in MADE_BY_COMMANDS]
    assert named, "the README names no file of the code: the test reads nothing"
    assert [t for t in named if not (REPO / t).exists()] == []


def test_every_document_the_readme_names_is_in_the_repository():
    documents = [t for t in {*QUOTED, *TARGETS}
                 if t.split("#")[0].lower().endswith(".md") and _is_local(t)]
    assert [d for d in documents if not (REPO / d.split("#")[0]).resolve().is_file()
            or not (REPO / d.split("#")[0]).resolve().is_relative_to(REPO)] == []


def _layout_paths() -> list[str]:
    """Return the paths the code block of "How the code is laid out" names, in order."""
    section = README.split("## How the code is laid out", 1)[1].split("\n## ", 1)[0]
    block = section.split("```", 2)[1]
    return [line.split()[0] for line in block.splitlines()
            if line.strip() and not line.startswith(" ")]


def test_the_layout_section_names_only_what_the_tree_holds():
    named = _layout_paths()
    assert len(named) > 10, "the section's block was not found"
    assert [p for p in named if not (REPO / p).exists()] == []


def test_the_layout_section_names_every_package_of_the_portal():
    packages = sorted(f"portal/{d.name}/" for d in (REPO / "portal").iterdir()
                      if (d / "__init__.py").is_file())
    assert [p for p in packages if p not in _layout_paths()] == []
