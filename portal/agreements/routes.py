"""Serve the agreement steps on a request, the downloads, and the template settings.

Three blueprints, one URL prefix each: the staff's steps on a request's drafts (under the
review of the request), the downloads of a version (under the request), and the templates
(under administration).
"""

from __future__ import annotations

from io import BytesIO

from flask import Blueprint, abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from werkzeug.wrappers import Response

from forms import BaseForm
from forms.agreements import CompareDraftsForm, SignedCopyForm, TemplateForm
from forms.parties import AgreementDetailsForm
from portal import access
from portal.access import roles_required, signed_in
from portal.agreements import services
from portal.extensions import db
from portal.models import AgreementDraft, AgreementTemplate, EngagementRequest
from portal.policy.categories import Category
from portal.policy.roles import Role
from portal.review.pages import render_request
from portal.translation import translate

bp = Blueprint("agreements", __name__, url_prefix="/review/requests/<int:request_id>/drafts")
drafts_bp = Blueprint("drafts", __name__, url_prefix="/requests/<int:request_id>/drafts")
templates_bp = Blueprint("agreement_templates", __name__, url_prefix="/admin/templates")


def _attachment(content: bytes, filename: str, media_type: str) -> Response:
    response = send_file(BytesIO(content), mimetype=media_type, as_attachment=True,
                         download_name=filename)
    response.headers["Cache-Control"] = "private, no-store"
    return response


def _refused(req: EngagementRequest, refused: services.AgreementRefused,
             signed_form: SignedCopyForm | None = None) -> tuple[str, int]:
    """Answer a refused step with the request page and why: 409, never a 500.

    A repeated step (a double click) is told as information: the first click did it.
    """
    db.session.rollback()
    flash(translate(refused.message),
          "info" if isinstance(refused, services.AlreadyDone) else "error")
    return render_request(req, signed_form=signed_form, status=409)


def draft_of(req: EngagementRequest, version: int) -> AgreementDraft | None:
    """Return version ``version`` of the request's draft, if there is one."""
    return db.session.scalar(select(AgreementDraft).where(
        AgreementDraft.request_id == req.id, AgreementDraft.version == version))


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@bp.route("/new")
@roles_required(Role.CCO_REVIEWER)
def details(request_id: int) -> str | tuple[str, int]:
    """Show the agreement's details to confirm before the next version is generated."""
    req = access.request_for(current_user, request_id)
    try:
        form = _details_form(req)
    except services.AgreementRefused as refused:
        return _refused(req, refused)
    return _details_page(req, form, 200)


@bp.route("", methods=["POST"])
@roles_required(Role.CCO_REVIEWER)
def generate(request_id: int) -> Response | tuple[str, int]:
    """Generate the next version of the draft with the details the reviewer confirmed."""
    req = access.request_for(current_user, request_id)
    try:
        form = _details_form(req)
        if not form.validate_on_submit():
            return _details_page(req, form, 400)
        draft = services.generate_draft(req, current_user, form.seen_version, form.confirmed())
    except services.AgreementRefused as refused:
        return _refused(req, refused)
    db.session.commit()
    flash(_("Draft version %(v)s is ready.", v=draft.version), "success")
    return redirect(url_for("review.show", request_id=req.id, _anchor="agreement"))


def _details_form(req: EngagementRequest) -> AgreementDetailsForm:
    """Return the details form: as posted, or as the newest version (else the request) says."""
    services.refuse_drafting(req, current_user)
    country = req.counterpart_city.country_code if req.counterpart_city else None
    bilingual = req.draft_language.has_french
    if request.method == "POST":
        return AgreementDetailsForm(country_code=country, bilingual=bilingual)
    return AgreementDetailsForm(data=services.proposed_details(req), country_code=country,
                                bilingual=bilingual)


def _details_page(req: EngagementRequest, form: AgreementDetailsForm,
                  status: int) -> tuple[str, int]:
    drafts = services.drafts_of(req)
    return render_template("agreements/details.html", req=req, form=form,
                           version=(drafts[0].version if drafts else 0) + 1,
                           facts=services.drafting_facts(req, form.start_date.data)), status


@drafts_bp.route("/<int:version>", endpoint="download")
@signed_in
def download_draft(request_id: int, version: int) -> Response:
    """Download one version of the draft: staff any, the submitter the approved one."""
    req = access.request_for(current_user, request_id)
    draft = draft_of(req, version)
    if draft is None or not services.may_download(current_user, req, draft):
        abort(404)
    return _attachment(draft.content, draft.filename, DOCX)


def comparable_request(request_id: int) -> EngagementRequest:
    """Return the request whose draft versions the user may compare, or answer 404."""
    req = access.request_for(current_user, request_id)
    if not services.may_compare(current_user, req):
        abort(404)
    return req


@bp.route("/compare")
@signed_in
def compare(request_id: int) -> str | tuple[str, int]:
    """Show what changed between two versions of the draft, the two newest unless chosen."""
    req = comparable_request(request_id)
    versions = [d.version for d in services.drafts_of(req)]
    form = CompareDraftsForm(request.args if request.args else None, versions=versions)
    if request.args and not form.validate():
        return render_template("agreements/compare.html", req=req, form=form, result=None), 400
    problems: list[str] = []
    try:
        result = services.compare_versions(req, *form.pair) if len(versions) > 1 else None
    except services.AgreementRefused as refused:
        result, problems = None, [refused.message]
    return render_template("agreements/compare.html", req=req, form=form, result=result,
                           problems=problems), 409 if problems else 200


@bp.route("/<int:first>/compare/<int:second>.docx")
@signed_in
def comparison_file(request_id: int, first: int, second: int) -> Response | tuple[str, int]:
    """Download the later version with its changes since the earlier tracked, for Word."""
    req = comparable_request(request_id)
    try:
        result = services.compare_versions(req, first, second)
    except services.AgreementRefused as refused:
        return _refused(req, refused)
    if result is None:
        abort(404)
    return _attachment(result.comparison.document, result.filename, DOCX)


@bp.route("/<int:version>/approve", methods=["POST"])
@roles_required(Role.SOLICITOR)
def approve(request_id: int, version: int) -> Response | tuple[str, int]:
    """Approve a draft as to form, as the City Solicitor."""
    req = access.request_for(current_user, request_id)
    draft = draft_of(req, version)
    if draft is None or not BaseForm().validate_on_submit():
        abort(404)
    try:
        services.approve_as_to_form(req, draft, current_user)
    except services.AgreementRefused as refused:
        return _refused(req, refused)
    db.session.commit()
    flash(_("Version %(v)s is approved as to form.", v=version), "success")
    return redirect(url_for("review.show", request_id=req.id, _anchor="agreement"))


@bp.route("/signed", methods=["POST"])
@roles_required(Role.CCO_REVIEWER)
def record_signature(request_id: int) -> Response | tuple[str, int]:
    """Record the signed copy: the agreement becomes active in the registry."""
    req = access.request_for(current_user, request_id)
    form = SignedCopyForm(approved_on=services.signed_approval_date(req))
    if not form.validate_on_submit():
        return render_request(req, signed_form=form, status=400)
    try:
        services.record_signature(req, current_user, form.checked, form.signed_on.data)
    except services.AgreementRefused as refused:
        return _refused(req, refused, form)
    db.session.commit()
    flash(_("The signed agreement is recorded in the registry."), "success")
    return redirect(url_for("review.show", request_id=req.id, _anchor="agreement"))


@templates_bp.route("", methods=["GET", "POST"], endpoint="index")
@roles_required(Role.ADMIN)
def templates() -> str | Response | tuple[str, int]:
    """Show the agreement templates in use and take a replacement."""
    form = TemplateForm()
    problems: list[str] = []
    if form.validate_on_submit():
        try:
            services.replace_template(current_user, Category(form.category.data),
                                      form.template.data.filename, form.content)
        except services.AgreementRefused as refused:
            db.session.rollback()
            problems = [refused.message]
        else:
            db.session.commit()
            flash(_("The template is replaced: new drafts use it."), "success")
            return redirect(url_for("agreement_templates.index"))
    uploads = db.session.scalars(select(AgreementTemplate).order_by(
        AgreementTemplate.uploaded_at.desc()).limit(50)).all()
    status = 400 if request.method == "POST" else 200
    return render_template("admin/templates.html", form=form, problems=problems,
                           uploads=uploads, categories=list(Category)), status


@templates_bp.route("/<category>.docx", endpoint="download")
@roles_required(Role.ADMIN)
def template_file(category: str) -> Response:
    """Download the template in use for a category, to edit it in Word."""
    if category not in {c.value for c in Category}:
        abort(404)
    import docgen

    content = services.current_template(Category(category)) or docgen.packaged_template(
        category)
    return _attachment(content, f"{category}.docx", DOCX)
