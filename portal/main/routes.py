"""Serve the start page, the health check and the program's explanation."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.wrappers import Response

from portal.extensions import db
from portal.home.routes import home_endpoint
from portal.policy.categories import CATEGORY_RULES
from portal.policy.counterparts import PROGRAM_CONTACT, TRADE_CONTACT

bp = Blueprint("main", __name__)

@bp.route("/")
def home() -> str | Response:
    """Explain the program to visitors; send signed-in users to their home."""
    if current_user.is_authenticated:
        return redirect(url_for(home_endpoint(current_user.role_enum)))
    return render_template("main/home.html", categories=CATEGORY_RULES.values(),
                           program_contact=PROGRAM_CONTACT, trade_contact=TRADE_CONTACT)


@bp.route("/healthz")
def health() -> tuple[dict[str, str], int]:
    """Answer a load balancer's health check: 200 if the database answers, else 503.

    A worker that cannot reach its database serves nothing useful, so the balancer should
    send people elsewhere; the check runs one SELECT 1 and nothing else.
    """
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError:  # down, unreachable, refusing connections: all mean "not now"
        try:
            db.session.rollback()
        except SQLAlchemyError:
            db.session.invalidate()
        return {"status": "unavailable"}, 503
    return {"status": "ok"}, 200
