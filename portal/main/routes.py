"""Serve the start page, the health check and the program's explanation."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, abort, current_app, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.wrappers import Response

from forms.languages import LanguageForm
from portal.extensions import db
from portal.home.routes import home_endpoint
from portal.languages import offered, remember_language
from portal.policy.categories import CATEGORY_RULES
from portal.policy.counterparts import PROGRAM_CONTACT, TRADE_CONTACT
from portal.policy.languages import local_path, offered_choice

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


ICON_MAX_AGE = 7 * 24 * 3600
"""Seconds a browser may keep the icon before asking again: it rarely changes."""


@bp.route("/favicon.ico")
def favicon() -> Response:
    """Serve the portal's icon where browsers look for it without being told."""
    # Pages name the SVG icon; browsers and tools that ask for /favicon.ico get the same
    # picture as an .ico instead of a 404 in every log. Read whole (5 kB), so no file is
    # left open by a client that never reads the answer.
    icon = Path(str(current_app.static_folder)) / "favicon.ico"
    response = Response(icon.read_bytes(), mimetype="image/vnd.microsoft.icon")
    response.cache_control.public = True
    response.cache_control.max_age = ICON_MAX_AGE
    response.add_etag()
    return response.make_conditional(request)


@bp.route("/language", methods=["POST"])
def choose_language() -> Response:
    """Remember the language chosen in the header, on the account and in the browser.

    The person returns to the page they were on (only a path on this site: no open
    redirect), now in the language they chose.
    """
    form = LanguageForm()
    chosen = offered_choice(form.language.data, offered())
    if chosen is None:
        abort(400)  # the button only ever posts an offered language
    if current_user.is_authenticated:
        current_user.language = chosen
        db.session.commit()
    response = redirect(local_path(form.next.data) or url_for("main.home"), code=303)
    remember_language(response, chosen)
    return response
