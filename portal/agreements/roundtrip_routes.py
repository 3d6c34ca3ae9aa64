"""Serve the City Solicitor's round-trip on a draft, and a PDF of any version.

Returning a version with changes is the Solicitor's; uploading an edited Word file is the
reviewer's or the Solicitor's; a PDF is open to whoever may download the Word version
(``policy.drafts.may_download``). The rules are the policy's, applied by the services.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

import docgen.pdf
from forms.agreements import EditedDraftForm, ReturnDraftForm
from portal import access
from portal.access import roles_required, signed_in
from portal.agreements import roundtrip, services
from portal.agreements.routes import _attachment, bp, draft_of, drafts_bp
from portal.extensions import db
from portal.models import EngagementRequest
from portal.policy.drafts import UPLOADERS
from portal.policy.roles import Role
from portal.review.pages import render_request
from portal.translation import translate


def _refused(req: EngagementRequest, refused: services.AgreementRefused,
             **forms: object) -> tuple[str, int]:
    """Answer a refused step with the request page and why: 409, never a 500."""
    db.session.rollback()
    flash(translate(refused.message),
          "info" if isinstance(refused, services.AlreadyDone) else "error")
    return render_request(req, status=409, **forms)  # type: ignore[arg-type]


@bp.route("/<int:version>/return", methods=["POST"])
@roles_required(Role.SOLICITOR)
def return_draft(request_id: int, version: int) -> Response | tuple[str, int]:
    """Return a draft with changes requested, as the City Solicitor."""
    req = access.request_for(current_user, request_id)
    draft = draft_of(req, version)
    if draft is None:
        abort(404)
    form = ReturnDraftForm()
    if not form.validate_on_submit():
        return render_request(req, return_form=form, status=400)
    try:
        roundtrip.return_with_changes(req, draft, current_user, form.comment.data)
    except services.AgreementRefused as refused:
        return _refused(req, refused, return_form=form)
    db.session.commit()
    flash(_("Version %(v)s is returned with changes requested: the reviewer is told.",
            v=version), "success")
    return redirect(url_for("review.show", request_id=req.id, _anchor="agreement"))


@bp.route("/upload", methods=["POST"])
@roles_required(*UPLOADERS)
def upload_draft(request_id: int) -> Response | tuple[str, int]:
    """Take an edited Word file as the next version of the draft."""
    req = access.request_for(current_user, request_id)
    form = EditedDraftForm()
    if not form.validate_on_submit():
        return render_request(req, upload_form=form, status=400)
    try:
        draft = roundtrip.upload_version(req, current_user, form.content, form.unfilled,
                                         form.seen_version)
    except services.AgreementRefused as refused:
        return _refused(req, refused)
    db.session.commit()
    flash(_("Version %(v)s is uploaded.", v=draft.version), "success")
    return redirect(url_for("review.show", request_id=req.id, _anchor="agreement"))


@drafts_bp.route("/<int:version>/pdf", endpoint="pdf")
@signed_in
def draft_pdf(request_id: int, version: int) -> Response | tuple[str, int]:
    """Download one version as PDF, to whoever may download it as Word."""
    req = access.request_for(current_user, request_id)
    draft = draft_of(req, version)
    if draft is None or not services.may_download(current_user, req, draft):
        abort(404)
    try:
        pdf = docgen.pdf.to_pdf(draft.content)
    except docgen.pdf.PdfUnavailable as unavailable:
        # Said on a page of its own, with the Word version to fall back on: never a 500.
        return render_template("agreements/pdf_unavailable.html", req=req, draft=draft,
                               reason=str(unavailable)), 200
    return _attachment(pdf, draft.filename.removesuffix(".docx") + ".pdf", "application/pdf")
