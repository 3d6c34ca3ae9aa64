"""A refusal and a label of the lifecycle read in French on a French page, at the field or flash.

The French catalogue is compiled as ``tests/test_email_language`` does, into a second app
offering French; the browser asks for French with the ``language`` cookie.
"""

from __future__ import annotations

from portal.extensions import db
from portal.policy.roles import Role
from tests.conftest import login
from tests.factories import city_user, staff_user, submitted_request
from tests.french import french_browser, text
from tests.test_review import act


def test_an_assignment_refused_for_a_conflict_is_said_in_french(french_app):
    with french_app.app_context():
        city = city_user()
        staff_user("rosa@toronto.example", Role.CCO_REVIEWER, "CCO", name="Rosa Reviewer")
        remy = staff_user("remy@toronto.example", Role.CCO_REVIEWER, "CCO", name="Remy Reviewer")
        req = submitted_request(city)
        req_id, remy_id = req.id, remy.id
        db.session.commit()
    browser = french_browser(french_app)
    login(browser, "remy@toronto.example")
    act(browser, req_id, "claim", {"has_conflict": "yes", "detail": "Mon cousin la dirige."})
    browser.submit("/logout", page="/")
    login(browser, "rosa@toronto.example")

    refused = act(browser, req_id, "assign", {"assignee": str(remy_id)})

    assert refused.status_code == 409
    page = text(refused)
    assert ("Remy Reviewer a déclaré un conflit d'intérêts pour cette demande et ne peut pas "
            "y être affecté.") in page
    assert "declared a conflict of interest" not in page
    assert "Présentée" in page  # the status's label
    assert "Déclaration de conflit d'intérêts" in page  # the timeline's heading


def test_an_administrator_reads_their_own_deactivation_refused_in_french(french_app):
    with french_app.app_context():
        admin = staff_user("ada@toronto.example", Role.ADMIN, name="Ada Admin")
        admin_id = admin.id
    browser = french_browser(french_app)
    login(browser, "ada@toronto.example")

    browser.get(f"/admin/users/{admin_id}/deactivate")
    page = text(browser.get("/admin/users"))

    assert "Vous ne pouvez pas désactiver votre propre compte." in page
    assert "You cannot deactivate your own account." not in page
    assert "Administrateur" in page  # the role's label in the list of accounts
