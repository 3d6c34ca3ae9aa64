"""Say who decides a recommended request: only the signatory the policy names for it.

Once the City Clerk's Office recommends a request, approving or declining it belongs to one
office: the signatory ``policy.signatories`` names from the category, the anticipated cost and
the sponsoring division. Any other signing authority (another Division Head, the Mayor's
Office for a project, a Deputy City Manager for a project within a Division Head's limit)
reads the file but does not decide it, and is told who does. A reviewer may still decline
before recommending: the lifecycle opens that to CCO reviewers, and this rule does not touch
it.
"""

from __future__ import annotations

from portal.policy.lifecycle import Action, Status, transition_for
from portal.policy.roles import Role, SigningOffice
from portal.policy.signatories import Signatory, holds_authority

DECISIONS = frozenset({Action.APPROVE, Action.DECLINE})
"""The actions that decide a request."""


def is_signatorys_decision(source: Status, action: Action) -> bool:
    """Return whether ``action`` from ``source`` belongs to the named signatory alone.

    It does when the lifecycle opens the move to signing authorities: every such move is a
    decision on a recommended request.
    """
    transition = transition_for(source, action)
    return (action in DECISIONS and transition is not None
            and Role.SIGNING_AUTHORITY in transition.actors)


def who_decides(signatory: Signatory, sponsoring_division: str | None) -> str:
    """Return the sentence naming the office that decides, for other authorities to read."""
    office = signatory.office
    if office is SigningOffice.MAYORS_OFFICE:
        return "The Mayor or designate decides this request."
    if office is SigningOffice.DIVISION_HEAD:
        division = (sponsoring_division or "").strip() or "the sponsoring division"
        return f"The Division Head of {division} decides this request."
    if office is SigningOffice.DEPUTY_CITY_MANAGER:
        if signatory.divisions:
            return (f"{signatory.name}, the Deputy City Manager over the sponsoring "
                    "division's service area, decides this request.")
        return "A Deputy City Manager decides this request."
    return "The City Manager decides this request."


def decision_refusal(
    signatory: Signatory | None,
    unknown_reason: str,
    office: SigningOffice | None,
    division: str | None,
    sponsoring_division: str | None,
    name: str | None = None,
) -> str | None:
    """Return why someone in ``office`` (of ``division``) may not decide; None if they may.

    A Deputy City Manager decides only for a sponsoring division of their service area.

    ``signatory`` is the one the policy names for the request, or None with
    ``unknown_reason`` saying what is missing to name one.
    """
    if signatory is None:
        return f"The signing authority cannot be named yet: {unknown_reason}".strip()
    if holds_authority(signatory, office, division, sponsoring_division, name):
        return None
    return who_decides(signatory, sponsoring_division)


def may_decide(
    signatory: Signatory | None,
    office: SigningOffice | None,
    division: str | None,
    sponsoring_division: str | None,
    name: str | None = None,
) -> bool:
    """Return whether someone in ``office`` (of ``division``) approves or declines."""
    return decision_refusal(signatory, "", office, division, sponsoring_division,
                            name) is None


def confirmed_first(source: Status, action: Action) -> bool:
    """Return whether ``action`` is taken on a page of its own that restates what follows.

    A signatory's decision closes the review and starts (or ends) the agreement: it is
    confirmed on a page saying who is told and what the request becomes, never taken from
    a button among the request's other actions.
    """
    return is_signatorys_decision(source, action)
