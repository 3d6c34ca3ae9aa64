"""Build accounts and requests in any state through the same services the portal uses.

The ``make_city_user`` and ``make_staff`` fixtures of conftest.py hand out the account
builders; a module may call them directly inside a test's app.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from docgen.locales import official_languages
from portal import transitions
from portal.extensions import db
from portal.intake import services as intake
from portal.intake.steps import steps_for
from portal.models import Agreement, EngagementRequest, User
from portal.policy.agreements import AgreementStatus
from portal.policy.lifecycle import Action
from portal.policy.roles import Role, SigningOffice
from portal.uploads import PDF, CheckedUpload
from tests.conftest import PASSWORD
from tests.journeys import MINIMAL_PDF


def active_agreement(name: str, country: str | None, city_id: int | None = None, *,
                     start: date | None = None,
                     category: str = "international_project") -> Agreement:
    """Return an agreement in force, from ``start`` (a month ago) for 700 days, to add."""
    start = start or date.today() - timedelta(days=30)
    return Agreement(counterpart_name=name, counterpart_city_id=city_id, country_code=country,
                     category=category, status=AgreementStatus.ACTIVE.value,
                     start_date=start, end_date=start + timedelta(days=700))


def city_user(email: str = "rep@lyon.example", city: str = "Lyon", country: str = "FR",
              name: str = "Camille Martin", confirmed: bool = True,
              verified: bool = True) -> User:
    """Return a new city representative, confirmed and verified unless told otherwise."""
    from portal.geography import find_or_create_city
    from portal.models._types import utcnow

    # Verified by default: most tests act as the city's real representative. A stranger
    # who merely claims the city is made with verified=False.
    user = User(email=email, name=name, job_title="Director", role="city",
                city=find_or_create_city(city, country), government_kind="city",
                email_confirmed_at=utcnow() if confirmed else None,
                city_verified_at=utcnow() if verified and confirmed else None)
    user.set_password(PASSWORD)
    db.session.add(user)
    db.session.commit()
    return user


def staff_user(email: str, role: Role, division: str | None = None,
               office: SigningOffice | None = None, name: str = "Staff Member") -> User:
    """Return a new staff account of ``role``, opened as an administrator would."""
    from portal.auth import services
    from portal.seed.reference_data import division_by_code

    details = services.StaffDetails(
        name=name, job_title="Officer", role=role,
        division_id=division_by_code(division).id if division else None,
        signing_office=office)
    user = services.create_staff_user(None, email, details, password=PASSWORD)
    db.session.commit()
    return user


COMPLETE_ANSWERS: dict[str, Any] = {
    "representative_name": "Camille Martin", "representative_title": "Director",
    "government_kind": "city",
    "requested_category": "international_project", "term_years": 2,
    "start_date": date.today() + timedelta(days=90),
    "title": "Festival of lights exchange", "purpose": "Share lighting design.",
    "objectives": "Exchange designers", "activities": "Residencies",
    # Lyon speaks French: a bilingual agreement asks its text in French too.
    "title_fr": "Échange sur les fêtes des lumières", "objectives_fr": "Échanger des concepteurs",
    "activities_fr": "Résidences",
    "outcomes_fr": "Concepteurs échangés : concepteurs accueillis, 6 d'ici 2028",
    "areas": ["culture"], "alignment": "Supports the Action Plan.",
    "community_ties": "A large francophone community.", "relationship_since": None,
    "past_projects": "", "anticipated_cost": Decimal("20000"),
    "funding_source": "Operating budget", "staff_time": "Ten days",
    "counterpart_commitment": "Venue", "contact_name": "Marie Dupont",
    "contact_title": "Deputy Mayor", "contact_email": "marie@lyon.example",
    "counterpart_legal_name": "Ville de Lyon",
    "counterpart_signatory_name": "Grégory Doucet", "counterpart_signatory_title": "Maire de Lyon",
    "counterpart_signatory_authority": "As Mayor, under the Code général des collectivités "
                                       "territoriales",
    "counterpart_coordinator_name": "Marie Dupont",
    "counterpart_coordinator_title": "Director of International Relations",
    "counterpart_coordinator_email": "marie@lyon.example",
    "counterpart_coordinator_address": "1 place de la Comédie\n69001 Lyon\nFrance",
    "city_coordinator_name": "Avery Chen", "city_coordinator_title": "Program Manager",
    "city_coordinator_email": "avery.chen@toronto.example",
    "city_coordinator_address": "100 Queen Street West\nToronto ON M5H 2N2",
}


def complete_request(submitter: User, *, letter: bool = True, **answers: Any,
                     ) -> EngagementRequest:
    """Return a draft of ``submitter``'s with every page answered and a letter attached."""
    req = intake.start_request(submitter)
    given = {**COMPLETE_ANSWERS, **answers}
    if req.origin == "division":
        given.pop("representative_name"), given.pop("representative_title")
        given.setdefault("interest_confirmed", True)
        given.setdefault("interest_evidence", "Letter of 3 March")
        intake.save_counterpart(req, given.pop("city_name", "Helsinki"),
                                given.pop("country", "FI"))
    languages = [code for code, _name in official_languages(
        req.counterpart_city.country_code if req.counterpart_city else None)]
    if len(languages) > 1:  # the city chooses its version's language, as the intake asks
        given.setdefault("counterpart_language", languages[0])
    for step in steps_for(req):
        intake.save_answers(req, step, {k: v for k, v in given.items() if k in step.fields})
    intake.replace_outcomes(req, [("Designers exchanged", "Designers hosted", "6 by 2028")])
    if letter:
        intake.attach_document(req, submitter, CheckedUpload("letter.pdf", PDF, MINIMAL_PDF))
    db.session.flush()
    return req


def submitted_request(submitter: User, **answers: Any) -> EngagementRequest:
    """Return a complete request of ``submitter``'s, submitted and scored."""
    req = complete_request(submitter, **answers)
    intake.submit(req, submitter)
    db.session.commit()
    return req


def advance(req: EngagementRequest, actor: User, *actions: Action) -> EngagementRequest:
    """Take ``actions`` on ``req`` in turn as ``actor``."""
    for action in actions:
        transitions.perform(req, action, actor)
    db.session.commit()
    return req


def sign(req: EngagementRequest, reviewer: User, solicitor: User) -> EngagementRequest:
    """Take an approved request through its draft, legal approval and signature."""
    from portal.agreements import services as agreements

    draft = agreements.generate_draft(req, reviewer)
    agreements.approve_as_to_form(req, draft, solicitor)
    agreements.record_signature(req, reviewer, CheckedUpload("signed.pdf", PDF, MINIMAL_PDF),
                                date.today())
    db.session.commit()
    return req
