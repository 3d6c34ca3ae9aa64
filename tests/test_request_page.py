"""The request page opens with a summary and the reader's task, and offers what it says.

Each role reads, at the top of a request, where it stands and who acts next, and finds its
own task (EDC's answer box, the Division Head's decision, the Solicitor's approval) where
the summary says it is; the actions beside it are exactly those the policy opens to that
reader, in every state. The city's own page is tested in test_what_happens_next.py.
"""
# ruff: noqa: F811

from __future__ import annotations

import html
import re
from datetime import date
from decimal import Decimal

import pytest

from portal.agreements import services as agreements
from portal.assessment import services as assessment
from portal.extensions import db
from portal.intake import progress
from portal.intake import services as intake
from portal.models import Consultation, EngagementRequest
from portal.policy.drafts import may_return, may_upload
from portal.policy.lifecycle import Action, Status, can
from portal.policy.next_step import HOLDER_ROLES, Holder, next_step
from portal.policy.page_actions import ALTERNATIVES, STEP_PAGE_ACTIONS, TASK_ORDER
from portal.policy.roles import Role
from portal.review import services as review
from portal.seed.reference_data import division_by_code
from portal.uploads import PDF, CheckedUpload
from tests.conftest import login
from tests.factories import advance, submitted_request
from tests.journeys import MINIMAL_PDF

# The ``people`` fixture is shared with test_review.py; pytest injects it by name, which ruff
# reads as a redefinition.
from tests.test_review import people, switch, text  # noqa: F401

EDC = "Economic Development and Culture"


def _page(client, req: EngagementRequest) -> str:
    response = client.get(f"/review/requests/{req.id}")
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def _section(page: str, element_id: str) -> str:
    """Return the HTML of the section with ``element_id`` (up to its closing tag)."""
    start = page.index(f'id="{element_id}"')
    return page[start:page.index("</section>", start)]


def _shown_actions(page: str) -> set[str]:
    return set(re.findall(r'id="action-([a-z-]+)"', page))


def _holder(page: str) -> str:
    return re.search(r'id="next-step" data-holder="([a-z]+)"', page).group(1)


def _task(page: str) -> str | None:
    found = re.search(r'data-task="([a-z_]+)"', page)
    return found.group(1) if found else None


def _contents(page: str) -> str:
    """Return the page's table of contents."""
    start = page.index('class="contents-list"')
    return page[start:page.index("</nav>", start)]


def _row(page: str, element_id: str) -> str:
    """Return a summary row's text as a reader sees it."""
    start = page.index(">", page.index(f'id="{element_id}"')) + 1
    row = page[start:page.index("</div>", start)]
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", row))).strip()


@pytest.fixture()
def solicitor(make_staff):
    return make_staff("sol@toronto.example", Role.SOLICITOR, name="Sol Solicitor")


def _with_edc(req: EngagementRequest, people) -> EngagementRequest:
    """Claim the request for Rosa and name EDC its sponsoring division."""
    reviewer = people["reviewer"]
    review.assign(req, reviewer, reviewer)
    review.set_sponsor(req, reviewer, division_by_code("EDC"))
    db.session.commit()
    return req


def _consult_edc(req: EngagementRequest, people) -> Consultation:
    consultation = review.consult(req, people["reviewer"], division_by_code("EDC"),
                                  "Does EDC support the budget?")
    db.session.commit()
    return consultation


def request_in(name: str, people, solicitor) -> EngagementRequest:
    """Return Lyon's request (a project of EDC's, 20,000 dollars) in the state ``name``."""
    reviewer, head = people["reviewer"], people["head"]
    req = _with_edc(submitted_request(people["city"], anticipated_cost=Decimal("20000")),
                    people)
    if name == "submitted":
        return req
    advance(req, reviewer, Action.START_TRIAGE)
    if name == "in_triage_consulted":
        _consult_edc(req, people)
        return req
    if name == "information_requested":
        advance(req, reviewer, Action.REQUEST_INFORMATION)
        return req
    advance(req, reviewer, Action.START_REVIEW)
    if name == "in_review_consulted":
        _consult_edc(req, people)
        return req
    if name == "in_review":
        return req
    if name == "declined":
        review.decline(req, reviewer, "It does not fit the program.")
        db.session.commit()
        return req
    if name == "withdrawn":
        intake.withdraw(req, people["city"], "Our council changed its plans.")
        db.session.commit()
        return req
    review.recommend(req, reviewer, "Clear outcomes; EDC funds it.")
    db.session.commit()
    if name == "recommended":
        return req
    review.approve(req, head)
    db.session.commit()
    if name == "approved":
        return req
    draft = agreements.generate_draft(req, reviewer)
    db.session.commit()
    if name == "agreement_drafted":
        return req
    agreements.approve_as_to_form(req, draft, solicitor)
    db.session.commit()
    if name == "approved_as_to_form":
        return req
    agreements.record_signature(req, reviewer, CheckedUpload("signed.pdf", PDF, MINIMAL_PDF),
                                date.today())
    db.session.commit()
    return req


# The state each built request reaches, and who holds its next step, written by hand.
STATES = {
    "submitted": (Status.SUBMITTED, Holder.REVIEWER),
    "in_triage_consulted": (Status.IN_TRIAGE, Holder.REVIEWER),
    "information_requested": (Status.INFORMATION_REQUESTED, Holder.SUBMITTER),
    "in_review": (Status.IN_REVIEW, Holder.REVIEWER),
    "in_review_consulted": (Status.IN_REVIEW, Holder.CONSULTED),
    "recommended": (Status.RECOMMENDED, Holder.SIGNATORY),
    "approved": (Status.APPROVED, Holder.REVIEWER),
    "agreement_drafted": (Status.AGREEMENT_DRAFTED, Holder.SOLICITOR),
    "approved_as_to_form": (Status.APPROVED_AS_TO_FORM, Holder.REVIEWER),
    "signed": (Status.SIGNED, Holder.NOBODY),
    "declined": (Status.DECLINED, Holder.NOBODY),
    "withdrawn": (Status.WITHDRAWN, Holder.NOBODY),
}
READERS = ("reviewer", "reviewer2", "edc", "head", "mayor", "solicitor")


def test_every_action_that_takes_a_step_has_its_place_in_a_task():
    alternatives = {name for names in ALTERNATIVES.values() for name in names}
    assert set(STEP_PAGE_ACTIONS.values()) | alternatives == set(TASK_ORDER)


def _offered_by_policy(req: EngagementRequest, user) -> set[str]:
    """Return what the policy opens to ``user`` on ``req``, named as the page names it."""
    names = set(review.available_actions(req, user))
    for action in (Action.DRAFT_AGREEMENT, Action.APPROVE_AS_TO_FORM, Action.RECORD_SIGNATURE):
        if can(req.status_enum, action, user.role_enum):
            names.add(STEP_PAGE_ACTIONS[action])
    consultations = db.session.query(Consultation).filter_by(request_id=req.id).all()
    if any(review.can_answer(c, user) for c in consultations):
        names.add("answer-consultation")
    # The Solicitor's round-trip (``policy.drafts``): none of these requests was returned.
    newest = max((d.version for d in agreements.drafts_of(req)), default=0)
    if newest and may_return(user.role_enum, req.status_enum, False):
        names.add("return-draft")
    if may_upload(user.role_enum, req.status_enum, newest):
        names.add("upload-draft")
    return names


def _holds(holder: Holder, reader: str, user) -> bool:
    """Say whether ``reader`` is the one the step waits for, as the policy names them."""
    if user.role_enum not in HOLDER_ROLES[holder]:
        return False
    return {Holder.SIGNATORY: reader == "head", Holder.CONSULTED: reader == "edc"}.get(
        holder, True)


@pytest.mark.parametrize("name", list(STATES))
def test_the_page_offers_each_reader_exactly_what_the_policy_allows_and_what_it_says(
        app, client, people, solicitor, name):
    """No contradiction: the actions shown are the policy's, and the step goes to its holder."""
    req = request_in(name, people, solicitor)
    status, holder = STATES[name]
    assert req.status_enum is status
    step = next_step(progress.request_state(req))
    assert step.holder is holder
    step_names = {STEP_PAGE_ACTIONS[a] for a in step.actions if a in STEP_PAGE_ACTIONS}
    people = {**people, "solicitor": solicitor}
    for reader in READERS:
        user = people[reader]
        client = app.test_client()  # a browser of the reader's own
        login(client, user.email)
        response = client.get(f"/review/requests/{req.id}")
        if response.status_code == 404:  # EDC reads only what is shared with it
            assert reader == "edc" and not db.session.query(Consultation).filter_by(
                request_id=req.id).count()
            continue
        page = response.get_data(as_text=True)
        shown = _shown_actions(page)
        assert shown == _offered_by_policy(req, user), (name, reader)
        assert _holder(page) == holder.value, (name, reader)
        # The step's own actions are offered to its holder, and to nobody else.
        assert bool(step_names & shown) == (bool(step_names) and _holds(holder, reader, user)), (
            name, reader, step_names, shown)
        task = _task(page)
        if task is not None:
            assert 'id="nothing-to-do"' not in page, (name, reader)
            mine = _section(page, "your-task")
            alternatives = {a for n in step_names for a in ALTERNATIVES.get(n, ())}
            for action in _shown_actions(mine):
                assert action in step_names | alternatives | {"answer-consultation"}, (
                    name, reader, action)
        # The risk flags are read first, before the summary and any action.
        if 'id="risks-title"' in page:
            assert (page.index('id="risks-title"') < page.index('id="summary"')
                    < page.index('id="actions-title"')), (name, reader)


def test_the_reviewer_reads_the_request_at_a_glance_and_what_it_waits_for(
        client, people, solicitor):
    req = request_in("in_review_consulted", people, solicitor)
    assessment.raise_reputational_concern(req, people["reviewer"],
                                          "The counterpart's mayor faces an inquiry.")
    db.session.commit()
    login(client, people["reviewer"].email)
    page = _page(client, req)
    # The flag and its reason come first, above the summary and the actions.
    risks = text_of(_section(page, "risks-title"))
    assert "Reputational concern" in risks and "mayor faces an inquiry" in risks
    assert page.index('id="risks-title"') < page.index('id="summary"')
    summary = _section(page, "summary")
    said = text_of(summary)
    assert req.reference in said and "Lyon, France" in said
    assert "International Project · 2 years" in said
    start, end = req.start_date, req.start_date.replace(year=req.start_date.year + 2)
    assert f"from {start.day} " in said and f" {end.year}" in said
    assert "Harper Head" in said and "within the Division Head's financial signing" in said
    assert re.search(r"Score \d+(\.\d)?% (Recommend|Consider|Not recommended)", said)
    assert EDC in _row(page, "summary-consultations")
    assert _row(page, "next-step").startswith("Next step Answer the City Clerk's Office's "
                                              "consultation")
    assert "1 consultation is still unanswered" in _row(page, "next-step")
    assert _row(page, "next-step-holder") == f"Who acts next {EDC} (consulted)"
    # Rosa waits for EDC: she is given no task, and the page does not pretend she has one.
    assert _task(page) is None and 'id="summary-task"' not in page
    # The summary comes first, then the actions, then the file.
    assert (page.index('id="summary"') < page.index('id="actions-title"')
            < page.index('id="signatory-title"') < page.index('id="answers-title"'))


def test_a_concern_written_with_markup_reads_as_text_in_the_queue(client, people, solicitor):
    """The queue says each reason once per worker (translation.translate_kept): escaped."""
    req = request_in("in_review_consulted", people, solicitor)
    concern = '<script>alert("x")</script> & <b>press</b>'
    assessment.raise_reputational_concern(req, people["reviewer"], concern)
    db.session.commit()
    login(client, people["reviewer"].email)
    for _ in range(2):  # said, then said from what the worker kept
        page = client.get("/review/requests").get_data(as_text=True)
        assert "<script>alert" not in page and "<b>press" not in page
        assert ('title="Raised by a reviewer: &lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; '
                '&amp; &lt;b&gt;press&lt;/b&gt;"') in page


def text_of(fragment: str) -> str:
    """Return an HTML fragment's text as a reader sees it."""
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", fragment)))


def test_edc_finds_its_answer_box_at_the_top_where_the_summary_says(client, people, solicitor):
    req = request_in("in_review_consulted", people, solicitor)
    login(client, people["edc"].email)
    page = _page(client, req)
    assert _task(page) == "answer_consultation"
    assert "Nothing for you to do" not in page
    assert 'href="#your-task"' in _section(page, "summary")
    box = _section(page, "your-task")
    assert "Does EDC support the budget?" in box
    assert re.search(r'action="/review/consultations/\d+"', box)
    assert page.index('id="your-task"') < page.index('id="consultations-title"')
    assert "Awaiting your answer." in _section(page, "consultations-title")

    consultation_id = re.search(r'/review/consultations/(\d+)', box).group(1)
    empty = client.submit(f"/review/consultations/{consultation_id}", {},
                          page=f"/review/requests/{req.id}")
    assert empty.status_code == 400
    # The error comes back in the task box, at the field.
    assert "Write your answer" in text_of(_section(empty.get_data(as_text=True), "your-task"))
    client.submit(f"/review/consultations/{consultation_id}",
                  {f"c{consultation_id}-text": "EDC funds it."},
                  page=f"/review/requests/{req.id}")
    after = _page(client, req)
    assert _task(after) is None and 'id="nothing-to-do"' in after
    assert _holder(after) == "reviewer"


def test_the_division_head_is_asked_to_decide_and_another_authority_is_not(
        client, people, solicitor):
    req = request_in("recommended", people, solicitor)
    login(client, people["head"].email)
    page = _page(client, req)
    assert _holder(page) == "signatory" and _task(page) == "decide"
    assert _row(page, "next-step-holder").startswith("Who acts next Harper Head")
    assert "Clear outcomes; EDC funds it." in _row(page, "summary-recommendation")
    box = _section(page, "your-task")
    # Each decision opens its confirmation page, which restates what follows.
    for name in ("approve", "decline"):
        assert f'href="/review/requests/{req.id}/decide/{name}"' in box

    switch(client, people["mayor"])
    page = _page(client, req)
    assert _holder(page) == "signatory" and _task(page) is None
    assert _row(page, "next-step-holder").startswith("Who acts next Harper Head")
    assert "/decide/approve" not in page and 'name="approve-version"' not in page


def test_the_solicitor_finds_the_draft_to_approve_in_its_task(client, people, solicitor):
    req = request_in("agreement_drafted", people, solicitor)
    login(client, solicitor.email)
    page = _page(client, req)
    assert _task(page) == "approve_as_to_form"
    box = text_of(_section(page, "your-task"))
    assert "Approve version 1 as to form" in box and "Read version 1 of the draft" in box
    assert _row(page, "next-step").endswith("Approve version 1 of the draft agreement as to "
                                            "form.")


ALWAYS = {"risks-title", "actions-title", "signatory-title", "eligibility-title", "scores",
          "answers-title", "documents-title", "timeline-title"}


@pytest.mark.parametrize(("name", "sections"), [
    ("in_review_consulted", ALWAYS | {"consultations-title"}),
    ("approved_as_to_form", ALWAYS | {"agreement"}),
])
def test_every_entry_of_the_contents_leads_to_a_section_of_the_page(
        client, people, solicitor, name, sections):
    req = request_in(name, people, solicitor)
    login(client, people["reviewer"].email)
    page = _page(client, req)
    anchors = re.findall(r'href="#([^"]+)"', _contents(page))
    assert set(anchors) == sections
    for anchor in anchors:
        assert page.count(f'id="{anchor}"') == 1, anchor


def test_a_division_reads_the_summary_of_its_proposal_without_the_internal_side(
        client, people):
    proposal = submitted_request(people["division"])
    reviewer = people["reviewer"]
    advance(proposal, reviewer, Action.START_TRIAGE)
    review.consult(proposal, reviewer, division_by_code("CMO"), "A programmatic link?")
    db.session.commit()
    login(client, people["division"].email)
    page = _page(client, proposal)
    said = text_of(_section(page, "summary"))
    for internal in ("Risk flags", "Score", "Open consultations", "City Manager",
                     "consulted"):
        assert internal not in said, internal
    assert _row(page, "next-step").startswith("Next step The City Clerk's Office is reviewing")
    assert _row(page, "next-step-holder") == "Who acts next The City Clerk's Office"
    nav = _contents(page)
    for anchor in re.findall(r'href="#([^"]+)"', nav):
        assert page.count(f'id="{anchor}"') == 1, anchor
    assert "risks-title" not in nav and "scores" not in nav


def test_a_stranger_who_just_registered_reads_no_summary_and_no_next_step(
        client, people, make_city_user, solicitor):
    req = request_in("in_review_consulted", people, solicitor)
    make_city_user("someone@lyon.example", " LYON ", "FR", verified=False)
    login(client, "someone@lyon.example")
    assert client.get(f"/review/requests/{req.id}").status_code == 403
    status = client.get(f"/requests/{req.id}")
    assert status.status_code == 404
    assert EDC not in text(status) and "What happens next" not in text(status)
