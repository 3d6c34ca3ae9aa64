"""Assess a request by asking the policy: every rule lives in ``portal.policy``.

This module turns stored requests into the policy's plain values, stores the scores the
policy proposes and the reviewers' changes; ``rubrics`` keeps the rubric's versions. It
flushes and never commits.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import bindparam, insert, select

from portal import audit, transitions
from portal.assessment import settings
from portal.assessment.changes import concern_changed_since, score_changed_since
from portal.assessment.held import active_registry, city_name_of
from portal.assessment.rubrics import RubricRefused as RubricRefused  # re-export
from portal.assessment.rubrics import newest_rubric, rubric_of
from portal.assessment.rubrics import newest_rubric_version as newest_rubric_version  # re-export
from portal.assessment.rubrics import save_rubric as save_rubric  # re-export
from portal.database import once_a_request, write
from portal.extensions import db
from portal.models import (
    Assessment,
    CriterionScoreRecord,
    EngagementRequest,
    User,
)
from portal.models._types import utcnow
from portal.policy import changed_since
from portal.policy import timeline_notes as notes
from portal.policy.answers import Origin, Outcome, RequestAnswers
from portal.policy.eligibility import ExistingAgreement, GateResult, Stage, check_eligibility
from portal.policy.refusals import Refused
from portal.policy.registry import is_replaced_by
from portal.policy.review import ReviewAction, assessment_refusal
from portal.policy.risk import RiskNote, risk_flags
from portal.policy.roles import SigningOffice
from portal.policy.scoring import (
    CriterionScore,
    ScoreSheet,
    apply_override,
    band,
    propose_scores,
    total_percent,
)
from portal.policy.signatories import (
    Signatory,
    SignatoryUnknown,
    partnership_choice_refusal,
    partnership_office_problem,
    signing_authority,
)
from portal.policy.suggestion import Suggestion, suggest_category
from portal.policy.timeline import TimelineEvent


@once_a_request  # the gates, the risks and the suggestion each ask
def answers_of(req: EngagementRequest) -> RequestAnswers:
    """Return ``req``'s answers as the plain values the policy reads."""
    city = req.counterpart_city
    return RequestAnswers(
        origin=Origin(req.origin),
        government_kind=req.kind,
        category=req.category,
        term_years=req.term_years,
        start_date=req.start_date,
        title=req.title,
        purpose=req.purpose,
        objectives=req.objectives,
        activities=req.activities,
        outcomes=tuple(Outcome(o.outcome, o.indicator, o.target) for o in req.outcomes),
        areas=tuple(req.areas or ()),
        alignment=req.alignment,
        community_ties=req.community_ties,
        relationship_since=req.relationship_since,
        past_projects=req.past_projects,
        anticipated_cost=req.anticipated_cost,
        funding_source=req.funding_source,
        staff_time=req.staff_time,
        counterpart_commitment=req.counterpart_commitment,
        has_letter_of_intent=req.letter_of_intent is not None,
        interest_confirmed=bool(req.interest_confirmed),
        sponsoring_division=req.sponsoring_division.name if req.sponsoring_division else None,
        country_code=city.country_code if city else None,
        counterpart_city=city.name if city else "",
        promotes_agreement=req.promotes_agreement_id is not None,
        request_id=req.id,
        renews_agreement_id=req.renews_agreement_id,
        promotes_agreement_id=req.promotes_agreement_id,
    )


def active_agreements(excluding: EngagementRequest | None = None) -> list[ExistingAgreement]:
    """Return the City's active agreements that count against ``excluding``.

    An agreement never counts against the request it came from, nor against the request
    that promotes or renews it: that request replaces it (the policy's
    ``registry.is_replaced_by``, the one rule the overlap flag and the gate read).
    """
    return ([row.agreement for row in active_registry()] if excluding is None
            else _counting_against(excluding))


@once_a_request
def _counting_against(excluding: EngagementRequest) -> list[ExistingAgreement]:
    # Only agreements with the request's city can count against it (the policy matches
    # them by city), so only those are read: the cost stays flat as the registry grows.
    city = excluding.counterpart_city
    rows = active_registry(cities=[city_name_of(city)] if city else [])
    answers = answers_of(excluding)
    return [row.agreement for row in rows if not is_replaced_by(answers, row.agreement)]


def eligibility(req: EngagementRequest, stage: Stage = Stage.BEFORE_APPROVAL) -> list[GateResult]:
    """Return every eligibility gate's result for ``req``."""
    return check_eligibility(answers_of(req), active_agreements(excluding=req), stage=stage)


def risks(req: EngagementRequest) -> list[RiskNote]:
    """Return the risk flags raised for ``req``."""
    return risk_flags(answers_of(req), active_agreements(excluding=req),
                      sanctioned_countries=settings.consultation_countries(),
                      reputational_concern=req.reputational_concern)


def suggestion(req: EngagementRequest) -> Suggestion | None:
    """Return the category the program suggests instead of the one chosen, if any.

    It reads the agreements the City holds with the city, as the duplicate gate does, so
    the two never disagree on whether the cities have a relationship.
    """
    return suggest_category(answers_of(req), active_agreements(excluding=req))


@dataclass(frozen=True)
class SignatoryAnswer:
    """Who would sign, or why that cannot be said yet."""

    signatory: Signatory | None
    unknown_reason: str = ""


def request_kind(req: EngagementRequest) -> str:
    """Return the kind of request the partnership default is chosen by."""
    if req.renews_agreement_id is not None:
        return "renewal"
    if req.promotes_agreement_id is not None:
        return "promotion"
    return "new"


@once_a_request  # the summary, the next step and the decision each name them
def signatory(req: EngagementRequest) -> SignatoryAnswer:
    """Return who approves and signs ``req`` for the City, as the policy names them.

    A Partnership City is signed by the office a reviewer chose for it, or by the
    administrator's default for its kind of request.
    """
    chosen = SigningOffice(req.partnership_office) if req.partnership_office else None
    try:
        return SignatoryAnswer(signing_authority(
            req.category, req.anticipated_cost,
            req.sponsoring_division.name if req.sponsoring_division else None,
            settings.signing_settings(), partnership_office=chosen, kind=request_kind(req)))
    except SignatoryUnknown as unknown:
        return SignatoryAnswer(None, unknown.reason)  # a phrase, for each page to translate


def signatory_choice_refusal(req: EngagementRequest, actor: User) -> str | None:
    """Return why ``actor`` may not choose ``req``'s partnership signatory now; None if they may."""
    return partnership_choice_refusal(actor.role_enum, req.status_enum, req.category)


def choose_partnership_office(req: EngagementRequest, actor: User, office: str | None,
                              expected_version: int | None = None) -> None:
    """Record who signs ``req``, a Partnership City (None: the administrator's default).

    Refused (``AssessmentClosed``) when the policy does not open the choice to ``actor``
    now, and (``AssessmentChanged``) from a page drawn before the request last changed.
    The choice is audited and written in the request's timeline, for staff.
    """
    refusal = signatory_choice_refusal(req, actor) or partnership_office_problem(office)
    if refusal is not None:
        raise AssessmentClosed(refusal)
    _check_version(req, expected_version, signatory_changed_since(req))
    before = req.partnership_office
    req.partnership_office = office
    _touch(req)
    named = signatory(req).signatory
    note = (notes.signatory_chosen(named.name, named.title, named.reason) if named
            else notes.signatory_chosen(None))
    transitions.record_note(req, actor, TimelineEvent.SIGNATORY_CHOSEN, note,
                            visible_to_submitter=False)
    audit.record(actor, "signatory.chosen", f"request:{req.id}", before=before, after=office)
    db.session.flush()


def signatory_changed_since(req: EngagementRequest) -> str:
    """Return the sentence telling a reviewer who signs ``req`` now that it changed."""
    named = signatory(req).signatory
    return changed_since.signatory_changed(named.name if named else None,
                                           named.title if named else "")


# Scores ----------------------------------------------------------------------------------

# Built once, as every page asks (portal.database says why); a page may add its loads.
CURRENT_ASSESSMENT = select(Assessment).where(
    Assessment.request_id == bindparam("request_id"), Assessment.is_current)

def current_assessment(req: EngagementRequest) -> Assessment | None:
    """Return the assessment that counts for ``req``, if it has been scored."""
    return db.session.scalars(CURRENT_ASSESSMENT, {"request_id": req.id}).first()


def _sheet(assessment: Assessment) -> ScoreSheet:
    return ScoreSheet(
        rubric_version=assessment.rubric_version.version,
        scores=tuple(
            CriterionScore(s.criterion_key, s.proposed, s.explanation, s.reviewer_score,
                           s.justification)
            for s in assessment.scores),
    )


def _refresh_total(req: EngagementRequest, assessment: Assessment) -> None:
    rubric = rubric_of(assessment.rubric_version)
    percent = total_percent(_sheet(assessment), rubric, req.category)
    assessment.total_percent = percent
    assessment.band = band(percent, rubric).value
    if assessment.is_current:  # the queue sorts by the request's copy (its only other writer)
        req.score_percent = percent


@dataclass(frozen=True)
class ProposedScores:
    """A request's scores as the policy proposes them under a rubric version, not yet stored.

    With the request's earlier assessments, which stop being current when these are stored.
    """

    version_id: int  # the rubric version's
    sheet: ScoreSheet
    total_percent: float
    band: str
    earlier: tuple[Assessment, ...]


# Built once: SQLAlchemy then computes its cache key once, not at each submission.
_ASSESSMENTS_OF = select(Assessment).where(Assessment.request_id == bindparam("request_id"))


def propose_assessment(req: EngagementRequest, *, first: bool = False) -> ProposedScores:
    """Return the scores the policy proposes for ``req`` under the newest rubric (no writes).

    ``first``: ``req`` was never scored (a draft: it is scored when submitted, and no
    transition leads back to a draft), so there are no earlier assessments to read.
    """
    version_id, rubric = newest_rubric()
    sheet = propose_scores(answers_of(req), rubric, date.today())
    percent = total_percent(sheet, rubric, req.category)
    earlier = () if first else tuple(db.session.scalars(_ASSESSMENTS_OF, {"request_id": req.id}))
    return ProposedScores(version_id, sheet, percent, band(percent, rubric).value, earlier)


def add_assessment(req: EngagementRequest, proposed: ProposedScores,
                   actor: User | None = None) -> Assessment:
    """Add ``proposed`` as ``req``'s current assessment, written at the session's next flush.

    Its criteria's rows are written by ``store_scores`` once it is flushed (they name its
    id); ``store_assessment`` does both.
    """
    for old in proposed.earlier:
        old.is_current = False
    assessment = Assessment(request_id=req.id, rubric_version_id=proposed.version_id,
                            is_current=True, created_by_id=actor.id if actor else None,
                            total_percent=proposed.total_percent, band=proposed.band)
    req.score_percent = proposed.total_percent  # the queue sorts by the request's copy
    db.session.add(assessment)
    return assessment


_ADD_SCORES = insert(CriterionScoreRecord.__table__)  # built once, as the queries above


def store_scores(assessment_id: int, proposed: ProposedScores) -> None:
    """Write the criteria's rows of assessment ``assessment_id`` from ``proposed``."""
    # One statement for every row: as objects, SQLite's flush wrote them one statement
    # each (its RETURNING of their ids cannot be batched in order), a third of a
    # submission's time. Nothing reads them in the request that scores; a page that does
    # loads them from the database.
    write(_ADD_SCORES, [
        {"assessment_id": assessment_id, "position": i, "criterion_key": s.key,
         "proposed": s.proposed, "explanation": s.explanation}
        for i, s in enumerate(proposed.sheet.scores)])


def store_assessment(req: EngagementRequest, proposed: ProposedScores,
                     actor: User | None = None) -> Assessment:
    """Store ``proposed`` as ``req``'s current assessment; the earlier one is kept as history."""
    assessment = add_assessment(req, proposed, actor)
    db.session.flush()  # the assessment's id, which its criteria's rows name
    store_scores(assessment.id, proposed)
    return assessment


def score_request(req: EngagementRequest, actor: User | None = None) -> Assessment:
    """Score ``req`` under the newest rubric with the policy's proposed scores.

    The earlier assessment, if any, is kept as history and stops being current.
    """
    return store_assessment(req, propose_assessment(req), actor)


class AssessmentClosed(Refused):
    """Scores or concerns may not be changed now; the message says why, for the person."""


class AssessmentChanged(Refused):
    """The request changed since the page was drawn; ``what`` says what changed, if known."""

    def __init__(self, what: str) -> None:
        """Keep the sentence saying what changed, to show beside what the person typed."""
        super().__init__(what)
        self.what = what


def _open_to(action: ReviewAction, req: EngagementRequest, actor: User) -> None:
    refusal = assessment_refusal(action, actor.role_enum, req.status_enum)
    if refusal is not None:
        raise AssessmentClosed(refusal)


def _check_version(req: EngagementRequest, expected_version: int | None, what: str) -> None:
    if expected_version is not None and req.version != expected_version:
        raise AssessmentChanged(what)


def _touch(req: EngagementRequest) -> None:
    # A score or a concern is part of the request: moving its version on makes every page
    # drawn before it stale, as a review action does.
    req.updated_at = utcnow()


def change_score(req: EngagementRequest, actor: User, key: str, score: int,
                 justification: str, expected_version: int | None = None) -> Assessment:
    """Record a reviewer's score for one criterion, with the justification the policy needs.

    Refused (``AssessmentClosed``) once the request is decided, and (``AssessmentChanged``)
    when the request changed since the reviewer's page was drawn: nothing is overwritten.
    """
    _open_to(ReviewAction.SCORE, req, actor)
    assessment = current_assessment(req)
    if assessment is None:
        raise LookupError("the request has not been scored")
    record = next((s for s in assessment.scores if s.criterion_key == key), None)
    if record is None:
        raise KeyError(key)
    _check_version(req, expected_version, score_changed_since(record))
    changed = apply_override(
        CriterionScore(record.criterion_key, record.proposed, record.explanation,
                       record.reviewer_score, record.justification),
        score, justification)
    before = record.reviewer_score
    record.reviewer_score = changed.reviewer
    record.justification = changed.justification
    record.reviewed_by_id = actor.id
    record.reviewed_at = utcnow()
    _refresh_total(req, assessment)
    _touch(req)
    audit.record(actor, "score.changed", f"request:{req.id}", criterion=key, before=before,
                 after=score, proposed=record.proposed, justification=changed.justification)
    db.session.flush()
    return assessment


def rescore_request(req: EngagementRequest, actor: User) -> Assessment:
    """Score ``req`` again under the newest rubric, while the assessment is open."""
    _open_to(ReviewAction.SCORE, req, actor)
    _touch(req)
    return score_request(req, actor)


def raise_reputational_concern(req: EngagementRequest, actor: User, concern: str,
                               expected_version: int | None = None) -> None:
    """Record (or clear, with an empty text) a reviewer's reputational concern.

    Refused like a score: after the decision, or from a page drawn before the last change.
    """
    _open_to(ReviewAction.RAISE_CONCERN, req, actor)
    _check_version(req, expected_version, concern_changed_since(req))
    before = req.reputational_concern
    req.reputational_concern = concern
    _touch(req)
    audit.record(actor, "risk.reputational", f"request:{req.id}", before=before, after=concern)
    db.session.flush()
