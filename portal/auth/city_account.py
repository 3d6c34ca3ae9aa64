"""Sign City staff in with the City's identity provider (OpenID Connect, through Authlib).

Authlib does the protocol: the authorization code flow with PKCE (S256), a fresh ``state``
and ``nonce`` kept in the signed session cookie and removed as soon as the callback reads
them (the same callback address used twice finds no state and is refused), the code
exchange, and the ID token's signature (the provider's published keys), issuer, audience
(the portal's client id), expiry and nonce. This module adds what is ours: the provider
named by the settings must be the one its discovery document names, an ID token is
required (not only an access token), and ``portal.policy.city_sign_in`` decides which
account, if any, the person signs in to.

The client is built from the settings at each use, so nothing is kept in the process
(DESIGN: any worker may serve the callback of a sign-in another worker began). Authlib,
its JOSE library and requests (18 MB of a worker) are imported at that first use too: most
workers never serve a City sign-in.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from flask import current_app, session
from werkzeug.wrappers import Response

from portal import audit
from portal.auth import services
from portal.config import city_sign_in_on
from portal.models import User
from portal.policy.city_sign_in import AccountFacts, Outcome, decide, group_role
from portal.policy.phrases import N_, Phrase
from portal.policy.refusals import Refused
from portal.policy.roles import Role

if TYPE_CHECKING:
    from authlib.integrations.flask_client import FlaskOAuth2App

NAME = "city"
SCOPE = "openid email profile"
# Clocks of the provider and the portal may differ a little; an ID token is checked for
# expiry (and issue time) with this much slack, in seconds.
LEEWAY_SECONDS = 60
TIMEOUT_SECONDS = 10
NEXT = "city_sign_in_next"  # where to go once signed in, kept across the provider's pages


class CitySignInRefused(Refused):
    """The provider's answer signs nobody in; ``message`` says why, ``status`` the code."""

    def __init__(self, reason: Phrase, status: int = 403) -> None:
        """Keep the reason and the status the page answers with."""
        super().__init__(reason)
        self.status = status


NOT_FINISHED = N_("Signing in with your City account did not finish, or the link was already "
                  "used. Start again from the sign-in page.")
UNREACHABLE = N_("The City's sign-in service cannot be reached just now. Try again in a few "
                 "minutes; administrators may sign in with their password.")


def enabled() -> bool:
    """Return whether staff may sign in with the City's identity provider here."""
    return city_sign_in_on(current_app.config)


def _client() -> FlaskOAuth2App:
    from authlib.integrations.flask_client import FlaskOAuth2App
    from authlib.integrations.flask_client.integration import FlaskIntegration

    config = current_app.config
    issuer = str(config["OIDC_ISSUER"]).rstrip("/")
    return FlaskOAuth2App(
        FlaskIntegration(NAME), name=NAME, client_id=config["OIDC_CLIENT_ID"],
        client_secret=config["OIDC_CLIENT_SECRET"],
        server_metadata_url=f"{issuer}/.well-known/openid-configuration",
        client_kwargs={"scope": SCOPE, "code_challenge_method": "S256",
                       "timeout": TIMEOUT_SECONDS})


def start(redirect_uri: str, next_path: str | None) -> Response:
    """Send the browser to the provider's sign-in page, remembering where it goes after."""
    import requests

    try:
        response = _client().authorize_redirect(redirect_uri)
    except requests.RequestException as error:
        raise CitySignInRefused(UNREACHABLE, 503) from error
    if next_path:
        session[NEXT] = next_path
    return response


def finish() -> Mapping[str, Any]:
    """Complete the flow at the callback and return the ID token's validated claims."""
    import requests
    from authlib.common.errors import AuthlibBaseError
    from joserfc.errors import JoseError

    client = _client()
    try:
        issuer = str(current_app.config["OIDC_ISSUER"]).rstrip("/")
        if client.load_server_metadata().get("issuer") != issuer:
            # Another issuer's keys would otherwise vouch for the tokens (OIDC Discovery 4.3).
            raise CitySignInRefused(UNREACHABLE, 503)
        # Authlib checks the audience only through "azp" unless told: OIDC Core 3.1.3.7
        # wants our client id in "aud" whatever "azp" says.
        token = client.authorize_access_token(leeway=LEEWAY_SECONDS, claims_options={
            "iss": {"essential": True, "value": issuer},
            "aud": {"essential": True, "value": client.client_id}})
    except requests.RequestException as error:
        raise CitySignInRefused(UNREACHABLE, 503) from error
    except (AuthlibBaseError, JoseError, ValueError) as error:
        # A replayed or forged state, a refused code, a token for another client, expired,
        # badly signed or with the wrong nonce: all are the same dead end for the person.
        audit.record(None, "account.city_sign_in_failed", "user:none",
                     error=type(error).__name__, description=str(error)[:200])
        raise CitySignInRefused(NOT_FINISHED, 400) from error
    claims = token.get("userinfo")
    if not claims:
        raise CitySignInRefused(NOT_FINISHED, 400)  # no ID token: nothing proves who it is
    return claims


def take_next() -> str | None:
    """Return, and forget, where the person asked to go once signed in."""
    return session.pop(NEXT, None)


def staff_account_for(claims: Mapping[str, Any]) -> User:
    """Return the staff account the provider's claims sign in to, opening one if mapped.

    Raise ``CitySignInRefused`` with the policy's reason otherwise; every outcome is audited.
    """
    email = claims.get("email")
    email = email.strip() if isinstance(email, str) else ""
    user = services.find_by_email(email) if email else None
    facts = AccountFacts(user.role_enum, bool(user.active)) if user is not None else None
    decision = decide(email, claims.get("email_verified"), facts, _mapped_role(claims))
    if decision.outcome is Outcome.REFUSE:
        assert decision.reason is not None
        audit.record(None, "account.city_sign_in_refused",
                     f"user:{user.id}" if user else "user:none", email=email,
                     reason=str(decision.reason))
        raise CitySignInRefused(decision.reason)
    if decision.outcome is Outcome.CREATE:
        assert decision.role is not None
        name = claims.get("name") if isinstance(claims.get("name"), str) else email
        details = services.StaffDetails(name=name or email, job_title="", role=decision.role,
                                        division_id=None, signing_office=None)
        # A password nobody knows: this person signs in with the City's account only.
        user = services.create_staff_user(None, email, details,
                                          password=services.tokens_secret())
    assert user is not None
    audit.record(user, "account.signed_in", f"user:{user.id}", method="city_account",
                 provider_subject=str(claims.get("sub", "")))
    return user


def _mapped_role(claims: Mapping[str, Any]) -> Role | None:
    config = current_app.config
    claim = config.get("OIDC_GROUPS_CLAIM")
    if not claim:
        return None
    return group_role(claims.get(claim), config.get("OIDC_GROUP_ROLES") or {})
