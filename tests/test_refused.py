"""Every refusal is a ``Refused``, and one that no route catches answers 409 with its reason.

Two refusals have no ``except`` anywhere: a submitted request's answers changed
(``NotEditable``) and a promotion or renewal the proposer may not start (``ProposalRefused``).
Their routes ask the same rule first, so they are reached only when a guard is missing; the
error handler must then say why, never fail with a 500. The pages below call the real services
on objects the rules refuse, as a route that forgot its guard would.
"""

from __future__ import annotations

from datetime import date

import pytest
from flask import Flask

from portal import create_app
from portal.agreements.details import DetailsMissing
from portal.agreements.services import AgreementRefused
from portal.assessment.services import AssessmentChanged, AssessmentClosed, RubricRefused
from portal.auth.services import EmailTaken, StaffDetailsRefused
from portal.intake import services as intake
from portal.intake.services import CannotSubmit, NotEditable
from portal.intake.steps import steps_for
from portal.models import Agreement, EngagementRequest, User
from portal.policy.categories import Category, TermRefused
from portal.policy.lifecycle import Status, TransitionRefused
from portal.policy.proposals import NO_DIVISION
from portal.policy.refusals import Refused
from portal.policy.roles import Role
from portal.policy.signatories import SignatoryUnknown
from portal.registry.follow_up import AgreementChangeRefused
from portal.registry.succession import ProposalRefused, start_promotion
from portal.representatives.services import VerificationRefused
from portal.review.services import ActionRefused, StaleRequest
from portal.uploads import UploadRefused

REFUSALS = [
    ActionRefused, AgreementChangeRefused, AgreementRefused, AssessmentChanged,
    AssessmentClosed, CannotSubmit, DetailsMissing, EmailTaken, NotEditable, ProposalRefused,
    RubricRefused, SignatoryUnknown, StaffDetailsRefused, StaleRequest, TermRefused,
    TransitionRefused, UploadRefused, VerificationRefused,
]


@pytest.mark.parametrize("refusal", REFUSALS, ids=lambda c: c.__name__)
def test_every_refusal_is_a_refused(refusal: type[Exception]) -> None:
    """A route may catch any refusal as ``Refused``; the error handler answers the rest."""
    assert issubclass(refusal, Refused)


def _edit_a_submitted_request() -> str:
    submitted = EngagementRequest(status=Status.SUBMITTED.value, origin="city")
    intake.save_answers(submitted, steps_for(submitted)[0], {})
    return "saved"


def _promote_without_a_division() -> str:
    # A CCO reviewer with no division, for a project in force that names no lead division:
    # nobody could file the draft (``policy.proposals.NO_DIVISION``).
    reviewer = User(email="cco@example.org", name="Reviewer", role=Role.CCO_REVIEWER.value,
                    active=True)
    today = date.today()
    project = Agreement(counterpart_name="Lyon", status="active",
                        category=Category.INTERNATIONAL_PROJECT.value, is_city_to_city=True,
                        start_date=today.replace(year=today.year - 1),
                        end_date=today.replace(year=today.year + 2))
    start_promotion(project, reviewer, today)
    return "started"


@pytest.fixture()
def unguarded(database_url: str) -> Flask:
    """Return the portal with two pages that call a service without asking its rule first."""
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": database_url,
                      "SECRET_KEY": "test-secret"})
    app.add_url_rule("/unguarded/edit", "edit", _edit_a_submitted_request)
    app.add_url_rule("/unguarded/promote", "promote", _promote_without_a_division)
    return app


@pytest.mark.parametrize(("path", "reason"), [
    ("/unguarded/edit", intake.NOT_EDITABLE),
    ("/unguarded/promote", NO_DIVISION),
], ids=["NotEditable", "ProposalRefused"])
def test_an_uncaught_refusal_answers_409_with_its_reason(unguarded: Flask, path: str,
                                                         reason: str) -> None:
    """The person reads why it cannot be done (a testing app re-raises any 500 instead)."""
    page = unguarded.test_client().get(path)
    assert page.status_code == 409
    text = page.get_data(as_text=True)
    assert "This cannot be done now" in text
    assert reason.replace("'", "&#39;") in text
