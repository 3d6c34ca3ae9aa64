"""The signatory's accounts: the right Deputy City Manager is told, and offices follow one rule.

``send_awaiting_approval`` wrote to every Deputy City Manager; now only the one over the
sponsoring division's service area hears of a request they decide (the policy's
``holds_authority``). ``_apply_staff_details`` silently dropped an office it did not like;
now it asks ``account_office_problems``, the rule the form and the command line ask.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest
from sqlalchemy import select

from portal import notifications
from portal.assessment import services as assessment
from portal.assessment import settings
from portal.auth import services as accounts
from portal.extensions import db
from portal.models import OutboxMessage
from portal.policy.roles import Role, SigningOffice
from portal.policy.signatories import DeputyCityManager
from portal.seed.reference_data import division_by_code
from tests.factories import submitted_request

DCM = SigningOffice.DEPUTY_CITY_MANAGER


def test_only_the_deputy_over_the_sponsoring_division_is_told(app, make_staff):
    admin = make_staff("admin@toronto.example", Role.ADMIN, "CCO")
    settings.save_signing_settings(admin, replace(settings.signing_settings(), deputies=(
        DeputyCityManager("Dana Deputy", "Development and Growth Services",
                          ("Economic Development and Culture", "City Planning")),
        DeputyCityManager("Ira Infra", "Infrastructure Services",
                          ("Transportation Services", "Toronto Water")),
    )))
    make_staff("dana@toronto.example", Role.SIGNING_AUTHORITY, "EDC", office=DCM,
               name="Dana Deputy")
    make_staff("ira@toronto.example", Role.SIGNING_AUTHORITY, "TRN", office=DCM,
               name="Ira Infra")
    staff = make_staff("d@toronto.example", Role.DIVISION_STAFF, "EDC")
    req = submitted_request(staff, anticipated_cost=Decimal("120000"))
    req.sponsoring_division = division_by_code("EDC")
    named = assessment.signatory(req).signatory
    assert named is not None and named.name == "Dana Deputy"

    notifications.send_awaiting_approval(req, named)
    told = set(db.session.scalars(select(OutboxMessage.to_address).where(
        OutboxMessage.kind == "awaiting_approval")))
    assert told == {"dana@toronto.example"}


@pytest.mark.parametrize(("role", "office", "division", "problem"), [
    (Role.CCO_REVIEWER, SigningOffice.MAYORS_OFFICE, "CCO", "Only a signing authority"),
    (Role.SIGNING_AUTHORITY, None, None, "needs an office"),
    (Role.SIGNING_AUTHORITY, SigningOffice.DIVISION_HEAD, None, "the division they head"),
])
def test_an_account_the_office_rule_refuses_is_never_made(app, role, office, division,
                                                         problem):
    details = accounts.StaffDetails(
        name="Pat", job_title="Officer", role=role, signing_office=office,
        division_id=division_by_code(division).id if division else None)
    with pytest.raises(accounts.StaffDetailsRefused) as refused:
        accounts.create_staff_user(None, "pat@toronto.example", details, password="x" * 12)
    assert problem in str(refused.value)
