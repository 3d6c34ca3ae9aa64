"""Answer errors with pages people can act on; never show a stack trace."""

from __future__ import annotations

from flask import Flask, render_template
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from portal.extensions import db

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
