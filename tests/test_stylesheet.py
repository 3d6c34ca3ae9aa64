"""The stylesheet parses as its author meant: every block it opens, it closes.

A rule block left open (a merge that dropped a brace) makes the browser read every later
rule as part of it: the phone layout of the queue once vanished inside ``@media print``.
"""

from __future__ import annotations

import re
from pathlib import Path

STYLESHEET = Path(__file__).resolve().parents[1] / "portal" / "static" / "portal.css"


def test_every_block_of_the_stylesheet_is_closed_where_it_should_be() -> None:
    text = re.sub(r"/\*.*?\*/", "", STYLESHEET.read_text(), flags=re.S)
    depth = 0
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        # A top-level rule or at-rule starts at depth 0; only an at-rule's body nests.
        if stripped.startswith("@media") or stripped.startswith("@supports"):
            assert depth == 0, f"line {number}: {stripped!r} opens inside another block"
        depth += line.count("{") - line.count("}")
        assert 0 <= depth <= 2, f"line {number}: blocks nest {depth} deep"
    assert depth == 0, "a block is left open at the end of the stylesheet"
