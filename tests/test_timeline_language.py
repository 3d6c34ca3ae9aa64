"""The notes the portal writes in a request's timeline read in the reader's language.

What a person typed stays as they typed it, even text that looks like a stored phrase: it
is shown as written, escaped, and never makes a page fail. Rows written before the notes
were phrases still read as they were written.
"""

from __future__ import annotations

from datetime import date

from flask import Flask
from markupsafe import escape
from sqlalchemy import text as sa_text

from portal.extensions import db
from portal.geography import find_or_create_city
from portal.models import Agreement, RequestEvent
from portal.policy.agreements import AgreementStatus
from portal.policy.categories import Category
from portal.policy.roles import Role
from portal.policy.timeline import TimelineEvent
from portal.registry import services as registry
from portal.seed.reference_data import division_by_code
from tests.conftest import Browser, login
from tests.factories import city_user, staff_user, submitted_request
from tests.french import french_browser, text
from tests.test_review import act

PAYLOAD = '{"msgid": "%(nope)s %d", "values": {}}'
"""Text a person may type: once read back as a phrase, its msgid could not be filled in."""


def _reviewed(app: Flask) -> tuple[int, Browser]:
    """Return a request a French reviewer has claimed, sponsored, consulted on and settled."""
    with app.app_context():
        staff_user("rosa@toronto.example", Role.CCO_REVIEWER, "CCO", name="Rosa Reviewer")
        req = submitted_request(city_user(), requested_category="not_sure")
        req_id, edc = req.id, str(division_by_code("EDC").id)
        db.session.commit()
    browser = french_browser(app)
    login(browser, "rosa@toronto.example")
    for name, data in [("start-triage", {}), ("claim", {"has_conflict": "no"}),
                       ("set-sponsor", {"division": edc}),
                       ("consult", {"division": edc, "text": "Does this fit the plan?"}),
                       ("record-consultation", {"level": "federal", "text": "No objection."}),
                       ("start-review", {}),
                       ("settle-category", {"category": "international_project"})]:
        assert act(browser, req_id, name, data).status_code == 302, name
    return req_id, browser


def _store_as_before(request_id: int, action: TimelineEvent, note: str) -> None:
    """Add a timeline row holding ``note`` exactly, as a row written before is stored."""
    event = RequestEvent(request_id=request_id, action=action.value, note="",
                         visible_to_submitter=False)
    db.session.add(event)
    db.session.flush()
    # Raw SQL: the column's type would store the text as what a person types is stored now.
    db.session.execute(sa_text("UPDATE request_event SET note = :note WHERE id = :id"),
                       {"note": note, "id": event.id})


def test_a_french_reviewer_reads_the_portals_notes_in_the_timeline_in_french(french_app):
    req_id, browser = _reviewed(french_app)

    page = text(browser.get(f"/review/requests/{req_id}"))

    assert "A pris en charge la demande." in page
    assert ("Division parraine : Economic Development and Culture (aucune auparavant).") in page
    assert "Question posée à Economic Development and Culture : Does this fit the plan?" in page
    assert "Consultation du gouvernement fédéral : No objection." in page
    assert ("Le Bureau du greffier municipal a fixé la catégorie : Projet international."
            in page)
    for english in ("Claimed the request", "Sponsoring division:", "Asked Economic",
                    "Consulted the federal", "settled the category"):
        assert english not in page


def test_an_english_reader_reads_the_same_notes_in_english(french_app):
    req_id, _ = _reviewed(french_app)
    browser = french_app.test_client()
    browser.set_cookie("language", "en")
    login(browser, "rosa@toronto.example")

    page = text(browser.get(f"/review/requests/{req_id}"))

    assert "Claimed the request." in page
    assert "Sponsoring division: Economic Development and Culture (was none)." in page
    assert "The City Clerk's Office settled the category: International Project." in page


def test_the_city_reads_the_settled_category_in_its_timeline_in_french(french_app):
    req_id, _ = _reviewed(french_app)
    browser = french_browser(french_app)
    login(browser, "rep@lyon.example")

    page = text(browser.get(f"/requests/{req_id}"))

    assert "Le Bureau du greffier municipal a fixé la catégorie : Projet international." in page
    assert "Question posée à" not in page  # the consultation stays internal


def test_notes_stored_in_english_before_still_read_as_written(french_app):
    with french_app.app_context():
        staff_user("rosa@toronto.example", Role.CCO_REVIEWER, "CCO")
        req = submitted_request(city_user())
        # A row as the portal wrote it before its notes were phrases: English text.
        _store_as_before(req.id, TimelineEvent.ASSIGNED, "Assigned to Remy Reviewer.")
        req_id = req.id
        db.session.commit()
    browser = french_browser(french_app)
    login(browser, "rosa@toronto.example")

    page = text(browser.get(f"/review/requests/{req_id}"))

    assert "Assigned to Remy Reviewer." in page


def test_text_typed_like_a_stored_phrase_is_shown_as_typed_on_every_page(french_app):
    with french_app.app_context():
        staff_user("rosa@toronto.example", Role.CCO_REVIEWER, "CCO")
        req = submitted_request(city_user())
        req_id = req.id
        db.session.commit()
    reviewer = french_browser(french_app)
    login(reviewer, "rosa@toronto.example")
    for name in ("start-triage", "start-review"):
        act(reviewer, req_id, name)
    assert act(reviewer, req_id, "comment", {"text": PAYLOAD}).status_code == 302
    assert act(reviewer, req_id, "message", {"text": PAYLOAD}).status_code == 302
    assert act(reviewer, req_id, "request-information", {"text": PAYLOAD}).status_code == 302
    city = french_browser(french_app)
    login(city, "rep@lyon.example")
    answered = city.submit(f"/requests/{req_id}/answer", {"text": PAYLOAD},
                           page=f"/requests/{req_id}")
    assert answered.status_code == 302

    for browser, url, times in [(reviewer, f"/review/requests/{req_id}", 4),
                                (city, f"/requests/{req_id}", 3)]:
        page = browser.get(url)
        assert page.status_code == 200, url
        # Escaped as any text is, and there as many times as it was written for this reader.
        assert page.get_data(as_text=True).count(str(escape(PAYLOAD))) >= times, url


def test_a_malformed_phrase_stored_before_is_said_in_its_english_not_a_failure(french_app):
    # A row a person could store before typed text was wrapped: a count that is not a number
    # makes the French plural rule raise.
    stored = '{"msgid": "%(num)s apple", "plural": "%(num)s apples", "count": "7", "values": {}}'
    with french_app.app_context():
        staff_user("rosa@toronto.example", Role.CCO_REVIEWER, "CCO")
        req = submitted_request(city_user())
        _store_as_before(req.id, TimelineEvent.COMMENT, stored)
        req_id = req.id
        db.session.commit()
    browser = french_browser(french_app)
    login(browser, "rosa@toronto.example")

    page = browser.get(f"/review/requests/{req_id}")

    assert page.status_code == 200
    assert "7 apples" in text(page)


def test_an_agreements_history_is_read_in_the_readers_language(french_app):
    with french_app.app_context():
        reviewer = staff_user("rosa@toronto.example", Role.CCO_REVIEWER, "CCO")
        agreement = Agreement(
            counterpart_name="Helsinki", counterpart_city=find_or_create_city("Helsinki", "FI"),
            country_code="FI", category=Category.INTERNATIONAL_PROJECT.value,
            status=AgreementStatus.ACTIVE.value, start_date=date(2027, 3, 10),
            end_date=date(2030, 3, 9), signed_on=date(2027, 3, 3))
        db.session.add(agreement)
        db.session.flush()
        registry.on_signed(agreement, reviewer)
        agreement_id = agreement.id
        db.session.commit()
    french = french_browser(french_app)
    login(french, "rosa@toronto.example")
    english = french_app.test_client()
    english.set_cookie("language", "en")
    login(english, "rosa@toronto.example")

    assert "Signé le 3 mars 2027." in text(french.get(f"/agreements/{agreement_id}"))
    assert "Signed on 3 March 2027." in text(english.get(f"/agreements/{agreement_id}"))
