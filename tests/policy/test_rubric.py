"""Check the default rubric, the refusal of unsound rubrics, and storage as JSON."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from portal.policy.categories import Category
from portal.policy.rubric import (
    DEFAULT_RUBRIC,
    BandThresholds,
    Criterion,
    Rubric,
    rubric_from_dict,
    rubric_problems,
    rubric_to_dict,
)


def with_criterion(**changes: object) -> Rubric:
    """Return the default rubric with its first criterion changed."""
    first, *rest = DEFAULT_RUBRIC.criteria
    return replace(DEFAULT_RUBRIC, criteria=(replace(first, **changes), *rest))  # type: ignore[arg-type]


def test_the_default_rubric_is_sound() -> None:
    """The seeded rubric can be saved as it is."""
    assert rubric_problems(DEFAULT_RUBRIC) == []


def test_the_default_rubric_has_the_seven_criteria_of_the_design() -> None:
    """Each criterion of DESIGN.md appears once, in its order."""
    assert DEFAULT_RUBRIC.keys == (
        "alignment", "objectives", "reciprocity", "community_ties", "expected_outcomes",
        "resources", "track_record",
    )


def test_track_record_weighs_most_for_a_partnership() -> None:
    """A Partnership City leans on its track record more than on any other criterion."""
    record = DEFAULT_RUBRIC.criterion("track_record")
    others = [c for c in DEFAULT_RUBRIC.criteria if c.key != "track_record"]
    assert all(record.weight_partnership > c.weight_partnership for c in others)
    assert record.weight_partnership > record.weight_project


def test_an_undecided_request_is_weighed_as_a_project() -> None:
    """The stepping stone's weights apply until the category is settled."""
    record = DEFAULT_RUBRIC.criterion("track_record")
    assert record.weight(None) == record.weight(Category.INTERNATIONAL_PROJECT)


def test_every_default_criterion_describes_each_score() -> None:
    """Five written descriptors, from 0 to 4."""
    for criterion in DEFAULT_RUBRIC.criteria:
        assert [bool(criterion.descriptor(s).strip()) for s in range(5)] == [True] * 5


@pytest.mark.parametrize(
    ("rubric", "named"),
    [
        (with_criterion(weight_partnership=0), ["'alignment'", "partnership weight", "positive"]),
        (with_criterion(weight_project=-2.5), ["'alignment'", "project weight", "positive"]),
        (with_criterion(weight_project=float("nan")), ["'alignment'", "project weight"]),
        (with_criterion(weight_project=float("inf")), ["'alignment'", "project weight"]),
        (with_criterion(descriptors=("a", "b", "c", "d")), ["'alignment'", "4 descriptors"]),
        (with_criterion(descriptors=()), ["'alignment'", "0 descriptors"]),
        (with_criterion(descriptors=("a", "b", " ", "d", "e")), ["'alignment'", "for 2 is empty"]),
        (with_criterion(name=""), ["'alignment'", "needs a name"]),
        (with_criterion(key="objectives"), ["'objectives'", "more than once"]),
        (replace(DEFAULT_RUBRIC, bands=BandThresholds(50, 70)), ["overlap", "recommend"]),
        (replace(DEFAULT_RUBRIC, bands=BandThresholds(60, 60)), ["overlap"]),
        (replace(DEFAULT_RUBRIC, bands=BandThresholds(120, 50)), ["recommend", "0 and 100"]),
        (replace(DEFAULT_RUBRIC, bands=BandThresholds(70, -1)), ["consider", "0 and 100"]),
        (replace(DEFAULT_RUBRIC, criteria=()), ["at least one criterion"]),
        (replace(DEFAULT_RUBRIC, version=0), ["version"]),
    ],
)
def test_an_unsound_rubric_is_refused_with_a_message_naming_the_problem(
    rubric: Rubric, named: list[str]
) -> None:
    """Non-positive weights, missing descriptors, repeated keys and overlapping bands."""
    problems = rubric_problems(rubric)
    assert any(all(word in p for word in named) for p in problems), problems


def test_every_problem_of_a_rubric_is_reported_at_once() -> None:
    """An administrator sees all the problems, not the first only."""
    rubric = replace(
        with_criterion(weight_partnership=0, descriptors=("a",)),
        bands=BandThresholds(40, 60),
    )
    assert len(rubric_problems(rubric)) == 3


def test_a_rubric_survives_storage_as_json() -> None:
    """Saved and read back, a rubric is the same rubric."""
    stored = json.dumps(rubric_to_dict(DEFAULT_RUBRIC))
    assert rubric_from_dict(json.loads(stored)) == DEFAULT_RUBRIC


def test_a_new_version_keeps_its_own_number_and_criteria() -> None:
    """An edited rubric is a new version, read back as written."""
    extra = Criterion("legacy", "Legacy", ("0", "1", "2", "3", "4"), 5, 5)
    edited = replace(DEFAULT_RUBRIC, version=2, criteria=(*DEFAULT_RUBRIC.criteria, extra))
    assert rubric_problems(edited) == []
    assert rubric_from_dict(rubric_to_dict(edited)).criterion("legacy") == extra


@pytest.mark.parametrize(
    "data",
    [{}, {"version": 1, "criteria": [{"key": "a"}], "bands": {}}, {"version": "x"}, []],
)
def test_a_malformed_stored_rubric_is_refused(data: object) -> None:
    """A damaged record raises ValueError rather than half a rubric."""
    with pytest.raises(ValueError, match="malformed"):
        rubric_from_dict(data)  # type: ignore[arg-type]


def test_asking_for_a_criterion_the_rubric_lacks_names_the_version() -> None:
    """The error says which rubric version was asked."""
    with pytest.raises(KeyError, match="version 1"):
        DEFAULT_RUBRIC.criterion("nope")


def test_a_rubric_supersedes_only_an_older_version():
    """The reviewer is offered to score again under a newer rubric, never an equal or older one."""
    newer = replace(DEFAULT_RUBRIC, version=DEFAULT_RUBRIC.version + 1)
    assert newer.supersedes(DEFAULT_RUBRIC)
    assert not DEFAULT_RUBRIC.supersedes(DEFAULT_RUBRIC)
    assert not DEFAULT_RUBRIC.supersedes(newer)
