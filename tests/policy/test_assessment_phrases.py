"""Every sentence the assessment side of the policy writes can be read in French.

The gates' reasons, the proposed scores' explanations, the risk flags, the suggested
category, the rubric's problems and the trust refusals are phrases (their English text, and
their msgid and values); each msgid, and that of every phrase among its values, is in the
French catalogue. A sentence built of English pieces (an f-string, a lower-cased label)
would fail here, as it could never be said in French.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from portal.policy.answers import ORIGIN_LABELS, Outcome, RequestAnswers
from portal.policy.areas import AREAS_OF_COOPERATION
from portal.policy.categories import Category, term_problem
from portal.policy.counterparts import GovernmentKind
from portal.policy.duplicates import ASK_THE_CLERK
from portal.policy.eligibility import Gate, GateOutcome, Stage, check_eligibility, reasons
from portal.policy.phrases import Phrase
from portal.policy.risk import RiskFlag, risk_flags
from portal.policy.roles import Role
from portal.policy.rubric import (
    DEFAULT_RUBRIC,
    BandThresholds,
    Criterion,
    Rubric,
    rubric_from_dict,
    rubric_problems,
    rubric_to_dict,
)
from portal.policy.scoring import Band, propose_scores
from portal.policy.suggestion import suggest_category
from portal.policy.trust import Standing, why_not_verify

from .catalogue import untranslated
from .factories import COMPLETE_PROJECT, agreement, partnership, project


def test_every_label_of_the_assessment_is_translated() -> None:
    labels: list[str] = [
        *(c.label for c in Category), *(c.label_with_article for c in Category),
        *(c.agreement_with_article for c in Category), *(c.rule.explanation for c in Category),
        *(k.label for k in GovernmentKind),
        *(k.rule.where_to_turn for k in GovernmentKind if not k.is_local_government),
        *ORIGIN_LABELS.values(), *AREAS_OF_COOPERATION.values(),
        *(g.label for g in Gate), *(o.label for o in GateOutcome), *(r.label for r in RiskFlag),
        *(b.label for b in Band), *(s.label for s in Standing), ASK_THE_CLERK,
    ]
    assert untranslated(labels) == []


def test_the_default_rubric_is_translated_also_as_stored() -> None:
    stored = rubric_from_dict(rubric_to_dict(DEFAULT_RUBRIC))
    texts = [text for c in stored.criteria for text in (c.name, *c.descriptors)]
    assert untranslated(texts) == []
    # The stored data is the English wording; an administrator's own wording stays as typed.
    assert all(type(text) is str for text in rubric_to_dict(DEFAULT_RUBRIC)["criteria"][0]
               ["descriptors"])
    edited = rubric_to_dict(DEFAULT_RUBRIC)
    edited["criteria"][0]["name"] = "Fits the Council's priorities"
    assert not isinstance(rubric_from_dict(edited).criteria[0].name, Phrase)


@pytest.mark.parametrize("category", [None, *Category])
def test_every_term_refusal_is_translated(category: Category | None) -> None:
    problems = [term_problem(category, years) for years in range(-1, 8)]
    assert untranslated([p for p in problems if p is not None]) == []


SAMPLES = [
    COMPLETE_PROJECT,
    RequestAnswers(),
    project(category=None, term_years=4, sponsoring_division=None),
    project(category=None, term_years=2, sponsoring_division=None),
    project(sponsoring_division=" ", anticipated_cost=Decimal("0")),
    project(anticipated_cost=Decimal("-1")),
    project(funding_source="", interest_confirmed=False, term_years=9),
    project(promotes_agreement=True, category=Category.PARTNERSHIP_CITY, term_years=5),
    partnership(),
    partnership(has_letter_of_intent=False, government_kind=GovernmentKind.COMPANY),
    partnership(relationship_since=None, past_projects="", counterpart_city=""),
    partnership(term_years=None, government_kind=None, country_code="RU"),
]
HELD = [agreement("Lisbon", "PT", Category.INTERNATIONAL_PROJECT),
        agreement("Lisbon", "PT", Category.PARTNERSHIP_CITY)]


@pytest.mark.parametrize("answers", SAMPLES)
@pytest.mark.parametrize("held", [[], HELD[:1], HELD])
def test_every_gate_reason_risk_and_suggestion_is_translated(
    answers: RequestAnswers, held: list
) -> None:
    said: list[str] = []
    for stage in Stage:
        gates = check_eligibility(answers, held, stage=stage)
        said += [g.reason for g in gates] + [reasons(gates)]
    said += [note.reason for note in risk_flags(
        answers, held, sanctioned_countries={"RU"}, reputational_concern="Press coverage")]
    suggestion = suggest_category(answers, held)
    said += [suggestion.reason] if suggestion else []
    assert untranslated(said) == []


def test_the_stepping_stone_suggestion_is_translated() -> None:
    first = partnership(relationship_since=None, past_projects="")
    suggestion = suggest_category(first)
    assert suggestion is not None and untranslated([suggestion.reason]) == []


@pytest.mark.parametrize("answers", SAMPLES)
@pytest.mark.parametrize("today", [None, date(2030, 1, 1)])
def test_every_proposed_scores_explanation_is_translated(
    answers: RequestAnswers, today: date | None
) -> None:
    rubric = replace(DEFAULT_RUBRIC, criteria=(
        *DEFAULT_RUBRIC.criteria,
        Criterion("new", "A criterion no answer maps to", ("a",) * 5, 1, 1)))
    sheet = propose_scores(answers, rubric, today)
    assert untranslated([s.explanation for s in sheet.scores]) == []


texts = st.sampled_from(["", "TransformTO and the Heat Relief Strategy, so that the division "
                             "uses the results", "Residents, schools and the Portuguese "
                             "community association co-deliver it", "Lisbon brings staff "
                             "and funding", "Two staff"])
outcomes = st.builds(Outcome, texts, texts, texts)


@settings(database=None, max_examples=150, deadline=None)
@given(st.builds(
    RequestAnswers, objectives=texts, activities=texts, alignment=texts, community_ties=texts,
    counterpart_commitment=texts, staff_time=texts, funding_source=texts,
    outcomes=st.lists(outcomes, max_size=4).map(tuple),
    areas=st.lists(st.sampled_from(list(AREAS_OF_COOPERATION)), max_size=6).map(tuple),
    relationship_since=st.none() | st.integers(1950, 2040),
    start_date=st.none() | st.dates(date(2020, 1, 1), date(2040, 1, 1)),
    past_projects=st.sampled_from(["", "One", "One\nTwo\nThree"]),
    anticipated_cost=st.none() | st.sampled_from([Decimal("0"), Decimal("-5"), Decimal("9")]),
    has_letter_of_intent=st.booleans(), interest_confirmed=st.booleans(),
    origin=st.sampled_from(["city", "division"])))
def test_any_answers_explanations_are_translated(answers: RequestAnswers) -> None:
    sheet = propose_scores(answers, DEFAULT_RUBRIC)
    assert untranslated([s.explanation for s in sheet.scores]) == []


def test_every_rubric_problem_is_translated() -> None:
    broken = Criterion(key="", name="", descriptors=("", "b"), weight_partnership=float("nan"),
                       weight_project=True)  # type: ignore[arg-type]
    zero = Criterion(key="z", name="Z", descriptors=("",) * 5, weight_partnership=0,
                     weight_project=-1)
    rubric = Rubric(version=0, criteria=(broken, zero, zero),
                    bands=BandThresholds(recommend_at=120, consider_at=-3))
    problems = rubric_problems(rubric) + rubric_problems(replace(rubric, criteria=()))
    assert len(problems) >= 10 and untranslated(problems) == []


def test_every_refusal_to_verify_a_representative_is_translated() -> None:
    refusals = [why_not_verify(role, target, email_confirmed=confirmed, active=active)
                for role in Role for target in Standing
                for confirmed in (True, False) for active in (True, False)]
    assert untranslated([r for r in refusals if r is not None]) == []
