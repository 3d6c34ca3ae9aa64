"""Fill a new database with demo accounts and a dozen requests, one in every status.

The requests go through the same services and state machine as real ones, so the demo
shows what the portal really does: references, timelines, receipts in the outbox. Among
them: one waiting past its service target (the queue's ageing mark), one from a country on
the federal-consultation list (its risk flag), and a recommended project for each of the
two Deputy City Managers, whose names, with the Mayor's and the City Manager's, are the
configured signatories, so each signing account decides what the policy names it for.
Two agreements of the registry carry this year's outcome reports, rated, so that the annual
program report's outcomes chart counts something.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import select

from docgen.locales import official_languages
from portal import transitions
from portal.agreements import services as agreements
from portal.assessment import settings
from portal.auth import services as accounts
from portal.extensions import db
from portal.geography import find_or_create_city
from portal.intake import services as intake
from portal.intake.steps import steps_for
from portal.models import Agreement, EngagementRequest, User
from portal.models._types import utcnow
from portal.policy.answers import Origin
from portal.policy.categories import Category
from portal.policy.counterparts import GovernmentKind
from portal.policy.lifecycle import Action, Status
from portal.policy.roles import Role
from portal.policy.signatories import DeputyCityManager
from portal.registry import services as registry
from portal.review import services as review
from portal.seed.demo_data import (
    ACTIONS_TO,
    AGEING_DAYS,
    AGEING_TITLE,
    CITY_REQUESTS,
    DEPUTIES,
    DEPUTY_REQUESTS,
    DIVISION_REQUESTS,
    FRENCH_TEXTS,
    NOTES,
    OUTCOME_REPORTS,
    PARTIES,
    STAFF,
)
from portal.seed.reference_data import division_by_code, ensure_reference_data
from portal.uploads import PDF, CheckedUpload


def minimal_pdf(text: str) -> bytes:
    """Return a small, valid one-page PDF that says ``text``."""
    stream = f"BT /F1 14 Tf 72 720 Td ({text}) Tj ET".encode("latin-1", "replace")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += (f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n"
            "%%EOF\n").encode()
    return bytes(out)


def _staff(password: str) -> dict[str, User]:
    people: dict[str, User] = {}
    for email, name, title, role, code, office in STAFF:
        details = accounts.StaffDetails(
            name=name, job_title=title, role=role,
            division_id=division_by_code(code).id if code else None, signing_office=office)
        people[email] = accounts.create_staff_user(None, email, details, password=password)
    return people


def _city_user(email: str, name: str, city: str, country: str, password: str,
               verifier: User | None = None, title: str = "Director of International Relations",
               ) -> User:
    # The demo cities' representatives were verified by the demo reviewer; an account
    # created without a verifier only claims its city, as a new registration does.
    user = User(email=email, name=name, job_title=title,
                role=Role.CITY.value, city=find_or_create_city(city, country),
                government_kind=GovernmentKind.CITY.value, email_confirmed_at=utcnow(),
                city_verified_at=utcnow() if verifier else None,
                city_verified_by_id=verifier.id if verifier else None)
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    return user


def _fill(req: EngagementRequest, submitter: User, *, category: Category | str, years: int,
          title: str, areas: list[str], cost: str, complete: bool) -> None:
    city = req.counterpart_city.name if req.counterpart_city else "the counterpart"
    answers = {
        "requested_category": str(category), "term_years": years,
        "start_date": date.today().replace(day=1) + timedelta(days=120),
        "title": title,
        "purpose": f"Toronto and {city} face the same questions in this field and want to "
                   "learn from each other's programs.",
        "objectives": "Share practice between City staff\nRun a joint pilot\nPublish results",
        "activities": "Study visit to Toronto in spring\nReturn visit in autumn\n"
                      "Joint online workshops each quarter",
        "areas": areas,
        "alignment": "Supports the City's Economic Development Strategy and TransformTO.",
        "community_ties": f"Toronto is home to an active community with roots in {city}.",
        "relationship_since": 2019 if category is Category.PARTNERSHIP_CITY else None,
        "past_projects": "2022 joint webinar series" if complete else "",
        "anticipated_cost": Decimal(cost), "funding_source": "Approved operating budget",
        "staff_time": "Two staff, ten days a year",
        "counterpart_commitment": "Hosts the return visit and pays its own travel.",
        "contact_name": "Office of International Relations", "contact_title": "Director",
        "contact_email": f"international@{city.lower().replace(' ', '')}.demo.example",
        **_parties(req, submitter),
        **FRENCH_TEXTS.get(city, {}),
    }
    if not complete:  # a draft stops half-way
        for name in ("areas", "alignment", "community_ties", "anticipated_cost",
                     "funding_source", "staff_time", "counterpart_commitment", "contact_name",
                     "contact_title", "contact_email", *_parties(req, submitter)):
            answers.pop(name)
    for step in steps_for(req):
        given = {k: v for k, v in answers.items() if k in step.fields}
        if given:
            intake.save_answers(req, step, given)
    intake.replace_outcomes(req, [
        ("More joint projects between staff", "Projects started", "3 by the end of the term"),
        ("Knowledge shared with residents", "Public events held", "4 a year"),
    ])
    if complete:
        intake.attach_document(req, submitter, CheckedUpload(
            "letter-of-intent.pdf", PDF, minimal_pdf(f"Letter of intent from {city}")))


def _parties(req: EngagementRequest, submitter: User) -> dict[str, str]:
    """Return the signing page's answers: the counterpart's legal name, signatory, coordinator."""
    city = req.counterpart_city.name if req.counterpart_city else "the counterpart"
    country = req.counterpart_city.country if req.counterpart_city else ""
    legal_name, mayor = PARTIES.get(city, (f"City of {city}", "Robin Laurent"))
    answers = {
        "counterpart_legal_name": legal_name,
        "counterpart_signatory_name": mayor,
        "counterpart_signatory_title": f"Mayor of {city}",
        "counterpart_signatory_authority": f"As Mayor of {city}, under the law that "
                                           "establishes its municipal government",
        "counterpart_coordinator_name": "Office of International Relations",
        "counterpart_coordinator_title": "Director",
        "counterpart_coordinator_email":
            f"international@{city.lower().replace(' ', '')}.demo.example",
        "counterpart_coordinator_address": f"City Hall\n{city}\n{country}",
    }
    languages = [code for code, _name in official_languages(
        req.counterpart_city.country_code if req.counterpart_city else None)]
    if len(languages) > 1:  # Nairobi's version is in English, of Kenya's two
        answers["counterpart_language"] = "en" if "en" in languages else languages[0]
    if req.origin == Origin.DIVISION:
        division = req.sponsoring_division.name if req.sponsoring_division else ""
        answers.update(city_coordinator_name=submitter.name,
                       city_coordinator_title=f"International Alliances Lead, {division}",
                       city_coordinator_email=submitter.email,
                       city_coordinator_address="Toronto City Hall\n100 Queen Street West\n"
                                                "Toronto ON  M5H 2N2")
    return answers


def _walk(req: EngagementRequest, status: Status, submitter: User, people: dict[str, User],
          sponsor: str | None = None) -> None:
    reviewer = people["reviewer@demo.example"]
    for action in ACTIONS_TO[status]:
        if action is Action.SUBMIT:
            intake.submit(req, submitter)
            if sponsor:  # triage names another division the sponsor, as a reviewer may
                req.sponsoring_division = division_by_code(sponsor)
            continue
        if action is Action.START_REVIEW:  # the reviewer takes the file before reviewing it
            review.declare_conflict(req, reviewer, False, "")
            review.assign(req, reviewer, reviewer)
        if action in _AGREEMENT_STEPS:
            _AGREEMENT_STEPS[action](req, people)
            continue
        if action in (Action.WITHDRAW, Action.ANSWER):
            actor = submitter
        elif action is Action.APPROVE:
            actor = people["mayor@demo.example" if req.category is Category.PARTNERSHIP_CITY
                           else "head@demo.example"]
        elif action is Action.APPROVE_AS_TO_FORM:
            actor = people["solicitor@demo.example"]
        else:
            actor = people["reviewer@demo.example"]
        transitions.perform(req, action, actor, note=NOTES.get(action, ""))


def _draft(req: EngagementRequest, people: dict[str, User]) -> None:
    agreements.generate_draft(req, people["reviewer@demo.example"])


def _approve_form(req: EngagementRequest, people: dict[str, User]) -> None:
    agreements.approve_as_to_form(req, agreements.drafts_of(req)[0],
                                  people["solicitor@demo.example"])


def _sign(req: EngagementRequest, people: dict[str, User]) -> None:
    copy = CheckedUpload("signed-agreement.pdf", PDF, minimal_pdf("Signed agreement"))
    agreements.record_signature(req, people["reviewer@demo.example"], copy, date.today())


_AGREEMENT_STEPS = {
    Action.DRAFT_AGREEMENT: _draft,
    Action.APPROVE_AS_TO_FORM: _approve_form,
    Action.RECORD_SIGNATURE: _sign,
}


def _consult_edc(people: dict[str, User], title: str, answer: str | None) -> None:
    req = db.session.scalars(select(EngagementRequest).where(EngagementRequest.title == title)
                             ).one()
    consultation = review.consult(req, people["reviewer@demo.example"],
                                  division_by_code("EDC"),
                                  "Does this fit EDC's plans for the sector? Any concerns?")
    if answer:
        review.answer_consultation(consultation, people["edc@demo.example"], answer)


def _configure_signatories(admin: User) -> None:
    """Name the signatories as the demo accounts are named, so each one decides its own."""
    settings.save_signing_settings(admin, replace(
        settings.signing_settings(), mayor_name="Morgan Mayor",
        city_manager_name="Cameron Manager", deputy_city_manager_name=DEPUTIES[0][0],
        deputies=tuple(DeputyCityManager(*deputy) for deputy in DEPUTIES)))


def _age(title: str, days: int) -> None:
    """Leave the request called ``title`` waiting ``days`` days in its status."""
    req = db.session.scalars(select(EngagementRequest).where(EngagementRequest.title == title)
                             ).one()
    req.status_changed_at = utcnow() - timedelta(days=days)
    req.submitted_at = req.status_changed_at


def _report_outcomes(reviewer: User) -> None:
    """Record this year's rated outcome reports of two seeded agreements, as the CCO would."""
    for name, rows in OUTCOME_REPORTS:
        agreement = db.session.scalars(select(Agreement).where(
            Agreement.counterpart_name == name)).one()
        registry.save_report(agreement, reviewer, date.today().year, [
            {"outcome": outcome, "progress": progress, **({"rating": rating.value}
                                                          if rating else {})}
            for outcome, progress, rating in rows])


def seed(password: str) -> None:
    """Create the divisions, the demo accounts and the sample requests."""
    ensure_reference_data()
    settings.seed_example_division_heads()
    division_by_code("EDC").head_name = "Harper Head"
    people = _staff(password)
    _configure_signatories(people["admin@demo.example"])
    for city, country, name, email, category, years, status, title, areas in CITY_REQUESTS:
        user = _city_user(email, name, city, country, password,
                          verifier=people["reviewer@demo.example"])
        req = intake.start_request(user)
        _fill(req, user, category=category, years=years, title=title, areas=areas,
              cost="15000", complete=status is not Status.DRAFT)
        if status not in (Status.DRAFT, Status.SUBMITTED):  # triage named a sponsor
            req.sponsoring_division = division_by_code("EDC")
        _walk(req, status, user, people)
    # Someone who registered naming Lyon, waiting in "Accounts to verify".
    _city_user("newcomer@demo.example", "Jordan Nouveau", " lyon ", "FR", password,
               title="Adviser")
    staff = people["division@demo.example"]
    for city, country, status, category, years, title, areas, cost in DIVISION_REQUESTS:
        req = intake.start_request(staff)
        intake.save_counterpart(req, city, country)
        req.government_kind = GovernmentKind.CITY.value
        req.interest_confirmed = True
        req.interest_evidence = "Letter from the Mayor's office, received by email"
        _fill(req, staff, category=category, years=years, title=title, areas=areas, cost=cost,
              complete=True)
        _walk(req, status, staff, people)
    for city, country, code, title, areas, cost in DEPUTY_REQUESTS:
        req = intake.start_request(staff)
        intake.save_counterpart(req, city, country)
        req.government_kind = GovernmentKind.CITY.value
        req.interest_confirmed = True
        req.interest_evidence = "Letter from the Mayor's office, received by email"
        _fill(req, staff, category=Category.INTERNATIONAL_PROJECT, years=3, title=title,
              areas=areas, cost=cost, complete=True)
        _walk(req, Status.RECOMMENDED, staff, people, sponsor=code)
    _age(AGEING_TITLE, AGEING_DAYS)
    _consult_edc(people, "Heritage cities partnership", None)
    _consult_edc(people, "Urban forest canopy and heat resilience project",
                 "Yes: it supports the green economy action plan.")
    _report_outcomes(people["reviewer@demo.example"])
