"""Suggest the category a request should start in: the stepping stone for a first partnership.

A request for a Partnership City, or one not sure of its category, with no relationship and
no joint project on record is suggested to start as an International Project. The suggestion
is shown with its reason and never applied for the submitter: the reviewers settle the
category. A promotion has its project behind it, so it is never redirected.
"""

from __future__ import annotations

from dataclasses import dataclass

from portal.policy.answers import RequestAnswers
from portal.policy.categories import Category


@dataclass(frozen=True)
class Suggestion:
    """A category the program suggests, and why."""

    category: Category
    reason: str


def suggest_category(answers: RequestAnswers) -> Suggestion | None:
    """Return the category to suggest instead of the one chosen, or None to keep it."""
    if answers.category is Category.INTERNATIONAL_PROJECT or answers.promotes_agreement:
        return None
    if answers.has_track_record:
        return None
    project, partnership = Category.INTERNATIONAL_PROJECT, Category.PARTNERSHIP_CITY
    return Suggestion(
        project,
        f"Toronto and {answers.counterpart_name} have no relationship or joint project on "
        f"record yet. The program suggests starting with {project.label_with_article} (up to "
        f"{project.rule.max_years} years) on focused goals; a productive project may later be "
        f"promoted to {partnership.label_with_article} agreement.",
    )
