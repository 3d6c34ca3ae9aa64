"""Serve the registry: the public list and its open data, the staff registry, each agreement.

The public pages need no sign-in and show only what the City publishes: the list, the same
as JSON and CSV, their data dictionary and the catalogue's metadata. Staff see every
agreement with its history; CCO reviewers record reviews, the lead division its yearly
report, and the agreement's parties (its verified city, its lead division, a CCO reviewer)
may start a promotion or a renewal, as ``policy.proposals`` says.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from io import BytesIO

from flask import (
    Blueprint,
    abort,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from forms import BaseForm
from forms.registry import AgreementReviewForm, OutcomeReportForm, TerminationForm
from portal.access import can_view, is_submitting_party, request_for, roles_required, signed_in
from portal.extensions import db
from portal.models import Agreement, EngagementRequest, User
from portal.policy.agreement_states import NOTICE_DAYS, AgreementAction
from portal.policy.agreements import Recommendation
from portal.policy.categories import Category
from portal.policy.open_data import FIELDS, LICENCE_TITLE, LICENCE_URL, table_schema
from portal.policy.roles import Role
from portal.registry import open_data, services
from portal.registry.services import STAFF_ROLES, STATUS_FILTER_LABELS

bp = Blueprint("registry", __name__, url_prefix="/agreements")
public_bp = Blueprint("public_registry", __name__, url_prefix="/registry")


def _agreement(agreement_id: int,
               may: Callable[[User, Agreement], bool] | None = None) -> Agreement:
    """Return the agreement, or answer 404 if there is none and 403 if ``may`` refuses."""
    agreement = db.session.get(Agreement, agreement_id)
    if agreement is None:
        abort(404)
    if may is not None and not may(current_user, agreement):
        abort(403)
    return agreement


@public_bp.route("", endpoint="index")
def public() -> str:
    """Show the City's current and historical agreements to anyone."""
    user = current_user
    own = services.own_city_agreements(user) if user.is_authenticated else []
    return render_template("registry/public.html", registry=services.public_registry(),
                           own=own, labels=STATUS_FILTER_LABELS,
                           can_promote=services.can_promote,
                           can_renew=services.can_renew, licence_title=LICENCE_TITLE,
                           licence_url=LICENCE_URL)


@public_bp.route("/agreements.json", endpoint="json")
def public_json() -> Response:
    """Give the public registry as JSON: public fields only."""
    response = jsonify(services.public_registry().to_dict())
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


@public_bp.route("/agreements.csv", endpoint="csv")
def public_csv() -> Response:
    """Give the public registry as CSV: the JSON's fields, one row an agreement."""
    response = Response(open_data.registry_csv(services.public_registry()),
                        mimetype="text/csv")
    response.headers["Content-Disposition"] = "attachment; filename=iap-agreements.csv"
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


@public_bp.route("/data-dictionary.json", endpoint="data_dictionary")
def data_dictionary_json() -> Response:
    """Give the data dictionary of the CSV and JSON as a Frictionless Table Schema."""
    response = jsonify(table_schema())
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


@public_bp.route("/data-dictionary", endpoint="dictionary_page")
def data_dictionary_page() -> str:
    """Show each field of the open data: its meaning, type and allowed values."""
    return render_template("registry/data_dictionary.html", fields=FIELDS,
                           licence_title=LICENCE_TITLE, licence_url=LICENCE_URL)


@public_bp.route("/package.json", endpoint="package")
def package_json() -> Response:
    """Give the dataset's metadata in the shape of the City's catalogue (CKAN package_show)."""
    response = jsonify(open_data.package_metadata())
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


@bp.route("")
@roles_required(*STAFF_ROLES)
def index() -> str:
    """List every agreement, filtered and sorted as the URL says."""
    filters = services.parse_filters(request.args)
    window = services.review_window_days()
    page = services.registry_page(filters, date.today(), window)
    return render_template("registry/index.html", page=page, f=page.filters, window=window,
                           labels=STATUS_FILTER_LABELS,
                           categories=list(Category))


@bp.route("/<int:agreement_id>")
@roles_required(*STAFF_ROLES)
def agreement(agreement_id: int) -> str:
    """Show one agreement: details, origin, documents, reviews, reports and history."""
    found = _agreement(agreement_id)
    today, window = date.today(), services.review_window_days()
    row = services.row_for(found, today, window)
    user = current_user
    years = services.report_years(found, today)
    return render_template(
        "registry/agreement.html", agreement=found, row=row, labels=STATUS_FILTER_LABELS,
        origin=services.request_of(found), visible_origin=services.visible_request(user, found),
        reviews=services.reviews_of(found), reports=services.reports_of(found),
        events=services.events_of(found),
        successors=services.successors(found), report_years=years,
        suggested_year=today.year - 1 if today.year - 1 in years else next(iter(years), None),
        recommendation_labels={r.value: r.label for r in Recommendation},
        can_open=lambda req: can_view(user, req), may_review=services.can_review(user, found),
        may_report=services.can_report(user, found),
        may_promote=services.can_promote(user, found),
        may_renew=services.can_renew(user, found),
        may_terminate=services.can_terminate(user, found), why_not=_why_not(user, found))


def _why_not(user: User, agreement: Agreement) -> list[str]:
    """Return why the actions a person could otherwise take are not offered, as the policy says.

    Only for what the person's role could do: a reviewer reads why it cannot be terminated,
    a party why it cannot be promoted or renewed. Each reason once.
    """
    actions = []
    if user.role_enum is Role.CCO_REVIEWER:
        actions.append(AgreementAction.TERMINATE)
    if services.proposal_refused(user, agreement) is None:
        actions.append(AgreementAction.RENEW)
        if agreement.category_enum is Category.INTERNATIONAL_PROJECT:
            actions.append(AgreementAction.PROMOTE)
    reasons = [services.state_refusal(action, agreement) for action in actions]
    return list(dict.fromkeys(r for r in reasons if r))


@bp.route("/<int:agreement_id>/signed-copy")
@signed_in
def signed_copy(agreement_id: int) -> Response:
    """Download the signed copy: staff, and the city or division that is party to it."""
    found = _agreement(agreement_id)
    if found.signed_copy is None or found.request_id is None:
        abort(404)
    request_for(current_user, found.request_id)
    response = send_file(BytesIO(found.signed_copy), as_attachment=True,
                         mimetype=found.signed_media_type or "application/octet-stream",
                         download_name=found.signed_filename or "agreement")
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.route("/<int:agreement_id>/terminate", methods=["GET", "POST"])
@roles_required(Role.CCO_REVIEWER)
def terminate(agreement_id: int) -> str | Response | tuple[str, int]:
    """Record notice of termination of an agreement in force, as a CCO reviewer."""
    found = _agreement(agreement_id, services.can_terminate)
    form = TerminationForm(in_force_from=found.start_date)
    if form.validate_on_submit():
        try:
            services.terminate(found, current_user, form.notice_on.data, form.reason.data)
        except services.AgreementChangeRefused as refused:
            db.session.rollback()
            form.notice_on.errors = [*form.notice_on.errors, refused.message]
        else:
            db.session.commit()
            flash(_("Notice of termination is recorded: the agreement ends on %(end)s.",
                    end=found.terminates_on.isoformat() if found.terminates_on else ""),
                  "success")
            return redirect(url_for("registry.agreement", agreement_id=found.id,
                                    _anchor="history"))
    status = 400 if request.method == "POST" else 200
    return render_template("registry/terminate.html", agreement=found, form=form,
                           notice_days=NOTICE_DAYS), status


@bp.route("/<int:agreement_id>/review", methods=["GET", "POST"])
@roles_required(*STAFF_ROLES)
def review(agreement_id: int) -> str | Response | tuple[str, int]:
    """Record a periodic review of an agreement, as a CCO reviewer."""
    found = _agreement(agreement_id, services.can_review)
    form = AgreementReviewForm(indicators=services.indicators_of(found),
                               category=found.category_enum)
    if form.validate_on_submit():
        services.record_review(found, current_user, form.entries(), form.summary.data,
                               form.chosen)
        db.session.commit()
        flash(_("The review is recorded."), "success")
        return redirect(url_for("registry.agreement", agreement_id=found.id, _anchor="reviews"))
    status = 400 if request.method == "POST" else 200
    return render_template("registry/review.html", agreement=found, form=form), status


@bp.route("/<int:agreement_id>/reports/<int:year>", methods=["GET", "POST"])
@roles_required(*STAFF_ROLES)
def report(agreement_id: int, year: int) -> str | Response | tuple[str, int]:
    """Record (or change) the year's outcome report, as the lead division or CCO."""
    found = _agreement(agreement_id, services.can_report)
    if year not in services.report_years(found, date.today()):
        abort(404)
    existing = services.report_for(found, year)
    indicators = services.indicators_of(found)
    data = None
    if existing is not None:
        data = {"rows": [{"outcome": e.get("outcome", ""), "text": e.get("progress", ""),
                          "rating": e.get("rating", "")} for e in existing.entries]}
    form = OutcomeReportForm(indicators=indicators, data=data)
    if form.validate_on_submit():
        services.save_report(found, current_user, year, form.entries())
        db.session.commit()
        flash(_("The outcome report for %(year)s is saved.", year=year), "success")
        return redirect(url_for("registry.agreement", agreement_id=found.id, _anchor="reports"))
    status = 400 if request.method == "POST" else 200
    return render_template("registry/report.html", agreement=found, form=form, year=year,
                           existing=existing), status


def _propose(agreement_id: int, kind: str) -> str | Response:
    found = _agreement(agreement_id,
                       services.can_promote if kind == "promote" else services.can_renew)
    already = services.open_successor(found, current_user)
    if request.method == "POST" and BaseForm().validate_on_submit():
        if already is not None:
            flash(_("A proposal for this agreement is already open."), "info")
            return redirect(_where(already))
        start = services.start_promotion if kind == "promote" else services.start_renewal
        req = start(found, current_user)
        db.session.commit()
        if not is_submitting_party(current_user, req):
            # A CCO reviewer's draft is filed for a division, whose staff complete it.
            flash(_("The draft is ready for %(division)s to complete and submit.",
                    division=req.sponsoring_division.name if req.sponsoring_division
                    else _("the division")), "success")
            return redirect(url_for("registry.agreement", agreement_id=found.id))
        flash(_("Your draft is ready: check the answers carried over and complete it."),
              "success")
        return redirect(url_for("intake.show", request_id=req.id))
    return render_template("registry/propose.html", agreement=found, kind=kind,
                           already=already, where=_where(already) if already else None)


def _where(req: EngagementRequest) -> str:
    """Return where ``req`` opens for the current user."""
    if is_submitting_party(current_user, req):
        return url_for("intake.show", request_id=req.id)
    if current_user.is_staff and can_view(current_user, req):
        return url_for("review.show", request_id=req.id)
    return url_for("public_registry.index")


@bp.route("/<int:agreement_id>/promote", methods=["GET", "POST"])
@signed_in
def promote(agreement_id: int) -> str | Response:
    """Start a Partnership City draft from an active International Project."""
    return _propose(agreement_id, "promote")


@bp.route("/<int:agreement_id>/renew", methods=["GET", "POST"])
@signed_in
def renew(agreement_id: int) -> str | Response:
    """Start a draft of the same category that renews an active agreement."""
    return _propose(agreement_id, "renew")
