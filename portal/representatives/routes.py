"""Serve the trust pages: CCO reviewers verify city accounts; verified ones invite colleagues."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from forms import BaseForm
from forms.representatives import InvitationForm, RefusalForm
from portal.access import representative, roles_required
from portal.extensions import db
from portal.models import EngagementRequest, User
from portal.policy.roles import Role
from portal.policy.trust import email_domain, may_invite
from portal.representatives import services
from portal.translation import translate

bp = Blueprint("representatives", __name__, url_prefix="/representatives")


def _city_account(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None or user.role_enum is not Role.CITY:
        abort(404)
    return user


@bp.route("/")
@roles_required(Role.CCO_REVIEWER)
def to_verify() -> str:
    """List the accounts that claim a city and wait for a reviewer to verify them."""
    return render_template("representatives/to_verify.html",
                           accounts=services.awaiting_verification(), domain=email_domain)


def _render_account(user: User, form: RefusalForm | None = None,
                    status: int = 200) -> tuple[str, int]:
    return render_template(
        "representatives/account.html", account=user, domain=email_domain(user.email),
        standing=services.standing_of(user), suggestion=services.suggestion_for(user),
        form=form or RefusalForm(formdata=None), back=_back(user)), status


@bp.route("/<int:user_id>")
@roles_required(Role.CCO_REVIEWER)
def show(user_id: int) -> tuple[str, int]:
    """Show who claims a city, what the portal knows of that city, and the two decisions."""
    return _render_account(_city_account(user_id))


def _back(user: User) -> str:
    # From a request's page, the reviewer returns there once the account is decided.
    request_id = request.values.get("request_id", type=int)
    if request_id is not None:
        req = db.session.get(EngagementRequest, request_id)
        if req is not None and req.submitter_id == user.id:
            return url_for("review.show", request_id=req.id)
    return url_for("representatives.to_verify")


@bp.route("/<int:user_id>/verify", methods=["POST"])
@roles_required(Role.CCO_REVIEWER)
def verify(user_id: int) -> Response | tuple[str, int]:
    """Verify the account as a representative of the city it claims."""
    user = _city_account(user_id)
    try:
        services.verify(current_user, user)
    except services.VerificationRefused as refused:
        flash(translate(refused.message), "error")
        return _render_account(user, status=409)
    db.session.commit()
    flash(_("%(name)s is verified as a representative of %(city)s. They have been told.",
            name=user.name, city=user.city.name if user.city else ""), "success")
    return redirect(_back(user))


@bp.route("/<int:user_id>/refuse", methods=["POST"])
@roles_required(Role.CCO_REVIEWER)
def refuse(user_id: int) -> Response | tuple[str, int]:
    """Refuse the account's claim, with the reason the person is told."""
    user = _city_account(user_id)
    # Whether the claim can be decided at all comes first: a reason for a decision the
    # page no longer offers would have nowhere to be shown.
    reason = services.why_not_decide(current_user, user)
    if reason:
        flash(translate(reason), "error")
        return _render_account(user, status=409)
    form = RefusalForm()
    if not form.validate_on_submit():
        return _render_account(user, form, status=400)
    try:
        services.refuse(current_user, user, form.reason.data)
    except services.VerificationRefused as refused:
        flash(translate(refused.message), "error")
        return _render_account(user, form, status=409)
    db.session.commit()
    flash(_("The claim is refused and %(name)s has been told why.", name=user.name), "success")
    return redirect(_back(user))


@bp.route("/colleagues", methods=["GET", "POST"])
@roles_required(Role.CITY)
def colleagues() -> Response | tuple[str, int]:
    """Let a verified representative see its city's people and invite a colleague."""
    allowed = may_invite(representative(current_user))
    form = InvitationForm()
    if allowed and form.validate_on_submit():
        services.invite(current_user, services.Invitation(
            name=form.name.data, job_title=form.job_title.data, email=form.email.data))
        db.session.commit()
        flash(_("We have sent an invitation to %(email)s. Your colleague is verified once "
                "they choose a password.", email=form.email.data), "success")
        return redirect(url_for("representatives.colleagues"))
    status = 400 if request.method == "POST" else 200
    if request.method == "POST" and not allowed:
        status = 403
    return render_template(
        "representatives/colleagues.html", form=form if allowed else BaseForm(formdata=None),
        allowed=allowed, standing=services.standing_of(current_user),
        people=services.colleagues_of(current_user) if allowed else [],
        pending=services.pending_invitation), status
