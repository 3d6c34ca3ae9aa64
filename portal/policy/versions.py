"""Number the versions of what is kept whole and never changed: the rubric, a draft agreement.

A new version is numbered one past the newest, the first one 1. The services number what
they save by this rule, and a page offering a save says the number it will take ("Save as
version 4") by asking the same rule, so the two cannot disagree.
"""

from __future__ import annotations


def next_version(newest: int | None) -> int:
    """Return the number a new version takes after ``newest`` (None or 0 when there is none)."""
    return (newest or 0) + 1
