"""Answer errors with pages people can act on; never show a stack trace."""

from __future__ import annotations

import re

from flask import Flask, current_app, g, jsonify, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from werkzeug.exceptions import HTTPException, MethodNotAllowed
from werkzeug.routing import RequestRedirect
from werkzeug.wrappers import Response

from portal.extensions import db, login_manager
from portal.policy.refusals import Refused

_NOT_ECHOED = re.compile(r"password|confirm|secret|token|(^|[-_])version$", re.IGNORECASE)
"""Posted fields the unavailable page never shows back: passwords (and their confirmation),
tokens and the form's own state. tests/test_unavailable.py checks every PasswordField of
forms/ matches, so a new password field cannot leak onto the page."""

# Lazy: each page reads them in its own language (Werkzeug's names and descriptions are
# English only, so every code the portal answers with has its own title here).
MESSAGES = {
    401: _l("Send a valid personal access token: Authorization: Bearer followed by the token."),
    400: _l("The page could not handle what was sent. Go back and try again."),
    403: _l("You do not have access to this page."),
    404: _l("Page not found. If you typed the address, check it is correct."),
    405: _l("That is not something this page does."),
    413: _l("The file is too large. Files must be smaller than 10 MB."),
    429: _l("There have been too many attempts from your connection. Wait a minute, then try "
            "again. If you have forgotten your password, you can reset it."),
}
TITLES = {400: _l("Something was wrong with what was sent"), 401: _l("Access token needed"),
          403: _l("Access refused"),
          404: _l("Page not found"), 405: _l("Not something this page does"),
          409: _l("This cannot be done now"), 413: _l("File too large"),
          429: _l("Too many attempts")}
OTHER_TITLE = _l("This page cannot be shown")
OTHER_MESSAGE = _l("Go back and try again. If it happens again, try later.")

RETURNS_TO = {"admin.reactivate": "admin.users"}
"""Actions whose page is not the address above theirs (an account's edit page is staff's
only; reactivating is done from the list of accounts)."""


def register(app: Flask) -> None:
    """Install the error pages."""

    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError) -> tuple[str, int]:
        return render_template(
            "errors/error.html", code=400, title=_l("Your form could not be sent"),
            message=_l("The page had expired or the form was sent from elsewhere. Go back, "
                       "reload the page and send it again. Nothing you saved before was lost."),
        ), 400

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> tuple[str, int] | Response:
        code = error.code or 500
        if request.path.startswith(API_PREFIX):
            return api_error(error)
        return render_template("errors/error.html", code=code,
                               title=TITLES.get(code, OTHER_TITLE),
                               message=MESSAGES.get(code, OTHER_MESSAGE)), code

    @app.errorhandler(MethodNotAllowed)
    def method_not_allowed(error: MethodNotAllowed) -> Response | tuple[str, int]:
        # An action's address opened as a page: reloaded after the action failed (its page
        # was shown there, with what the person typed), or reached again after signing in.
        # The page the action belongs to is what they want; the failed post itself still
        # answers in place, so nothing typed is lost by a redirect in between.
        if request.method in ("GET", "HEAD"):
            page = page_of_action(request.path)
            if page is not None:
                return redirect(request.script_root + page, code=303)
        return http_error(error)

    @app.errorhandler(Refused)
    def refused(error: Refused) -> tuple[str, int]:
        # A rule said no and no route showed it at its field (a page out of date, a step
        # taken twice): the person reads the rule's own sentence, and nothing is kept.
        app.logger.info("Refused %s: %s", type(error).__name__, error)
        db.session.rollback()
        return render_template("errors/error.html", code=409, title=TITLES[409],
                               message=error.message), 409

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
            "errors/error.html", code=500,
            title=_l("Sorry, there is a problem with the service"),
            message=_l("Try again later. Your saved answers are safe."),
        ), 500


API_PREFIX = "/api/"
"""The read API's addresses answer errors in JSON, as its OpenAPI document says."""


def api_error(error: HTTPException) -> Response:
    """Return ``error`` as the API's JSON error: its code, title and a sentence.

    The sentence is the view's own when it gave one (why a token was refused), else the
    page's message for the code.
    """
    code = error.code or 500
    own = vars(error).get("description")  # set by ``abort(code, description=...)`` only
    response = jsonify(code=code, title=str(TITLES.get(code, OTHER_TITLE)),
                       message=str(own or MESSAGES.get(code, OTHER_MESSAGE)))
    response.status_code = code
    if code == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="api"'
    if code == 405 and hasattr(error, "valid_methods") and error.valid_methods:
        response.headers["Allow"] = ", ".join(error.valid_methods)
    return response


def page_of_action(path: str) -> str | None:
    """Return the page that the action at ``path`` (which takes posts only) belongs to.

    It is the nearest address above the action's that a GET opens: a request's page above
    its actions (``/review/requests/5`` above ``/review/requests/5/scores/alignment``),
    the start page at worst; or the page ``RETURNS_TO`` names. None when ``path`` is no
    action's address.
    """
    adapter = current_app.url_map.bind("localhost")
    try:
        endpoint, _args = adapter.match(path, method="POST")
    except HTTPException:  # no action here (or one reached by a redirect): a plain 405
        return None
    if endpoint in RETURNS_TO:
        return url_for(RETURNS_TO[endpoint])
    parts = path.rstrip("/").split("/")
    while len(parts) > 1:
        parts.pop()
        above = "/".join(parts) or "/"
        try:
            adapter.match(above, method="GET")
        except RequestRedirect as moved:  # the address with its trailing slash
            return str(moved.new_url).removeprefix("http://localhost")
        except HTTPException:
            continue
        return above
    return None


def typed_fields() -> list[tuple[str, str]]:
    """Return what the person posted, as (field, value), without passwords or tokens."""
    if request.method != "POST":
        return []
    posted = list(request.form.items(multi=True))
    secrets = {value for name, value in posted if _NOT_ECHOED.search(name)}
    # A password typed into the wrong box is still a password: never echo its value.
    return [(name, value) for name, value in posted
            if value.strip() and not _NOT_ECHOED.search(name) and value not in secrets]
