"""Proposed scores follow the rubric's descriptors, not the length of an answer (issue #12).

Each row is an answer and the score whose descriptor it meets, written from the descriptor
texts of ``DEFAULT_RUBRIC`` (quoted beside each block). The explanation quotes the descriptor
met.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from portal.policy.answers import Outcome, RequestAnswers
from portal.policy.rubric import DEFAULT_RUBRIC
from portal.policy.scoring import propose_scores

from .factories import project

M = Outcome  # an outcome: what, its indicator, its target

ROWS: list[tuple[str, str, dict[str, Any], int]] = [
    # alignment: 0 none / 1 priority mentioned, link not explained / 2 linked, says how /
    # 3 named City strategies or plans, says how / 4 several named, with who uses the results
    ("alignment", "blank", {"alignment": ""}, 0),
    ("alignment", "a priority, no link", {"alignment": "Good for Toronto."}, 1),
    ("alignment", "a long answer naming nothing",
     {"alignment": " ".join(["Toronto values international friendship"] * 20)}, 1),
    ("alignment", "linked, says how, no plan",
     {"alignment": "Helps the City cool its streets through shared pilots."}, 2),
    ("alignment", "three City plans named, fourteen words (the issue's case)",
     {"alignment": "Advances TransformTO, the Heat Relief Strategy and the Toronto Green "
                   "Standard."}, 3),
    ("alignment", "one plan named",
     {"alignment": "Supports the Poverty Reduction Strategy."}, 3),
    ("alignment", "several plans and the division that will use the results",
     {"alignment": "Advances TransformTO and the Heat Relief Strategy; Environment, Climate "
                   "and Forestry will use the results in its 2027 plan."}, 4),
    # objectives: 0 none / 1 stated, none measurable / 2 some measurable / 3 most /
    # 4 every outcome measurable, together covering the objectives
    ("objectives", "nothing", {"objectives": "", "outcomes": ()}, 0),
    ("objectives", "objectives only", {"outcomes": ()}, 1),
    ("objectives", "one of three measurable",
     {"outcomes": (M("a", "b", "c"), M("d"), M("e"))}, 2),
    ("objectives", "two of three measurable",
     {"outcomes": (M("a", "b", "c"), M("d", "e", "f"), M("g"))}, 3),
    ("objectives", "the only outcome measurable", {"outcomes": (M("a", "b", "c"),)}, 3),
    ("objectives", "three of three measurable",
     {"outcomes": (M("a", "b", "c"), M("d", "e", "f"), M("g", "h", "i"))}, 4),
    # reciprocity: 0 nothing / 1 interest only / 2 endorsed, names what it brings /
    # 3 both commit staff or resources, endorsed / 4 named staff and resources in balance,
    # endorsed in writing
    ("reciprocity", "nothing",
     {"has_letter_of_intent": False, "interest_confirmed": False,
      "counterpart_commitment": "", "staff_time": ""}, 0),
    ("reciprocity", "interest only",
     {"has_letter_of_intent": False, "interest_confirmed": True, "origin": "city",
      "counterpart_commitment": "", "staff_time": ""}, 1),
    ("reciprocity", "endorsed, a long commitment naming nothing it brings",
     {"counterpart_commitment": " ".join(["Lisbon is very enthusiastic"] * 10),
      "staff_time": ""}, 1),
    ("reciprocity", "endorsed, the counterpart hosts",
     {"counterpart_commitment": "Lisbon hosts the visits.", "staff_time": ""}, 2),
    ("reciprocity", "endorsed, both sides commit",
     {"counterpart_commitment": "Lisbon hosts the visits.", "funding_source": ""}, 3),
    ("reciprocity", "in writing, staff and resources on both sides",
     {"counterpart_commitment": "Two Lisbon engineers and €40,000 for its own pilots."}, 4),
    # community ties: 0 none / 1 mentioned without detail / 2 community, diaspora, cultural
    # or institutional ties / 3 local organizations named / 4 they help shape and deliver
    ("community_ties", "blank", {"community_ties": ""}, 0),
    ("community_ties", "mentioned", {"community_ties": "There are ties."}, 1),
    ("community_ties", "a diaspora described",
     {"community_ties": "Toronto has a large Portuguese community."}, 2),
    ("community_ties", "an organization named",
     {"community_ties": "The Portuguese Canadian Heritage Society takes part."}, 3),
    ("community_ties", "organizations help deliver",
     {"community_ties": "The Portuguese Canadian Heritage Society and the University of "
                        "Toronto co-host the workshops."}, 4),
    # expected outcomes: 0 none / 1 a general benefit in one area / 2 concrete in one or two
    # areas / 3 concrete in several / 4 significant, several areas, with who benefits
    ("expected_outcomes", "nothing", {"areas": (), "outcomes": ()}, 0),
    ("expected_outcomes", "an area, nothing concrete",
     {"areas": ("climate",), "outcomes": (M("Better climate"),)}, 1),
    ("expected_outcomes", "concrete, two areas", {"areas": ("climate", "culture")}, 2),
    ("expected_outcomes", "concrete, three areas, nobody named",
     {"areas": ("climate", "culture", "housing"),
      "outcomes": (M("Cooler streets", "Temperature", "3 degrees"),)}, 3),
    ("expected_outcomes", "concrete, three areas, who benefits",
     {"areas": ("climate", "culture", "housing"),
      "outcomes": (M("Cooler streets for residents", "Temperature", "3 degrees"),)}, 4),
    # resources: 0 nothing / 1 partly / 2 cost and funding / 3 with staff time /
    # 4 with activities, a complete plan
    ("resources", "nothing",
     {"anticipated_cost": None, "funding_source": "", "staff_time": "", "activities": ""}, 0),
    ("resources", "staff time only",
     {"anticipated_cost": None, "funding_source": "", "activities": ""}, 1),
    ("resources", "cost and staff, no funding", {"funding_source": "", "activities": ""}, 1),
    ("resources", "cost and funding", {"staff_time": "", "activities": ""}, 2),
    ("resources", "cost, funding and staff", {"activities": "Visits."}, 3),
    ("resources", "a complete plan", {}, 4),
    # track record: 0 nothing / 1 contact, no joint work / 2 one joint project / 3 several /
    # 4 a long relationship with several productive joint projects
    ("track_record", "nothing", {"relationship_since": None, "past_projects": ""}, 0),
    ("track_record", "contact only", {"relationship_since": 2019, "past_projects": ""}, 1),
    ("track_record", "one project", {"relationship_since": 2019}, 2),
    ("track_record", "several, recent",
     {"relationship_since": 2019, "past_projects": "Heat mapping\nArt exchange"}, 3),
    ("track_record", "several, since 1991",
     {"relationship_since": 1991, "past_projects": "Heat mapping\nArt exchange"}, 4),
    ("track_record", "one project, since 1991", {"relationship_since": 1991}, 2),
]


@pytest.mark.parametrize(("key", "case", "changes", "expected"), ROWS,
                         ids=[f"{key}-{case}" for key, case, _, _ in ROWS])
def test_the_proposed_score_is_the_descriptor_the_answer_meets(
        key: str, case: str, changes: dict[str, Any], expected: int) -> None:
    answers: RequestAnswers = project(**changes)
    score = propose_scores(answers, DEFAULT_RUBRIC, today=date(2026, 1, 1)).score(key)
    assert score.proposed == expected, score.explanation
    descriptor = DEFAULT_RUBRIC.criterion(key).descriptor(expected)
    assert f"“{descriptor}”" in score.explanation
    assert score.explanation.endswith(f"→ {expected} of 4")


def test_the_alignment_explanation_names_the_plans_it_found() -> None:
    """The issue's case: three City plans named are descriptor 3, and the plans are listed."""
    score = propose_scores(project(alignment=(
        "Advances TransformTO, the Heat Relief Strategy and the Toronto Green Standard.")),
        DEFAULT_RUBRIC).score("alignment")
    assert score.proposed == 3
    assert "3 City plans named (Heat Relief Strategy, Toronto Green Standard, TransformTO)" in (
        score.explanation)
    assert "words" not in score.explanation


def test_a_long_answer_earns_no_more_than_a_short_one_naming_the_same() -> None:
    short = project(alignment="Supports HousingTO.")
    long = project(alignment="Supports HousingTO. " + "It is a very good idea. " * 40)
    scores = [propose_scores(a, DEFAULT_RUBRIC).score("alignment").proposed
              for a in (short, long)]
    assert scores[0] == scores[1]
