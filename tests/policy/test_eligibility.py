"""Check every eligibility gate, and every (category, term, cost, counterpart) combination."""

from __future__ import annotations

from decimal import Decimal

import pytest

from portal.policy.answers import Origin, RequestAnswers
from portal.policy.categories import Category
from portal.policy.counterparts import GovernmentKind
from portal.policy.eligibility import (
    ExistingAgreement,
    Gate,
    GateOutcome,
    GateResult,
    Stage,
    all_passed,
    check_eligibility,
    failed,
)

from .factories import agreement, partnership, project

PASSED, FAILED, UNKNOWN = GateOutcome.PASSED, GateOutcome.FAILED, GateOutcome.UNKNOWN
P, IP = Category.PARTNERSHIP_CITY, Category.INTERNATIONAL_PROJECT

LOCAL_GOVERNMENTS = {"city", "municipality", "metropolitan", "prefecture_city"}
TERM_LIMITS = {P: (1, 5), IP: (1, 3)}
COST_BANDS = {
    "no cost given": None,
    "no direct cost": Decimal("0"),
    "small": Decimal("25000"),
    "medium": Decimal("250000"),
    "large": Decimal("2500000"),
}


def outcomes(results: list[GateResult]) -> dict[Gate, GateOutcome]:
    """Return each gate's outcome."""
    return {r.gate: r.outcome for r in results}


def result_of(
    gate: Gate,
    answers: RequestAnswers,
    active: list[ExistingAgreement] | None = None,
    stage: Stage = Stage.BEFORE_APPROVAL,
) -> GateResult:
    """Return one gate's result for ``answers``."""
    (result,) = [r for r in check_eligibility(answers, active or [], stage=stage) if r.gate is gate]
    return result


def expected_term(category: Category | None, years: int) -> GateOutcome:
    """Return the term gate's outcome the program's table gives."""
    if category is None:
        if 1 <= years <= 3:
            return PASSED
        return UNKNOWN if years in (4, 5) else FAILED
    low, high = TERM_LIMITS[category]
    return PASSED if low <= years <= high else FAILED


@pytest.mark.parametrize("stage", list(Stage))
@pytest.mark.parametrize("kind", [None, *GovernmentKind])
@pytest.mark.parametrize("cost_band", list(COST_BANDS))
@pytest.mark.parametrize("years", range(7))
@pytest.mark.parametrize("category", [P, IP, None])
def test_each_combination_meets_or_misses_the_gates_the_table_says(
    category: Category | None,
    years: int,
    cost_band: str,
    kind: GovernmentKind | None,
    stage: Stage,
) -> None:
    """Every combination of category, term, cost and counterpart gets the table's outcomes."""
    answers = project(
        category=category,
        term_years=years,
        anticipated_cost=COST_BANDS[cost_band],
        government_kind=kind,
    )
    got = outcomes(check_eligibility(answers, [], stage=stage))

    term = expected_term(category, years)
    division = PASSED
    if stage is Stage.APPROVAL and term is UNKNOWN:
        term = FAILED
    assert got == {
        Gate.LOCAL_GOVERNMENT: PASSED if kind in LOCAL_GOVERNMENTS else FAILED,
        Gate.TERM: term,
        Gate.ENDORSEMENT: PASSED,
        Gate.SPONSORING_DIVISION: division,
        Gate.RESOURCES: FAILED if COST_BANDS[cost_band] is None else PASSED,
        Gate.NO_DUPLICATE: PASSED,
    }


def test_a_complete_project_passes_every_gate() -> None:
    """The complete request passes all six gates, in the checklist's order."""
    results = check_eligibility(project(), [agreement("Porto")])
    assert [r.gate for r in results] == list(Gate)
    assert all_passed(results)
    assert failed(results) == []


def test_a_four_year_project_is_refused() -> None:
    """A project may run three years at most, and the reason says so."""
    term = result_of(Gate.TERM, project(term_years=4))
    assert term.outcome is FAILED
    assert term.reason == "An International Project agreement can run for at most 3 years."


def test_a_five_year_partnership_is_allowed_and_a_six_year_one_is_refused() -> None:
    """Five years is a Partnership City's limit."""
    assert result_of(Gate.TERM, partnership(term_years=5)).outcome is PASSED
    assert result_of(Gate.TERM, partnership(term_years=6)).outcome is FAILED


def test_a_four_year_term_with_the_category_undecided_waits_on_the_reviewers() -> None:
    """Four years suits a partnership only, so the outcome depends on the category."""
    term = result_of(Gate.TERM, project(category=None, term_years=4))
    assert term.outcome is UNKNOWN
    assert "Partnership City" in term.reason


def test_a_missing_term_asks_for_one() -> None:
    """A draft without a term fails the gate with what to add."""
    term = result_of(Gate.TERM, project(term_years=None))
    assert term.outcome is FAILED
    assert "term" in term.reason


@pytest.mark.parametrize("kind", [k for k in GovernmentKind if not k.is_local_government])
def test_a_body_that_is_not_a_local_government_is_pointed_elsewhere(kind: GovernmentKind) -> None:
    """A country, a province, a chamber, an agency, a company or an NGO is told where to turn."""
    gate = result_of(Gate.LOCAL_GOVERNMENT, project(government_kind=kind))
    assert gate.outcome is FAILED
    assert "cities only" in gate.reason
    assert kind.rule.where_to_turn in gate.reason


def test_a_trade_agency_is_sent_to_economic_development() -> None:
    """Trade requests go to Economic Development and Culture."""
    gate = result_of(Gate.LOCAL_GOVERNMENT, project(government_kind=GovernmentKind.TRADE_AGENCY))
    assert "Economic Development and Culture" in gate.reason


def endorsement(**changes: object) -> GateOutcome:
    """Return the endorsement gate's outcome for a project with ``changes``."""
    return result_of(Gate.ENDORSEMENT, project(**changes)).outcome


@pytest.mark.parametrize(
    ("origin", "letter", "confirmed", "expected"),
    [
        (Origin.CITY, True, False, PASSED),
        (Origin.CITY, False, False, FAILED),
        (Origin.CITY, False, True, FAILED),
        (Origin.DIVISION, True, False, PASSED),
        (Origin.DIVISION, False, True, PASSED),
        (Origin.DIVISION, False, False, FAILED),
    ],
)
def test_a_city_needs_a_letter_of_intent_and_a_division_may_confirm_interest(
    origin: Origin, letter: bool, confirmed: bool, expected: GateOutcome
) -> None:
    """Only a division may stand on the counterpart's confirmed interest."""
    assert endorsement(
        origin=origin, has_letter_of_intent=letter, interest_confirmed=confirmed
    ) is expected


@pytest.mark.parametrize(
    ("category", "division", "stage", "expected"),
    [
        (IP, "Transportation Services", Stage.BEFORE_APPROVAL, PASSED),
        (IP, None, Stage.BEFORE_APPROVAL, UNKNOWN),
        (IP, "   ", Stage.BEFORE_APPROVAL, UNKNOWN),
        (IP, None, Stage.APPROVAL, FAILED),
        (None, None, Stage.BEFORE_APPROVAL, UNKNOWN),
        (None, None, Stage.APPROVAL, FAILED),
        (P, None, Stage.BEFORE_APPROVAL, PASSED),
        (P, None, Stage.APPROVAL, PASSED),
    ],
)
def test_a_project_needs_a_sponsoring_division_by_approval(
    category: Category | None, division: str | None, stage: Stage, expected: GateOutcome
) -> None:
    """A project without a division waits until approval, then fails; a partnership needs none."""
    answers = project(category=category, sponsoring_division=division)
    gate = result_of(Gate.SPONSORING_DIVISION, answers, stage=stage)
    assert gate.outcome is expected
    if stage is Stage.APPROVAL and expected is FAILED:
        assert "before approval" in gate.reason


@pytest.mark.parametrize(
    ("cost", "funding", "expected"),
    [
        (Decimal("40000"), "Division budget", PASSED),
        (Decimal("40000"), "  ", FAILED),
        (Decimal("0"), "", PASSED),
        (None, "Division budget", FAILED),
        (Decimal("-1"), "Division budget", FAILED),
        (Decimal("NaN"), "Division budget", FAILED),
    ],
)
def test_the_cost_and_its_funding_must_both_be_identified(
    cost: Decimal | None, funding: str, expected: GateOutcome
) -> None:
    """A cost needs a funding source; no direct cost needs none."""
    answers = project(anticipated_cost=cost, funding_source=funding)
    assert result_of(Gate.RESOURCES, answers).outcome is expected


def duplicate(answers: RequestAnswers, active: list[ExistingAgreement]) -> GateOutcome:
    """Return the duplicate gate's outcome."""
    return result_of(Gate.NO_DUPLICATE, answers, active).outcome


def test_a_second_active_project_with_the_same_city_is_refused() -> None:
    """One active agreement of a category per city."""
    assert duplicate(project(), [agreement("Lisbon", "PT", IP)]) is FAILED


@pytest.mark.parametrize("written", ["LISBON", "lisbon", " Lisbon ", "Lisbón"])
def test_the_same_city_is_found_however_its_name_is_written(written: str) -> None:
    """Case, accents and spacing do not hide a duplicate."""
    assert duplicate(project(counterpart_city=written), [agreement("Lisbon", "PT", IP)]) is FAILED


def test_sao_paulo_matches_without_its_accent_and_hyphenated() -> None:
    """São Paulo, Sao Paulo and sao-paulo are one city."""
    assert duplicate(
        project(counterpart_city="sao-paulo", country_code="br"), [agreement("São Paulo", "BR", IP)]
    ) is FAILED


def test_a_city_of_the_same_name_in_another_country_is_not_a_duplicate() -> None:
    """London, Canada is not London, United Kingdom."""
    assert duplicate(
        project(counterpart_city="London", country_code="CA"), [agreement("London", "GB", IP)]
    ) is PASSED


def test_an_agreement_of_the_other_category_is_not_a_duplicate() -> None:
    """A city may hold a partnership and a project at once."""
    assert duplicate(partnership(), [agreement("Lisbon", "PT", IP)]) is PASSED


def test_a_project_being_promoted_does_not_count_against_its_partnership() -> None:
    """The promotion exception: the project the request grows out of is excused."""
    answers = partnership(promotes_agreement=True)
    gate = result_of(Gate.NO_DUPLICATE, answers, [agreement(category=IP)])
    assert gate.outcome is PASSED
    assert "promoted" in gate.reason


def test_a_promotion_with_the_category_undecided_excuses_the_project_too() -> None:
    """An undecided promotion is not held back by the project it promotes."""
    answers = project(category=None, promotes_agreement=True)
    assert duplicate(answers, [agreement(category=IP)]) is PASSED


def test_a_promotion_does_not_excuse_an_active_partnership() -> None:
    """A city that is already a Partnership City cannot get a second one by promotion."""
    answers = partnership(promotes_agreement=True)
    assert duplicate(answers, [agreement(category=P), agreement(category=IP)]) is FAILED


def test_an_undecided_request_with_an_active_project_can_only_become_a_partnership() -> None:
    """The outcome waits on the category, and the reason names the agreement held."""
    gate = result_of(Gate.NO_DUPLICATE, project(category=None), [agreement(category=IP)])
    assert gate.outcome is UNKNOWN
    assert "International Project" in gate.reason


def test_an_undecided_request_with_both_kinds_active_is_refused() -> None:
    """No category is left for a city that holds both."""
    active = [agreement(category=IP), agreement(category=P)]
    assert duplicate(project(category=None), active) is FAILED


def test_a_request_without_a_counterpart_city_asks_for_one() -> None:
    """The duplicate check needs a name."""
    assert duplicate(project(counterpart_city=""), []) is FAILED


def test_an_empty_draft_gets_a_reason_for_every_gate() -> None:
    """A blank draft never raises and every gate explains itself."""
    results = check_eligibility(RequestAnswers(), [])
    assert len(results) == len(Gate)
    assert all(r.reason.strip() for r in results)
    assert not all_passed(results)


def test_at_approval_nothing_remains_unknown() -> None:
    """Every unknown gate fails at the approval stage."""
    answers = project(category=None, term_years=4, sponsoring_division=None)
    results = check_eligibility(answers, [agreement(category=IP)], stage=Stage.APPROVAL)
    assert {r.outcome for r in results} <= {PASSED, FAILED}
    assert {r.gate for r in failed(results)} == {
        Gate.TERM, Gate.SPONSORING_DIVISION, Gate.NO_DUPLICATE
    }
