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
from portal.policy.phrases import N_, P_, Phrase
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


def who_decides(signatory: Signatory, sponsoring_division: str | None) -> Phrase:
    """Return the sentence naming the office that decides, for other authorities to read."""
    office = signatory.office
    if office is SigningOffice.MAYORS_OFFICE:
        return N_("The Mayor or designate decides this request.")
    if office is SigningOffice.DIVISION_HEAD:
        division = (sponsoring_division or "").strip()
        if not division:
            return N_("The Division Head of the sponsoring division decides this request.")
        return P_("The Division Head of %(division)s decides this request.", division=division)
    if office is SigningOffice.DEPUTY_CITY_MANAGER:
        if signatory.divisions:
            return P_("%(name)s, the Deputy City Manager over the sponsoring division's "
                      "service area, decides this request.", name=signatory.name)
        return N_("A Deputy City Manager decides this request.")
    return N_("The City Manager decides this request.")


def unnamed_refusal(unknown_reason: str) -> Phrase:
    """Return why nobody may decide yet: the signatory cannot be named, for ``unknown_reason``."""
    if not unknown_reason.strip():
        return N_("The signing authority cannot be named yet.")
    return P_("The signing authority cannot be named yet: %(reason)s", reason=unknown_reason)


def decision_refusal(
    signatory: Signatory | None,
    unknown_reason: str,
    office: SigningOffice | None,
    division: str | None,
    sponsoring_division: str | None,
    name: str | None = None,
) -> Phrase | None:
    """Return why someone in ``office`` (of ``division``) may not decide; None if they may.

    A Deputy City Manager decides only for a sponsoring division of their service area.

    ``signatory`` is the one the policy names for the request, or None with
    ``unknown_reason`` (a phrase of ``policy.signatories``) saying what is missing to name one.
    """
    if signatory is None:
        return unnamed_refusal(unknown_reason)
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
