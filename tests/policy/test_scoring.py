"""Check the proposed scores, their explanations, the weighted total, bands and overrides."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from portal.policy.answers import Outcome, RequestAnswers
from portal.policy.areas import AREAS_OF_COOPERATION
from portal.policy.categories import Category
from portal.policy.counterparts import GovernmentKind
from portal.policy.eligibility import check_eligibility
from portal.policy.risk import risk_flags
from portal.policy.rubric import DEFAULT_RUBRIC, BandThresholds, Criterion, Rubric
from portal.policy.scoring import (
    Band,
    CriterionScore,
    ScoreSheet,
    apply_override,
    band,
    override_in,
    propose_scores,
    total_percent,
)
from portal.policy.suggestion import suggest_category

from .factories import COMPLETE_PROJECT, agreement, partnership, project

P, IP = Category.PARTNERSHIP_CITY, Category.INTERNATIONAL_PROJECT

texts = st.text(max_size=300)
outcomes = st.builds(Outcome, texts, texts, texts)
answers_strategy = st.builds(
    RequestAnswers,
    origin=st.sampled_from(["city", "division"]) | st.text(max_size=10),
    government_kind=st.none() | st.sampled_from(GovernmentKind),
    category=st.none() | st.sampled_from(Category),
    term_years=st.none() | st.integers(),
    start_date=st.none() | st.dates(),
    title=texts,
    purpose=texts,
    objectives=texts,
    activities=texts,
    outcomes=st.lists(outcomes, max_size=8).map(tuple),
    areas=st.lists(st.sampled_from(list(AREAS_OF_COOPERATION)) | texts, max_size=12).map(tuple),
    alignment=texts,
    community_ties=texts,
    relationship_since=st.none() | st.integers(),
    past_projects=texts,
    anticipated_cost=st.none() | st.decimals(),
    funding_source=texts,
    staff_time=texts,
    counterpart_commitment=texts,
    has_letter_of_intent=st.booleans(),
    interest_confirmed=st.booleans(),
    sponsoring_division=st.none() | texts,
    country_code=st.none() | st.text(max_size=3),
    counterpart_city=texts,
    promotes_agreement=st.booleans(),
)
categories = st.none() | st.sampled_from(Category)
PROPERTY = settings(database=None, max_examples=300, deadline=None)


@PROPERTY
@given(answers=answers_strategy, category=categories)
def test_scoring_never_fails_and_stays_between_0_and_100(
    answers: RequestAnswers, category: Category | None
) -> None:
    """Any answers at all get a score sheet, a total from 0 to 100 and a band."""
    sheet = propose_scores(answers, DEFAULT_RUBRIC)
    assert [s.key for s in sheet.scores] == list(DEFAULT_RUBRIC.keys)
    assert all(0 <= s.proposed <= 4 and s.explanation for s in sheet.scores)
    percent = total_percent(sheet, DEFAULT_RUBRIC, category)
    assert 0 <= percent <= 100
    assert band(percent, DEFAULT_RUBRIC) in Band


@PROPERTY
@given(
    answers=answers_strategy,
    category=categories,
    overrides=st.dictionaries(st.sampled_from(DEFAULT_RUBRIC.keys), st.integers(0, 4)),
)
def test_reviewer_scores_keep_the_total_between_0_and_100(
    answers: RequestAnswers, category: Category | None, overrides: dict[str, int]
) -> None:
    """Whatever a reviewer scores, the total stays a percentage."""
    sheet = propose_scores(answers, DEFAULT_RUBRIC)
    assert 0 <= total_percent(sheet, DEFAULT_RUBRIC, category, overrides) <= 100


@PROPERTY
@given(
    answers=answers_strategy,
    category=categories,
    key=st.sampled_from(DEFAULT_RUBRIC.keys),
)
def test_raising_one_score_never_lowers_the_total(
    answers: RequestAnswers, category: Category | None, key: str
) -> None:
    """The total grows with every criterion's score."""
    sheet = propose_scores(answers, DEFAULT_RUBRIC)
    totals = [total_percent(sheet, DEFAULT_RUBRIC, category, {key: s}) for s in range(5)]
    assert totals == sorted(totals)


@PROPERTY
@given(
    weights=st.lists(
        st.tuples(st.floats(0.001, 1e6), st.floats(0.001, 1e6)), min_size=1, max_size=10
    ),
    scores=st.lists(st.integers(0, 4), min_size=10, max_size=10),
    category=categories,
)
def test_any_sound_rubric_totals_between_0_and_100(
    weights: list[tuple[float, float]], scores: list[int], category: Category | None
) -> None:
    """The total is a percentage under any positive weights."""
    criteria = tuple(
        Criterion(f"c{i}", f"C{i}", ("0", "1", "2", "3", "4"), wp, wi)
        for i, (wp, wi) in enumerate(weights)
    )
    rubric = Rubric(7, criteria, BandThresholds(70, 50))
    given_scores = zip(criteria, scores[: len(criteria)], strict=True)
    sheet = ScoreSheet(7, tuple(CriterionScore(c.key, s, "") for c, s in given_scores))
    assert 0 <= total_percent(sheet, rubric, category) <= 100


@PROPERTY
@given(answers=answers_strategy)
def test_the_other_rules_never_fail_on_any_answers(answers: RequestAnswers) -> None:
    """Eligibility, risk flags and the suggestion read any answers without raising."""
    assert check_eligibility(answers, [agreement()])
    risk_flags(answers, [agreement()], sanctioned_countries={"RU"}, reputational_concern="x")
    suggest_category(answers)


def proposed(answers: RequestAnswers, key: str) -> CriterionScore:
    """Return the proposed score of one criterion."""
    return propose_scores(answers, DEFAULT_RUBRIC).score(key)


def test_three_measurable_outcomes_of_three_propose_four_of_four() -> None:
    """The explanation names the answers that produced the score and the descriptor met."""
    score = proposed(COMPLETE_PROJECT, "objectives")
    assert score.proposed == 4
    assert score.explanation == (
        "3 of 3 outcomes with an indicator and a target: “Every outcome has an indicator and "
        "a target, and together they cover the objectives.” → 4 of 4")


def test_an_outcome_without_a_target_is_not_counted_as_measurable() -> None:
    """Only outcomes with both an indicator and a target count: one of two is "some"."""
    answers = project(outcomes=(Outcome("a", "b", "c"), Outcome("d", "e", "")))
    score = proposed(answers, "objectives")
    assert score.proposed == 2
    assert "1 of 2 outcomes with an indicator and a target" in score.explanation


def test_objectives_without_measurable_outcomes_propose_one() -> None:
    """Stated objectives earn a point even when nothing can be measured."""
    assert proposed(project(outcomes=()), "objectives").proposed == 1
    assert proposed(project(outcomes=(), objectives=""), "objectives").proposed == 0


@pytest.mark.parametrize(
    ("since", "projects", "expected"),
    [
        (None, "", 0),
        (2019, "", 1),
        (None, "Heat mapping", 2),
        (2019, "Heat mapping\nArt exchange", 3),
        (1991, "a\nb\nc\nd\ne", 4),
    ],
)
def test_track_record_counts_the_relationship_and_past_joint_projects(
    since: int | None, projects: str, expected: int
) -> None:
    """Contact alone is 1, one joint project 2, several 3, several over a long relationship 4."""
    score = proposed(project(relationship_since=since, past_projects=projects), "track_record")
    assert score.proposed == expected


def test_a_blank_request_is_proposed_zero_everywhere_and_not_recommended() -> None:
    """Nothing answered, nothing proposed."""
    sheet = propose_scores(RequestAnswers(), DEFAULT_RUBRIC)
    assert {s.proposed for s in sheet.scores} == {0}
    percent = total_percent(sheet, DEFAULT_RUBRIC, None)
    assert percent == 0
    assert band(percent, DEFAULT_RUBRIC) is Band.NOT_RECOMMENDED


def test_a_full_score_is_one_hundred_percent_under_either_category() -> None:
    """Four on every criterion is 100 whatever the weights."""
    sheet = propose_scores(COMPLETE_PROJECT, DEFAULT_RUBRIC)
    everything = dict.fromkeys(DEFAULT_RUBRIC.keys, 4)
    for category in (P, IP, None):
        assert total_percent(sheet, DEFAULT_RUBRIC, category, everything) == 100


def test_track_record_weighs_more_in_a_partnership_total() -> None:
    """A strong track record alone is worth more to a partnership than to a project."""
    sheet = propose_scores(RequestAnswers(), DEFAULT_RUBRIC)
    only = {"track_record": 4}
    assert total_percent(sheet, DEFAULT_RUBRIC, P, only) == 25
    assert total_percent(sheet, DEFAULT_RUBRIC, IP, only) == 5
    assert total_percent(sheet, DEFAULT_RUBRIC, None, only) == 5


@pytest.mark.parametrize(
    ("percent", "expected"),
    [(100, Band.RECOMMEND), (70, Band.RECOMMEND), (69.99, Band.CONSIDER),
     (50, Band.CONSIDER), (49.99, Band.NOT_RECOMMENDED), (0, Band.NOT_RECOMMENDED)],
)
def test_a_total_falls_in_the_band_its_thresholds_give(percent: float, expected: Band) -> None:
    """A threshold belongs to the band it starts."""
    assert band(percent, DEFAULT_RUBRIC) is expected


def test_each_band_has_a_label() -> None:
    """Reviewers read the band by name."""
    assert [b.label for b in Band] == ["Recommend", "Consider", "Not recommended"]


def test_a_changed_score_needs_a_justification() -> None:
    """An empty or blank justification is refused with a message."""
    score = proposed(COMPLETE_PROJECT, "alignment")
    for blank in ("", "   \n"):
        with pytest.raises(ValueError, match="justification is required"):
            apply_override(score, 4, blank)


@pytest.mark.parametrize("new", [-1, 5, True])
def test_a_reviewer_score_outside_0_to_4_is_refused(new: int) -> None:
    """Scores run from 0 to 4."""
    with pytest.raises(ValueError, match="0 to 4"):
        apply_override(proposed(COMPLETE_PROJECT, "alignment"), new, "Reason")


def test_a_reviewer_score_is_kept_beside_the_proposed_one() -> None:
    """Both scores and the justification are kept; the reviewer's counts."""
    before = proposed(COMPLETE_PROJECT, "community_ties")
    after = apply_override(before, 4, "  Strong diaspora ties confirmed by the councillor.  ")
    assert (after.proposed, after.reviewer, after.final) == (before.proposed, 4, 4)
    assert after.justification == "Strong diaspora ties confirmed by the councillor."
    assert after.explanation == before.explanation
    assert after.is_overridden and not before.is_overridden


def test_a_reviewer_score_changes_the_total() -> None:
    """The sheet with an override totals the reviewer's score."""
    sheet = propose_scores(COMPLETE_PROJECT, DEFAULT_RUBRIC)
    changed = override_in(sheet, "alignment", 0, "No plan named.")
    assert changed.score("alignment").reviewer == 0
    assert total_percent(changed, DEFAULT_RUBRIC, IP) == total_percent(
        sheet, DEFAULT_RUBRIC, IP, {"alignment": 0}
    )


def test_a_sheet_is_totalled_only_under_the_rubric_version_that_scored_it() -> None:
    """A request keeps its rubric version; a mismatch is refused."""
    sheet = propose_scores(COMPLETE_PROJECT, DEFAULT_RUBRIC)
    with pytest.raises(ValueError, match="version 1"):
        total_percent(sheet, replace(DEFAULT_RUBRIC, version=2), IP)


def test_an_override_for_a_criterion_the_rubric_lacks_is_refused() -> None:
    """A stale key is an error, not silently ignored."""
    sheet = propose_scores(COMPLETE_PROJECT, DEFAULT_RUBRIC)
    with pytest.raises(ValueError, match="no criterion"):
        total_percent(sheet, DEFAULT_RUBRIC, IP, {"charm": 4})


def test_a_criterion_added_by_an_administrator_is_left_for_the_reviewer() -> None:
    """No answer maps to it, so it is proposed at 0 and says so."""
    extra = Criterion("legacy", "Legacy", ("0", "1", "2", "3", "4"), 5, 5)
    rubric = replace(DEFAULT_RUBRIC, version=2, criteria=(*DEFAULT_RUBRIC.criteria, extra))
    score = propose_scores(COMPLETE_PROJECT, rubric).score("legacy")
    assert score.proposed == 0
    assert "reviewer scores it" in score.explanation


def test_a_strong_partnership_is_recommended_and_a_bare_one_is_not() -> None:
    """The proposals separate a well-prepared request from an empty one."""
    strong = partnership(
        alignment="Advances TransformTO and the Heat Relief Strategy; Environment, Climate "
                  "and Forestry will use the results.",
        community_ties="The Portuguese Canadian Heritage Society co-hosts every exchange.",
        relationship_since=1991,
        past_projects="a\nb\nc",
        counterpart_commitment="Two Lisbon planners and a venue for the workshops.",
        areas=("climate", "culture", "housing"),
    )
    sheet = propose_scores(strong, DEFAULT_RUBRIC)
    assert band(total_percent(sheet, DEFAULT_RUBRIC, P), DEFAULT_RUBRIC) is Band.RECOMMEND
    bare = propose_scores(RequestAnswers(category=P), DEFAULT_RUBRIC)
    assert band(total_percent(bare, DEFAULT_RUBRIC, P), DEFAULT_RUBRIC) is Band.NOT_RECOMMENDED


def test_an_absurd_cost_is_shown_briefly() -> None:
    """A cost of 10^300 dollars does not become a page of digits."""
    score = proposed(project(anticipated_cost=Decimal("1e300")), "resources")
    assert len(score.explanation) < 200
