"""Tell the duplicate-agreement gate while a request is filled in, and what to do instead.

The gate (``eligibility``'s "no active agreement of the same category with the same city")
refuses a request in a category of which the City already holds a current agreement with
the counterpart city. It used to be read only at check answers, after every section was
filled in. Here is what the intake tells as soon as the city and the category are known:

- which current agreements with the city count against the request (every one but the
  International Project a promotion grows out of), and which categories they take;
- how each one stands to the category chosen: it *blocks* it (the same category), it
  *narrows* an undecided request to the other category, or it sits *beside* it (the other
  category, where a promotion of the project may be what the filer means);
- what the agreement's parties may propose instead: a renewal of the same category, and for
  an International Project its promotion to a Partnership City;
- how much of the agreement the filer may read: City staff and the city's verified
  representatives read its title; anyone else, such as an account that merely claims the
  city, reads no more than the public registry shows.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from portal.policy.agreement_states import AgreementAction
from portal.policy.answers import RequestAnswers
from portal.policy.categories import Category
from portal.policy.phrases import N_
from portal.policy.registry import ExistingAgreement, agreements_with, is_promoted_by
from portal.policy.roles import Role


def counted_against(answers: RequestAnswers,
                    agreements: Iterable[ExistingAgreement]) -> list[ExistingAgreement]:
    """Return the agreements with the request's city that count against it, in order given.

    ``agreements`` are the City's current ones, less any the request replaces (it renews or
    promotes that one, ``registry.is_replaced_by``). Of those with the same city, every one
    counts but the International Project a promotion grows out of.
    """
    city = answers.counterpart_city.strip()
    if not city:
        return []
    return [a for a in agreements_with(city, answers.country_code, agreements)
            if not is_promoted_by(answers, a)]


def taken_categories(answers: RequestAnswers,
                     agreements: Iterable[ExistingAgreement]) -> frozenset[Category]:
    """Return the categories in which the City already holds an agreement with the city."""
    return frozenset(a.category for a in counted_against(answers, agreements))


def is_duplicate(category: Category | None, taken: Iterable[Category]) -> bool:
    """Return whether a request in ``category`` (None: not sure) duplicates ``taken``.

    An undecided request duplicates only when no category is left for it.
    """
    held = frozenset(taken)
    return category in held if category is not None else held == frozenset(Category)


class Standing(StrEnum):
    """How an agreement already held stands to the category a request has chosen."""

    BLOCKS = "blocks"
    """The same category: the request cannot be submitted in it."""
    NARROWS = "narrows"
    """No category chosen yet: the request can go ahead only in the other category."""
    BESIDE = "beside"
    """The other category: the request can go ahead; a promotion may be what is meant."""


@dataclass(frozen=True)
class HeldAgreement:
    """An agreement the filer is told of, how it stands to the request, and what may follow."""

    agreement: ExistingAgreement
    standing: Standing
    alternatives: tuple[AgreementAction, ...]

    @property
    def blocks(self) -> bool:
        """Return whether this agreement stops the request being submitted as it stands."""
        return self.standing is Standing.BLOCKS


def _standing(chosen: Category | None, held: Category, duplicate: bool) -> Standing:
    if duplicate and chosen in (None, held):
        return Standing.BLOCKS
    return Standing.NARROWS if chosen is None else Standing.BESIDE


def _alternatives(chosen: Category | None, held: Category) -> tuple[AgreementAction, ...]:
    # A renewal is of the same category; only a project is promoted, and to a Partnership.
    found = []
    if chosen in (None, held):
        found.append(AgreementAction.RENEW)
    if held is Category.INTERNATIONAL_PROJECT:
        found.append(AgreementAction.PROMOTE)
    return tuple(found)


def held_agreements(answers: RequestAnswers,
                    agreements: Iterable[ExistingAgreement]) -> list[HeldAgreement]:
    """Return the agreements the filer of ``answers`` is told of, blocking ones first.

    An agreement of the other category that offers nothing instead (a Partnership City
    beside a new project) is not worth a panel: the request simply goes ahead.
    """
    counted = counted_against(answers, agreements)
    duplicate = is_duplicate(answers.category, (a.category for a in counted))
    told = [HeldAgreement(a, _standing(answers.category, a.category, duplicate),
                          _alternatives(answers.category, a.category)) for a in counted]
    told = [h for h in told if h.blocks or h.alternatives]
    return sorted(told, key=lambda h: not h.blocks)


def may_read_details(role: Role, *, speaks_for_city: bool) -> bool:
    """Return whether a filer may read more of a held agreement than the public registry.

    City staff read the staff registry already; a city's account reads its own city's
    agreements only once verified as its representative (``speaks_for_city``). Anyone may
    register claiming a city, so a claim alone shows no more than the public registry.
    """
    return role.is_staff or (role is Role.CITY and speaks_for_city)


ASK_THE_CLERK = N_("To renew or promote it, ask the City Clerk's Office, which coordinates "
                   "every agreement of the program.")
"""What a filer who may not propose it reads instead of a link to renew or promote."""
