"""Serve registration, sign-in and sign-out, email confirmation and password reset."""

from __future__ import annotations

from datetime import timedelta

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from forms.auth import (
    ForgotPasswordForm,
    GovernmentKindForm,
    LoginForm,
    RegistrationForm,
    ResetPasswordForm,
)
from portal import signals
from portal.access import signed_in
from portal.auth import city_account, services, sessions, tokens
from portal.extensions import db, limiter
from portal.languages import registering_language
from portal.notifications import external_url
from portal.policy.city_sign_in import PASSWORD_REFUSED_FOR_STAFF, password_allowed
from portal.policy.counterparts import GovernmentKind
from portal.policy.languages import local_path
from portal.policy.sessions import reachable_before_confirmation
from portal.policy.submission import is_refused_counterpart
from portal.translation import say

bp = Blueprint("auth", __name__)


@bp.before_app_request
def end_expired_session() -> Response | None:
    """End a session that went idle or grew too old (runs before every other check)."""
    return sessions.check_session()


@bp.before_app_request
def require_confirmed_email() -> Response | None:
    """Send an account with an unconfirmed email address to confirm it.

    From anywhere the policy does not let such an account reach.
    """
    if request.endpoint is None or reachable_before_confirmation(request.endpoint):
        return None  # a page anyone may see, or no page at all (the 404 answers)
    if not current_user.is_authenticated or current_user.email_confirmed:
        return None
    return redirect(url_for("auth.unconfirmed"))


def _setting(name: str) -> str:
    """Return a rate limit from the settings, read at each request so tests can change it."""
    return current_app.config[name]


def _sign_in_failed(response: Response) -> bool:
    # A successful sign-in redirects; only failed attempts count against the address.
    return response.status_code != 302


# The kind chosen at the first step of registration, kept for the second in the signed
# session cookie (so it cannot be forged to reach the second step without the first).
REGISTER_KIND = "register_kind"


@bp.route("/register", methods=["GET", "POST"])
def register() -> str | Response:
    """Ask a body wishing to register what kind of government it is, before anything else."""
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    form = GovernmentKindForm(government_kind=session.get(REGISTER_KIND))
    if form.validate_on_submit():
        kind = GovernmentKind(form.government_kind.data)
        if is_refused_counterpart(kind):
            session.pop(REGISTER_KIND, None)
            return render_template("auth/not_eligible.html", kind=kind)
        session[REGISTER_KIND] = kind.value
        return redirect(url_for("auth.register_details"))
    return render_template("auth/register.html", form=form)


def _chosen_kind() -> GovernmentKind | None:
    """Return the eligible kind of government chosen at the first step, if any."""
    try:
        kind = GovernmentKind(session.get(REGISTER_KIND, ""))
    except ValueError:
        return None
    return None if is_refused_counterpart(kind) else kind


@bp.route("/register/details", methods=["GET", "POST"])
@limiter.limit(lambda: _setting("REGISTER_RATE_LIMIT"), methods=["POST"])
def register_details() -> str | Response:
    """Let a local government's representative open an account.

    Whether or not an account already uses the email address, the answer is the same page
    and nobody is signed in: the holder of the address learns the rest by email.
    """
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    kind = _chosen_kind()
    if kind is None:
        return redirect(url_for("auth.register"))
    form = RegistrationForm()
    if form.validate_on_submit():
        details = services.CityRegistration(
            name=form.name.data, job_title=form.job_title.data, email=form.email.data,
            password=form.password.data, city_name=form.city_name.data,
            country_code=form.country.data, government_kind=kind,
            language=registering_language(),
        )
        services.register_city_representative(details)
        db.session.commit()
        session.pop(REGISTER_KIND, None)
        return render_template("auth/check_email.html", email=form.email.data)
    return render_template("auth/register_details.html", form=form, kind=kind)


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(lambda: _setting("LOGIN_RATE_LIMIT"), methods=["POST"],
               deduct_when=_sign_in_failed)
def login() -> str | Response:
    """Sign in with an email address and password."""
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    form = LoginForm()
    if form.validate_on_submit():
        config = current_app.config
        user = services.authenticate(
            form.email.data, form.password.data, max_failures=config["LOGIN_LOCKOUT_FAILURES"],
            lockout=timedelta(minutes=config["LOGIN_LOCKOUT_MINUTES"]))
        db.session.commit()  # the failure count, or its reset
        if user is None:
            # One message for every failure (unknown email, wrong password, locked account),
            # so it never reveals whether an account exists.
            form.password.errors.append(_("The email address or password is incorrect"))
        elif not password_allowed(user.role_enum, city_account.enabled()):
            form.password.errors.append(say(PASSWORD_REFUSED_FOR_STAFF))  # the right password
        else:
            # The next page comes from the address, not the session, so nothing of the
            # anonymous session needs to survive the new one.
            sessions.begin(user)
            return redirect(local_path(request.args.get("next")) or url_for("main.home"))
    return render_template("auth/login.html", form=form, city_sign_in=city_account.enabled())


@bp.route("/login/oidc")
def oidc_login() -> Response:
    """Send a member of staff to sign in at the City's identity provider."""
    if not city_account.enabled():
        abort(404)  # not configured: the portal is as it was, with no such page
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    return city_account.start(external_url("auth.oidc_callback"),
                              local_path(request.args.get("next")))


@bp.route("/login/oidc/callback")
@limiter.limit(lambda: _setting("LOGIN_RATE_LIMIT"), deduct_when=_sign_in_failed)
def oidc_callback() -> str | tuple[str, int] | Response:
    """Sign in the member of staff the City's identity provider sends back, if the policy may."""
    if not city_account.enabled():
        abort(404)
    try:
        user = city_account.staff_account_for(city_account.finish())
    except city_account.CitySignInRefused as refusal:
        db.session.commit()  # the refusal's audit entry
        return render_template("auth/city_sign_in_refused.html",
                               reason=say(refusal.message)), refusal.status
    next_path = city_account.take_next()
    db.session.commit()
    sessions.begin(user)  # a new session, as after a password (nothing of the old one kept)
    return redirect(next_path or url_for("main.home"))


@bp.route("/logout", methods=["POST"])
def logout() -> Response:
    """Sign out, here and in every other browser signed in to the account."""
    if current_user.is_authenticated:
        services.end_sessions(current_user)
        db.session.commit()
    sessions.end()
    flash(_("You have signed out. Your drafts are saved."), "success")
    return redirect(url_for("main.home"))


@bp.route("/confirm-email")
@signed_in
def unconfirmed() -> str | Response:
    """Ask an account whose email address is not confirmed to confirm it: all it may do."""
    if current_user.email_confirmed:
        return redirect(url_for("main.home"))
    return render_template("auth/unconfirmed.html")


@bp.route("/confirm/<token>")
def confirm_email(token: str) -> str | Response:
    """Confirm an account's email address from the emailed link."""
    try:
        user = tokens.read_token(token, tokens.CONFIRM,
                                 current_app.config["CONFIRM_EMAIL_MAX_AGE"])
    except tokens.TokenProblem as problem:
        return render_template("auth/link_problem.html", expired=problem.expired,
                               purpose="confirm"), 400
    services.confirm_email(user)
    db.session.commit()
    flash(_("Thank you: your email address is confirmed."), "success")
    return redirect(url_for("main.home"))


@bp.route("/confirm/resend", methods=["POST"])
@signed_in
def resend_confirmation() -> Response:
    """Send a new confirmation link to the signed-in user."""
    if not current_user.email_confirmed:
        services.send_confirmation(current_user)
        db.session.commit()
        flash(_("We have sent a new link to %(email)s.", email=current_user.email), "success")
    # Back to the one page an unconfirmed account may use.
    return redirect(url_for("main.home" if current_user.email_confirmed
                            else "auth.unconfirmed"))


@bp.route("/password/forgot", methods=["GET", "POST"])
@limiter.limit(lambda: _setting("PASSWORD_RESET_RATE_LIMIT"), methods=["POST"])
def forgot_password() -> str | Response:
    """Ask for a password reset link."""
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        services.start_password_reset(form.email.data)
        db.session.commit()
        return render_template("auth/reset_sent.html", email=form.email.data)
    return render_template("auth/forgot_password.html", form=form)


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
def reset_password(token: str) -> str | Response:
    """Choose a new password through an emailed, single-use link."""
    return _choose_password(token, tokens.RESET, "reset",
                            current_app.config["PASSWORD_RESET_MAX_AGE"])


@bp.route("/invitation/<token>", methods=["GET", "POST"])
def accept_invitation(token: str) -> str | Response:
    """Let an invited staff member choose a password."""
    return _choose_password(token, tokens.INVITE, "invitation",
                            current_app.config["CONFIRM_EMAIL_MAX_AGE"])


def _choose_password(token: str, purpose: str, reason: str, max_age: int) -> str | Response:
    try:
        user = tokens.read_token(token, purpose, max_age)
    except tokens.TokenProblem as problem:
        return render_template("auth/link_problem.html", expired=problem.expired,
                               purpose=reason), 400
    form = ResetPasswordForm()
    if form.validate_on_submit():
        services.change_password(user, form.password.data, reason=reason)
        if reason == "invitation":  # a city colleague's invitation verifies its link
            signals.invitation_accepted.send(user)
        db.session.commit()
        flash(_("Your password is set. Sign in with it now."), "success")
        return redirect(url_for("auth.login"))
    return render_template("auth/reset_password.html", form=form, reason=reason)
