"""Walk the whole program in Chromium: a city's request and a division's proposal.

Every person has a browser context of their own; every step saves a screenshot under
`test-results/<test>/` and must pass the axe scan, error states included.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import docx
from playwright.sync_api import Page, expect

from tests.browser.conftest import People
from tests.browser.ui import (
    MINIMAL_PDF,
    Proposal,
    Recorder,
    answer_agreement,
    answer_areas,
    answer_purpose,
    answer_resources,
    answer_signing,
    answer_ties,
    expect_error_summary,
    expect_status,
    fill_city_coordinator,
    fill_contacts,
    fill_date,
    header_link,
    heading,
    long_date,
    open_action,
    save_and_continue,
    sign_in,
    sign_out,
)

NEXT_YEAR = date.today().year + 1
DIVISION_HEAD = ("Harper Head", "General Manager, Economic Development and Culture")
EDC = "Economic Development and Culture"


def _open_request(page: Page, reference: str, steps: Recorder, who: str) -> None:
    """Go to the review queue and open a request by its reference."""
    header_link(page, "Requests").click()
    expect(heading(page)).to_have_text("Review queue")
    page.get_by_role("link", name=reference, exact=True).click()
    expect(page).to_have_url(re.compile(r"/review/requests/\d+$"))
    steps.step(page, f"{who} opens {reference}")


def _register_city(page: Page, steps: Recorder) -> None:
    page.goto("/")
    steps.step(page, "start page")
    page.get_by_role("button", name="Start now").click()
    expect(heading(page)).to_have_text("Register your city")
    steps.step(page, "register: the kind of government")
    page.get_by_role("button", name="Continue").click()
    expect_error_summary(page)
    steps.step(page, "register without a kind shows the error")
    page.get_by_role("radio", name="City government", exact=True).check()
    page.get_by_role("button", name="Continue").click()
    expect(heading(page)).to_have_text("Your details")
    steps.step(page, "register: your details")
    page.get_by_role("button", name="Create account").click()
    expect_error_summary(page)
    steps.step(page, "register with nothing filled shows the errors")
    page.get_by_label("Full name").fill("Ana Ribeiro")
    page.get_by_label("Job title").fill("Head of International Relations")
    page.get_by_label("Email address").fill("ana.ribeiro@porto.example")
    page.get_by_label("City you represent").fill("Porto")
    page.get_by_label("Country").select_option(label="Portugal")
    page.get_by_label("Create a password").fill("douro river bridges 2026")
    page.get_by_label("Confirm your password").fill("douro river bridges 2026")
    page.get_by_role("button", name="Create account").click()
    expect(heading(page)).to_have_text("Check your email")
    steps.step(page, "check your email")


def _confirmation_link(admin: Page, email: str, steps: Recorder) -> str:
    """Read the confirmation link an administrator finds in the Outbox."""
    sign_in(admin, "admin@demo.example")
    header_link(admin, "Outbox").click()
    steps.step(admin, "admin reads the outbox")
    admin.get_by_role("row").filter(has_text=email).get_by_role(
        "link", name=re.compile("Confirm your email address")).click()
    steps.step(admin, "admin opens the confirmation message")
    link = admin.get_by_role("main").get_by_role("link", name=re.compile(r"^http.*confirm"))
    href = link.get_attribute("href")
    assert href, "the confirmation message carries no link"
    return href


def _fill_city_intake(city: Page, p: Proposal, letter: Path, steps: Recorder) -> None:
    """Start a request and answer every page; leave before the last button."""
    city.get_by_role("button", name="Start a new request").click()
    steps.step(city, "task list of a new request")
    city.get_by_role("link", name=re.compile("About you and your government")).click()
    expect(city.get_by_label("Your full name")).to_have_value("Ana Ribeiro")
    steps.step(city, "about you")
    save_and_continue(city)
    expect(heading(city)).to_have_text("Kind of agreement")
    steps.step(city, "kind of agreement")
    save_and_continue(city)
    expect_error_summary(city)
    steps.step(city, "kind of agreement left empty shows the errors")
    answer_agreement(city, p)
    expect(heading(city)).to_have_text("Purpose, objectives and outcomes")
    steps.step(city, "purpose")
    answer_purpose(city, p)
    expect(heading(city)).to_have_text("Areas of cooperation")
    steps.step(city, "areas")
    answer_areas(city, p)
    expect(heading(city)).to_have_text("Community ties and relationship")
    steps.step(city, "ties")
    answer_ties(city, p)
    expect(heading(city)).to_have_text("Resources")
    steps.step(city, "resources")
    answer_resources(city, p)
    expect(heading(city)).to_have_text("Signing and notices")
    expect(city.get_by_text("For example: Município do Porto")).to_be_visible()
    steps.step(city, "signing and notices")
    answer_signing(city, p)
    expect(heading(city)).to_have_text("Contact and letter of intent")
    steps.step(city, "contact and letter")
    fill_contacts(city, p, letter, "Letter of intent or endorsement")
    steps.step(city, "contact and letter filled")
    city.get_by_role("button", name="Save and come back later").click()
    expect(city.get_by_role("status")).to_contain_text("Your answers are saved")
    steps.step(city, "saved for later")


def _check_and_submit(page: Page, p: Proposal, steps: Recorder) -> str:
    """Check the answers, submit, and return the reference the portal gives."""
    page.get_by_role("link", name=re.compile("Check your answers and submit")).click()
    expect(heading(page)).to_contain_text("Check your answers")
    expect(page.get_by_role("definition").filter(has_text=p.title).first).to_be_visible()
    steps.step(page, "check your answers")
    page.get_by_role("button", name="Accept and submit").click()
    expect_error_summary(page)
    steps.step(page, "submit without confirming shows the error")
    page.get_by_role("checkbox", name=re.compile("I confirm that the information")).check()
    page.get_by_role("button", name="Accept and submit").click()
    expect(heading(page)).to_have_text("Request submitted")
    steps.step(page, "request submitted")
    reference = page.get_by_text(re.compile(r"^IAP-\d{4}-\d{4}$")).inner_text().strip()
    return reference


def _answer_question(submitter: Page, reference: str, steps: Recorder, who: str) -> None:
    """Open the request from My requests and answer the reviewer's question."""
    header_link(submitter, "My requests").click()
    submitter.get_by_role("link", name=reference, exact=True).click()
    question = submitter.get_by_role("region", name="The City Clerk's Office asks you")
    expect(question).to_be_visible()
    steps.step(submitter, f"{who} reads the question")
    question.get_by_role("button", name="Send your answer").click()
    expect_error_summary(submitter)
    steps.step(submitter, f"{who} sends an empty answer and sees the error")
    submitter.get_by_label("Your answer").fill("Our urbanism department leads it, with two "
                                                "designers a year.")
    submitter.get_by_role("button", name="Send your answer").click()
    expect(submitter.get_by_role("status")).to_contain_text("your answer was sent")
    steps.step(submitter, f"{who} has answered")


def _verify_representative(reviewer: Page, name: str, steps: Recorder) -> None:
    """From the request's flag, check who the submitter is and verify them."""
    expect(reviewer.get_by_text("Representative not yet verified").first).to_be_visible()
    steps.step(reviewer, "the request is flagged: representative not yet verified")
    reviewer.get_by_role("link", name=f"Check and verify {name}").click()
    expect(heading(reviewer)).to_have_text(name)
    steps.step(reviewer, "reviewer checks the claimed city and email domain")
    reviewer.get_by_role("button", name="Refuse and tell the person why").click()
    expect_error_summary(reviewer)
    steps.step(reviewer, "refusing without a reason shows the error at the field")
    reviewer.get_by_role("button", name=re.compile(f"^Verify {name} as a representative")).click()
    expect(reviewer.get_by_role("status")).to_contain_text("is verified as a representative")
    expect(reviewer.get_by_text("Representative not yet verified")).to_have_count(0)
    steps.step(reviewer, "representative verified, back on the request")


def _triage_claim_and_ask(reviewer: Page, reference: str, steps: Recorder, *,
                          set_sponsor: bool, verify: str | None = None) -> None:
    """Take a new request through triage to a question to its submitter."""
    sign_in(reviewer, "reviewer@demo.example")
    # The reviewer's home lists the new request among those nobody holds yet.
    unassigned = reviewer.get_by_role("region", name=re.compile(r"^Unassigned \(\d+\)$"))
    expect(unassigned).to_contain_text(reference)
    steps.step(reviewer, "reviewer's home: the new request is unassigned")
    unassigned.get_by_role("link", name=reference, exact=True).click()
    steps.step(reviewer, "reviewer opens the request")
    if verify:
        _verify_representative(reviewer, verify, steps)
    reviewer.get_by_role("button", name="Start triage").click()
    expect_status(reviewer, "In triage")
    steps.step(reviewer, "in triage")
    claim = open_action(reviewer, "Claim this request")
    claim.get_by_role("button", name="Claim this request").click()
    expect_error_summary(reviewer)
    steps.step(reviewer, "claim without declaring shows the error")
    claim = open_action(reviewer, "Claim this request")
    claim.get_by_role("radio", name="No, I have no conflict of interest").check()
    claim.get_by_role("button", name="Claim this request").click()
    expect(reviewer.get_by_text("Assigned to: Rosa Reviewer")).to_be_visible()
    steps.step(reviewer, "claimed")
    if set_sponsor:
        sponsor = open_action(reviewer, "Set the sponsoring division")
        sponsor.get_by_label("Division").select_option(label=EDC)
        steps.step(reviewer, "sponsoring division chosen")
        sponsor.get_by_role("button", name="Set the sponsoring division").click()
        expect(reviewer.get_by_text(f"Sponsoring division: {EDC}").first).to_be_visible()
        steps.step(reviewer, "sponsoring division set")
    ask = open_action(reviewer, "Ask the submitter for information")
    ask.get_by_label("Your question to the submitter").fill(
        "Which department of your city will lead the exchange?")
    steps.step(reviewer, "question written")
    ask.get_by_role("button", name="Ask the submitter for information").click()
    expect_status(reviewer, "Information requested")
    steps.step(reviewer, "information requested")


def _consult_edc(reviewer: Page, edc: Page, reference: str, steps: Recorder) -> None:
    """Ask EDC for its view; EDC answers from "Shared with us"."""
    _open_request(reviewer, reference, steps, "reviewer")
    consult = open_action(reviewer, "Consult EDC, CMO or a division")
    consult.get_by_label("Division").select_option(label=EDC)
    question = f"Does EDC support {reference} and its budget?"
    consult.get_by_label("What do you ask?").fill(question)
    steps.step(reviewer, "consultation written")
    consult.get_by_role("button", name="Consult EDC, CMO or a division").click()
    expect(reviewer.get_by_role("region", name="Consultations")).to_contain_text(question)
    steps.step(reviewer, "EDC consulted")

    sign_in(edc, "edc@demo.example")
    header_link(edc, "Shared with us").click()
    steps.step(edc, "EDC's shared requests")
    edc.get_by_role("row").filter(has_text=question).get_by_role("link").click()
    steps.step(edc, "EDC opens the request")
    edc.get_by_label("Your office's answer").fill("EDC supports it and funds it from its "
                                                  "approved budget.")
    edc.get_by_role("button", name="Send your answer").click()
    expect(edc.get_by_role("region", name="Consultations")).to_contain_text("EDC supports it")
    steps.step(edc, "EDC has answered")
    sign_out(edc)


def _recommend_and_approve(reviewer: Page, head: Page, reference: str,
                           steps: Recorder) -> None:
    """Recommend as the reviewer; approve as the EDC Division Head, within their limit."""
    _open_request(reviewer, reference, steps, "reviewer")
    recommend = open_action(reviewer, "Recommend to the signing authority")
    recommend.get_by_label("Reasons").fill("Meets the criteria; EDC supports and funds it.")
    steps.step(reviewer, "recommendation written")
    recommend.get_by_role("button", name="Recommend to the signing authority").click()
    expect_status(reviewer, "Recommended")
    steps.step(reviewer, "recommended")

    sign_in(head, "head@demo.example")
    # The Division Head's home lists the request awaiting their decision, with its brief.
    awaiting = head.get_by_role("region", name=re.compile(r"^Awaiting your decision"))
    expect(awaiting).to_contain_text(reference)
    expect(awaiting).to_contain_text("Meets the criteria; EDC supports and funds it.")
    steps.step(head, "division head's home: awaiting your decision")
    _open_request(head, reference, steps, "division head")
    authority = head.get_by_role("region", name="Signing authority")
    expect(authority).to_contain_text(f"{DIVISION_HEAD[0]}, {DIVISION_HEAD[1]}")
    expect(authority).to_contain_text("within the Division Head's financial signing authority")
    # Approving is confirmed on a page of its own, which says what will happen.
    head.get_by_role("region", name="Your task").get_by_role(
        "link", name="Approve", exact=True).click()
    expect(heading(head)).to_have_text("Approve this request")
    expect(head.get_by_text("The request's status becomes “Approved”.")).to_be_visible()
    steps.step(head, "confirmation page: what approving does")
    head.get_by_label("Note (optional)").fill("Approved within my signing authority.")
    head.get_by_role("button", name="Approve", exact=True).click()
    expect_error_summary(head)
    steps.step(head, "a note without saying who reads it shows the error")
    expect(head.get_by_label("Note (optional)")).to_have_value(
        "Approved within my signing authority.")
    head.get_by_role("radio", name="The city will see this").check()
    steps.step(head, "approval written, marked for the city")
    head.get_by_role("button", name="Approve", exact=True).click()
    expect_status(head, "Approved")
    steps.step(head, "approved")
    sign_out(head)


def test_a_city_registers_applies_and_its_agreement_reaches_the_public_registry(
        people: People, steps: Recorder, tmp_path: Path) -> None:
    """Porto registers, applies, answers a question; staff approve, draft, sign and publish."""
    letter = tmp_path / "letter-of-intent.pdf"
    letter.write_bytes(MINIMAL_PDF)
    signed_copy = tmp_path / "signed-agreement.pdf"
    signed_copy.write_bytes(MINIMAL_PDF)
    porto = Proposal(title="Porto–Toronto waterfront design exchange",
                     start=date(NEXT_YEAR, 3, 1), term_years=2, cost="20000",
                     contact=("Rui Moreira", "Mayor of Porto", "mayor@porto.example"))
    city, admin, reviewer = people(), people(), people()

    _register_city(city, steps)
    link = _confirmation_link(admin, "ana.ribeiro@porto.example", steps)
    city.goto(link)  # registering signs nobody in: the link comes first
    expect(city.get_by_role("status")).to_contain_text("your email address is confirmed")
    steps.step(city, "email confirmed")
    sign_in(city, "ana.ribeiro@porto.example", "douro river bridges 2026")
    steps.step(city, "my requests")

    _fill_city_intake(city, porto, letter, steps)
    sign_out(city)
    steps.step(city, "signed out")
    sign_in(city, "ana.ribeiro@porto.example", "douro river bridges 2026")
    city.get_by_role("link", name=f"Continue {porto.title}").click()
    expect(city.get_by_text("You have completed 8 of 8 sections.")).to_be_visible()
    steps.step(city, "resumed: every section completed")
    reference = _check_and_submit(city, porto, steps)

    _triage_claim_and_ask(reviewer, reference, steps, set_sponsor=True, verify="Ana Ribeiro")
    _answer_question(city, reference, steps, "city")
    _consult_edc(reviewer, people(), reference, steps)
    _recommend_and_approve(reviewer, people(), reference, steps)

    # The reviewer writes the Word draft from the template and downloads it.
    # First the agreement details: what Porto said at intake, and the City's coordinator.
    _open_request(reviewer, reference, steps, "reviewer")
    reviewer.get_by_role("link", name="Generate draft agreement").click()
    expect(heading(reviewer)).to_have_text("Agreement details")
    expect(reviewer.get_by_label("The counterpart's legal name")).to_have_value(porto.legal_name)
    expect(reviewer.get_by_label("Who signs for the counterpart: full name")).to_have_value(
        porto.signatory[0])
    reviewer.get_by_role("button", name="Confirm and generate version 1").click()
    expect_error_summary(reviewer)
    steps.step(reviewer, "agreement details: the City's coordinator is missing")
    fill_city_coordinator(reviewer, "The City's coordinator")
    steps.step(reviewer, "agreement details confirmed")
    reviewer.get_by_role("button", name="Confirm and generate version 1").click()
    agreement = reviewer.get_by_role("region", name="Agreement")
    draft_link = agreement.get_by_role("link", name=re.compile(r"_v1\.docx$"))
    expect(draft_link).to_be_visible()
    steps.step(reviewer, "draft generated")
    with reviewer.expect_download() as download:
        draft_link.click()
    assert download.value.suggested_filename == f"{reference}_International-Project_Porto_v1.docx"
    draft = docx.Document(str(download.value.path()))
    text = "\n".join([p.text for p in draft.paragraphs] + [
        cell.text for table in draft.tables for row in table.rows for cell in row.cells])
    assert (f"takes effect on {long_date(porto.start)} ({porto.start.isoformat()}), or on the "
            "date of the last signature if that is later, and has a term of two (2) years") in text
    assert f"ends on {long_date(porto.end)} ({porto.end.isoformat()})" in text
    assert "For Município do Porto" in text and porto.signatory[2] in text
    assert "A version in Portuguese" in text
    assert f"Name: {DIVISION_HEAD[0]}" in text
    assert f"Title: {DIVISION_HEAD[1]}" in text
    assert "Name: Rui Moreira" in text

    # The City Solicitor approves the draft as to form.
    solicitor = people()
    sign_in(solicitor, "solicitor@demo.example")
    drafts = solicitor.get_by_role("region",
                                   name=re.compile(r"^Drafts awaiting approval as to form"))
    expect(drafts).to_contain_text(reference)
    expect(drafts).to_contain_text("First version")
    steps.step(solicitor, "solicitor's home: drafts awaiting approval as to form")
    _open_request(solicitor, reference, steps, "solicitor")
    solicitor.get_by_role("button", name="Approve version 1 as to form").click()
    expect(solicitor.get_by_role("region", name="Agreement").get_by_text("Approved",
                                                                         exact=True)).to_be_visible()
    steps.step(solicitor, "approved as to form")
    sign_out(solicitor)

    # The reviewer records the signed copy with its date.
    _open_request(reviewer, reference, steps, "reviewer")
    record = open_action(reviewer, "Record the signed agreement")
    record.get_by_role("button", name="Record the signed agreement").click()
    expect_error_summary(reviewer)
    steps.step(reviewer, "recording nothing shows the errors")
    record = open_action(reviewer, "Record the signed agreement")
    record.get_by_label("Signed agreement").set_input_files(str(signed_copy))
    fill_date(record.get_by_role("group", name="Date of the last signature"), date.today())
    steps.step(reviewer, "signed copy chosen")
    record.get_by_role("button", name="Record the signed agreement").click()
    expect(reviewer.get_by_role("region", name="Agreement")).to_contain_text(
        "recorded in the registry")
    steps.step(reviewer, "signed and recorded")

    # It starts next year: the staff registry and its page say so, not "Active" (issue #12).
    in_force_from = f"Signed, in force from {long_date(porto.start)}"
    header_link(reviewer, "Agreement registry").click()
    staff_row = reviewer.get_by_role("row").filter(has=reviewer.get_by_role(
        "link", name="Porto", exact=True))
    expect(staff_row).to_contain_text(in_force_from)
    steps.step(reviewer, "staff registry: signed, in force from its start")
    staff_row.get_by_role("link", name="Porto", exact=True).click()
    expect(heading(reviewer)).to_contain_text(in_force_from)
    expect(reviewer.get_by_role("link", name="Renew")).to_have_count(0)
    expect(reviewer.get_by_text("Only an agreement in force can be terminated: it is signed "
                                "but not yet in force.")).to_be_visible()
    steps.step(reviewer, "agreement page: signed, not yet in force, no renewal")

    # Anyone reads it on the public registry.
    visitor = people()
    visitor.goto("/")
    header_link(visitor, "Agreements").click()
    row = visitor.get_by_role("table", name="International Projects").get_by_role(
        "row").filter(has=visitor.get_by_role("rowheader", name="Porto", exact=True))
    expect(row).to_contain_text("Portugal")
    expect(row).to_contain_text(long_date(porto.start))
    expect(row).to_contain_text(long_date(porto.end))
    expect(row).to_contain_text(EDC)
    expect(row).to_contain_text(f"Signed, in force from {long_date(porto.start)}")
    steps.step(visitor, "Porto in the public registry")

    # The city follows its request to the signed agreement.
    header_link(city, "My requests").click()
    city.get_by_role("link", name=reference, exact=True).click()
    expect(city.get_by_role("link", name="Signed agreement")).to_be_visible()
    steps.step(city, "city sees its signed agreement")


def test_a_division_files_a_proposal_that_the_division_head_approves(
        people: People, steps: Recorder, tmp_path: Path) -> None:
    """EDC proposes a project with Guadalajara; it is reviewed and approved by its head."""
    supporting = tmp_path / "support.pdf"
    supporting.write_bytes(MINIMAL_PDF)
    proposal = Proposal(title="Guadalajara–Toronto film co-production exchange",
                        start=date(NEXT_YEAR, 6, 1), term_years=3, cost="35000",
                        areas=("Culture", "Economic development and trade"),
                        contact=("Laura Hernández", "Director of International Affairs",
                                 "international@guadalajara.example"))
    division, reviewer = people(), people()

    sign_in(division, "division@demo.example")
    steps.step(division, "division's home")
    header_link(division, "My requests").click()
    steps.step(division, "my requests")
    division.get_by_role("button", name="Start a new proposal").click()
    steps.step(division, "task list of a new proposal")
    division.get_by_role("link", name=re.compile("The counterpart city")).click()
    expect(heading(division)).to_have_text("The counterpart city")
    steps.step(division, "counterpart")
    save_and_continue(division)
    expect_error_summary(division)
    steps.step(division, "counterpart left empty shows the errors")
    division.get_by_label("Counterpart city").fill("Guadalajara")
    division.get_by_label("Country").select_option(label="Mexico")
    division.get_by_role("group", name="What kind of government is the counterpart?").get_by_role(
        "radio", name="City government", exact=True).check()
    division.get_by_role("group", name="Has the counterpart confirmed its interest?").get_by_role(
        "radio", name="Yes").check()
    division.get_by_label("How and when did it confirm?").fill(
        "Letter from the Mayor's office, 12 January 2026")
    save_and_continue(division)
    expect(heading(division)).to_have_text("Kind of agreement")
    steps.step(division, "kind of agreement")
    answer_agreement(division, proposal)
    steps.step(division, "purpose")
    answer_purpose(division, proposal)
    steps.step(division, "areas")
    answer_areas(division, proposal)
    steps.step(division, "ties")
    answer_ties(division, proposal)
    steps.step(division, "resources")
    answer_resources(division, proposal)
    expect(heading(division)).to_have_text("Signing and notices")
    fill_city_coordinator(division, "Your division's coordinator")
    steps.step(division, "signing and notices: the division's coordinator")
    save_and_continue(division)
    expect(heading(division)).to_have_text("Counterpart contact and documents")
    steps.step(division, "contact")
    fill_contacts(division, proposal, supporting, "Supporting document (optional)")
    save_and_continue(division)
    header_link(division, "My requests").click()
    division.get_by_role("link", name=f"Continue {proposal.title}").click()
    expect(division.get_by_text("You have completed 8 of 8 sections.")).to_be_visible()
    steps.step(division, "every section completed")
    reference = _check_and_submit(division, proposal, steps)

    _triage_claim_and_ask(reviewer, reference, steps, set_sponsor=False)
    _answer_question(division, reference, steps, "division")
    _consult_edc(reviewer, people(), reference, steps)
    _recommend_and_approve(reviewer, people(), reference, steps)

    header_link(division, "My requests").click()
    row = division.get_by_role("row").filter(has_text=reference)
    expect(row).to_contain_text("Approved")
    steps.step(division, "division sees its proposal approved")
