"""Serve the administrator's list of the City's closures: add one, or remove it once confirmed.

A closure is a day the City closes beyond its holidays; every count of working days (the
queue's ageing mark, the reminders) skips it. The rules are the policy's
(``policy.working_days``), applied by ``portal.calendar``.
"""

from __future__ import annotations

from datetime import date

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from forms import BaseForm
from forms.closures import ClosureForm
from portal import calendar
from portal.access import roles_required
from portal.extensions import db
from portal.models import Closure
from portal.policy.roles import Role
from portal.translation import say

bp = Blueprint("closures", __name__, url_prefix="/admin/closures")


@bp.route("")
@roles_required(Role.ADMIN)
def index() -> str:
    """List the closures recorded, and this year's holidays beside them."""
    year = date.today().year
    return render_template("admin/closures.html", closures=calendar.closures(), year=year,
                           holidays=calendar.holidays_of(year))


@bp.route("/new", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def new() -> str | Response | tuple[str, int]:
    """Record a day the City closes, with its reason."""
    form = ClosureForm()
    if form.validate_on_submit():
        try:
            closure = calendar.add_closure(current_user, form.day.data, form.reason.data,
                                           date.today())
        except calendar.ClosureRefused as refused:
            form.day.errors.append(refused.message)  # type: ignore[attr-defined]
        else:
            db.session.commit()
            flash(_("Closure recorded: %(day)s is no longer a working day.",
                    day=say(closure.day)), "success")
            return redirect(url_for("closures.index"))
    page = render_template("admin/closure_form.html", form=form)
    return (page, 400) if form.is_submitted() else page


@bp.route("/<int:closure_id>/remove", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def remove(closure_id: int) -> str | Response:
    """Say what removing a closure does; remove it once the administrator confirms."""
    closure = db.session.get(Closure, closure_id)
    if closure is None:
        abort(404)
    form = BaseForm()
    if form.validate_on_submit():
        calendar.remove_closure(current_user, closure)
        db.session.commit()
        flash(_("Closure removed: %(day)s counts as a working day again.",
                day=say(closure.day)), "success")
        return redirect(url_for("closures.index"))
    return render_template("admin/closure_remove.html", closure=closure, form=form)
