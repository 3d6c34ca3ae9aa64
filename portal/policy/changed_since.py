"""Word what a reviewer is told changed since their page was drawn (a 409, nothing saved).

The page shows what the person typed beside what changed; each sentence is a phrase, so it
is read in the reviewer's language, with its values (a name, a score, what another reviewer
wrote) kept as data.
"""

from __future__ import annotations

from portal.policy.phrases import N_, P_, Phrase
from portal.policy.rubric import MAX_SCORE


def signatory_changed(name: str | None, title: str = "") -> Phrase:
    """Say that the request changed, and who signs it now (``name`` None: not known)."""
    if name is None:
        return N_("The request changed since you opened it.")
    return P_("The request changed since you opened it. %(name)s, %(title)s, signs it now.",
              name=name, title=title)


def score_changed(score: int | None, who: str | None, justification: str) -> Phrase:
    """Say what a criterion's score is now, who gave it (None: unknown) and why."""
    if score is None:
        return N_("The request changed since you opened it; this score was not changed.")
    return P_("%(who)s changed this score to %(score)s of %(max)s since you opened the page: "
              "\u201c%(justification)s\u201d", who=who or N_("Another reviewer"), score=score,
              max=MAX_SCORE, justification=justification)


def concern_changed(concern: str) -> Phrase:
    """Say what the request's reputational concern reads now (empty: none is recorded)."""
    if not concern:
        return N_("The request changed since you opened it; no concern is recorded now.")
    return P_("The request changed since you opened it. The concern recorded now reads: "
              "\u201c%(concern)s\u201d", concern=concern)
