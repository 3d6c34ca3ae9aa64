"""Propose a score for each rubric criterion from the answers, and total them into a band.

Each proposal names the answers that produced it, so a reviewer can see why and change it.
The proposals read the structured answers only (counts, and how fully a text is written);
they never judge what a text says, which is the reviewer's part. A criterion an administrator
adds that no answer maps to is proposed at 0, marked for the reviewer to score. A request
whose category is undecided is totalled with the project weights: it is weighed as the
stepping stone until the reviewers settle its category.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from enum import StrEnum
from types import MappingProxyType

from portal.policy.answers import RequestAnswers, format_cad
from portal.policy.areas import area_labels
from portal.policy.categories import Category
from portal.policy.rubric import MAX_SCORE, SCORES, Rubric

DETAIL_STEPS = (1, 15, 40, 80)
"""Word counts at which a written answer earns each further point (1 word to 80 words)."""


@dataclass(frozen=True)
class CriterionScore:
    """A criterion's proposed score, why, and the reviewer's score when changed."""

    key: str
    proposed: int
    explanation: str
    reviewer: int | None = None
    justification: str = ""

    @property
    def final(self) -> int:
        """Return the score that counts: the reviewer's when given, else the proposed one."""
        return self.proposed if self.reviewer is None else self.reviewer

    @property
    def is_overridden(self) -> bool:
        """Return whether a reviewer has scored the criterion."""
        return self.reviewer is not None


@dataclass(frozen=True)
class ScoreSheet:
    """Every criterion's score for one request, under one rubric version."""

    rubric_version: int
    scores: tuple[CriterionScore, ...]

    def score(self, key: str) -> CriterionScore:
        """Return the score of the criterion named ``key``, or raise KeyError."""
        for s in self.scores:
            if s.key == key:
                return s
        raise KeyError(f"The score sheet has no criterion {key!r}.")


class Band(StrEnum):
    """Where a request's total places it."""

    RECOMMEND = "recommend"
    CONSIDER = "consider"
    NOT_RECOMMENDED = "not_recommended"

    @property
    def label(self) -> str:
        """Return the band as reviewers read it."""
        return BAND_LABELS[self]


BAND_LABELS: dict[Band, str] = {
    Band.RECOMMEND: "Recommend",
    Band.CONSIDER: "Consider",
    Band.NOT_RECOMMENDED: "Not recommended",
}


def _words(text: str) -> int:
    return len(text.split())


def _count(n: int, one: str, many: str) -> str:
    return f"no {one}" if n == 0 else f"{n} {one if n == 1 else many}"


def _detail(text: str, what: str) -> tuple[int, str]:
    words = _words(text)
    points = sum(words >= step for step in DETAIL_STEPS)
    if not words:
        return 0, f"{what} not described"
    return points, f"{what} described in {_count(words, 'word', 'words')}"


def _alignment(a: RequestAnswers) -> tuple[int, list[str]]:
    points, said = _detail(a.alignment, "alignment with City priorities and strategic plans")
    return points, [said]


def _objectives(a: RequestAnswers) -> tuple[int, list[str]]:
    stated = [o for o in a.outcomes if o.is_stated]
    measurable = sum(o.is_measurable for o in stated)
    said = [
        _count(measurable, "measurable outcome", "measurable outcomes")
        + (" with an indicator and a target" if measurable == 1 else " with indicators and targets")
    ]
    if len(stated) > measurable:
        said.append(_count(len(stated) - measurable, "outcome", "outcomes") + " not measurable")
    if measurable:
        return min(measurable, MAX_SCORE), said
    if a.objectives.strip():
        return 1, ["objectives stated", *said]
    return 0, ["no objectives stated", *said]


def _tally(checks: list[tuple[bool, str, str]]) -> tuple[int, list[str]]:
    return sum(met for met, _, _ in checks), [yes if met else no for met, yes, no in checks]


def _reciprocity(a: RequestAnswers) -> tuple[int, list[str]]:
    endorsed = a.has_letter_of_intent or (a.interest_confirmed and a.is_from_division)
    points, said = _tally([
        (endorsed, "counterpart's endorsement given", "no endorsement from the counterpart"),
        (bool(a.staff_time.strip()), "City staff time committed", "no City staff time committed"),
    ])
    words = _words(a.counterpart_commitment)
    if not words:
        return points, [*said, "counterpart's commitment not described"]
    detailed = words >= DETAIL_STEPS[1]
    described = f"counterpart's commitment described in {_count(words, 'word', 'words')}"
    return points + 1 + detailed, [*said, described]


def _community_ties(a: RequestAnswers) -> tuple[int, list[str]]:
    points, said = _detail(a.community_ties, "community ties")
    return points, [said]


def _expected_outcomes(a: RequestAnswers) -> tuple[int, list[str]]:
    areas = area_labels(list(a.areas))
    stated = sum(o.is_stated for o in a.outcomes)
    named = f" ({', '.join(areas)})" if areas else ""
    said = [
        _count(len(areas), "area of cooperation", "areas of cooperation") + named,
        _count(stated, "expected outcome", "expected outcomes") + " stated",
    ]
    return min(len(areas), MAX_SCORE - 1) + (stated > 0), said


def _resources(a: RequestAnswers) -> tuple[int, list[str]]:
    cost = a.known_cost if a.known_cost is not None and a.known_cost >= 0 else None
    needs_funding = cost != 0
    funded = cost is not None and (not needs_funding or bool(a.funding_source.strip()))
    return _tally([
        (cost is not None, f"anticipated cost {format_cad(cost)}" if cost is not None else "",
         "no anticipated cost given"),
        (funded, "funding source named" if needs_funding else "no funding needed",
         "no funding source named"),
        (bool(a.staff_time.strip()), "staff time identified", "no staff time identified"),
        (_words(a.activities) >= DETAIL_STEPS[1], "activities planned", "activities not planned"),
    ])


def _track_record(a: RequestAnswers) -> tuple[int, list[str]]:
    projects, since = len(a.past_project_list), a.relationship_since
    said = [
        f"relationship since {since}" if since is not None else "no relationship on record",
        _count(projects, "past joint project", "past joint projects"),
    ]
    return (since is not None) + min(projects, MAX_SCORE - 1), said


PROPOSERS: dict[str, Callable[[RequestAnswers], tuple[int, list[str]]]] = {
    "alignment": _alignment,
    "objectives": _objectives,
    "reciprocity": _reciprocity,
    "community_ties": _community_ties,
    "expected_outcomes": _expected_outcomes,
    "resources": _resources,
    "track_record": _track_record,
}
"""How each default criterion's score is proposed, by criterion key."""

_NO_PROPOSAL = "No answer maps to this criterion; a reviewer scores it → 0 of 4"


def _propose(key: str, answers: RequestAnswers) -> CriterionScore:
    proposer = PROPOSERS.get(key)
    if proposer is None:
        return CriterionScore(key, 0, _NO_PROPOSAL)
    points, said = proposer(answers)
    points = max(0, min(points, MAX_SCORE))
    text = "; ".join(said)
    return CriterionScore(key, points, f"{text[:1].upper()}{text[1:]} → {points} of {MAX_SCORE}")


def propose_scores(answers: RequestAnswers, rubric: Rubric) -> ScoreSheet:
    """Return a proposed score and its explanation for every criterion of ``rubric``."""
    return ScoreSheet(rubric.version, tuple(_propose(c.key, answers) for c in rubric.criteria))


def _check_score(score: int) -> None:
    if isinstance(score, bool) or score not in SCORES:
        raise ValueError(f"A score must be a whole number from 0 to {MAX_SCORE}, not {score!r}.")


def apply_override(score: CriterionScore, new: int, justification: str) -> CriterionScore:
    """Return ``score`` with the reviewer's score ``new``; a justification is required."""
    _check_score(new)
    if not justification.strip():
        raise ValueError("Write why you changed the score: a justification is required.")
    return replace(score, reviewer=new, justification=justification.strip())


def override_in(sheet: ScoreSheet, key: str, new: int, justification: str) -> ScoreSheet:
    """Return ``sheet`` with the criterion ``key`` rescored by a reviewer."""
    changed = apply_override(sheet.score(key), new, justification)
    return replace(sheet, scores=tuple(changed if s.key == key else s for s in sheet.scores))


def total_percent(
    sheet: ScoreSheet,
    rubric: Rubric,
    category: Category | None,
    overrides: Mapping[str, int] = MappingProxyType({}),
) -> float:
    """Return the weighted total as a percentage from 0 to 100, rounded to 2 decimals.

    ``overrides`` replaces criteria's scores by key (a preview before the reviewer saves);
    a criterion missing from the sheet counts as 0.
    """
    if sheet.rubric_version != rubric.version:
        raise ValueError(
            f"The scores were given under rubric version {sheet.rubric_version}, "
            f"not version {rubric.version}."
        )
    unknown = set(overrides) - set(rubric.keys)
    if unknown:
        raise ValueError(f"Rubric version {rubric.version} has no criterion {sorted(unknown)}.")
    finals = {s.key: s.final for s in sheet.scores}
    finals.update(overrides)
    earned = possible = 0.0
    for criterion in rubric.criteria:
        score = finals.get(criterion.key, 0)
        _check_score(score)
        weight = criterion.weight(category)
        earned += weight * score
        possible += weight * MAX_SCORE
    if possible <= 0:
        return 0.0
    # Rounded so that the band always follows the figure people see.
    return round(max(0.0, min(100.0, 100 * earned / possible)), 2)


def band(percent: float, rubric: Rubric) -> Band:
    """Return the band ``percent`` falls in under ``rubric``'s thresholds."""
    if percent >= rubric.bands.recommend_at:
        return Band.RECOMMEND
    if percent >= rubric.bands.consider_at:
        return Band.CONSIDER
    return Band.NOT_RECOMMENDED
