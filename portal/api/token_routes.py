"""Serve a staff member's personal access tokens on their account: create, list, revoke.

A new token is shown on the page that created it, once: it is not stored, so it cannot be
shown again (``portal.api.tokens``). Only staff hold tokens (``policy.api_tokens``).
"""

from __future__ import annotations

from datetime import date, timedelta

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from forms import BaseForm
from forms.api_tokens import ApiTokenForm
from portal.access import STAFF_ROLES, roles_required
from portal.api import tokens
from portal.extensions import db
from portal.models._types import utcnow
from portal.policy.api_tokens import DEFAULT_LIFETIME_DAYS

tokens_bp = Blueprint("api_tokens", __name__, url_prefix="/account/tokens")


@tokens_bp.route("", methods=["GET", "POST"])
@roles_required(*STAFF_ROLES)
def index() -> str | tuple[str, int]:
    """List the person's tokens; create one, shown this once."""
    today = date.today()
    form = ApiTokenForm(data={"expires_on": today + timedelta(days=DEFAULT_LIFETIME_DAYS)})
    created = None
    if form.validate_on_submit():
        try:
            created = tokens.create_token(current_user, form.name.data, form.expires_on.data,
                                          today)
        except tokens.TokenRefused as refused:
            form.expires_on.errors.append(refused.message)  # type: ignore[attr-defined]
        else:
            db.session.commit()
            form = ApiTokenForm(formdata=None, data={
                "expires_on": today + timedelta(days=DEFAULT_LIFETIME_DAYS)})
    page = render_template("api/tokens.html", form=form, created=created, now=utcnow(),
                           tokens=tokens.tokens_of(current_user), revoke_form=BaseForm())
    return (page, 400) if form.errors else page


@tokens_bp.route("/<int:token_id>/revoke", methods=["POST"])
@roles_required(*STAFF_ROLES)
def revoke(token_id: int) -> Response:
    """Revoke one of the person's own tokens: it is refused from now on."""
    token = tokens.own_token(current_user, token_id)
    tokens.revoke_token(current_user, token)
    db.session.commit()
    flash(_("Token “%(name)s” revoked: it no longer works.", name=token.name), "success")
    return redirect(url_for("api_tokens.index"))
