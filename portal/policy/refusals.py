"""Name the one kind of error a refusal is: a rule said no, and the message says why.

Every service and policy refusal derives from ``Refused``, so a route may catch the one it
expects and show it at the field, and the error handler answers any other the same way
everywhere (409 with the message on a page) instead of failing with a 500. The sentence a
refusal is raised with is usually a ``Phrase``: ``message`` keeps it one, so that the page
says it in its reader's language (``str(refusal)`` is its English text, for the logs).
"""

from __future__ import annotations

from portal.policy.phrases import N_, Phrase

REFUSED_FALLBACK = N_("This cannot be done now. Go back, reload the page and try again.")
"""What the page says of a refusal raised without a sentence of its own."""


class Refused(Exception):
    """A rule refused what was asked; ``message`` says why, for a person to read."""

    @property
    def message(self) -> str:
        """Return the sentence to show (a phrase if raised with one), or a general one."""
        if len(self.args) == 1 and isinstance(self.args[0], Phrase):
            return self.args[0] or REFUSED_FALLBACK
        return str(self) or REFUSED_FALLBACK
