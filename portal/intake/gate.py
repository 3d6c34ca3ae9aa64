"""Tell the person filing a request which agreements the City already holds with its city.

The duplicate-agreement gate is the policy's (``policy.duplicates``, read by the eligibility
gate at check answers too). This module reads what the gate needs from the registry and the
person: the agreements held with the request's city, how each stands to the category chosen,
how much of each the person may read, and whether they may propose its renewal or promotion
or must ask someone who can. The intake's agreement page, task list and check answers show
it; none of them decides anything.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from portal.access import (
    can_promote,
    can_renew,
    proposal_refused,
    speaks_for,
    state_of,
    state_refusal,
)
from portal.assessment.services import active_agreements, answers_of
from portal.extensions import db
from portal.models import Agreement, EngagementRequest, User
from portal.policy.agreement_states import STATE_LABELS, AgreementAction, AgreementState
from portal.policy.categories import Category
from portal.policy.duplicates import (
    ASK_THE_CLERK,
    HeldAgreement,
    held_agreements,
    is_duplicate,
    may_read_details,
    taken_categories,
)


@dataclass(frozen=True)
class HeldView:
    """One agreement held with the city, as the person filing may read it."""

    held: HeldAgreement
    agreement: Agreement
    state: AgreementState
    title: str | None
    """The title of the request it was signed from; None when only public details show."""
    may_renew: bool
    may_promote: bool
    may_open: bool
    """Whether the person may open the agreement's page in the staff registry."""
    instead: tuple[str, ...]
    """Why the person may not renew or promote it, and whom to ask, in the policy's words."""

    @property
    def category(self) -> Category:
        """Return the agreement's category."""
        return self.held.agreement.category


@dataclass(frozen=True)
class DuplicateNotice:
    """What the request's page tells of the agreements the City holds with its city."""

    city: str
    chosen: Category | None
    held: tuple[HeldView, ...]
    open_categories: tuple[Category, ...]
    """The categories a new request with the city may still be filed in."""

    @property
    def blocking(self) -> list[HeldView]:
        """Return the agreements that stop the request being submitted as it stands."""
        return [h for h in self.held if h.held.blocks]

    @property
    def others(self) -> list[HeldView]:
        """Return the agreements that leave the request free, but are worth knowing of."""
        return [h for h in self.held if not h.held.blocks]


def duplicates(req: EngagementRequest, category: Category | None) -> bool:
    """Return whether ``req`` in ``category`` would duplicate an agreement the City holds."""
    answers = replace(answers_of(req), category=category)
    return is_duplicate(category, taken_categories(answers, active_agreements(excluding=req)))


def notice(req: EngagementRequest, user: User) -> DuplicateNotice | None:
    """Return what ``user``, filing ``req``, is told of the agreements held with its city.

    None while the city is unknown or the City holds nothing with it worth telling.
    """
    if req.counterpart_city is None:
        return None
    answers = answers_of(req)
    active = active_agreements(excluding=req)
    told = held_agreements(answers, active)
    if not told:
        return None
    taken = taken_categories(answers, active)
    return DuplicateNotice(
        city=req.counterpart_city.name, chosen=answers.category,
        held=tuple(_view(h, user) for h in told),
        open_categories=tuple(c for c in Category if c not in taken))


def _view(held: HeldAgreement, user: User) -> HeldView:
    agreement = db.session.get(Agreement, held.agreement.agreement_id)
    assert agreement is not None  # read from the registry just now
    alternatives = held.alternatives
    renew = AgreementAction.RENEW in alternatives and can_renew(user, agreement)
    promote = (AgreementAction.PROMOTE in alternatives
               and can_promote(user, agreement))
    instead: list[str] = []
    if not (renew or promote):
        refused = proposal_refused(user, agreement)
        if refused is not None:
            instead += [refused, ASK_THE_CLERK]
        else:
            instead += [r for r in (state_refusal(a, agreement, date.today())
                                    for a in alternatives) if r]
    readable = may_read_details(user.role_enum, speaks_for_city=speaks_for(
        user, agreement.counterpart_city_id))
    origin = agreement.origin if readable else None
    return HeldView(held=held, agreement=agreement, state=state_of(agreement),
                    title=origin.title if origin is not None else None, may_renew=renew,
                    may_promote=promote, may_open=user.is_staff,
                    instead=tuple(dict.fromkeys(instead)))


STATE_NAMES = {state.value: label for state, label in STATE_LABELS.items()}
"""The states' names by value, as the registry's ``standing_tag`` reads them."""
