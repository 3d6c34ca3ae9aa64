"""Staff draft the Word agreement, the City Solicitor approves it, the signed copy is kept."""

from __future__ import annotations

import html
import io
import re
import zipfile
from datetime import date
from decimal import Decimal
from io import BytesIO

import docx
import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.models import Agreement, AgreementDraft, EngagementRequest
from portal.policy.categories import agreement_end_date
from portal.policy.lifecycle import Action
from portal.policy.roles import Role, SigningOffice
from portal.seed.reference_data import division_by_code
from tests.conftest import login
from tests.factories import advance, submitted_request
from tests.forms import generate_draft
from tests.journeys import MINIMAL_PDF


def text(response) -> str:
    """Return the page's text as a reader sees it."""
    return re.sub(r"\s+", " ", html.unescape(response.get_data(as_text=True)))


def document_text(content: bytes) -> str:
    """Return every paragraph, table cell and header of a .docx, as one text."""
    document = docx.Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows
              for cell in row.cells]
    for section in document.sections:
        parts += [p.text for p in section.header.paragraphs]
    return "\n".join(parts)


@pytest.fixture()
def staff(make_staff):
    division_by_code("EDC").head_name = "Harper Head"
    db.session.commit()
    return {
        "reviewer": make_staff("rosa@toronto.example", Role.CCO_REVIEWER, "CCO",
                               name="Rosa Reviewer"),
        "head": make_staff("harper@toronto.example", Role.SIGNING_AUTHORITY, "EDC",
                           office=SigningOffice.DIVISION_HEAD, name="Harper Head"),
        "solicitor": make_staff("sol@toronto.example", Role.SOLICITOR, "LGL",
                                name="Sam Solicitor"),
        "admin": make_staff("admin@toronto.example", Role.ADMIN, "CCO", name="Avery Admin"),
    }


def approved_request(city_user, staff, **answers) -> EngagementRequest:
    """Return a city's request approved by its Division Head, EDC sponsoring it."""
    req = submitted_request(city_user, anticipated_cost=Decimal("20000"), **answers)
    req.sponsoring_division = division_by_code("EDC")
    advance(req, staff["reviewer"], Action.START_TRIAGE, Action.START_REVIEW,
            Action.RECOMMEND)
    return advance(req, staff["head"], Action.APPROVE)


def switch(client, user) -> None:
    """Sign out and sign in as ``user``."""
    client.submit("/logout", page="/")
    login(client, user.email)


def test_staff_generate_numbered_drafts_with_the_right_term_and_signatory(
        client, make_city_user, staff):
    req = approved_request(make_city_user(), staff)
    login(client, staff["reviewer"].email)
    first = generate_draft(client, req.id)
    assert first.status_code == 302
    generate_draft(client, req.id)
    drafts = db.session.scalars(select(AgreementDraft).order_by(AgreementDraft.version)).all()
    assert [d.version for d in drafts] == [1, 2]
    # Lyon speaks French: its draft is bilingual, and its name says so.
    assert drafts[1].filename == f"{req.reference}_International-Project_Lyon_EN-FR_v2.docx"

    download = client.get(f"/requests/{req.id}/drafts/2")
    assert download.status_code == 200
    assert f'filename={drafts[1].filename}' in download.headers["Content-Disposition"]
    body = document_text(download.data)
    end = agreement_end_date(req.start_date, req.term_years)
    assert "Lyon" in body and "France" in body and "City of Toronto" in body
    assert "Harper Head" in body
    assert "General Manager, Economic Development and Culture" in body
    assert str(end.year) in body and end.strftime("%B") in body
    assert "DRAFT" in body and req.reference in body and "version 2" in body.lower()


def test_a_draft_carries_the_parties_authority_resources_and_language_from_the_request(
        client, make_city_user, staff):
    req = approved_request(make_city_user(), staff)
    login(client, staff["reviewer"].email)
    generate_draft(client, req.id)
    body = document_text(client.get(f"/requests/{req.id}/drafts/1").data)
    assert "City of Toronto, a municipal corporation" in body
    # The legal name, the signatory and the coordinator the city gave at intake.
    assert "For Ville de Lyon" in body
    assert "Grégory Doucet" in body and "Maire de Lyon" in body
    assert "As Mayor, under the Code général des collectivités territoriales" in body
    assert "item 2024.EC13.5" in body and "by the head of the lead division" in body
    assert ("assessed at $20,000.00 (Canadian dollars), funded from Operating budget. "
            "Ville de Lyon has stated that it will contribute: Venue.") in body
    assert ("For Ville de Lyon: Marie Dupont, Director of International Relations, "
            "marie@lyon.example, 1 place de la Comédie, 69001 Lyon, France.") in body
    assert ("For the City of Toronto: Avery Chen, Program Manager, avery.chen@toronto.example, "
            "100 Queen Street West, Toronto ON M5H 2N2.") in body
    # Lyon speaks French: the draft is in both languages, neither prevailing.
    assert ("This agreement is made in English and in French, and both versions are equally "
            "authoritative.") in body
    assert "Pour Ville de Lyon" in body and "Échange sur les fêtes des lumières" in body
    assert "the later of" in body and "the last of the Parties signs it" in body


def test_a_request_with_no_cost_and_no_contribution_says_no_financial_obligation(
        client, make_city_user, staff):
    req = approved_request(make_city_user(), staff, counterpart_commitment="None")
    req.anticipated_cost = Decimal("0")
    db.session.commit()
    login(client, staff["reviewer"].email)
    generate_draft(client, req.id)
    body = document_text(client.get(f"/requests/{req.id}/drafts/1").data)
    assert "This agreement creates no financial obligation for either Party" in body
    assert "$" not in body


def test_a_generated_draft_says_in_its_properties_what_it_is_and_when_it_was_made(
        client, make_city_user, staff):
    req = approved_request(make_city_user(), staff, title="Lighting residencies")
    login(client, staff["reviewer"].email)
    generate_draft(client, req.id)
    [draft] = db.session.scalars(select(AgreementDraft)).all()
    download = client.get(f"/requests/{req.id}/drafts/1")
    properties = docx.Document(io.BytesIO(download.data)).core_properties
    # A bilingual draft is titled in both languages.
    assert properties.title == "Lighting residencies / Échange sur les fêtes des lumières"
    assert properties.identifier == req.reference
    assert properties.subject.startswith(f"{req.reference}: ")
    # The time the portal records for the version, to the second, as UTC.
    assert properties.created.replace(tzinfo=None) == draft.generated_at.replace(microsecond=0)
    assert properties.modified == properties.created
    assert properties.language == "en-CA, fr-CA"  # Lyon's draft is bilingual
    assert properties.comments == ""


def test_the_solicitor_approves_and_the_signed_copy_makes_the_agreement_active(
        client, make_city_user, staff):
    city = make_city_user()
    req = approved_request(city, staff)
    login(client, staff["reviewer"].email)
    generate_draft(client, req.id)

    switch(client, city)
    assert client.get(f"/requests/{req.id}/drafts/1").status_code == 404  # not approved yet

    switch(client, staff["solicitor"])
    approved = client.submit(f"/review/requests/{req.id}/drafts/1/approve",
                             page=f"/review/requests/{req.id}")
    assert approved.status_code == 302
    assert db.session.get(EngagementRequest, req.id).status == "approved_as_to_form"

    switch(client, staff["reviewer"])
    not_a_document = client.submit(f"/review/requests/{req.id}/drafts/signed", {
        "signed_copy": (BytesIO(b"just text"), "signed.pdf"),
        "signed_on-day": "1", "signed_on-month": "2", "signed_on-year": "2026"},
        page=f"/review/requests/{req.id}", content_type="multipart/form-data")
    assert not_a_document.status_code == 400
    assert "must be a PDF or a Word document" in text(not_a_document)
    signed_on = date.today()  # not before the Solicitor's approval, given today
    recorded = client.submit(f"/review/requests/{req.id}/drafts/signed", {
        "signed_copy": (BytesIO(MINIMAL_PDF), "signed.pdf"),
        "signed_on-day": str(signed_on.day), "signed_on-month": str(signed_on.month),
        "signed_on-year": str(signed_on.year)},
        page=f"/review/requests/{req.id}", content_type="multipart/form-data")
    assert recorded.status_code == 302
    agreement = db.session.scalars(select(Agreement).where(Agreement.request_id == req.id)
                                   ).one()
    assert agreement.status == "active" and agreement.signed_on == signed_on
    assert agreement.end_date == agreement_end_date(req.start_date, req.term_years)
    assert db.session.get(EngagementRequest, req.id).status == "signed"

    switch(client, city)
    mine = client.get(f"/requests/{req.id}")
    assert "Signed agreement" in text(mine)
    assert client.get(f"/requests/{req.id}/drafts/1").status_code == 200
    assert client.get(f"/agreements/{agreement.id}/signed-copy").data == MINIMAL_PDF


def test_another_city_cannot_download_a_draft_or_signed_copy(client, make_city_user, staff):
    req = approved_request(make_city_user(), staff)
    login(client, staff["reviewer"].email)
    generate_draft(client, req.id)
    switch(client, staff["solicitor"])
    client.submit(f"/review/requests/{req.id}/drafts/1/approve",
                  page=f"/review/requests/{req.id}")
    other = make_city_user("rep@porto.example", "Porto", "PT")
    switch(client, other)
    assert client.get(f"/requests/{req.id}/drafts/1").status_code == 404


def test_a_draft_is_refused_with_the_reason_before_approval(client, make_city_user, staff):
    req = submitted_request(make_city_user())
    login(client, staff["reviewer"].email)
    advance(req, staff["reviewer"], Action.START_TRIAGE)
    # Neither the details form nor a post that skips it: each says why, on the request page.
    for refused in (client.get(f"/review/requests/{req.id}/drafts/new"),
                    client.submit(f"/review/requests/{req.id}/drafts",
                                  page=f"/review/requests/{req.id}")):
        assert refused.status_code == 409
        assert "once the request is approved" in text(refused)
        assert "Agreement details" not in text(refused)
    assert db.session.scalars(select(AgreementDraft)).first() is None


def test_a_draft_is_refused_when_no_signing_authority_is_configured(client, make_city_user,
                                                                    staff):
    req = approved_request(make_city_user(), staff)
    division_by_code("EDC").head_name = None  # the Division Head's name was removed
    db.session.commit()
    login(client, staff["reviewer"].email)
    refused = client.get(f"/review/requests/{req.id}/drafts/new")
    assert refused.status_code == 409
    assert "No signing authority can be named" in text(refused)


def test_only_the_newest_draft_can_be_approved_and_only_by_the_solicitor(
        client, make_city_user, staff):
    req = approved_request(make_city_user(), staff)
    login(client, staff["reviewer"].email)
    for _ in range(2):
        generate_draft(client, req.id)
    assert client.submit(f"/review/requests/{req.id}/drafts/2/approve",
                         page=f"/review/requests/{req.id}").status_code == 403
    switch(client, staff["solicitor"])
    old = client.submit(f"/review/requests/{req.id}/drafts/1/approve",
                        page=f"/review/requests/{req.id}")
    assert old.status_code == 409 and "Only the newest draft (version 2)" in text(old)


def _template_with(paragraph: str) -> bytes:
    """Return a minimal .docx whose only paragraph is ``paragraph``."""
    document = docx.Document()
    document.add_paragraph(paragraph)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_an_administrator_replaces_a_template_and_a_broken_one_is_refused(
        client, make_city_user, staff):
    login(client, staff["admin"].email)
    broken = client.submit("/admin/templates", {
        "category": "international_project",
        "template": (BytesIO(_template_with("Dear {{ mayor_of_the_moon }}")), "t.docx")},
        content_type="multipart/form-data")
    assert broken.status_code == 400
    assert "mayor_of_the_moon" in text(broken)
    no_term = client.submit("/admin/templates", {
        "category": "international_project",
        "template": (BytesIO(_template_with(
            "Agreement with {{ counterpart_city }} signed by {{ signatory_name }}, "
            "{{ signatory_title }}")), "plain.docx")}, content_type="multipart/form-data")
    assert no_term.status_code == 400
    assert "must show {{ start_date_long }} or {{ start_date_iso }}" in text(no_term)
    good = client.submit("/admin/templates", {
        "category": "international_project",
        "template": (BytesIO(_template_with(
            "Agreement with {{ counterpart_city }} signed by {{ signatory_name }}, "
            "{{ signatory_title }}, from {{ start_date_iso }} to {{ end_date_iso }}")),
            "plain.docx")}, content_type="multipart/form-data")
    assert good.status_code == 302

    # A replacement is an English template: Porto's agreement is English, so it uses it.
    porto = make_city_user(email="rep@porto.example", city="Porto", country="PT")
    req = approved_request(porto, staff)
    switch(client, staff["reviewer"])
    generate_draft(client, req.id)
    body = document_text(client.get(f"/requests/{req.id}/drafts/1").data)
    assert "Agreement with Porto signed by Harper Head, General Manager" in body
    assert agreement_end_date(req.start_date, req.term_years).isoformat() in body
    assert client.get("/admin/templates/international_project.docx").status_code == 403


def test_the_command_line_writes_the_current_draft(runner, make_city_user, staff, tmp_path):
    req = approved_request(make_city_user(), staff)
    out = tmp_path / "draft.docx"
    result = runner.invoke(args=["agreements", "draft", req.reference, "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert zipfile.is_zipfile(out)
    assert "Lyon" in document_text(out.read_bytes())
    missing = runner.invoke(args=["agreements", "draft", "IAP-1999-0001", "--out", str(out)])
    assert missing.exit_code != 0 and "No request has the reference" in missing.output
