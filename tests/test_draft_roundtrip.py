"""The City Solicitor returns a draft with changes, an edited Word file comes back, a PDF.

Over HTTP, as the Solicitor and the reviewer use it: the return with its comment (told to
the reviewer by email, shown on the request page), the edited version uploaded and approved,
the files refused at the field, and who may not do any of it.
"""

from __future__ import annotations

import hashlib
import io
import re
import shutil
import zipfile
from urllib.parse import urlsplit

import docx
import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.models import AgreementDraft, EngagementRequest, OutboxMessage
from portal.policy.roles import Role
from tests.conftest import login
from tests.forms import generate_draft
from tests.test_agreements import approved_request, staff, switch, text  # noqa: F401

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _docx(*paragraphs: str) -> bytes:
    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _with_macros(content: bytes) -> bytes:
    """Return ``content`` with a macro project added, as Word saves a .docm."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(content)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(item, source.read(item.filename))
        target.writestr("word/vbaProject.bin", b"\xd0\xcf\x11\xe0 macro project")
    return out.getvalue()


@pytest.fixture()
def drafted(client, make_city_user, staff):  # noqa: F811
    """Return a city's approved request with version 1 of its draft, by the reviewer."""
    city = make_city_user()
    req = approved_request(city, staff)
    login(client, staff["reviewer"].email)
    generate_draft(client, req.id)
    return req, city


def _page(req: EngagementRequest) -> str:
    return f"/review/requests/{req.id}"


def _return(client, req: EngagementRequest, version: int, comment: str):
    return client.submit(f"/review/requests/{req.id}/drafts/{version}/return",
                         {"comment": comment}, page=_page(req))


def _upload(client, req: EngagementRequest, content: bytes, name: str = "edited.docx",
            newest: int | None = None):
    data = {"edited": (io.BytesIO(content), name)}
    if newest is not None:
        data["newest"] = str(newest)
    return client.submit(f"/review/requests/{req.id}/drafts/upload", data, page=_page(req),
                         content_type="multipart/form-data")


def _versions(req: EngagementRequest) -> list[AgreementDraft]:
    db.session.expire_all()
    return list(db.session.scalars(select(AgreementDraft).where(
        AgreementDraft.request_id == req.id).order_by(AgreementDraft.version)))


def test_the_solicitor_returns_a_draft_the_reviewer_uploads_an_edit_and_it_is_approved(
        client, drafted, staff):  # noqa: F811
    req, _city = drafted
    switch(client, staff["solicitor"])
    empty = _return(client, req, 1, "  ")
    assert empty.status_code == 400
    assert 'id="comment-error"' in empty.get_data(as_text=True)
    assert "Say what must change before you return the draft" in text(empty)
    assert _versions(req)[0].returned_at is None

    returned = _return(client, req, 1, "Name the Município do Porto as the party.")
    assert returned.status_code == 302
    # The returned version is not approved, even by a post of the old button.
    refused = client.submit(f"/review/requests/{req.id}/drafts/1/approve", page=_page(req))
    assert refused.status_code == 409
    assert "returned with changes requested" in text(refused)
    assert _versions(req)[0].approved_at is None

    [mail] = db.session.scalars(select(OutboxMessage).where(
        OutboxMessage.kind == "draft_returned")).all()
    assert mail.to_address == staff["reviewer"].email
    assert "Name the Município do Porto as the party." in mail.body
    link = re.search(r"https?://\S+", mail.body).group(0)

    switch(client, staff["reviewer"])
    page = client.get(urlsplit(link).path)
    assert page.status_code == 200
    assert "Name the Município do Porto as the party." in text(page)
    assert "a new version answering the Solicitor's changes" in text(page)
    assert 'data-task="revise_draft"' in page.get_data(as_text=True)
    assert "Upload as version 2" in text(page)  # the number the upload will take

    edited = _docx("Agreement with the Município do Porto.", "Starts on {{ start_date }}.")
    uploaded = _upload(client, req, edited, newest=1)
    assert uploaded.status_code == 302
    versions = _versions(req)
    assert [v.version for v in versions] == [1, 2]
    assert versions[1].content == edited and versions[1].source == "uploaded"
    assert versions[1].sha256 == hashlib.sha256(edited).hexdigest()
    assert versions[1].generated_by_id == staff["reviewer"].id
    page = text(client.get(_page(req)))
    assert hashlib.sha256(edited).hexdigest() in page
    assert "Uploaded, edited in Word" in page and "Rosa Reviewer" in page
    assert "{{ start_date }}" in page  # the placeholder left unfilled is pointed out
    # The Solicitor is told the new version awaits approval.
    assert db.session.scalars(select(OutboxMessage).where(
        OutboxMessage.kind == "draft_awaiting_form",
        OutboxMessage.to_address == staff["solicitor"].email)).all()

    switch(client, staff["solicitor"])
    approved = client.submit(f"/review/requests/{req.id}/drafts/2/approve", page=_page(req))
    assert approved.status_code == 302
    assert db.session.get(EngagementRequest, req.id).status == "approved_as_to_form"
    assert client.get(f"/requests/{req.id}/drafts/2").data == edited


def test_the_solicitor_may_upload_an_edit_too_and_a_repeated_post_adds_nothing(
        client, drafted, staff):  # noqa: F811
    req, _city = drafted
    switch(client, staff["solicitor"])
    assert _upload(client, req, _docx("Corrected."), newest=1).status_code == 302
    again = _upload(client, req, _docx("Corrected."), newest=1)
    assert again.status_code == 409 and "already done" in text(again)
    assert [v.version for v in _versions(req)] == [1, 2]
    assert _versions(req)[1].generated_by_id == staff["solicitor"].id


@pytest.mark.parametrize(("name", "content", "message"), [
    ("edited.docm", _with_macros(_docx("Macros")), "can hold macros"),
    ("edited.docx", _with_macros(_docx("Macros")), "can hold macros"),
    ("edited.docx", b"Just some text, renamed.", "must be a Word document (.docx)"),
    ("edited.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "can hold macros"),
    ("edited.docx", b"", "The selected file is empty"),
])
def test_a_refused_file_is_told_at_the_field_and_nothing_is_kept(
        client, drafted, staff, name, content, message):  # noqa: F811
    req, _city = drafted
    refused = _upload(client, req, content, name=name)
    assert refused.status_code == 400
    assert 'id="edited-error"' in refused.get_data(as_text=True)
    assert message in text(refused)
    assert [v.version for v in _versions(req)] == [1]


def test_an_oversize_file_is_told_at_the_field(client, app, drafted, staff):  # noqa: F811
    req, _city = drafted
    app.config["UPLOAD_MAX_BYTES"] = 20_000
    refused = _upload(client, req, _docx("x" * 10, *["A long clause. " * 400] * 10))
    assert refused.status_code == 400
    assert 'id="edited-error"' in refused.get_data(as_text=True)
    assert "must be smaller than" in text(refused)
    assert [v.version for v in _versions(req)] == [1]


def test_a_city_a_stranger_and_another_division_cannot_upload_return_or_convert(
        client, drafted, staff, make_city_user, make_staff):  # noqa: F811
    req, city = drafted
    stranger = make_city_user("new@lyon.example", " LYON ", "FR", verified=False)
    other_division = make_staff("cmo@toronto.example", Role.DIVISION_STAFF, "CMO")
    for person in (city, stranger, other_division):
        switch(client, person)
        assert _upload(client, req, _docx("Mine now")).status_code == 403
        assert _return(client, req, 1, "No.").status_code == 403
        assert client.get(f"/requests/{req.id}/drafts/1/pdf").status_code == 404
    # The reviewer returns nothing: that is the Solicitor's.
    switch(client, staff["reviewer"])
    assert _return(client, req, 1, "No.").status_code == 403
    assert [v.version for v in _versions(req)] == [1]
    assert _versions(req)[0].returned_at is None


needs_soffice = pytest.mark.skipif(shutil.which("soffice") is None,
                                   reason="LibreOffice (soffice) is not installed")


@pytest.mark.slow  # LibreOffice converts
@needs_soffice
def test_a_pdf_of_a_generated_draft_and_a_city_gets_it_only_once_approved(
        client, drafted, staff):  # noqa: F811
    req, city = drafted
    pdf = client.get(f"/requests/{req.id}/drafts/1/pdf")
    assert pdf.status_code == 200
    assert pdf.data.startswith(b"%PDF")
    assert pdf.headers["Content-Type"] == "application/pdf"
    assert "attachment" in pdf.headers["Content-Disposition"]

    switch(client, city)
    assert client.get(f"/requests/{req.id}/drafts/1/pdf").status_code == 404
    switch(client, staff["solicitor"])
    client.submit(f"/review/requests/{req.id}/drafts/1/approve", page=_page(req))
    switch(client, city)
    assert client.get(f"/requests/{req.id}/drafts/1/pdf").data.startswith(b"%PDF")


def test_without_libreoffice_the_page_says_a_pdf_is_unavailable(
        client, drafted, monkeypatch):
    req, _city = drafted
    monkeypatch.setattr("docgen.pdf.soffice", lambda: None)
    monkeypatch.setattr("docgen.pdf._cache", {})
    page = client.get(f"/requests/{req.id}/drafts/1/pdf")
    assert page.status_code == 200
    assert "A PDF of this version is not available" in text(page)
    assert "LibreOffice is not installed" in text(page)
    assert f"/requests/{req.id}/drafts/1" in page.get_data(as_text=True)
