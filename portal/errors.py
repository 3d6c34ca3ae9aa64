"""Answer errors with pages people can act on; never show a stack trace."""

from __future__ import annotations

import re

from flask import Flask, g, render_template, request
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from werkzeug.exceptions import HTTPException

from portal.extensions import db, login_manager

_NOT_ECHOED = re.compile(r"password|confirm|secret|token|(^|[-_])version$", re.IGNORECASE)
"""Posted fields the unavailable page never shows back: passwords (and their confirmation),
tokens and the form's own state. tests/test_unavailable.py checks every PasswordField of
forms/ matches, so a new password field cannot leak onto the page."""

MESSAGES = {
    400: "The page could not handle what was sent. Go back and try again.",
    403: "You do not have access to this page.",
    404: "Page not found. If you typed the address, check it is correct.",
    405: "That is not something this page does.",
    413: "The file is too large. Files must be smaller than 10 MB.",
    429: "There have been too many attempts from your connection. Wait a minute, then try "
         "again. If you have forgotten your password, you can reset it.",
}
TITLES = {429: "Too many attempts"}


def register(app: Flask) -> None:
    """Install the error pages."""

    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError) -> tuple[str, int]:
        return render_template(
            "errors/error.html", code=400, title="Your form could not be sent",
            message="The page had expired or the form was sent from elsewhere. Go back, "
                    "reload the page and send it again. Nothing you saved before was lost.",
        ), 400

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> tuple[str, int]:
        code = error.code or 500
        return render_template("errors/error.html", code=code,
                               title=TITLES.get(code, error.name),
                               message=MESSAGES.get(code, error.description)), code

    @app.errorhandler(OperationalError)
    @app.errorhandler(InterfaceError)
    def database_unavailable(error: DBAPIError) -> tuple[str, int]:
        # The database is down, unreachable or locked past the busy timeout: nothing was
        # saved, and saying so, with what the person typed, beats a generic failure.
        app.logger.warning("Database unavailable: %s", error.orig or error)
        try:
            db.session.rollback()
        except Exception:  # noqa: BLE001  (the connection may be gone; the page matters)
            db.session.invalidate()
        if "_login_user" not in g:
            # Loading the signed-in user needs the database; the page shows as signed out
            # rather than failing a second time while it is drawn.
            g._login_user = login_manager.anonymous_user()
        return render_template("errors/unavailable.html", typed=typed_fields(),
                               sent_files=bool(request.files)), 503

    @app.errorhandler(Exception)
    def unexpected(error: Exception) -> tuple[str, int]:
        if app.testing:  # a test must see the bug itself, not a polite page
            raise error
        app.logger.exception("Unhandled error", exc_info=error)
        db.session.rollback()
        return render_template(
            "errors/error.html", code=500, title="Sorry, there is a problem with the service",
            message="Try again later. Your saved answers are safe.",
        ), 500


def typed_fields() -> list[tuple[str, str]]:
    """Return what the person posted, as (field, value), without passwords or tokens."""
    if request.method != "POST":
        return []
    posted = list(request.form.items(multi=True))
    secrets = {value for name, value in posted if _NOT_ECHOED.search(name)}
    # A password typed into the wrong box is still a password: never echo its value.
    return [(name, value) for name, value in posted
            if value.strip() and not _NOT_ECHOED.search(name) and value not in secrets]
