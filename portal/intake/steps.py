"""Describe the pages of the guided intake and when each counts as done.

The city and division journeys share pages 2 to 6; each has its own first page, its own
"Signing and notices" page (a division also names its own coordinator) and its own last
page. A page is "not started" while nothing on it is answered, "completed" when every
required answer is there, and "in progress" in between.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum

from flask_babel import lazy_gettext as _l

from docgen.locales import official_languages
from forms.bilingual import FrenchTextForm
from forms.intake import (
    AboutYouForm,
    AgreementForm,
    AreasForm,
    CounterpartForm,
    IntakeForm,
    PurposeForm,
    ResourcesForm,
    TiesForm,
)
from forms.parties import DivisionSigningForm, SigningForm
from forms.submission import ContactsForm
from portal.models import EngagementRequest
from portal.policy.agreement_language import FRENCH_FIELDS
from portal.policy.parties import language_choice_needed
from portal.policy.submission import is_refused_counterpart, requires_letter_of_intent


class Progress(StrEnum):
    """How far a page of the intake has got."""

    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    CANNOT_CONTINUE = "cannot_continue"


PROGRESS_LABELS = {
    Progress.NOT_STARTED: _l("Not started"),
    Progress.IN_PROGRESS: _l("In progress"),
    Progress.COMPLETED: _l("Completed"),
    Progress.CANNOT_CONTINUE: _l("Cannot continue"),
}


def _filled(value: object) -> bool:
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, (list, tuple)):
        return bool(value)
    return value is not None


def _has_complete_outcome(req: EngagementRequest) -> bool:
    return any(o.outcome and o.indicator and o.target for o in req.outcomes)


def _has_letter(req: EngagementRequest) -> bool:
    return req.letter_of_intent is not None


def _letter_if_required(req: EngagementRequest) -> bool:
    # The policy says who must attach one; the page only asks it.
    return not requires_letter_of_intent(req.origin) or _has_letter(req)


def _language_if_offered(req: EngagementRequest) -> bool:
    # A country with several official languages: the counterpart says which its version is in.
    country = req.counterpart_city.country_code if req.counterpart_city else None
    return bool(req.counterpart_language) or not language_choice_needed(
        len(official_languages(country)))


def _interest_explained(req: EngagementRequest) -> bool:
    return req.interest_confirmed is False or bool(req.interest_evidence)


@dataclass(frozen=True)
class Step:
    """One page of the intake."""

    slug: str
    title: object
    form: type[IntakeForm]
    fields: tuple[str, ...]
    required: tuple[str, ...]
    extra_checks: tuple[Callable[[EngagementRequest], bool], ...] = field(default=())
    # Answers that count as "started" even though no form field maps to a column.
    started_by: tuple[Callable[[EngagementRequest], bool], ...] = field(default=())
    # Whether the request asks this page at all; None: every request does.
    applies: Callable[[EngagementRequest], bool] | None = None

    def progress(self, req: EngagementRequest) -> Progress:
        """Return how far ``req`` has got on this page."""
        if self.slug in ("about-you", "counterpart") and is_refused_counterpart(req.kind):
            return Progress.CANNOT_CONTINUE
        values = [getattr(req, name) for name in self.required]
        done = all(_filled(v) for v in values) and all(check(req) for check in self.extra_checks)
        if done:
            return Progress.COMPLETED
        started = any(_filled(getattr(req, name)) for name in self.fields) or any(
            check(req) for check in self.started_by)
        return Progress.IN_PROGRESS if started else Progress.NOT_STARTED


_ABOUT_YOU = Step(
    "about-you", _l("About you and your government"), AboutYouForm,
    fields=("representative_name", "representative_title", "government_kind"),
    required=("representative_name", "representative_title", "government_kind"),
)
_COUNTERPART = Step(
    "counterpart", _l("The counterpart city"), CounterpartForm,
    fields=("government_kind", "interest_confirmed", "interest_evidence"),
    required=("counterpart_city_id", "government_kind", "interest_confirmed"),
    extra_checks=(_interest_explained,),
    started_by=(lambda req: req.counterpart_city_id is not None,),
)
_SHARED = (
    Step("agreement", _l("Kind of agreement"), AgreementForm,
         fields=("requested_category", "term_years", "start_date"),
         required=("requested_category", "term_years", "start_date")),
    Step("purpose", _l("Purpose, objectives and outcomes"), PurposeForm,
         fields=("title", "purpose", "objectives", "activities"),
         required=("title", "purpose", "objectives", "activities"),
         extra_checks=(_has_complete_outcome,),
         started_by=(lambda req: bool(req.outcomes),)),
    # Only for a bilingual agreement: the policy decides from the counterpart's language.
    Step("purpose-fr", _l("The agreement's words in French"), FrenchTextForm,
         fields=FRENCH_FIELDS, required=FRENCH_FIELDS,
         applies=lambda req: req.draft_language.has_french),
    Step("areas", _l("Areas of cooperation"), AreasForm,
         fields=("areas", "alignment"), required=("areas", "alignment")),
    Step("ties", _l("Community ties and relationship"), TiesForm,
         fields=("community_ties", "relationship_since", "past_projects"),
         required=("community_ties",)),
    Step("resources", _l("Resources"), ResourcesForm,
         fields=("anticipated_cost", "funding_source", "staff_time", "counterpart_commitment"),
         required=("anticipated_cost", "funding_source", "staff_time",
                   "counterpart_commitment")),
)
_COUNTERPART_PARTY = (
    "counterpart_legal_name", "counterpart_signatory_name", "counterpart_signatory_title",
    "counterpart_signatory_authority", "counterpart_coordinator_name",
    "counterpart_coordinator_title", "counterpart_coordinator_email",
    "counterpart_coordinator_address",
)
_CITY_COORDINATOR = (
    "city_coordinator_name", "city_coordinator_title", "city_coordinator_email",
    "city_coordinator_address",
)
_CITY_SIGNING = Step(
    "signing", _l("Signing and notices"), SigningForm,
    fields=(*_COUNTERPART_PARTY, "counterpart_language"), required=_COUNTERPART_PARTY,
    extra_checks=(_language_if_offered,),
)
# A division may not know the counterpart's signatory yet: the reviewer completes it.
_DIVISION_SIGNING = Step(
    "signing", _l("Signing and notices"), DivisionSigningForm,
    fields=(*_COUNTERPART_PARTY, "counterpart_language", *_CITY_COORDINATOR),
    required=_CITY_COORDINATOR,
)
_CITY_CONTACTS = Step(
    "contacts", _l("Contact and letter of intent"), ContactsForm,
    fields=("contact_name", "contact_title", "contact_email", "contact_phone"),
    required=("contact_name", "contact_title", "contact_email"),
    extra_checks=(_letter_if_required,), started_by=(_has_letter,),
)
_DIVISION_CONTACTS = Step(
    "contacts", _l("Counterpart contact and documents"), ContactsForm,
    fields=("contact_name", "contact_title", "contact_email", "contact_phone"),
    required=("contact_name", "contact_title", "contact_email"),
    started_by=(_has_letter,),
)

JOURNEYS: dict[str, tuple[Step, ...]] = {
    "city": (_ABOUT_YOU, *_SHARED, _CITY_SIGNING, _CITY_CONTACTS),
    "division": (_COUNTERPART, *_SHARED, _DIVISION_SIGNING, _DIVISION_CONTACTS),
}


def steps_for(req: EngagementRequest) -> tuple[Step, ...]:
    """Return the pages of ``req``'s journey that it asks, in order."""
    return tuple(step for step in JOURNEYS[req.origin]
                 if step.applies is None or step.applies(req))


def step_for(req: EngagementRequest, slug: str) -> Step | None:
    """Return the page called ``slug`` in ``req``'s journey, or None."""
    return next((step for step in steps_for(req) if step.slug == slug), None)


def next_step(req: EngagementRequest, step: Step) -> Step | None:
    """Return the page after ``step``, or None after the last one."""
    steps = steps_for(req)
    index = steps.index(step)
    return steps[index + 1] if index + 1 < len(steps) else None


def unfinished(req: EngagementRequest) -> list[Step]:
    """Return the pages of ``req`` that are not yet completed."""
    return [step for step in steps_for(req) if step.progress(req) is not Progress.COMPLETED]
