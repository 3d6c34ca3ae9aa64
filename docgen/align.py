"""Align two versions of a draft: paragraphs first, then the words within a changed one.

Paragraphs are aligned with difflib over their texts, a changed paragraph paired with the
most alike one; the words of a paired paragraph are then compared token by token.
``docgen.compare`` writes the result as Word revisions and as the page's plain data.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from typing import Any, Literal

SIMILAR = 0.5
"""How alike (difflib's ratio of words) two paragraphs are to be paired as one changed."""

Kind = Literal["same", "changed", "inserted", "deleted"]
"""What became of a paragraph."""

# Words, runs of white space, and each other character alone: "2027-09-01" is five tokens,
# so a changed month shows as "09" -> "10", not the whole date.
_TOKEN = re.compile(r"\w+|\s+|[^\w\s]")


Step = tuple[Kind, int | None, int | None]
"""A paragraph of the comparison: its kind, its index in the earlier and the later version."""


def _similar(a: str, b: str) -> bool:
    return SequenceMatcher(None, _TOKEN.findall(a), _TOKEN.findall(b),
                           autojunk=False).ratio() >= SIMILAR


def align(earlier: list[str], later: list[str]) -> list[Step]:
    """Return the paragraphs of both versions in order, each same, changed, added or removed."""
    steps: list[Step] = []
    matcher = SequenceMatcher(None, earlier, later, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            steps.extend(("same", i1 + k, j1 + k) for k in range(i2 - i1))
            continue
        j = j1
        for i in range(i1, i2):
            match = next((k for k in range(j, j2) if _similar(earlier[i], later[k])), None)
            if match is None:
                steps.append(("deleted", i, None))
                continue
            steps.extend(("inserted", None, k) for k in range(j, match))
            steps.append(("changed", i, match))
            j = match + 1
        steps.extend(("inserted", None, k) for k in range(j, j2))
    return steps


Span = tuple[Literal["same", "inserted", "deleted"], int, int]
"""A stretch of characters: same (in the later text), inserted (later) or deleted (earlier)."""


def word_spans(earlier: str, later: str) -> list[Span]:
    """Return the word-level difference of two texts as character spans."""
    a, b = _TOKEN.findall(earlier), _TOKEN.findall(later)
    ops = [list(op) for op in SequenceMatcher(None, a, b, autojunk=False).get_opcodes()]
    # A lone space or hyphen kept between two changes reads better inside them:
    # "31 August" -> "30 September" is one change, not two.
    merged: list[list[Any]] = []
    for k, op in enumerate(ops):
        between = 0 < k < len(ops) - 1 and merged and merged[-1][0] != "equal"
        lone = op[0] == "equal" and op[2] - op[1] == 1 and not a[op[1]].isalnum()
        if op[0] != "equal" or (between and lone and ops[k + 1][0] != "equal"):
            if merged and merged[-1][0] != "equal":
                merged[-1][2], merged[-1][4] = op[2], op[4]
                continue
            op = ["replace", *op[1:]]
        merged.append(op)
    a_at = [0]
    for token in a:
        a_at.append(a_at[-1] + len(token))
    b_at = [0]
    for token in b:
        b_at.append(b_at[-1] + len(token))
    spans: list[Span] = []
    for op, i1, i2, j1, j2 in merged:
        if op == "equal":
            spans.append(("same", b_at[j1], b_at[j2]))
            continue
        if i2 > i1:
            spans.append(("deleted", a_at[i1], a_at[i2]))
        if j2 > j1:
            spans.append(("inserted", b_at[j1], b_at[j2]))
    return spans
