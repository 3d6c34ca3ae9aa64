"""The City Clerk's Office reviews a request from submission to decision, with others' help."""

from __future__ import annotations

import csv
import html
import io
import re
from decimal import Decimal
from io import BytesIO

import pytest
from sqlalchemy import func, select

from portal.extensions import db
from portal.models import EngagementRequest, OutboxMessage
from portal.policy.roles import Role, SigningOffice
from portal.seed.reference_data import division_by_code
from tests.conftest import login
from tests.factories import submitted_request
from tests.journeys import MINIMAL_PDF
from tests.probes import outside_savepoints, statements


def text(response) -> str:
    """Return the page's text as a reader sees it."""
    return re.sub(r"\s+", " ", html.unescape(response.get_data(as_text=True)))


@pytest.fixture()
def people(make_city_user, make_staff):
    """Return one person for each part of the review, the EDC Division Head named."""
    division_by_code("EDC").head_name = "Harper Head"
    db.session.commit()
    return {
        "city": make_city_user(),
        "reviewer": make_staff("rosa@toronto.example", Role.CCO_REVIEWER, "CCO",
                               name="Rosa Reviewer"),
        "reviewer2": make_staff("remy@toronto.example", Role.CCO_REVIEWER, "CCO",
                                name="Remy Reviewer"),
        "edc": make_staff("eli@toronto.example", Role.SUPPORTING_REVIEWER, "EDC",
                          name="Eli Economic"),
        "cmo": make_staff("cam@toronto.example", Role.SUPPORTING_REVIEWER, "CMO",
                          name="Cam Manager"),
        "division": make_staff("dana@toronto.example", Role.DIVISION_STAFF, "EDC",
                               name="Dana Division"),
        "head": make_staff("harper@toronto.example", Role.SIGNING_AUTHORITY, "EDC",
                           office=SigningOffice.DIVISION_HEAD, name="Harper Head"),
        "other_head": make_staff("tess@toronto.example", Role.SIGNING_AUTHORITY, "TRN",
                                 office=SigningOffice.DIVISION_HEAD, name="Tess Transport"),
        "deputy": make_staff("dcm@toronto.example", Role.SIGNING_AUTHORITY,
                             office=SigningOffice.DEPUTY_CITY_MANAGER, name="Deputy"),
        "mayor": make_staff("mayor@toronto.example", Role.SIGNING_AUTHORITY,
                            office=SigningOffice.MAYORS_OFFICE, name="Mayor's Office"),
    }


def act(client, req_id: int, name: str, data: dict | None = None, **kwargs):
    """Open the request page and take action ``name`` with the page's version.

    A signatory's decision is not a form on the request page but a link to its
    confirmation page, which holds the form: the helper follows it, as a person would.
    """
    url = f"/review/requests/{req_id}"
    page = client.get(url).get_data(as_text=True)
    confirmation = f"{url}/decide/{name}"
    if f'href="{confirmation}"' in page:
        url = confirmation
        page = client.get(url).get_data(as_text=True)
    found = re.search(rf'name="{name}-version" value="(\d+)"', page)
    assert found, f"the action {name} is not offered"
    payload = {f"{name}-version": found.group(1)}
    payload.update({f"{name}-{k}": v for k, v in (data or {}).items()})
    return client.submit(f"/review/requests/{req_id}/act/{name}", payload, page=url, **kwargs)


def switch(client, user) -> None:
    """Sign out and sign in as ``user``."""
    client.submit("/logout", page="/")
    login(client, user.email)


def outbox(kind: str) -> list[OutboxMessage]:
    """Return the messages of ``kind``, oldest first."""
    return list(db.session.scalars(select(OutboxMessage).where(OutboxMessage.kind == kind)
                                   .order_by(OutboxMessage.id)))


def refresh(req: EngagementRequest) -> EngagementRequest:
    """Return ``req`` as the database has it now."""
    db.session.expire_all()
    return db.session.get(EngagementRequest, req.id)


def test_a_citys_request_goes_from_triage_to_approval_by_the_division_head(client, people):
    req = submitted_request(people["city"], anticipated_cost=Decimal("20000"))
    login(client, people["reviewer"].email)
    assert act(client, req.id, "start-triage").status_code == 302
    assert act(client, req.id, "claim", {"has_conflict": "no"}).status_code == 302
    assert refresh(req).assignee_id == people["reviewer"].id
    act(client, req.id, "set-sponsor", {"division": str(division_by_code("EDC").id)})
    act(client, req.id, "request-information",
        {"text": "Which schools take part in the exchange?"})
    assert refresh(req).status == "information_requested"
    assert "Which schools" in outbox("information_requested")[0].body
    act(client, req.id, "comment", {"text": "Internal: check the budget line."})

    switch(client, people["city"])
    status = text(client.get(f"/requests/{req.id}"))
    assert "Which schools take part in the exchange?" in status
    assert "check the budget line" not in status  # internal comments stay internal
    answered = client.submit(f"/requests/{req.id}/answer", {
        "text": "Lycée du Parc and Jarvis Collegiate.",
        "document": (BytesIO(MINIMAL_PDF), "schools.pdf")},
        content_type="multipart/form-data")
    assert answered.status_code == 302
    assert refresh(req).status == "in_review"
    assert [d.filename for d in refresh(req).documents if d.kind == "supporting"] == [
        "schools.pdf"]
    assert outbox("answer_received")[0].to_address == people["reviewer"].email

    switch(client, people["reviewer"])
    act(client, req.id, "consult", {"division": str(division_by_code("EDC").id),
                                    "text": "Does this fit the creative industries plan?"})
    switch(client, people["edc"])
    shared = text(client.get("/review/shared"))
    assert "Does this fit the creative industries plan?" in shared
    page = client.get(f"/review/requests/{req.id}").get_data(as_text=True)
    consultation_id = re.search(r'/review/consultations/(\d+)', page).group(1)
    client.submit(f"/review/consultations/{consultation_id}",
                  {f"c{consultation_id}-text": "Yes: it supports the festival strategy."},
                  page=f"/review/requests/{req.id}")
    assert "EDC" not in outbox("consultation_answered")[0].to_address
    assert outbox("consultation_answered")[0].to_address == people["reviewer"].email

    switch(client, people["reviewer"])
    reviewer_page = text(client.get(f"/review/requests/{req.id}"))
    assert "Yes: it supports the festival strategy." in reviewer_page
    act(client, req.id, "recommend", {"text": "Strong reciprocity and a clear budget."})
    assert refresh(req).status == "recommended"
    assert outbox("awaiting_approval")[0].to_address == people["head"].email

    for wrong in ("other_head", "mayor", "deputy"):
        switch(client, people[wrong])
        page = client.get(f"/review/requests/{req.id}").get_data(as_text=True)
        assert 'name="approve-version"' not in page
        refused = client.submit(f"/review/requests/{req.id}/act/approve",
                                {"approve-version": str(refresh(req).version)},
                                page=f"/review/requests/{req.id}")
        assert refused.status_code == 409
        assert refresh(req).status == "recommended"

    switch(client, people["head"])
    approved = act(client, req.id, "approve", {"text": "Approved.", "audience": "city"})
    assert approved.status_code == 302
    assert refresh(req).status == "approved"
    decision = outbox("decision")[0]
    assert decision.to_address == people["city"].email and "approved" in decision.body

    switch(client, people["city"])
    timeline = text(client.get(f"/requests/{req.id}"))
    assert "Approved" in timeline and "Internal comment" not in timeline


@pytest.mark.parametrize(("cost", "category", "signer"), [
    ("50000", "international_project", "head"),
    ("50001", "international_project", "deputy"),
    ("2000", "partnership_city", "mayor"),
])
def test_approval_belongs_to_the_authority_the_policy_names(client, people, cost, category,
                                                            signer):
    req = submitted_request(people["division"], anticipated_cost=Decimal(cost),
                            requested_category=category, term_years=2)
    login(client, people["reviewer"].email)
    act(client, req.id, "start-triage")
    act(client, req.id, "start-review")
    act(client, req.id, "recommend", {"text": "Sound proposal."})
    others = {"head", "deputy", "mayor"} - {signer}
    for name in sorted(others):
        switch(client, people[name])
        page = client.get(f"/review/requests/{req.id}").get_data(as_text=True)
        assert 'name="approve-version"' not in page
    switch(client, people[signer])
    assert act(client, req.id, "approve").status_code == 302
    assert refresh(req).status == "approved"


def _recommended(client, people, cost: str, category: str) -> EngagementRequest:
    """Return a division's proposal the reviewer has recommended, signed in as the reviewer."""
    req = submitted_request(people["division"], anticipated_cost=Decimal(cost),
                            requested_category=category, term_years=2)
    login(client, people["reviewer"].email)
    act(client, req.id, "start-triage")
    act(client, req.id, "start-review")
    act(client, req.id, "recommend", {"text": "Sound proposal."})
    return req


def _trail(req: EngagementRequest) -> tuple[str, int, int, int]:
    """Return what a decision changes: the status, version, timeline and outbox."""
    from portal.models import RequestEvent

    req = refresh(req)
    events = db.session.scalar(select(func.count()).select_from(RequestEvent)
                               .where(RequestEvent.request_id == req.id))
    sent = db.session.scalar(select(func.count()).select_from(OutboxMessage))
    return req.status, req.version, events, sent


@pytest.mark.parametrize(("cost", "category", "wrong", "who_decides"), [
    ("20000", "international_project", "other_head",
     "The Division Head of Economic Development and Culture decides this request."),
    ("20000", "international_project", "mayor",
     "The Division Head of Economic Development and Culture decides this request."),
    ("20000", "international_project", "deputy",
     "The Division Head of Economic Development and Culture decides this request."),
    ("2000", "partnership_city", "head", "The Mayor or designate decides this request."),
    ("2000", "partnership_city", "deputy", "The Mayor or designate decides this request."),
    ("200000", "international_project", "head", "A Deputy City Manager decides this request."),
])
def test_only_the_named_signatory_may_decline_a_recommended_request(
        client, people, cost, category, wrong, who_decides):
    req = _recommended(client, people, cost, category)
    switch(client, people[wrong])
    page = client.get(f"/review/requests/{req.id}")
    shown = text(page)
    assert 'name="decline-version"' not in page.get_data(as_text=True)
    assert 'name="approve-version"' not in page.get_data(as_text=True)
    assert who_decides in shown
    before = _trail(req)
    for name in ("decline", "approve"):
        forged = client.submit(f"/review/requests/{req.id}/act/{name}",
                               {f"{name}-version": str(before[1]),
                                f"{name}-text": "Declined by the wrong office."},
                               page=f"/review/requests/{req.id}")
        assert forged.status_code == 409
        assert who_decides in text(forged)
        assert _trail(req) == before


def test_the_named_signatory_declines_a_recommended_request(client, people):
    req = _recommended(client, people, "2000", "partnership_city")
    switch(client, people["mayor"])
    page = text(client.get(f"/review/requests/{req.id}"))
    assert "decides this request" not in page
    declined = act(client, req.id, "decline", {"text": "Not this year.", "audience": "city"})
    assert declined.status_code == 302
    assert refresh(req).status == "declined"
    assert "Not this year." in outbox("decision")[0].body


def test_a_reviewer_still_declines_before_recommending_but_not_after(client, people):
    req = submitted_request(people["division"])
    login(client, people["reviewer"].email)
    act(client, req.id, "start-triage")
    act(client, req.id, "start-review")
    assert 'name="decline-version"' in client.get(
        f"/review/requests/{req.id}").get_data(as_text=True)
    act(client, req.id, "recommend", {"text": "Sound proposal."})
    before = _trail(req)
    forged = client.submit(f"/review/requests/{req.id}/act/decline",
                           {"decline-version": str(before[1]), "decline-text": "No."},
                           page=f"/review/requests/{req.id}")
    assert forged.status_code == 409
    assert _trail(req) == before


def test_a_division_reads_its_own_proposal_as_a_submitter_does(client, people):
    from portal.assessment import services as assessment

    req = submitted_request(people["division"])
    key = assessment.current_assessment(req).scores[0].criterion_key
    review_page = f"/review/requests/{req.id}"
    login(client, people["reviewer"].email)
    act(client, req.id, "start-triage")
    act(client, req.id, "claim", {"has_conflict": "no"})
    client.submit(f"/review/requests/{req.id}/concern",
                  {"concern": "The counterpart's mayor faces a fraud inquiry."}, page=review_page)
    act(client, req.id, "consult", {"division": str(division_by_code("CMO").id),
                                    "text": "Is there a programmatic link to the CMO?"})
    act(client, req.id, "comment", {"text": "Internal: the budget line looks thin."})
    client.submit(f"/review/requests/{req.id}/scores/{key}",
                  {f"{key}-score": "1", f"{key}-justification": "Weak alignment, I judge."},
                  page=review_page)
    secrets = ("fraud inquiry", "programmatic link to the CMO", "the budget line looks thin",
               "Weak alignment, I judge.", "Score against the program criteria")
    reviewer_sees = text(client.get(review_page))
    assert all(secret in reviewer_sees for secret in secrets)

    switch(client, people["division"])
    for url in (f"/requests/{req.id}", review_page):
        page = client.get(url)
        assert page.status_code == 200, url
        shown = text(page)
        assert req.display_title in shown
        for secret in secrets:
            assert secret not in shown, (url, secret)


def test_a_decline_reaches_the_submitter_with_its_reason(client, people):
    req = submitted_request(people["city"])
    login(client, people["reviewer"].email)
    act(client, req.id, "start-triage")
    empty = act(client, req.id, "decline", {"text": ""})
    assert empty.status_code == 400 and "Give the reasons" in text(empty)
    act(client, req.id, "decline", {"text": "The program does not fund tourism promotion."})
    assert refresh(req).status == "declined"
    assert "does not fund tourism promotion" in outbox("decision")[0].body
    switch(client, people["city"])
    assert "does not fund tourism promotion" in text(client.get(f"/requests/{req.id}"))


def test_a_reviewer_who_declares_a_conflict_cannot_be_assigned(client, people):
    req = submitted_request(people["city"])
    login(client, people["reviewer2"].email)
    act(client, req.id, "claim", {"has_conflict": "yes", "detail": "My cousin leads it."})
    assert refresh(req).assignee_id is None
    switch(client, people["reviewer"])
    refused = act(client, req.id, "assign", {"assignee": str(people["reviewer2"].id)})
    assert refused.status_code == 409
    assert "declared a conflict of interest" in text(refused)
    assert refresh(req).assignee_id is None
    missing = act(client, req.id, "claim", {"has_conflict": "yes", "detail": ""})
    assert "Say what the conflict of interest is" in text(missing)


def test_the_second_of_two_reviewers_acting_at_once_is_told_the_request_changed(
        client, app, people):
    req = submitted_request(people["city"])
    login(client, people["reviewer"].email)
    other = app.test_client()
    login(other, people["reviewer2"].email)
    stale_page = other.get(f"/review/requests/{req.id}").get_data(as_text=True)
    stale_version = re.search(r'name="start-triage-version" value="(\d+)"', stale_page)

    act(client, req.id, "start-triage")
    act(client, req.id, "comment", {"text": "First reviewer's note."})
    late = other.submit(f"/review/requests/{req.id}/act/decline",
                        {"decline-version": stale_version.group(1),
                         "decline-text": "Declining from an old page."},
                        page=f"/review/requests/{req.id}")
    assert late.status_code == 409
    assert "This request changed since you opened it" in text(late)
    current = refresh(req)
    assert current.status == "in_triage"
    notes = text(other.get(f"/review/requests/{req.id}"))
    assert "First reviewer's note." in notes and "Declining from an old page." not in notes


def test_an_action_the_state_does_not_allow_is_refused_and_not_applied(client, people):
    req = submitted_request(people["city"])
    login(client, people["reviewer"].email)
    refused = client.submit(f"/review/requests/{req.id}/act/recommend",
                            {"recommend-version": str(req.version), "recommend-text": "x"},
                            page=f"/review/requests/{req.id}")
    assert refused.status_code == 409
    assert "not open to you" in text(refused)
    assert refresh(req).status == "submitted"


def test_supporting_reviewers_see_only_what_is_shared_with_them(client, people):
    shared = submitted_request(people["city"])
    private = submitted_request(people["city"], title="Not shared")
    login(client, people["reviewer"].email)
    act(client, shared.id, "start-triage")
    act(client, shared.id, "consult", {"division": str(division_by_code("EDC").id),
                                       "text": "Your view?"})
    switch(client, people["edc"])
    assert client.get(f"/review/requests/{shared.id}").status_code == 200
    assert client.get(f"/review/requests/{private.id}").status_code == 404
    assert client.get("/review/requests").status_code == 403
    switch(client, people["cmo"])
    assert client.get(f"/review/requests/{shared.id}").status_code == 404
    page = client.get(f"/review/requests/{shared.id}")
    assert page.status_code == 404


def test_a_division_sees_in_the_working_group_what_touches_it(client, people):
    req = submitted_request(people["city"])
    login(client, people["reviewer"].email)
    act(client, req.id, "start-triage")
    act(client, req.id, "set-sponsor", {"division": str(division_by_code("EDC").id)})
    switch(client, people["division"])
    listing = text(client.get("/review/working-group/EDC"))
    assert req.reference in listing and "Sponsor" in listing
    assert client.get(f"/review/requests/{req.id}").status_code == 200


def _queue_statements(client) -> int:
    db.session.expunge_all()  # each page starts as a new request would, with nothing cached
    with statements(outside_savepoints) as seen:
        assert client.get("/review/requests").status_code == 200
    return len(seen)


def test_the_queue_page_issues_the_same_statements_for_3_or_30_rows(client, people,
                                                                    make_city_user):
    for n in range(3):
        submitted_request(make_city_user(f"a{n}@x.example", f"Town {n}", "FR"))
    login(client, people["reviewer"].email)
    few = _queue_statements(client)
    for n in range(3, 30):
        submitted_request(make_city_user(f"a{n}@x.example", f"Town {n}", "FR"))
    many = _queue_statements(client)
    assert text(client.get("/review/requests")).count("IAP-") >= 30
    assert many == few


def test_the_queue_filters_sorts_and_exports_what_the_reviewer_asked_for(client, people,
                                                                         make_city_user):
    lyon = submitted_request(people["city"], title="Lights")
    moscow = submitted_request(make_city_user("m@x.example", "Moscow", "RU"), title="Metro",
                               requested_category="partnership_city", term_years=4)
    login(client, people["reviewer"].email)
    act(client, lyon.id, "claim", {"has_conflict": "no"})

    mine = text(client.get("/review/requests?assignee=mine"))
    assert lyon.reference in mine and moscow.reference not in mine
    unassigned = text(client.get("/review/requests?assignee=unassigned"))
    assert moscow.reference in unassigned and lyon.reference not in unassigned
    partnership = text(client.get("/review/requests?category=partnership_city"))
    assert moscow.reference in partnership and lyon.reference not in partnership
    flagged = text(client.get("/review/requests?risk=federal_consultation"))
    assert moscow.reference in flagged and lyon.reference not in flagged
    searched = text(client.get("/review/requests?q=lyon"))
    assert lyon.reference in searched and moscow.reference not in searched
    by_city = text(client.get("/review/requests?sort=city&direction=asc"))
    assert by_city.index(lyon.reference) < by_city.index(moscow.reference)
    by_city_desc = text(client.get("/review/requests?sort=city&direction=desc"))
    assert by_city_desc.index(moscow.reference) < by_city_desc.index(lyon.reference)
    junk = client.get("/review/requests?status=nope&sort=evil&page=-3&submitted_from=x")
    assert junk.status_code == 200

    exported = client.get("/review/requests.csv?category=partnership_city")
    assert exported.headers["Content-Type"].startswith("text/csv")
    lines = exported.get_data(as_text=True).strip().splitlines()
    assert lines[0].startswith("Reference,") and len(lines) == 2
    assert moscow.reference in lines[1] and "Consult the federal government" in lines[1]


def test_a_city_name_that_looks_like_a_formula_is_neutralised_in_the_export(
        client, people, make_city_user):
    submitted_request(make_city_user("f@x.example", "=HYPERLINK(1)", "FR"))
    login(client, people["reviewer"].email)
    body = client.get("/review/requests.csv").get_data(as_text=True)
    assert "'=HYPERLINK(1)" in body


def _export(client, query: str = "") -> list[dict[str, str]]:
    body = client.get(f"/review/requests.csv{query}").get_data(as_text=True)
    return list(csv.DictReader(io.StringIO(body)))


def test_the_export_has_a_heading_and_a_readable_value_in_every_column(client, people):
    submitted_request(people["city"], title="Lights")
    submitted_request(people["division"], title="Harbour study")
    login(client, people["reviewer"].email)
    rows = _export(client, "?sort=reference&direction=asc")
    assert list(rows[0]) == [
        "Reference", "Title", "Counterpart city", "Country", "Category", "Filed by",
        "Sponsoring division", "Score (%)", "Band", "Risk flags", "Status", "Assignee",
        "Days waiting", "Past its target", "Submitted"]
    lights, harbour = rows
    assert (lights["Title"], lights["Filed by"], harbour["Title"], harbour["Filed by"]) == (
        "Lights", "Foreign city", "Harbour study", "City division")
    assert lights["Counterpart city"] == "Lyon" and lights["Country"] == "France"
    assert lights["Category"] == "International Project"
    assert lights["Status"] == "Submitted" and lights["Assignee"] == "Unassigned"
    assert lights["Past its target"] == "No" and lights["Days waiting"] == "0"
    assert harbour["Sponsoring division"] == "Economic Development and Culture"
    # No stored key where a person reads a word.
    stored = {"city", "division", "submitted", "international_project", "recommend", ""}
    for row in rows:
        for column in ("Filed by", "Category", "Status", "Band"):
            assert row[column] not in stored, (column, row[column])


def test_the_queue_and_its_export_name_who_filed_in_the_same_words(client, people):
    submitted_request(people["division"], title="Harbour study")
    login(client, people["reviewer"].email)
    page = client.get("/review/requests").get_data(as_text=True)
    [row] = _export(client)
    assert f'data-label="Filed by">{row["Filed by"]}</td>' in page
    assert ">City division</option>" in page and ">Foreign city</option>" in page


def test_every_cell_of_the_queue_carries_the_label_of_its_column(client, people):
    """On a phone each row is a card of labelled lines: the labels are the column headings."""
    submitted_request(people["city"], title="Lights")
    submitted_request(people["division"], title="Harbour study")
    login(client, people["reviewer"].email)
    page = client.get("/review/requests").get_data(as_text=True)
    head = page[page.index("<thead"):page.index("</thead>")]
    headings = [re.sub(r"<[^>]+>|[▲▼]", "", th).strip()
                for th in re.findall(r"<th[^>]*>(.*?)</th>", head, re.S)]
    assert headings[:3] == ["Reference", "Counterpart", "Category"] and len(headings) == 10
    assert 'data-sort-label="Sort by"' in head
    body = page[page.index("<tbody"):page.index("</tbody>")]
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)
    assert len(rows) == 2
    for row in rows:
        assert re.findall(r'<td role="cell" data-label="([^"]+)">', row) == headings
    assert 'class="table queue-table table-stacked"' in page


@pytest.mark.parametrize("typed", [
    "=1+1", "+1+1", "-1+1", "@SUM(1)", "\t=1+1", "\r=1+1", "  =1+1", "\uff1d1+1",
])
def test_no_cell_a_person_typed_runs_as_a_formula_in_a_spreadsheet(client, people,
                                                                    make_city_user, typed):
    submitted_request(make_city_user("f@x.example", f"{typed} city", "FR"),
                      title=f"{typed} title")
    login(client, people["reviewer"].email)
    [row] = _export(client)
    for column, word in (("Title", "title"), ("Counterpart city", "city")):
        assert row[column].startswith("'"), (column, row[column])
        assert row[column].endswith(f"{typed[-1]} {word}")  # kept as typed, only quoted


def test_a_request_waiting_past_its_target_is_marked_and_the_target_is_configurable(
        client, app, people):
    from datetime import timedelta

    req = submitted_request(people["city"])
    req.status_changed_at -= timedelta(days=21)  # three weeks: 15 working days
    db.session.commit()
    login(client, people["reviewer"].email)
    assert "Past target" in text(client.get("/review/requests"))  # triage target: 10 days
    app.config["SERVICE_TARGET_WORKING_DAYS"] = {"submitted": 20}
    assert "Past target" not in text(client.get("/review/requests"))
