"""Serve the signed-in person's home: the work awaiting them, per the policy's inboxes."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from portal.access import signed_in
from portal.agreements import services as agreements
from portal.home import pages
from portal.models import EngagementRequest
from portal.policy.lifecycle import Status
from portal.policy.next_step import listed_step
from portal.policy.phrases import Phrase
from portal.policy.roles import Role
from portal.policy.steps import consultations_hold
from portal.review import services as review

bp = Blueprint("home", __name__, url_prefix="/home")

HOME_ELSEWHERE: dict[Role, str] = {
    Role.CITY: "intake.my_requests",
    Role.ADMIN: "admin.users",
}
"""Roles whose home is another feature's page: a city's requests, an administrator's accounts."""


def home_endpoint(role: Role) -> str:
    """Return the endpoint of ``role``'s home, where signing in and "Your work" lead."""
    return HOME_ELSEWHERE.get(role, "home.index")


@bp.route("")
@signed_in
def index() -> str | Response:
    """Show what awaits the signed-in person, each inbox of their role with its count."""
    endpoint = home_endpoint(current_user.role_enum)
    if endpoint != "home.index":
        return redirect(url_for(endpoint))
    return render_template("home/index.html", page=pages.home_page(current_user))


@bp.app_template_global()
def home_url() -> str | None:
    """Return the signed-in person's home, which every page's navigation links."""
    if not current_user.is_authenticated:
        return None
    return url_for(home_endpoint(current_user.role_enum))


@bp.app_template_filter("next_step_label")
def next_step_label(status: str) -> Phrase:
    """Return the step a request in ``status`` waits on, as its holder reads it."""
    return listed_step(Status(status))


@bp.app_template_global()
def listed_step_of(req: EngagementRequest) -> Phrase:
    """Return the step ``req`` waits on for a staff list, naming the offices it waits on."""
    consulted = (tuple(c.division.name for c in review.open_consultations_of(req))
                 if consultations_hold(req.status_enum) else ())  # else nothing to read
    drafts = agreements.drafts_of(req) if req.status_enum is Status.AGREEMENT_DRAFTED else []
    return listed_step(req.status_enum, consulted,
                       draft_returned=agreements.newest_returned(drafts))
