"""Serve the administrator's pages: staff accounts and the message outbox."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from werkzeug.wrappers import Response

from forms import BaseForm
from forms.admin import NewStaffAccountForm, StaffAccountForm
from portal import mail
from portal.access import roles_required
from portal.auth import services
from portal.extensions import db
from portal.models import Division, OutboxMessage, User
from portal.models.listing import page_count, page_number, paginate, pick
from portal.policy.accounts import deactivation_refusal, reactivation_refusal
from portal.policy.roles import Role
from portal.translation import translate

bp = Blueprint("admin", __name__, url_prefix="/admin")


def _details(form: StaffAccountForm) -> services.StaffDetails:
    return services.StaffDetails(name=form.name.data, job_title=form.job_title.data,
                                 role=Role(form.role.data), division_id=form.division_value,
                                 signing_office=form.office_value)


@bp.route("/users")
@roles_required(Role.ADMIN)
def users() -> str:
    """List accounts, filtered by role."""
    role = request.args.get("role", "")
    query = select(User).order_by(User.role, User.name)
    if role in {r.value for r in Role}:
        query = query.where(User.role == role)
    return render_template("admin/users.html", users=db.session.scalars(query).all(),
                           role=role, roles=list(Role), toggle=BaseForm())


@bp.route("/users/new", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def new_user() -> str | Response:
    """Create a staff account and email its holder a link to choose a password."""
    form = NewStaffAccountForm(divisions=Division.by_name())
    if form.validate_on_submit():
        try:
            user = services.create_staff_user(current_user, form.email.data, _details(form))
        except services.EmailTaken:
            form.email.errors.append(_("An account already uses this email address"))
        else:
            db.session.commit()
            flash(_("Account created for %(name)s. An invitation was sent to %(email)s.",
                    name=user.name, email=user.email), "success")
            return redirect(url_for("admin.users"))
    return render_template("admin/user_form.html", form=form, user=None)


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def edit_user(user_id: int) -> str | Response:
    """Change a staff account's role, division and office."""
    user = db.session.get(User, user_id)
    if user is None or user.role_enum is Role.CITY:
        abort(404)
    form = StaffAccountForm(obj=user, divisions=Division.by_name())
    if request.method == "GET":
        form.division_id.data = str(user.division_id or "")
        form.signing_office.data = user.signing_office or ""
    if form.validate_on_submit():
        if user.id == current_user.id and form.role.data != Role.ADMIN.value:
            form.role.errors.append(_("You cannot remove your own administrator role"))
        else:
            services.update_staff_user(current_user, user, _details(form))
            db.session.commit()
            flash(_("Account updated."), "success")
            return redirect(url_for("admin.users"))
    return render_template("admin/user_form.html", form=form, user=user)


def _account(user_id: int) -> User:
    """Return the account ``user_id`` names, or answer 404."""
    user = db.session.get(User, user_id)
    if user is None:
        abort(404)
    return user


@bp.route("/users/<int:user_id>/deactivate", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def deactivate(user_id: int) -> str | Response:
    """Say what deactivating an account does; deactivate it once the administrator confirms."""
    user = _account(user_id)
    refusal = deactivation_refusal(current_user.id, user.id, active=user.active)
    if refusal is not None:
        flash(translate(refusal), "error")
        return redirect(url_for("admin.users"))
    form = BaseForm()
    if form.validate_on_submit():
        services.set_active(current_user, user, False)
        db.session.commit()
        flash(_("%(name)s's account is deactivated: they are signed out and cannot sign in.",
                name=user.name), "success")
        return redirect(url_for("admin.users"))
    return render_template("admin/deactivate.html", user=user, form=form)


@bp.route("/users/<int:user_id>/reactivate", methods=["POST"])
@roles_required(Role.ADMIN)
def reactivate(user_id: int) -> Response:
    """Let a deactivated account sign in again (one click: nothing is lost by it)."""
    user = _account(user_id)
    if not BaseForm().validate_on_submit():
        abort(400)
    refusal = reactivation_refusal(active=user.active)
    if refusal is not None:
        flash(translate(refusal), "error")
        return redirect(url_for("admin.users"))
    services.set_active(current_user, user, True)
    db.session.commit()
    flash(_("%(name)s can now sign in.", name=user.name), "success")
    return redirect(url_for("admin.users"))


@bp.route("/outbox")
@roles_required(Role.ADMIN)
def outbox() -> str:
    """List the messages the portal has written, newest first, filtered by delivery state."""
    state = pick(request.args, "state", mail.DELIVERY_STATES)
    condition = mail.delivery_condition(state)
    listing = select(OutboxMessage).order_by(OutboxMessage.id.desc())
    if condition is not None:
        listing = listing.where(condition)
    found = paginate(listing, page_number(request.args), 50)
    return render_template("admin/outbox.html", messages=found.items, page=found.page,
                           pages=page_count(found.total or 0, found.per_page), state=state,
                           mail_configured=mail.is_configured())


@bp.route("/outbox/<int:message_id>")
@roles_required(Role.ADMIN)
def message(message_id: int) -> str:
    """Show one message as it would be sent."""
    found = db.session.get(OutboxMessage, message_id)
    if found is None:
        abort(404)
    return render_template("admin/message.html", message=found)
