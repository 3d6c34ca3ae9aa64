"""Propose a score for each rubric criterion from the answers, and total them into a band.

Each proposal follows the rubric's descriptors, not the length of an answer: it looks for
what an answer names, counts or commits (``policy.named`` finds City plans named, what the
counterpart brings, who benefits; this module counts outcomes with an indicator and a
target, the years of the relationship and its joint projects), proposes the highest score
whose descriptor those facts meet, and quotes that descriptor with the facts that met it,
so a reviewer sees why and can change it. A long answer that names nothing earns no more
than a short one; whether what it names is true or good is the reviewer's part. A criterion
an administrator adds that no answer maps to is proposed at 0, marked for the reviewer to
score. A request whose category is undecided is totalled with the project weights: it is
weighed as the stepping stone until the reviewers settle its category.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum
from types import MappingProxyType

from portal.policy.answers import RequestAnswers
from portal.policy.areas import area_labels
from portal.policy.categories import Category
from portal.policy.named import (
    BENEFICIARIES,
    BRINGS_RESOURCES,
    BRINGS_STAFF,
    CO_DELIVERY,
    LONG_RELATIONSHIP_YEARS,
    SAYS_HOW,
    SEVERAL,
    TIE_KIND,
    USES_RESULTS,
    city_plans_named,
    distinct,
    organizations_named,
)
from portal.policy.phrases import N_, NP_, P_, Money, Phrase
from portal.policy.rubric import MAX_SCORE, SCORES, Criterion, Rubric


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
    def label(self) -> Phrase:
        """Return the band as reviewers read it."""
        return BAND_LABELS[self]


BAND_LABELS: dict[Band, Phrase] = {
    Band.RECOMMEND: N_("Recommend"),
    Band.CONSIDER: N_("Consider"),
    Band.NOT_RECOMMENDED: N_("Not recommended"),
}


def _listed(what: Phrase, names: Sequence[str]) -> Phrase:
    """Return ``what`` followed by the names it counts: "2 City plans named (A, B)"."""
    return P_("%(what)s (%(names)s)", what=what, names=_commas(names)) if names else what


def _commas(names: Sequence[str]) -> str:
    # The same msgid as phrases.join uses for the head of a list; names found in an answer
    # are data, an area's name a phrase, and each is said as it is.
    if len(names) == 1:
        return names[0]
    return P_("%(first)s, %(rest)s", first=names[0], rest=_commas(names[1:]))


def _facts(said: Sequence[Phrase]) -> Phrase:
    """Return the facts that produced a score, as one list: "a; b; c"."""
    if len(said) == 1:
        return said[0]
    return P_("%(first)s; %(rest)s", first=said[0], rest=_facts(said[1:]))


# Each proposer's first fact opens the explanation, so it is written with its capital
# (its own msgid); the same fact later in the list is written in lower case.

def _alignment(a: RequestAnswers) -> tuple[int, list[Phrase]]:
    text = a.alignment.strip()
    if not text:
        return 0, [N_("No City priority or plan named")]
    plans = city_plans_named(text)
    says_how = bool(SAYS_HOW.search(text))
    named = _listed(NP_("%(num)s City plan named", "%(num)s City plans named", len(plans)),
                    plans)
    if len(plans) >= SEVERAL and USES_RESULTS.search(text):
        return 4, [named, N_("says who will use the results")]
    if plans:
        return 3, [named] + ([N_("says how")] if says_how else [])
    if says_how:
        return 2, [N_("A City priority linked, saying how, but no plan named")]
    return 1, [N_("A City priority mentioned, no plan named and no link explained")]


def _objectives(a: RequestAnswers) -> tuple[int, list[Phrase]]:
    stated = [o for o in a.outcomes if o.is_stated]
    measurable = sum(o.is_measurable for o in stated)
    said = [P_("%(measurable)s of %(stated)s outcomes with an indicator and a target",
               measurable=measurable, stated=len(stated))
            if stated else N_("no outcomes stated")]
    if not stated or not measurable:
        return (1, [N_("Objectives stated"), *said]) if a.objectives.strip() or stated else (
            0, [N_("No objectives stated"), *said])
    if measurable == len(stated):
        # "Together they cover the objectives" is read as at least three outcomes, each
        # measured; fewer are "most", which is as far as the answers alone can show.
        return (4 if measurable >= 3 else 3), said
    return (3 if 2 * measurable > len(stated) else 2), said


def _brings(brings: str, staff: bool, resources: bool) -> Phrase:
    if staff and resources:
        return N_("the counterpart brings staff and resources")
    if staff:
        return N_("the counterpart brings staff")
    if resources:
        return N_("the counterpart brings resources")
    return (N_("the counterpart's commitment names nothing it brings") if brings
            else N_("the counterpart's commitment not described"))


def _reciprocity(a: RequestAnswers) -> tuple[int, list[Phrase]]:
    in_writing = a.has_letter_of_intent
    endorsed = in_writing or (a.interest_confirmed and a.is_from_division)
    interest = endorsed or a.interest_confirmed
    brings = a.counterpart_commitment.strip()
    staff = bool(brings and BRINGS_STAFF.search(brings))
    resources = bool(brings and BRINGS_RESOURCES.search(brings))
    city_staff = bool(a.staff_time.strip())
    city_funds = bool(a.funding_source.strip())
    said = [
        N_("Endorsed in writing (letter of intent)") if in_writing else
        N_("Interest confirmed") if interest else N_("No endorsement from the counterpart"),
        _brings(brings, staff, resources),
        N_("City staff time committed") if city_staff else N_("no City staff time committed"),
    ]
    if in_writing and staff and resources and city_staff and city_funds:
        return 4, [*said, N_("City funding named")]
    if endorsed and (staff or resources) and city_staff:
        return 3, said
    if endorsed and (staff or resources):
        return 2, said
    if interest or brings:
        return 1, said
    return 0, said


def _community_ties(a: RequestAnswers) -> tuple[int, list[Phrase]]:
    text = a.community_ties.strip()
    if not text:
        return 0, [N_("No tie between the cities' people described")]
    organizations = organizations_named(text)
    kinds = bool(TIE_KIND.search(text))
    named = _listed(NP_("%(num)s local organization named", "%(num)s local organizations named",
                        len(organizations)), organizations)
    if organizations and CO_DELIVERY.search(text):
        return 4, [named, N_("they help shape or deliver the work")]
    if organizations:
        return 3, [named]
    if kinds:
        return 2, [N_("Community, cultural or institutional ties described, no organization "
                      "named")]
    return 1, [N_("A tie mentioned without detail")]


def _expected_outcomes(a: RequestAnswers) -> tuple[int, list[Phrase]]:
    areas = area_labels(list(a.areas))
    stated = [o for o in a.outcomes if o.is_stated]
    concrete = [o for o in stated if o.is_measurable]
    who = distinct([m.group(0).lower() for o in stated
                     for m in BENEFICIARIES.finditer(" ".join((o.outcome, o.target)))])
    said = [
        _listed(NP_("%(num)s area of cooperation", "%(num)s areas of cooperation", len(areas)),
                areas) if areas else N_("No area of cooperation"),
        NP_("%(num)s concrete outcome (with an indicator and a target)",
            "%(num)s concrete outcomes (with an indicator and a target)", len(concrete))
        if concrete else N_("no concrete outcome (with an indicator and a target)"),
    ]
    if not areas and not stated:
        return 0, said
    if not concrete:
        return 1, said
    if len(areas) <= SEVERAL:
        return 2, said
    if who:
        return 4, [*said, P_("who benefits: %(who)s", who=_commas(who))]
    return 3, said


def _resources(a: RequestAnswers) -> tuple[int, list[Phrase]]:
    cost = a.known_cost if a.known_cost is not None and a.known_cost >= 0 else None
    needs_funding = cost != 0
    funded = cost is not None and (not needs_funding or bool(a.funding_source.strip()))
    staff = bool(a.staff_time.strip())
    planned = len(a.activities.split()) >= 15
    said = [
        P_("Anticipated cost %(cost)s", cost=Money(cost)) if cost is not None
        else N_("No anticipated cost given"),
        (N_("funding source named") if needs_funding else N_("no funding needed")) if funded
        else N_("no funding source named"),
        N_("staff time identified") if staff else N_("no staff time identified"),
        N_("activities planned") if planned else N_("activities not planned"),
    ]
    # The descriptors build on each other: each score needs what the one below it does.
    if funded and staff and planned:
        return 4, said
    if funded and staff:
        return 3, said
    if funded:
        return 2, said
    return (1 if cost is not None or staff or a.funding_source.strip() else 0), said


def _relationship(since: int | None, years: int | None) -> Phrase:
    if since is None:
        return N_("No relationship on record")
    # The year as written, not a figure: "1998", never "1,998".
    if years is None or years < 0:
        return P_("Relationship since %(year)s", year=str(since))
    return NP_("Relationship since %(year)s (%(num)s year)",
               "Relationship since %(year)s (%(num)s years)", years, year=str(since))


def _track_record(a: RequestAnswers, today: date | None) -> tuple[int, list[Phrase]]:
    projects, since = len(a.past_project_list), a.relationship_since
    as_of = a.start_date or today
    years = as_of.year - since if since is not None and as_of is not None else None
    said = [
        _relationship(since, years),
        NP_("%(num)s past joint project", "%(num)s past joint projects", projects)
        if projects else N_("no past joint project"),
    ]
    if projects >= SEVERAL and years is not None and years >= LONG_RELATIONSHIP_YEARS:
        return 4, said
    if projects >= SEVERAL:
        return 3, said
    if projects == 1:
        return 2, said
    return (1 if since is not None else 0), said


PROPOSERS: dict[str, Callable[[RequestAnswers, date | None], tuple[int, list[Phrase]]]] = {
    "alignment": lambda a, _today: _alignment(a),
    "objectives": lambda a, _today: _objectives(a),
    "reciprocity": lambda a, _today: _reciprocity(a),
    "community_ties": lambda a, _today: _community_ties(a),
    "expected_outcomes": lambda a, _today: _expected_outcomes(a),
    "resources": lambda a, _today: _resources(a),
    "track_record": _track_record,
}
"""How each default criterion's score is proposed, by criterion key."""

_NO_PROPOSAL = N_("No answer maps to this criterion; a reviewer scores it → 0 of 4")


def _propose(criterion: Criterion, answers: RequestAnswers, today: date | None,
             ) -> CriterionScore:
    proposer = PROPOSERS.get(criterion.key)
    if proposer is None:
        return CriterionScore(criterion.key, 0, _NO_PROPOSAL)
    points, said = proposer(answers, today)
    points = max(0, min(points, MAX_SCORE))
    # The explanation quotes the descriptor met, as the rubric in force words it.
    return CriterionScore(
        criterion.key, points,
        P_("%(facts)s: \u201c%(descriptor)s\u201d → %(points)s of %(max)s", facts=_facts(said),
           descriptor=criterion.descriptor(points), points=points, max=MAX_SCORE))


def propose_scores(answers: RequestAnswers, rubric: Rubric, today: date | None = None,
                   ) -> ScoreSheet:
    """Return a proposed score and its explanation for every criterion of ``rubric``.

    ``today`` dates the relationship's years when the request gives no start date.
    """
    return ScoreSheet(rubric.version,
                      tuple(_propose(c, answers, today) for c in rubric.criteria))


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
        raise ValueError(P_("The scores were given under rubric version %(given)s, not "
                            "version %(current)s.", given=sheet.rubric_version,
                            current=rubric.version))
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
