"""Name the one kind of error a refusal is: a rule said no, and the message says why.

Every service and policy refusal derives from ``Refused``, so a route may catch the one it
expects and show it at the field, and the error handler answers any other the same way
everywhere (409 with the message on a page) instead of failing with a 500.
"""

from __future__ import annotations

REFUSED_FALLBACK = "This cannot be done now. Go back, reload the page and try again."
"""What the page says of a refusal raised without a sentence of its own."""


class Refused(Exception):
    """A rule refused what was asked; ``str(refusal)`` says why, for a person to read."""

    @property
    def message(self) -> str:
        """Return the sentence to show, or a general one if none was given."""
        return str(self) or REFUSED_FALLBACK
