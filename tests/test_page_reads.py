"""A page reads each thing once, and never shows what an earlier read or request kept.

Several rules on one page ask for the same stored facts (the signing settings, a request's
open consultations and draft versions); ``portal.database.remembered`` keeps each read for
the rest of the request while the session does not write. These tests hold it to never
showing a stale answer: a change not yet flushed is read afresh, a flush forgets, and
nothing outlives the request that read it.
"""
# ruff: noqa: F811

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import update

from portal.agreements import services as agreements
from portal.assessment import services as assessment
from portal.assessment import settings
from portal.assessment.facts import open_consultations_of
from portal.extensions import db
from portal.models import Consultation, Division, EngagementRequest
from portal.policy.roles import Role
from portal.seed.reference_data import division_by_code
from tests.conftest import login
from tests.factories import sign, submitted_request
from tests.probes import statements

# The ``people`` fixture is shared with test_review.py; pytest injects it by name.
from tests.test_review import act, people, text  # noqa: F401
from tests.test_step_notices import approved


def _sponsored_by_edc(people) -> EngagementRequest:
    req = submitted_request(people["city"])
    req.sponsoring_division = division_by_code("EDC")
    db.session.commit()
    return req


def test_the_request_page_reads_the_settings_and_the_consultations_once(client, people):
    req = _sponsored_by_edc(people)
    login(client, people["reviewer"].email)
    with statements() as seen:
        assert client.get(f"/review/requests/{req.id}").status_code == 200
    assert sum("FROM setting" in s for s in seen) == 1
    assert sum("division.head_name IS NOT NULL" in s for s in seen) == 1
    assert sum("FROM consultation" in s for s in seen) == 1


def test_the_request_page_finds_the_federal_consultation_in_the_timeline_it_shows(
        client, people, make_city_user):
    """The recommendation's guard asks whether it is recorded: the page shows the timeline."""
    moscow = submitted_request(make_city_user("rep@moscow.example", "Moscow", "RU"),
                               anticipated_cost=Decimal("20000"))
    login(client, people["reviewer"].email)
    act(client, moscow.id, "start-triage")
    act(client, moscow.id, "start-review")
    act(client, moscow.id, "set-sponsor", {"division": str(division_by_code("EDC").id)})
    with statements() as before:
        page = client.get(f"/review/requests/{moscow.id}").get_data(as_text=True)
    assert 'name="recommend-version"' not in page
    act(client, moscow.id, "record-consultation",
        {"level": "federal", "text": "Global Affairs Canada raised no objection."})
    with statements() as after:
        page = client.get(f"/review/requests/{moscow.id}").get_data(as_text=True)
    assert 'name="recommend-version"' in page
    assert not any("FROM request_event" in s and "count(*)" in s for s in before + after)
    assert sum("FROM request_event" in s for s in after) == 1


def test_the_request_page_reads_each_consultations_division_with_it(client, people):
    """Not in a query of their own: on PostgreSQL each query is a round trip."""
    req = _sponsored_by_edc(people)
    cmo = division_by_code("CMO")
    db.session.add(Consultation(request_id=req.id, division_id=cmo.id,
                                question="Does the mayor's office agree?",
                                asked_by_id=people["reviewer"].id))
    db.session.commit()
    login(client, people["reviewer"].email)
    request_id, cmo_name = req.id, cmo.name
    db.session.expunge_all()  # as a worker's new request: no division held already
    with statements() as seen:
        page = text(client.get(f"/review/requests/{request_id}"))
    assert "Does the mayor's office agree?" in page and cmo_name in page
    assert not any("FROM division" in s and "division.id IN" in s for s in seen)
    assert sum("FROM consultation" in s for s in seen) == 1


def _drafts_and_agreement_read(client, req: EngagementRequest) -> tuple[int, int]:
    with statements() as seen:
        assert client.get(f"/review/requests/{req.id}").status_code == 200
    return (sum("FROM agreement_draft" in s for s in seen),
            sum("WHERE agreement.request_id" in s for s in seen))


def test_a_request_reads_its_drafts_once_drafted_and_its_agreement_once_signed(
        client, people, make_staff):
    """Before, it has none (the lifecycle says so), and the page reads none."""
    req = approved(people["city"], people)
    login(client, people["reviewer"].email)
    assert _drafts_and_agreement_read(client, req) == (0, 0)
    agreements.generate_draft(req, people["reviewer"])
    db.session.commit()
    assert _drafts_and_agreement_read(client, req) == (1, 0)
    page = client.get(f"/review/requests/{req.id}").get_data(as_text=True)
    assert 'id="draft-1"' in page  # the page shows the version it read
    sign(req, people["reviewer"], make_staff("sol@toronto.example", Role.SOLICITOR))
    assert _drafts_and_agreement_read(client, req) == (1, 1)
    assert "Download the signed copy" in client.get(f"/review/requests/{req.id}").get_data(
        as_text=True)


def test_what_one_request_read_is_not_shown_by_the_next(client, people):
    req = _sponsored_by_edc(people)
    login(client, people["reviewer"].email)
    assert "Harper Head" in text(client.get(f"/review/requests/{req.id}"))
    # Written past the session's own objects: no flush tells anything kept to forget it.
    db.session.execute(update(Division).where(Division.code == "EDC")
                       .values(head_name="Robin Renamed"))
    page = text(client.get(f"/review/requests/{req.id}"))
    assert "Robin Renamed" in page and "Harper Head" not in page


def test_a_change_not_yet_flushed_is_read_afresh(app, people):
    with app.test_request_context("/"):
        assert settings.signing_settings().division_heads[
            "Economic Development and Culture"][0] == "Harper Head"
        division_by_code("EDC").head_name = "Robin Renamed"  # pending, not flushed
        assert settings.signing_settings().division_heads[
            "Economic Development and Culture"][0] == "Robin Renamed"


def test_a_flush_forgets_what_was_read(app, people):
    req = _sponsored_by_edc(people)
    with app.test_request_context("/"):
        assert open_consultations_of(req) == []
        db.session.add(Consultation(request_id=req.id, division_id=division_by_code("EDC").id,
                                    question="Is this aligned?", asked_by_id=people["reviewer"].id))
        db.session.flush()
        assert [c.question for c in open_consultations_of(req)] == ["Is this aligned?"]


def test_a_requests_answers_changed_in_the_request_are_read_afresh(app, people):
    req = _sponsored_by_edc(people)
    with app.test_request_context("/"):
        assert assessment.answers_of(req).title == req.title
        req.title = "Twinned parks"  # pending, as a form's answers are before the flush
        assert assessment.answers_of(req).title == "Twinned parks"
        db.session.flush()
        assert assessment.answers_of(req).title == "Twinned parks"


def test_what_a_page_reads_for_many_requests_is_what_each_would_read_and_is_forgotten_alike(
        app, people):
    from portal.assessment.facts import consultations_of, read_consultations_of

    req = _sponsored_by_edc(people)
    edc = division_by_code("EDC")
    db.session.add(Consultation(request_id=req.id, division_id=edc.id,
                                question="Is this aligned?", asked_by_id=people["reviewer"].id))
    db.session.commit()
    request_id, edc_id, edc_name, asker = req.id, edc.id, edc.name, people["reviewer"].id
    db.session.expunge_all()  # a new request's session: nothing held from writing them
    with app.test_request_context("/"):
        req = db.session.get(EngagementRequest, request_id)
        read_consultations_of([req])
        with statements() as seen:
            assert [(c.question, c.division.name) for c in consultations_of(req)] == [
                ("Is this aligned?", edc_name)]
        assert seen == []  # found in what the page read, not read again
        # Written after: a flush forgets the batch as it forgets a single read.
        db.session.add(Consultation(request_id=request_id, division_id=edc_id,
                                    question="And the budget?", asked_by_id=asker))
        db.session.flush()
        assert [c.question for c in consultations_of(req)] == ["Is this aligned?",
                                                               "And the budget?"]
