"""Check a request against the program's eligibility gates, each with a reason people read.

A gate has passed, failed, or is not yet known. "Not yet known" is kept for what waits on
someone other than the submitter or on a later decision: the sponsoring division of a
project (the City Clerk's Office finds one after intake), and whatever depends on a category
that is still undecided. An answer the submitter owes and has not given fails its gate with a
sentence saying what to add. At the approval stage nothing may remain unknown: an unknown
gate fails there, because the signing authority decides on a complete file.

A project being promoted to a Partnership City is the one exception to the duplicate rule:
the active International Project it grows out of does not count against it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from enum import StrEnum

from portal.policy.answers import RequestAnswers, format_cad
from portal.policy.categories import Category, max_term_years, term_problem
from portal.policy.duplicates import is_duplicate, taken_categories
from portal.policy.registry import ExistingAgreement, agreements_with
from portal.policy.submission import is_refused_counterpart

__all__ = [
    "ExistingAgreement",
    "Gate",
    "GateOutcome",
    "GateResult",
    "Stage",
    "all_passed",
    "check_eligibility",
    "failed",
]


class Gate(StrEnum):
    """The pass-or-fail conditions every request must meet."""

    LOCAL_GOVERNMENT = "local_government"
    TERM = "term"
    ENDORSEMENT = "endorsement"
    SPONSORING_DIVISION = "sponsoring_division"
    RESOURCES = "resources"
    NO_DUPLICATE = "no_duplicate"

    @property
    def label(self) -> str:
        """Return the gate as a checklist line."""
        return GATE_LABELS[self]


GATE_LABELS: dict[Gate, str] = {
    Gate.LOCAL_GOVERNMENT: "The counterpart is a local government",
    Gate.TERM: "The term is within the category's limit",
    Gate.ENDORSEMENT: "The counterpart has endorsed the request",
    Gate.SPONSORING_DIVISION: "A sponsoring division is named",
    Gate.RESOURCES: "The cost and its funding are identified",
    Gate.NO_DUPLICATE: "No active agreement of the same category with the same city",
}


class GateOutcome(StrEnum):
    """How a request stands against one gate."""

    PASSED = "passed"
    FAILED = "failed"
    UNKNOWN = "unknown"

    @property
    def label(self) -> str:
        """Return the outcome as shown beside the gate."""
        return OUTCOME_LABELS[self]


OUTCOME_LABELS: dict[GateOutcome, str] = {
    GateOutcome.PASSED: "Passed",
    GateOutcome.FAILED: "Not met",
    GateOutcome.UNKNOWN: "Not yet known",
}


class Stage(StrEnum):
    """When the gates are checked: while the request is prepared and reviewed, or at approval."""

    BEFORE_APPROVAL = "before_approval"
    APPROVAL = "approval"


@dataclass(frozen=True)
class GateResult:
    """One gate's outcome and the sentence that explains it."""

    gate: Gate
    outcome: GateOutcome
    reason: str

    @property
    def passed(self) -> bool:
        """Return whether the gate has passed."""
        return self.outcome is GateOutcome.PASSED


def _local_government(answers: RequestAnswers) -> GateResult:
    gate, kind = Gate.LOCAL_GOVERNMENT, answers.government_kind
    if kind is None:
        return GateResult(gate, GateOutcome.FAILED, "Say what kind of body the counterpart is.")
    if not is_refused_counterpart(kind):
        return GateResult(
            gate, GateOutcome.PASSED, f"The counterpart is a local government ({kind.label})."
        )
    return GateResult(
        gate,
        GateOutcome.FAILED,
        f"The program is for agreements between cities only; the counterpart ({kind.label}) "
        f"is not a local government. {kind.rule.where_to_turn}",
    )


def _term(answers: RequestAnswers) -> GateResult:
    gate, years, category = Gate.TERM, answers.term_years, answers.category
    if years is None:
        return GateResult(gate, GateOutcome.FAILED, "Give the term of the agreement in years.")
    problem = term_problem(category, years)
    if problem is not None:
        return GateResult(gate, GateOutcome.FAILED, problem)
    if category is not None:
        return GateResult(
            gate,
            GateOutcome.PASSED,
            f"A term of {years} {_years(years)} is within the {category.rule.min_years} to "
            f"{category.rule.max_years} years {category.label_with_article} agreement may run.",
        )
    fits = [c.label_with_article for c in Category if years <= max_term_years(c)]
    if len(fits) < len(Category):
        return GateResult(
            gate,
            GateOutcome.UNKNOWN,
            f"A term of {years} {_years(years)} is allowed only for {' or '.join(fits)}; "
            "it depends on the category the reviewers settle.",
        )
    return GateResult(
        gate, GateOutcome.PASSED, f"A term of {years} {_years(years)} suits either category."
    )


def _endorsement(answers: RequestAnswers) -> GateResult:
    gate, who = Gate.ENDORSEMENT, answers.counterpart_name
    if answers.has_letter_of_intent:
        return GateResult(gate, GateOutcome.PASSED, f"A letter of intent from {who} is attached.")
    if answers.is_from_division:
        if answers.interest_confirmed:
            return GateResult(
                gate, GateOutcome.PASSED, f"The division has confirmed that {who} is interested."
            )
        return GateResult(
            gate,
            GateOutcome.FAILED,
            f"Confirm that {who} is interested in working with the City, or attach its "
            "letter of intent.",
        )
    return GateResult(
        gate,
        GateOutcome.FAILED,
        f"Attach a letter of intent from {who}, signed by its mayor or another official "
        "who may speak for it.",
    )


def _sponsoring_division(answers: RequestAnswers) -> GateResult:
    gate, division = Gate.SPONSORING_DIVISION, (answers.sponsoring_division or "").strip()
    if division:
        return GateResult(gate, GateOutcome.PASSED, f"{division} sponsors the request.")
    if answers.category is Category.PARTNERSHIP_CITY:
        return GateResult(
            gate,
            GateOutcome.PASSED,
            "A Partnership City agreement needs no sponsoring division; the City Clerk's "
            "Office coordinates it.",
        )
    if answers.category is None:
        return GateResult(
            gate,
            GateOutcome.UNKNOWN,
            f"If the request becomes {Category.INTERNATIONAL_PROJECT.label_with_article}, a City "
            "division must sponsor it before it can be approved.",
        )
    return GateResult(
        gate,
        GateOutcome.UNKNOWN,
        f"No City division sponsors this {Category.INTERNATIONAL_PROJECT.label} yet; one must "
        "be named before it can be approved.",
    )


def _resources(answers: RequestAnswers) -> GateResult:
    gate, cost = Gate.RESOURCES, answers.known_cost
    if cost is None:
        return GateResult(
            gate, GateOutcome.FAILED, "Give the anticipated cost in Canadian dollars."
        )
    if cost < 0:
        return GateResult(gate, GateOutcome.FAILED, "The anticipated cost cannot be negative.")
    if cost == 0:
        return GateResult(gate, GateOutcome.PASSED, "No direct cost is anticipated.")
    if not answers.funding_source.strip():
        return GateResult(
            gate,
            GateOutcome.FAILED,
            f"Say where the anticipated {format_cad(cost)} will come from (the funding source).",
        )
    return GateResult(
        gate,
        GateOutcome.PASSED,
        f"An anticipated cost of {format_cad(cost)} is funded by: "
        f"{answers.funding_source.strip()}.",
    )


def _no_duplicate(answers: RequestAnswers, active: Iterable[ExistingAgreement]) -> GateResult:
    gate, city, category = Gate.NO_DUPLICATE, answers.counterpart_city.strip(), answers.category
    if not city:
        return GateResult(gate, GateOutcome.FAILED, "Name the counterpart city.")
    active = list(active)
    held = agreements_with(city, answers.country_code, active)
    counted = taken_categories(answers, active)
    if is_duplicate(category, counted):
        taken = " and an active ".join(c.label for c in Category if c in counted)
        return GateResult(
            gate,
            GateOutcome.FAILED,
            f"The City already has an active {taken} agreement with {city}; a second one "
            "of the same category is not possible.",
        )
    if category is None and counted:
        (taken,) = counted
        return GateResult(
            gate,
            GateOutcome.UNKNOWN,
            f"The City already has an active {taken.label} agreement with {city}; the "
            "request can go ahead only in the other category.",
        )
    if len(counted) < len({a.category for a in held}):
        return GateResult(
            gate,
            GateOutcome.PASSED,
            f"The active International Project with {city} is the one being promoted, so it "
            "does not count against this request.",
        )
    return GateResult(
        gate,
        GateOutcome.PASSED,
        f"The City has no active agreement with {city} that this request would duplicate.",
    )


def _at_stage(result: GateResult, stage: Stage) -> GateResult:
    if stage is Stage.APPROVAL and result.outcome is GateOutcome.UNKNOWN:
        return replace(
            result,
            outcome=GateOutcome.FAILED,
            reason=f"{result.reason} This must be settled before approval.",
        )
    return result


def check_eligibility(
    answers: RequestAnswers,
    active_agreements: Iterable[ExistingAgreement],
    *,
    stage: Stage = Stage.BEFORE_APPROVAL,
) -> list[GateResult]:
    """Return every gate's result for ``answers``, in the order a checklist shows them."""
    results = [
        _local_government(answers),
        _term(answers),
        _endorsement(answers),
        _sponsoring_division(answers),
        _resources(answers),
        _no_duplicate(answers, active_agreements),
    ]
    return [_at_stage(result, stage) for result in results]


def failed(results: Iterable[GateResult]) -> list[GateResult]:
    """Return the results whose gate is not met."""
    return [r for r in results if r.outcome is GateOutcome.FAILED]


def all_passed(results: Iterable[GateResult]) -> bool:
    """Return whether every gate has passed (none failed or still unknown)."""
    return all(r.passed for r in results)


def _years(n: int) -> str:
    return "year" if n == 1 else "years"
