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

from portal.policy.answers import RequestAnswers
from portal.policy.categories import Category, max_term_years, term_problem
from portal.policy.duplicates import is_duplicate, taken_categories
from portal.policy.phrases import N_, NP_, P_, Money, Phrase, join
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
    "reasons",
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
    def label(self) -> Phrase:
        """Return the gate as a checklist line."""
        return GATE_LABELS[self]


GATE_LABELS: dict[Gate, Phrase] = {
    Gate.LOCAL_GOVERNMENT: N_("The counterpart is a local government"),
    Gate.TERM: N_("The term is within the category's limit"),
    Gate.ENDORSEMENT: N_("The counterpart has endorsed the request"),
    Gate.SPONSORING_DIVISION: N_("A sponsoring division is named"),
    Gate.RESOURCES: N_("The cost and its funding are identified"),
    Gate.NO_DUPLICATE: N_("No active agreement of the same category with the same city"),
}


class GateOutcome(StrEnum):
    """How a request stands against one gate."""

    PASSED = "passed"
    FAILED = "failed"
    UNKNOWN = "unknown"

    @property
    def label(self) -> Phrase:
        """Return the outcome as shown beside the gate."""
        return OUTCOME_LABELS[self]


OUTCOME_LABELS: dict[GateOutcome, Phrase] = {
    GateOutcome.PASSED: N_("Passed"),
    GateOutcome.FAILED: N_("Not met"),
    GateOutcome.UNKNOWN: N_("Not yet known"),
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
    reason: Phrase

    @property
    def passed(self) -> bool:
        """Return whether the gate has passed."""
        return self.outcome is GateOutcome.PASSED


def _local_government(answers: RequestAnswers) -> GateResult:
    gate, kind = Gate.LOCAL_GOVERNMENT, answers.government_kind
    if kind is None:
        return GateResult(gate, GateOutcome.FAILED, N_("Say what kind of body the counterpart is."))
    if not is_refused_counterpart(kind):
        return GateResult(gate, GateOutcome.PASSED,
                          P_("The counterpart is a local government (%(kind)s).", kind=kind.label))
    return GateResult(
        gate,
        GateOutcome.FAILED,
        P_("The program is for agreements between cities only; the counterpart (%(kind)s) is "
           "not a local government. %(where_to_turn)s", kind=kind.label,
           where_to_turn=kind.rule.where_to_turn),
    )


def _term(answers: RequestAnswers) -> GateResult:
    gate, years, category = Gate.TERM, answers.term_years, answers.category
    if years is None:
        return GateResult(gate, GateOutcome.FAILED, N_("Give the term of the agreement in years."))
    problem = term_problem(category, years)
    if problem is not None:
        return GateResult(gate, GateOutcome.FAILED, problem)
    if category is not None:
        return GateResult(
            gate,
            GateOutcome.PASSED,
            NP_("A term of %(num)s year is within the %(low)s to %(high)s years %(agreement)s "
                "may run.",
                "A term of %(num)s years is within the %(low)s to %(high)s years %(agreement)s "
                "may run.", years, low=category.rule.min_years, high=category.rule.max_years,
                agreement=category.agreement_with_article),
        )
    fits = [c.label_with_article for c in Category if years <= max_term_years(c)]
    if len(fits) < len(Category):
        categories = join(fits, N_("or"))
        return GateResult(
            gate,
            GateOutcome.UNKNOWN,
            NP_("A term of %(num)s year is allowed only for %(categories)s; it depends on the "
                "category the reviewers settle.",
                "A term of %(num)s years is allowed only for %(categories)s; it depends on the "
                "category the reviewers settle.", years, categories=categories),
        )
    return GateResult(
        gate, GateOutcome.PASSED, NP_("A term of %(num)s year suits either category.",
                                      "A term of %(num)s years suits either category.", years)
    )


def _endorsement(answers: RequestAnswers) -> GateResult:
    gate, who = Gate.ENDORSEMENT, answers.counterpart_name
    if answers.has_letter_of_intent:
        return GateResult(gate, GateOutcome.PASSED,
                          P_("A letter of intent from %(who)s is attached.", who=who))
    if answers.is_from_division:
        if answers.interest_confirmed:
            return GateResult(
                gate, GateOutcome.PASSED,
                P_("The division has confirmed that %(who)s is interested.", who=who),
            )
        return GateResult(
            gate,
            GateOutcome.FAILED,
            P_("Confirm that %(who)s is interested in working with the City, or attach its "
               "letter of intent.", who=who),
        )
    return GateResult(
        gate,
        GateOutcome.FAILED,
        P_("Attach a letter of intent from %(who)s, signed by its mayor or another official "
           "who may speak for it.", who=who),
    )


def _sponsoring_division(answers: RequestAnswers) -> GateResult:
    gate, division = Gate.SPONSORING_DIVISION, (answers.sponsoring_division or "").strip()
    if division:
        return GateResult(gate, GateOutcome.PASSED,
                          P_("%(division)s sponsors the request.", division=division))
    if answers.category is Category.PARTNERSHIP_CITY:
        return GateResult(
            gate,
            GateOutcome.PASSED,
            N_("A Partnership City agreement needs no sponsoring division; the City Clerk's "
               "Office coordinates it."),
        )
    if answers.category is None:
        return GateResult(
            gate,
            GateOutcome.UNKNOWN,
            P_("If the request becomes %(category)s, a City division must sponsor it before "
               "it can be approved.", category=Category.INTERNATIONAL_PROJECT.label_with_article),
        )
    return GateResult(
        gate,
        GateOutcome.UNKNOWN,
        N_("No City division sponsors this International Project yet; one must be named "
           "before it can be approved."),
    )


def _resources(answers: RequestAnswers) -> GateResult:
    gate, cost = Gate.RESOURCES, answers.known_cost
    if cost is None:
        return GateResult(
            gate, GateOutcome.FAILED, N_("Give the anticipated cost in Canadian dollars.")
        )
    if cost < 0:
        return GateResult(gate, GateOutcome.FAILED,
                          N_("The anticipated cost cannot be negative."))
    if cost == 0:
        return GateResult(gate, GateOutcome.PASSED, N_("No direct cost is anticipated."))
    if not answers.funding_source.strip():
        return GateResult(
            gate,
            GateOutcome.FAILED,
            P_("Say where the anticipated %(cost)s will come from (the funding source).",
               cost=Money(cost)),
        )
    return GateResult(
        gate,
        GateOutcome.PASSED,
        P_("An anticipated cost of %(cost)s is funded by: %(source)s.", cost=Money(cost),
           source=answers.funding_source.strip()),
    )


def _no_duplicate(answers: RequestAnswers, active: Iterable[ExistingAgreement]) -> GateResult:
    gate, city, category = Gate.NO_DUPLICATE, answers.counterpart_city.strip(), answers.category
    if not city:
        return GateResult(gate, GateOutcome.FAILED, N_("Name the counterpart city."))
    active = list(active)
    held = agreements_with(city, answers.country_code, active)
    counted = taken_categories(answers, active)
    if is_duplicate(category, counted):
        # One sentence for one category held, another for both: "an active ... and an
        # active ..." is not something a translation can assemble from parts.
        if len(counted) == 1:
            (taken,) = counted
            reason = P_("The City already has an active %(category)s agreement with %(city)s; a "
                        "second one of the same category is not possible.",
                        category=taken.label, city=city)
        else:
            reason = P_("The City already has an active Partnership City and an active "
                        "International Project agreement with %(city)s; a second one of the "
                        "same category is not possible.", city=city)
        return GateResult(gate, GateOutcome.FAILED, reason)
    if category is None and counted:
        (taken,) = counted
        return GateResult(
            gate,
            GateOutcome.UNKNOWN,
            P_("The City already has an active %(category)s agreement with %(city)s; the "
               "request can go ahead only in the other category.", category=taken.label,
               city=city),
        )
    if len(counted) < len({a.category for a in held}):
        return GateResult(
            gate,
            GateOutcome.PASSED,
            P_("The active International Project with %(city)s is the one being promoted, so "
               "it does not count against this request.", city=city),
        )
    return GateResult(
        gate,
        GateOutcome.PASSED,
        P_("The City has no active agreement with %(city)s that this request would "
           "duplicate.", city=city),
    )


def _at_stage(result: GateResult, stage: Stage) -> GateResult:
    if stage is Stage.APPROVAL and result.outcome is GateOutcome.UNKNOWN:
        return replace(
            result,
            outcome=GateOutcome.FAILED,
            reason=P_("%(reason)s This must be settled before approval.", reason=result.reason),
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


def reasons(results: Iterable[GateResult]) -> Phrase:
    """Return the results' reasons as one paragraph, each sentence after the other."""
    said = [r.reason for r in results]
    if not said:
        return Phrase("")
    # Built of phrases, so that each reason is still said in the reader's language.
    paragraph = said[-1]
    for reason in reversed(said[:-1]):
        paragraph = P_("%(first)s %(rest)s", first=reason, rest=paragraph)
    return paragraph


def all_passed(results: Iterable[GateResult]) -> bool:
    """Return whether every gate has passed (none failed or still unknown)."""
    return all(r.passed for r in results)
