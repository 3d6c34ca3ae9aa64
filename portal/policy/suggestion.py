"""Suggest the category a request should start in: the stepping stone for a first partnership.

A request for a Partnership City, or one not sure of its category, with no relationship and
no joint project on record is suggested to start as an International Project. The suggestion
is shown with its reason and never applied for the submitter: the reviewers settle the
category. A promotion has its project behind it and a renewal its agreement, so neither is
redirected.

"On record" counts the registry as well as the answers: a city with which the City already
holds a current agreement has a relationship, whatever the request says. Without that, a
city holding an International Project would be told it has "no relationship or joint project
on record" and to start with the very project category the duplicate gate refuses it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from portal.policy.answers import RequestAnswers
from portal.policy.categories import Category
from portal.policy.duplicates import counted_against
from portal.policy.phrases import P_, Phrase
from portal.policy.registry import ExistingAgreement


@dataclass(frozen=True)
class Suggestion:
    """A category the program suggests, and why."""

    category: Category
    reason: Phrase


def suggest_category(answers: RequestAnswers,
                     held: Iterable[ExistingAgreement] = ()) -> Suggestion | None:
    """Return the category to suggest instead of the one chosen, or None to keep it.

    ``held`` are the City's current agreements that may count against the request (as the
    duplicate gate reads them); one with the same city is a relationship on record.
    """
    if answers.category is Category.INTERNATIONAL_PROJECT or answers.promotes_agreement:
        return None
    if answers.renews_agreement_id is not None:
        return None
    if answers.has_track_record or counted_against(answers, held):
        return None
    project, partnership = Category.INTERNATIONAL_PROJECT, Category.PARTNERSHIP_CITY
    return Suggestion(
        project,
        P_("Toronto and %(city)s have no relationship or joint project on record yet. The "
           "program suggests starting with %(project)s (up to %(years)s years) on focused "
           "goals; a productive project may later be promoted to %(partnership)s.",
           city=answers.counterpart_name, project=project.label_with_article,
           years=project.rule.max_years, partnership=partnership.agreement_with_article),
    )
