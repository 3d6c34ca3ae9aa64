"""Hold the rubric that reviewers score requests against, as versioned data.

The report's own criteria attachments are not public, so ``DEFAULT_RUBRIC`` is built from the
benchmarks it follows (Sister Cities International; Parramatta, Melbourne, Portland, Markham
and Vancouver; the Toronto Region Board of Trade's "Partnerships that Produce"). Weights are
relative: a criterion's share of the total is its weight over the sum of the weights for the
request's category. The default weights each sum to 100 so they read as percentages, and a
Partnership City leans on its track record (25) where a project barely does (5): a project is
how two cities build one. An administrator edits the rubric; each save is a new version.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from portal.policy.categories import Category
from portal.policy.phrases import N_, NP_, P_, Phrase

SCORES = range(5)
"""The scores a criterion may take: 0 (not shown at all) to 4 (shown fully)."""

MAX_SCORE = SCORES[-1]


@dataclass(frozen=True)
class Criterion:
    """One weighted criterion, with a written descriptor for each score 0 to 4."""

    key: str
    name: str
    descriptors: tuple[str, ...]
    weight_partnership: float
    weight_project: float

    def weight(self, category: Category | None) -> float:
        """Return the weight for ``category``; an undecided request is weighed as a project."""
        if category is Category.PARTNERSHIP_CITY:
            return self.weight_partnership
        return self.weight_project

    def descriptor(self, score: int) -> str:
        """Return what a score of ``score`` means for this criterion."""
        return self.descriptors[score]


@dataclass(frozen=True)
class BandThresholds:
    """The total percentages at which a request is recommended or worth considering."""

    recommend_at: float
    consider_at: float


@dataclass(frozen=True)
class Rubric:
    """One version of the rubric: its criteria and its band thresholds."""

    version: int
    criteria: tuple[Criterion, ...]
    bands: BandThresholds

    @property
    def keys(self) -> tuple[str, ...]:
        """Return the criteria's keys in order."""
        return tuple(c.key for c in self.criteria)

    def criterion(self, key: str) -> Criterion:
        """Return the criterion named ``key``, or raise KeyError."""
        for c in self.criteria:
            if c.key == key:
                return c
        raise KeyError(f"Rubric version {self.version} has no criterion {key!r}.")

    def supersedes(self, scored: Rubric) -> bool:
        """Return whether this rubric is newer than ``scored``: its scores may be done again."""
        return self.version > scored.version


DEFAULT_RUBRIC = Rubric(
    version=1,
    criteria=(
        Criterion(
            key="alignment",
            name=N_("Alignment with City priorities and strategic plans"),
            weight_partnership=15,
            weight_project=20,
            descriptors=(
                N_("No link to a City priority or strategic plan is shown."),
                N_("A City priority is mentioned but the link is not explained."),
                N_("The request links to a City priority and says how."),
                N_("The request supports named City strategies or plans and says how it "
                   "advances them."),
                N_("The request advances several named City strategies, with the division or "
                   "plan that will use its results."),
            ),
        ),
        Criterion(
            key="objectives",
            name=N_("Clear, measurable objectives and outcomes"),
            weight_partnership=15,
            weight_project=20,
            descriptors=(
                N_("No objectives are stated."),
                N_("Objectives are stated but none can be measured."),
                N_("Some outcomes have an indicator and a target."),
                N_("Most outcomes have an indicator and a target."),
                N_("Every outcome has an indicator and a target, and together they cover the "
                   "objectives."),
            ),
        ),
        Criterion(
            key="reciprocity",
            name=N_("Reciprocity and commitment from both sides"),
            weight_partnership=15,
            weight_project=15,
            descriptors=(
                N_("Nothing shows that the counterpart is committed."),
                N_("The counterpart has expressed interest only."),
                N_("The counterpart has endorsed the request and names what it brings."),
                N_("Both cities commit staff or resources and the counterpart has endorsed it."),
                N_("Both cities commit named staff and resources in balance, endorsed in writing."),
            ),
        ),
        Criterion(
            key="community_ties",
            name=N_("People-to-people and community ties in the city"),
            weight_partnership=10,
            weight_project=10,
            descriptors=(
                N_("No tie between the two cities' people is described."),
                N_("A tie is mentioned without detail."),
                N_("Community, diaspora, cultural or institutional ties are described."),
                N_("Ties are described and local organizations are named as taking part."),
                N_("Strong ties are described, and local communities help shape and deliver "
                   "the work."),
            ),
        ),
        Criterion(
            key="expected_outcomes",
            name=N_("Expected economic, cultural, educational, environmental or social outcomes"),
            weight_partnership=10,
            weight_project=15,
            descriptors=(
                N_("No benefit to the city is expected."),
                N_("A general benefit is expected in one area."),
                N_("Concrete outcomes are expected in one or two areas."),
                N_("Concrete outcomes are expected in several areas."),
                N_("Concrete, significant outcomes are expected in several areas, with who "
                   "benefits."),
            ),
        ),
        Criterion(
            key="resources",
            name=N_("Resources and feasibility"),
            weight_partnership=10,
            weight_project=15,
            descriptors=(
                N_("Neither the cost nor the resources are identified."),
                N_("The cost or the resources are partly identified."),
                N_("The cost and its funding are identified."),
                N_("The cost, its funding and the staff time are identified."),
                N_("The cost, funding, staff time and activities make a realistic, complete plan."),
            ),
        ),
        Criterion(
            key="track_record",
            name=N_("Track record of the relationship"),
            weight_partnership=25,
            weight_project=5,
            descriptors=(
                N_("The two cities have no relationship or joint work on record."),
                N_("The cities have had contact but no joint work."),
                N_("The cities have completed one joint project."),
                N_("The cities have completed several joint projects."),
                N_("The cities have a long relationship with several productive joint projects."),
            ),
        ),
    ),
    bands=BandThresholds(recommend_at=70.0, consider_at=50.0),
)

DEFAULT_RUBRIC_NOTE = N_("The default rubric of the program design.")
"""The note the stored default rubric is saved with (the rubric page shows it)."""


def _weight_problem(criterion: Criterion, which: str, weight: float) -> Phrase | None:
    # One sentence for each weight: "partnership" and "project" are words of the sentence.
    key, partnership = criterion.key, which == "partnership"
    if isinstance(weight, bool) or not isinstance(weight, int | float):
        return (P_("Criterion '%(key)s': the partnership weight must be a number.", key=key)
                if partnership else
                P_("Criterion '%(key)s': the project weight must be a number.", key=key))
    if not math.isfinite(weight) or weight <= 0:
        return (P_("Criterion '%(key)s': the partnership weight must be positive, not "
                   "%(weight)s.", key=key, weight=weight) if partnership else
                P_("Criterion '%(key)s': the project weight must be positive, not %(weight)s.",
                   key=key, weight=weight))
    return None


def _criterion_problems(criterion: Criterion) -> list[Phrase]:
    problems = []
    key = criterion.key
    if not criterion.key.strip():
        problems.append(P_("Criterion '%(name)s' needs a key.", name=criterion.name))
    if not criterion.name.strip():
        problems.append(P_("Criterion '%(key)s' needs a name.", key=key))
    for which, weight in (
        ("partnership", criterion.weight_partnership),
        ("project", criterion.weight_project),
    ):
        problem = _weight_problem(criterion, which, weight)
        if problem:
            problems.append(problem)
    if len(criterion.descriptors) != len(SCORES):
        problems.append(NP_(
            "Criterion '%(key)s' has %(num)s descriptor; it needs one for each score from 0 to "
            "%(max)s.",
            "Criterion '%(key)s' has %(num)s descriptors; it needs one for each score from 0 to "
            "%(max)s.", len(criterion.descriptors), key=key, max=MAX_SCORE))
    for score, text in enumerate(criterion.descriptors):
        if not str(text).strip():
            problems.append(P_("Criterion '%(key)s': the descriptor for %(score)s is empty.",
                               key=key, score=score))
    return problems


def _band_problems(bands: BandThresholds) -> list[Phrase]:
    problems = []
    if not 0 <= bands.recommend_at <= 100:
        problems.append(P_("The recommend threshold must be between 0 and 100, not %(value)s.",
                           value=bands.recommend_at))
    if not 0 <= bands.consider_at <= 100:
        problems.append(P_("The consider threshold must be between 0 and 100, not %(value)s.",
                           value=bands.consider_at))
    if bands.recommend_at <= bands.consider_at:
        problems.append(P_(
            "The bands overlap: 'recommend' starts at %(recommend)s, which must be above where "
            "'consider' starts (%(consider)s).", recommend=bands.recommend_at,
            consider=bands.consider_at))
    return problems


def rubric_problems(rubric: Rubric) -> list[Phrase]:
    """Return why ``rubric`` cannot be saved, one sentence per problem; empty when valid."""
    problems = []
    if rubric.version < 1:
        problems.append(P_("The version must be 1 or more, not %(version)s.",
                           version=str(rubric.version)))
    if not rubric.criteria:
        problems.append(N_("The rubric needs at least one criterion."))
    repeated = [key for key, n in Counter(rubric.keys).items() if n > 1]
    problems += [P_("Criterion '%(key)s' appears more than once.", key=key) for key in repeated]
    for criterion in rubric.criteria:
        problems += _criterion_problems(criterion)
    return problems + _band_problems(rubric.bands)


def rubric_to_dict(rubric: Rubric) -> dict[str, Any]:
    """Return ``rubric`` as plain data to store as JSON."""
    return {
        "version": rubric.version,
        "criteria": [
            {
                "key": c.key,
                # Stored as the wording, never as a phrase: the data is the English text.
                "name": str(c.name),
                "descriptors": [str(d) for d in c.descriptors],
                "weight_partnership": c.weight_partnership,
                "weight_project": c.weight_project,
            }
            for c in rubric.criteria
        ],
        "bands": {
            "recommend_at": rubric.bands.recommend_at,
            "consider_at": rubric.bands.consider_at,
        },
    }


def rubric_from_dict(data: Mapping[str, Any]) -> Rubric:
    """Return the rubric stored as ``data``; raise ValueError when its shape is wrong.

    The shape is checked here; whether the rubric is sound is ``rubric_problems``'s question.
    """
    try:
        criteria = tuple(
            Criterion(
                key=str(item["key"]),
                name=_worded(str(item["name"])),
                descriptors=tuple(_worded(str(d)) for d in item["descriptors"]),
                weight_partnership=float(item["weight_partnership"]),
                weight_project=float(item["weight_project"]),
            )
            for item in data["criteria"]
        )
        bands = data["bands"]
        return Rubric(
            version=int(data["version"]),
            criteria=criteria,
            bands=BandThresholds(float(bands["recommend_at"]), float(bands["consider_at"])),
        )
    except (KeyError, TypeError, ValueError) as error:
        raise ValueError(f"The stored rubric is malformed: {error!r}.") from error


_DEFAULT_WORDING: dict[str, Phrase] = {
    str(text): text
    for criterion in DEFAULT_RUBRIC.criteria for text in (criterion.name, *criterion.descriptors)
}


def _worded(text: str) -> str:
    """Return a stored name or descriptor: the default's phrase when it is the default's wording.

    A name or descriptor the program wrote is translated on French pages; one an
    administrator wrote is shown as written, in the one language it was written in.
    """
    return _DEFAULT_WORDING.get(text, text)
