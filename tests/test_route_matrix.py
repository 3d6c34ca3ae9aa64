"""Every route of the app, tried by every role and by a visitor, answers as the table says.

The routes are read from ``app.url_map``, so a route added without a row here fails the
suite. Each row gives the outcome for each column: ``ok`` (the page or action is served:
a 2xx, or a redirect somewhere other than sign-in), ``in`` (redirected to sign in), ``cf``
(sent to confirm the account's email address first), or the status code (``403`` refused,
``404`` hidden, ``400``/``409`` the view ran and refused the empty form or the action).
GET routes are opened; POST-only routes are posted with a valid CSRF token and no fields,
so a refusal is the access check's, not the token's; opened instead, a POST-only address
leads to the page its action belongs to (a test below). URL parameters are real ids from a
small world: a city's request waiting for its answer (EDC consulted), a division's approved
proposal with two versions of its draft agreement, another recommended to EDC's Division
Head, and an active agreement with Lyon.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any
from urllib.parse import urlsplit

import pytest
from flask import Flask
from sqlalchemy import select
from werkzeug.exceptions import MethodNotAllowed
from werkzeug.routing import Rule

from portal.agreements import services as agreements
from portal.api import tokens as api_tokens
from portal.assessment import services as assessment
from portal.auth import services as accounts
from portal.auth import tokens
from portal.extensions import db
from portal.models import Closure, OutboxMessage, User
from portal.policy.lifecycle import Action
from portal.policy.roles import Role, SigningOffice
from portal.review import services as review
from portal.seed.reference_data import division_by_code
from tests.conftest import Browser, login
from tests.factories import advance, complete_request, sign, submitted_request

COLUMNS = ("anon", "city", "stranger", "other", "division", "cco", "edc", "head", "dcm",
           "mayor", "solicitor", "admin", "new")
"""A visitor, then one account per role; three signing authorities (Division Head of EDC, a
Deputy City Manager, the Mayor's Office). ``city`` is a verified representative of Lyon;
``stranger`` registered claiming " LYON " and is not verified; ``other`` is a verified
representative of another city (Porto); last, ``new``, a city's account whose email address
is not confirmed yet."""

# Who may use what. A row is one probe: the endpoint, and after "@" the object it is tried on
# when it is not the city's request (see ``World.params``).
#                                               anon city strg othr div  cco  edc  head dcm  mayr sol  admn new
MATRIX: dict[str, str] = {
    "static":                                   "ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok",
    "main.home":                                "ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok",
    # Each person's home ("Your work"); a city's is its requests, an administrator's the
    # accounts (a redirect, so ok).
    "home.index":                               "in   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   cf",
    "main.health":                              "ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok",
    "main.favicon":                             "ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok",
    # The header's language button: anyone; posted without a language, refused.
    "main.choose_language":                     "400  400  400  400  400  400  400  400  400  400  400  400  400",
    # Accounts: open to all; a signed-in user is sent on from sign-in and registration.
    "auth.login":                               "ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok",
    "auth.register":                            "ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok",
    "auth.register_details":                    "ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok",
    "auth.forgot_password":                     "ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok",
    "auth.reset_password":                      "ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok",
    "auth.accept_invitation":                   "ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok",
    # Sign-in with the City's identity provider: no such page until it is configured.
    "auth.oidc_login":                          "404  404  404  404  404  404  404  404  404  404  404  404  404",
    "auth.oidc_callback":                       "404  404  404  404  404  404  404  404  404  404  404  404  404",
    "auth.confirm_email":                       "ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok",
    # An unconfirmed email reaches nothing but confirming it, signing out and public pages:
    # everywhere else it is sent to the "confirm your email address" page (cf). Resending
    # the link is served, then returns to that page (so it reads cf too).
    "auth.resend_confirmation":                 "in   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   cf",
    "auth.unconfirmed":                         "in   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok",
    # The intake: only the party that filed a request sees it; other filers are told nothing.
    "intake.my_requests":                       "in   ok   ok   ok   ok   403  403  403  403  403  403  403  cf",
    "intake.start":                             "in   ok   ok   ok   ok   403  403  403  403  403  403  403  cf",
    "intake.show":                              "in   ok   404  404  404  403  403  403  403  403  403  403  cf",
    "intake.show @proposal":                    "in   404  404  404  ok   403  403  403  403  403  403  403  cf",
    "intake.step":                              "in   ok   404  404  404  403  403  403  403  403  403  403  cf",
    "intake.step @draft":                       "in   ok   404  404  404  403  403  403  403  403  403  403  cf",
    "intake.answer":                            "in   400  404  404  404  403  403  403  403  403  403  403  cf",
    "intake.check":                             "in   ok   404  404  404  403  403  403  403  403  403  403  cf",
    "intake.confirmation":                      "in   ok   404  404  404  403  403  403  403  403  403  403  cf",
    "intake.withdraw":                          "in   ok   404  404  404  403  403  403  403  403  403  403  cf",
    "intake.delete":                            "in   ok   404  404  404  403  403  403  403  403  403  403  cf",
    "intake.delete @draft":                     "in   ok   404  404  404  403  403  403  403  403  403  403  cf",
    "intake.not_eligible":                      "in   404  404  404  404  403  403  403  403  403  403  403  cf",
    # A document: whoever may see its request; a visitor signs in first.
    "intake.document":                          "in   ok   404  404  ok   ok   ok   ok   ok   ok   ok   ok   cf",
    "intake.document @proposal":                "in   404  404  404  ok   ok   ok   ok   ok   ok   ok   ok   cf",
    "intake.document @draft":                   "in   ok   404  404  404  404  404  404  404  404  404  404  cf",
    # The review: CCO and those who decide see every submitted request; EDC and a division
    # only what is shared with them; a city never.
    "review.requests":                          "in   403  403  403  403  ok   403  ok   ok   ok   ok   ok   cf",
    "review.requests_csv":                      "in   403  403  403  403  ok   403  ok   ok   ok   ok   ok   cf",
    "review.show":                              "in   403  403  403  ok   ok   ok   ok   ok   ok   ok   ok   cf",
    "review.show @proposal":                    "in   403  403  403  ok   ok   ok   ok   ok   ok   ok   ok   cf",
    "review.show @draft":                       "in   403  403  403  404  404  404  404  404  404  404  404  cf",
    # A review action: staff only; a visitor signs in first, a city is refused (403).
    "review.act":                               "in   403  403  403  409  400  409  400  400  400  400  409  cf",
    # Approving or declining a recommended request is confirmed on a page of its own: only
    # the signatory the policy names (EDC's Division Head) opens it; other authorities are
    # told who decides (409). Declining comes first: the field-error walk posts both.
    "review.confirm_decision @decline":         "in   403  403  403  403  403  403  ok   409  409  403  403  cf",
    "review.confirm_decision @approve":         "in   403  403  403  403  403  403  ok   409  409  403  403  cf",
    "review.change_score":                      "in   403  403  403  403  400  403  403  403  403  403  403  cf",
    "review.rescore":                           "in   403  403  403  403  ok   403  403  403  403  403  403  cf",
    "review.concern":                           "in   403  403  403  403  ok   403  403  403  403  403  403  cf",
    "review.choose_signatory":                  "in   403  403  403  403  400  403  403  403  403  403  403  cf",
    "review.answer_consultation":               "in   403  403  403  400  404  400  404  404  404  404  404  cf",
    "review.shared":                            "in   403  403  403  ok   403  ok   403  403  403  403  403  cf",
    "review.working_group":                     "in   403  403  403  ok   ok   ok   ok   ok   ok   ok   ok   cf",
    "review.working_group_division":            "in   403  403  403  ok   ok   ok   ok   ok   ok   ok   ok   cf",
    "dashboard.index":                          "in   403  403  403  403  ok   403  403  403  403  403  ok   cf",
    # The annual program report: the CCO's, for Council (policy.annual_report).
    "reports.annual":                           "in   403  403  403  403  ok   403  403  403  403  403  ok   cf",
    # Agreements: drafts are staff's until the City Solicitor approves one.
    "agreements.details @proposal":             "in   403  403  403  403  ok   403  403  403  403  403  403  cf",
    "agreements.generate @proposal":            "in   403  403  403  403  400  403  403  403  403  403  403  cf",
    "drafts.download @proposal":                "in   404  404  404  404  ok   ok   ok   ok   ok   ok   ok   cf",
    "agreements.approve @proposal":             "in   403  403  403  403  403  403  403  403  403  ok   403  cf",
    # Comparing versions: the staff who read every version; the division that filed the
    # proposal reads only an approved version, so compares nothing (404, as a draft's).
    "agreements.compare @proposal":             "in   404  404  404  404  ok   ok   ok   ok   ok   ok   ok   cf",
    "agreements.comparison_file @proposal":     "in   404  404  404  404  ok   ok   ok   ok   ok   ok   ok   cf",
    # The Solicitor's round-trip: a return needs its comment, an upload its file (400).
    "agreements.return_draft @proposal":        "in   403  403  403  403  403  403  403  403  403  400  403  cf",
    "agreements.upload_draft @proposal":        "in   403  403  403  403  400  403  403  403  403  400  403  cf",
    # A PDF of a version: whoever may download the Word version, converted by LibreOffice.
    "drafts.pdf @proposal":                     "in   404  404  404  404  ok   ok   ok   ok   ok   ok   ok   cf",
    "agreements.record_signature @proposal":    "in   403  403  403  403  400  403  403  403  403  403  403  cf",
    "registry.signed_copy":                     "in   ok   404  404  ok   ok   ok   ok   ok   ok   ok   ok   cf",
    "agreement_templates.index":                "in   403  403  403  403  403  403  403  403  403  403  ok   cf",
    "agreement_templates.download":             "in   403  403  403  403  403  403  403  403  403  403  ok   cf",
    # The registry: public pages for all; the staff registry for staff.
    "public_registry.index":                    "ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok",
    "public_registry.json":                     "ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok",
    # Its open data: the CSV, the data dictionary (page and Table Schema), the catalogue's
    # metadata; public like the registry, an unconfirmed account included.
    "public_registry.csv":                      "ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok",
    "public_registry.data_dictionary":          "ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok",
    "public_registry.dictionary_page":          "ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok",
    "public_registry.package":                  "ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok",
    "registry.index":                           "in   403  403  403  ok   ok   ok   ok   ok   ok   ok   ok   cf",
    "registry.agreement":                       "in   403  403  403  ok   ok   ok   ok   ok   ok   ok   ok   cf",
    "registry.review":                          "in   403  403  403  403  ok   403  403  403  403  403  403  cf",
    "registry.report":                          "in   403  403  403  ok   ok   ok   403  403  403  403  403  cf",
    # Notice of termination: a CCO reviewer, on an agreement in force.
    "registry.terminate":                       "in   403  403  403  403  ok   403  403  403  403  403  403  cf",
    # Promote and renew: the agreement's parties only (its verified city, its lead division
    # EDC, a CCO reviewer); a stranger claiming the city and another city are refused.
    "registry.promote":                         "in   ok   403  403  ok   ok   403  403  403  403  403  403  cf",
    "registry.renew":                           "in   ok   403  403  ok   ok   403  403  403  403  403  403  cf",
    # Trust: CCO reviewers verify who speaks for a city; a city's people see its colleagues.
    "representatives.to_verify":                "in   403  403  403  403  ok   403  403  403  403  403  403  cf",
    "representatives.show @stranger":           "in   403  403  403  403  ok   403  403  403  403  403  403  cf",
    "representatives.verify @stranger":         "in   403  403  403  403  ok   403  403  403  403  403  403  cf",
    # Refusing comes after verifying in the walk: the claim is decided, so 409.
    "representatives.refuse @stranger":         "in   403  403  403  403  409  403  403  403  403  403  403  cf",
    "representatives.colleagues":               "in   ok   ok   ok   403  403  403  403  403  403  403  403  cf",
    # Administration.
    "admin.users":                              "in   403  403  403  403  403  403  403  403  403  403  ok   cf",
    "admin.new_user":                           "in   403  403  403  403  403  403  403  403  403  403  ok   cf",
    "admin.edit_user":                          "in   403  403  403  403  403  403  403  403  403  403  ok   cf",
    "admin.deactivate":                         "in   403  403  403  403  403  403  403  403  403  403  ok   cf",
    "admin.reactivate":                         "in   403  403  403  403  403  403  403  403  403  403  ok   cf",
    "admin.outbox":                             "in   403  403  403  403  403  403  403  403  403  403  ok   cf",
    "admin.message":                            "in   403  403  403  403  403  403  403  403  403  403  ok   cf",
    "settings.rubric":                          "in   403  403  403  403  403  403  403  403  403  403  ok   cf",
    "settings.edit_rubric":                     "in   403  403  403  403  403  403  403  403  403  403  ok   cf",
    "settings.signatories":                     "in   403  403  403  403  403  403  403  403  403  403  ok   cf",
    "settings.division_head":                   "in   403  403  403  403  403  403  403  403  403  403  ok   cf",
    "settings.consultation":                    "in   403  403  403  403  403  403  403  403  403  403  ok   cf",
    # The City's closures, which working days skip: the administrator's alone.
    "closures.index":                           "in   403  403  403  403  403  403  403  403  403  403  ok   cf",
    "closures.new":                             "in   403  403  403  403  403  403  403  403  403  403  ok   cf",
    "closures.remove":                          "in   403  403  403  403  403  403  403  403  403  403  ok   cf",
    # The read API: its document and the public registry are anyone's; the rest answers a
    # personal access token only, never a session (401 for everyone here, cookies or not).
    "api.openapi":                              "ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok",
    "api.agreements":                           "ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok",
    "api.requests":                             "401  401  401  401  401  401  401  401  401  401  401  401  401",
    "api.request_detail":                       "401  401  401  401  401  401  401  401  401  401  401  401  401",
    # Personal access tokens: staff's own; the token tried is the CCO reviewer's.
    "api_tokens.index":                         "in   403  403  403  ok   ok   ok   ok   ok   ok   ok   ok   cf",
    "api_tokens.revoke":                        "in   403  403  403  404  ok   404  404  404  404  404  404  cf",
    # Signing out ends the walk: every probe after it would be a visitor's.
    "auth.logout":                              "ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok",
}

DOWNLOADS = frozenset({"intake.document", "drafts.download", "drafts.pdf",
                       "agreements.comparison_file",
                       "registry.signed_copy", "agreement_templates.download",
                       "review.requests_csv", "public_registry.csv"})
"""The routes that send a file: always as an attachment, never shown in the browser."""
NOT_PAGES = frozenset({"static", "main.favicon", "main.health", "public_registry.json",
                       "public_registry.data_dictionary", "public_registry.package",
                       "api.openapi", "api.agreements", "api.requests", "api.request_detail"})
"""Responses that are neither HTML pages nor downloads (assets, the icon, the health check,
JSON)."""


def expected(probe: str) -> dict[str, str]:
    """Return the row of ``probe`` as {column: outcome}."""
    cells = MATRIX[probe].split()
    assert len(cells) == len(COLUMNS), probe
    return dict(zip(COLUMNS, cells, strict=True))


def endpoint_of(probe: str) -> str:
    """Return the endpoint a row tries."""
    return probe.partition(" @")[0]


def post_only(rule: Rule) -> bool:
    """Return whether a rule answers POST and not GET."""
    return "POST" in (rule.methods or ()) and "GET" not in (rule.methods or ())


# The world -------------------------------------------------------------------------------

@dataclass
class World:
    """The accounts and the objects the routes are tried on."""

    users: dict[str, User]
    ids: dict[str, Any]
    variants: dict[str, dict[str, Any]] = field(default_factory=dict)

    def params(self, rule: Rule, variant: str = "") -> dict[str, Any]:
        """Return real values for every variable of ``rule``."""
        values = {**self.ids, **self.variants.get(variant, {})}
        return {name: values[name] for name in rule.arguments}


def build_world(make_city_user: Any, make_staff: Any) -> World:
    """Build the accounts and requests every probe needs, through the portal's services."""
    edc = division_by_code("EDC")
    edc.head_name = "Harper Head"
    db.session.commit()
    users = {
        "city": make_city_user(),
        "division": make_staff("dana@toronto.example", Role.DIVISION_STAFF, "EDC"),
        "cco": make_staff("rosa@toronto.example", Role.CCO_REVIEWER, "CCO"),
        "edc": make_staff("eli@toronto.example", Role.SUPPORTING_REVIEWER, "EDC"),
        "head": make_staff("harper@toronto.example", Role.SIGNING_AUTHORITY, "EDC",
                           office=SigningOffice.DIVISION_HEAD, name="Harper Head"),
        "dcm": make_staff("dcm@toronto.example", Role.SIGNING_AUTHORITY,
                          office=SigningOffice.DEPUTY_CITY_MANAGER),
        "mayor": make_staff("mayor@toronto.example", Role.SIGNING_AUTHORITY,
                            office=SigningOffice.MAYORS_OFFICE),
        "solicitor": make_staff("sol@toronto.example", Role.SOLICITOR, "LGL"),
        "admin": make_staff("admin@toronto.example", Role.ADMIN, "CCO"),
    }
    # Someone who registered claiming Lyon (" LYON ": the same city record), not verified;
    # and a verified representative of another city.
    users["stranger"] = make_city_user(email="someone@mail.example", city=" LYON ",
                                       name="Sam Stranger", verified=False)
    users["other"] = make_city_user(email="rep@porto.example", city="Porto", country="PT",
                                    name="Rita Porto")
    city, cco, head = users["city"], users["cco"], users["head"]

    # A city's request: in review, EDC consulted, a question waiting for the city's answer.
    request = submitted_request(city)
    advance(request, cco, Action.START_TRIAGE, Action.START_REVIEW)
    consultation = review.consult(request, cco, edc, "Does this fit the culture strategy?")
    review.request_information(request, cco, "Which venue will host the residencies?")
    db.session.commit()

    # A division's proposal, approved by the Division Head, with draft agreement versions 1
    # and 2 (the newest, which the Solicitor may approve).
    proposal = submitted_request(users["division"], anticipated_cost=Decimal("20000"))
    advance(proposal, cco, Action.START_TRIAGE, Action.START_REVIEW, Action.RECOMMEND)
    advance(proposal, head, Action.APPROVE)
    agreements.generate_draft(proposal, cco)
    agreements.generate_draft(proposal, cco)
    db.session.commit()

    # A division's proposal the reviewer recommended: EDC's Division Head decides it.
    recommended = submitted_request(users["division"], title="Street art exchange",
                                    anticipated_cost=Decimal("20000"))
    advance(recommended, cco, Action.START_TRIAGE, Action.START_REVIEW, Action.RECOMMEND)

    # An agreement in force with Lyon (it starts today), from a request signed last.
    signed = submitted_request(city, title="Lighting residencies", start_date=date.today())
    signed.sponsoring_division = edc
    advance(signed, cco, Action.START_TRIAGE, Action.START_REVIEW, Action.RECOMMEND)
    advance(signed, head, Action.APPROVE)
    sign(signed, cco, users["solicitor"])

    # The city's draft, which nobody but the city may see.
    draft = complete_request(city, title="A draft nobody else sees")
    # A day the City closes, which the administrator may remove.
    closure = Closure(day=date.today() + timedelta(days=30), reason="Office move")
    db.session.add(closure)
    # A personal access token of the CCO reviewer's, which only they may revoke.
    api_token = api_tokens.create_token(cco, "Reports", date.today() + timedelta(days=30),
                                        date.today()).record
    db.session.commit()

    # Accounts holding the emailed links.
    newcomer = make_city_user(email="new@lyon.example", confirmed=False)
    invited = accounts.create_staff_user(None, "invited@toronto.example", accounts.StaffDetails(
        name="Ines Invited", job_title="Officer", role=Role.CCO_REVIEWER, division_id=None,
        signing_office=None))
    db.session.commit()
    users["new"] = newcomer

    agreement = agreements.agreement_of(signed)
    assert agreement is not None
    criterion = assessment.current_assessment(request).scores[0].criterion_key
    message = db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).first()
    ids = {
        "request_id": request.id, "document_id": request.documents[0].id, "slug": "purpose",
        "consultation_id": consultation.id, "version": 2, "first": 1, "second": 2,
        "agreement_id": agreement.id,
        "year": date.today().year, "user_id": users["division"].id, "message_id": message.id,
        "division_id": edc.id, "category": "international_project", "code": "EDC",
        "key": criterion, "name": "comment", "filename": "portal.css",
        "closure_id": closure.id, "token_id": api_token.id,
    }
    variants = {
        "proposal": {"request_id": proposal.id, "document_id": proposal.documents[0].id},
        "draft": {"request_id": draft.id, "document_id": draft.documents[0].id},
        "stranger": {"user_id": users["stranger"].id},
        "approve": {"request_id": recommended.id, "name": "approve"},
        "decline": {"request_id": recommended.id, "name": "decline"},
    }
    links = {
        "auth.confirm_email": tokens.make_token(newcomer, tokens.CONFIRM),
        "auth.reset_password": tokens.make_token(city, tokens.RESET),
        "auth.accept_invitation": tokens.make_token(invited, tokens.INVITE),
    }
    for endpoint, token in links.items():
        variants[endpoint] = {"token": token}
    return World(users=users, ids=ids, variants=variants)


@pytest.fixture()
def world(make_city_user, make_staff) -> World:
    """Return the accounts and objects the probes use."""
    return build_world(make_city_user, make_staff)


# Probing ---------------------------------------------------------------------------------

def rules_by_endpoint(app: Flask) -> dict[str, Rule]:
    """Return the app's one rule per endpoint."""
    rules: dict[str, Rule] = {}
    for rule in app.url_map.iter_rules():
        assert rule.endpoint not in rules, f"{rule.endpoint} has two rules; give each a row"
        rules[rule.endpoint] = rule
    return rules


def url_of(app: Flask, world: World, probe: str) -> tuple[Rule, str]:
    """Return the rule a row tries and its URL filled with the world's ids."""
    endpoint, _, variant = probe.partition(" @")
    rule = rules_by_endpoint(app)[endpoint]
    params = world.params(rule, variant or endpoint)
    with app.test_request_context():
        from flask import url_for

        return rule, url_for(endpoint, **params)


def outcome(response: Any) -> str:
    """Return a response as one of the table's words."""
    code = response.status_code
    if code in (301, 302, 303, 307, 308):
        path = urlsplit(response.headers["Location"]).path
        return {"/login": "in", "/confirm-email": "cf"}.get(path, "ok")
    if 200 <= code < 300:
        return "ok"
    return str(code)


def probe(client: Browser, app: Flask, world: World, name: str, token: str) -> Any:
    """Try one row's route: open it, or post an empty form with a valid token."""
    rule, url = url_of(app, world, name)
    if post_only(rule):
        return client.post(url, data={"csrf_token": token})
    return client.get(url)


def session_token(client: Browser) -> str:
    """Return the CSRF token of the client's session, from any page with a form."""
    return client.token_from("/login")


def ordered_probes() -> list[str]:
    """Return the rows in walking order: pages first, then actions, signing out last."""
    # The confirmation link confirms the unconfirmed account: it comes after every page.
    return sorted(MATRIX, key=lambda name: (name == "auth.logout",
                                            name == "auth.confirm_email"))


# The tests -------------------------------------------------------------------------------

def test_every_route_of_the_app_has_a_row_and_every_row_a_route(app):
    endpoints = set(rules_by_endpoint(app))
    tried = {endpoint_of(name) for name in MATRIX}
    assert endpoints - tried == set(), "routes missing from MATRIX"
    assert tried - endpoints == set(), "rows of MATRIX for routes that no longer exist"
    for name in MATRIX:
        expected(name)  # every row has one cell per column


@pytest.mark.parametrize("column", COLUMNS)
def test_each_role_reaches_exactly_what_the_table_says(app, client, world, column):
    if column != "anon":
        login(client, world.users[column].email)
    token = session_token(client)
    found: dict[str, str] = {}
    for name in ordered_probes():
        response = probe(client, app, world, name, token)
        found[name] = outcome(response)
        endpoint = endpoint_of(name)
        if found[name] == "ok" and response.status_code == 200 and endpoint not in NOT_PAGES:
            kind = response.mimetype
            disposition = response.headers.get("Content-Disposition", "")
            if endpoint in DOWNLOADS:
                assert disposition.startswith("attachment"), name
                assert response.headers["X-Content-Type-Options"] == "nosniff", name
            else:
                assert kind == "text/html", f"{name} sends {kind}: add it to DOWNLOADS"
                assert not disposition, name
        response.close()  # a static file holds its file open until then
    wrong = {name: f"expected {expected(name)[column]}, got {got}"
             for name, got in found.items() if got != expected(name)[column]}
    assert wrong == {}


def test_a_get_to_an_action_address_opens_the_page_the_action_belongs_to(app, client, world):
    """An action's address reloaded, or reached again after signing in, is no 405 page."""
    adapter = app.url_map.bind("localhost")
    login(client, world.users["admin"].email)
    answered = 0
    for name in MATRIX:
        rule, url = url_of(app, world, name)
        if not post_only(rule):
            continue
        try:
            adapter.match(url, method="GET")
        except MethodNotAllowed:
            response = client.get(url)
            assert response.status_code == 303, url
            page = urlsplit(response.headers["Location"]).path
            assert adapter.match(page, method="GET"), url  # a page, which GET opens
            assert url.startswith(page.rstrip("/") + "/") or page == "/admin/users", url
            answered += 1
        # Otherwise another route answers GETs at this address, and its own row covers it.
    assert answered >= 10
    assert client.put(url_of(app, world, "review.concern")[1]).status_code == 405


# CSRF ------------------------------------------------------------------------------------

CSRF_REFUSED = "Your form could not be sent"


def first_allowed(name: str) -> str:
    """Return the first column the table lets use a row's route (a visitor if anyone)."""
    row = expected(name)
    return next((column for column in COLUMNS if row[column] in ("ok", "400", "409")), "anon")


def test_every_form_refuses_a_post_without_its_csrf_token(app, client, world):
    """Post to every route that takes POST, as a role allowed to use it, without the token."""
    rules = rules_by_endpoint(app)
    posted: set[str] = set()
    for column in COLUMNS:
        browser = app.test_client()  # a browser of its own for each column
        if column != "anon":
            login(browser, world.users[column].email)
        for name in ordered_probes():
            endpoint = endpoint_of(name)
            if "POST" not in (rules[endpoint].methods or ()) or first_allowed(name) != column:
                continue
            _rule, url = url_of(app, world, name)
            for data in ({}, {"csrf_token": ""}, {"csrf_token": "forged." + "A" * 40}):
                response = browser.post(url, data=data)
                assert response.status_code == 400, (name, data)
                assert CSRF_REFUSED in response.get_data(as_text=True), (name, data)
            posted.add(endpoint)
    assert posted == {endpoint for endpoint, rule in rules.items()
                      if "POST" in (rule.methods or ())}


def test_the_csrf_test_covers_every_route_that_takes_posts(app):
    posting = {endpoint for endpoint, rule in rules_by_endpoint(app).items()
               if "POST" in (rule.methods or ())}
    covered = {endpoint_of(name) for name in MATRIX}
    assert posting <= covered
    from portal.extensions import csrf

    assert not csrf._exempt_views and not csrf._exempt_blueprints  # nothing opted out
