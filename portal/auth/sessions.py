"""Begin, check and end signed-in sessions (OWASP ASVS 3.3).

Sessions stay in cookies signed with the secret key, as DESIGN says: any worker on any host
reads them and the portal keeps no session store. A signed cookie cannot be revoked one by
one, so an account's sessions are ended all at once instead: the cookie names the account
by Flask-Login's alternative id, ``"<id>.<session_epoch>"``, and the user loader refuses a
cookie whose epoch is no longer the account's. Raising ``User.session_epoch`` (at sign-out,
a password change or reset, deactivation, a change of role, office or division) therefore
ends every session of that account on every host at its next request, a copied cookie
included, for the price of one column the loader reads anyway.

Each session also carries, signed with it, when it began and when it was last used; a
check before every request ends it after the idle time of the account's role or after the
absolute lifetime (``portal.policy.sessions`` decides, the settings give the lengths).
"""

from __future__ import annotations

import time

from flask import current_app, flash, redirect, request, session, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_user, logout_user
from werkzeug.wrappers import Response

from portal.models import User
from portal.policy.sessions import SessionEnd, SessionLimits, session_end

STARTED = "_started"
SEEN = "_seen"
# Writing the cookie back on every request would cost a Set-Cookie per response; a minute's
# precision is enough for limits counted in tens of minutes.
SEEN_PRECISION_SECONDS = 60


def now() -> float:
    """Return the time, in seconds since the epoch (tests replace this clock)."""
    return time.time()


def limits() -> SessionLimits:
    """Return the session lengths the settings give."""
    config = current_app.config
    return SessionLimits(idle_minutes_staff=int(config["SESSION_IDLE_MINUTES_STAFF"]),
                         idle_minutes_city=int(config["SESSION_IDLE_MINUTES_CITY"]),
                         max_minutes=int(float(config["SESSION_MAX_HOURS"]) * 60))


def begin(user: User) -> None:
    """Sign ``user`` in with a new session that keeps nothing of the one before.

    Clearing the session first gives the signed-in session a new identity: a cookie an
    attacker planted (or copied) before the sign-in holds nothing the new one trusts.
    Never "remember me": a session lasts at most SESSION_MAX_HOURS.
    """
    session.clear()
    login_user(user, remember=False)
    stamp = int(now())
    session[STARTED] = session[SEEN] = stamp


def end() -> None:
    """Sign out of this session, keeping nothing of it."""
    session.clear()
    # After the clear: logout_user marks a "remember me" cookie, if one came, for deletion.
    logout_user()


def check_session() -> Response | None:
    """End a session that has gone idle or grown too old, and send its holder to sign in."""
    remembered = current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token")
    if request.endpoint == "static" or (
            "_user_id" not in session and remembered not in request.cookies):
        return None  # nobody signed in: nothing to load, nothing to end
    if not current_user.is_authenticated:
        # The loader refused the cookie (an old epoch, a deactivated account): drop it all.
        session.clear()
        return None
    stamp = now()
    started, seen = session.get(STARTED), session.get(SEEN)
    settings = limits()
    ended = session_end(current_user.role_enum, _number(started), _number(seen), stamp,
                        settings)
    if ended is None:
        if stamp - float(seen) >= SEEN_PRECISION_SECONDS:
            session[SEEN] = int(stamp)
        return None
    idle = settings.idle_minutes(current_user.role_enum)
    end()
    if ended is SessionEnd.IDLE:
        flash(ngettext("Your session ended after %(num)s minute without activity. Sign in "
                       "again; your drafts are saved.",
                       "Your session ended after %(num)s minutes without activity. Sign in "
                       "again; your drafts are saved.", idle), "info")
    else:
        flash(_("Your session has ended. Sign in again; your drafts are saved."), "info")
    target = request.full_path if request.method == "GET" else None
    return redirect(url_for("auth.login", next=target and target.rstrip("?")))


def _number(value: object) -> float | None:
    # The cookie is signed, so a value is ours; still, never let a strange one raise.
    return float(value) if isinstance(value, int | float) else None
