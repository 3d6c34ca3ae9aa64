"""Hold the portal's default settings and read overrides from the environment.

Settings come from these defaults, then ``instance/config.py``, then ``PORTAL_*`` environment
variables (``PORTAL_MAIL_SENDER=...`` sets ``MAIL_SENDER``), then the ``config`` mapping given
to ``create_app``. ``DATABASE_URL`` names the database (PostgreSQL in production).

Production mode is ``PORTAL_ENV=production`` (the ``ENV`` setting), which ``gunicorn.conf.py``
sets for every gunicorn started from the project folder. In production the portal refuses
to start without ``PORTAL_PUBLIC_BASE_URL``, the address the links in its messages point to,
rather than send dead links (``portal.policy.deployment`` holds the rule). ``make run`` and
the tests run in development mode: ``make run PORT=N`` sets the address to
``http://127.0.0.1:N``, and the tests set their own.
"""

from __future__ import annotations

import json
import os
import secrets
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from portal.policy.city_sign_in import mapping_problems
from portal.policy.deployment import base_url_refusal, is_production

ENV_PREFIX = "PORTAL_"


class DefaultConfig:
    """Settings a fresh clone runs with."""

    SQLALCHEMY_TRACK_MODIFICATIONS = False
    # No "pool_pre_ping": its SELECT 1 was a round trip on every request. A pooled
    # PostgreSQL connection the server closed is found by asking its socket instead
    # (``portal.pool_liveness``).
    SQLALCHEMY_ENGINE_OPTIONS: dict[str, Any] = {}
    MAX_CONTENT_LENGTH = 12 * 1024 * 1024  # a 10 MB upload plus the form around it
    UPLOAD_MAX_BYTES = 10 * 1024 * 1024
    WTF_CSRF_TIME_LIMIT = None  # a long intake page must not expire under the user
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    # Production sets both to true (PORTAL_SESSION_COOKIE_SECURE=true): the cookies are then
    # sent over HTTPS only. False by default so that `make run` works on plain http://.
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_SECURE = False
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    # Sessions end after this long without activity (City staff see every request, so
    # theirs is shorter) and, whatever the activity, after SESSION_MAX_HOURS (ASVS 3.3).
    SESSION_IDLE_MINUTES_STAFF = 30
    SESSION_IDLE_MINUTES_CITY = 120
    SESSION_MAX_HOURS = 12
    # Throttling of sign-in, registration and password reset, per client address. Several
    # workers or hosts must share one store to share the counts: redis://127.0.0.1:6379.
    RATELIMIT_ENABLED = True  # said outright: the one limiter keeps the last app's choice
    RATELIMIT_STORAGE_URI = "memory://"
    RATELIMIT_STRATEGY = "moving-window"
    RATELIMIT_HEADERS_ENABLED = True  # Retry-After tells a throttled client when to retry
    # If the shared store is down, count in each worker's memory rather than refuse sign-in.
    RATELIMIT_SWALLOW_ERRORS = True
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
    LOGIN_RATE_LIMIT = "10 per minute"  # failed sign-ins from one address
    REGISTER_RATE_LIMIT = "10 per minute"
    PASSWORD_RESET_RATE_LIMIT = "10 per minute"
    # Repeated wrong passwords lock the account for a while, whatever address they come from.
    LOGIN_LOCKOUT_FAILURES = 5
    LOGIN_LOCKOUT_MINUTES = 15
    BABEL_DEFAULT_LOCALE = "en"
    BABEL_DEFAULT_TIMEZONE = "America/Toronto"
    # The languages people may choose (PORTAL_LANGUAGES=en,fr_CA): the French catalogue
    # covers every string, the policy's sentences included, so French is offered.
    LANGUAGES = ["en", "fr_CA"]
    MAIL_SENDER = "IAP Portal <international@toronto.ca>"
    # SMTP delivery of the outbox (`flask send-mail`); without a server, messages stay in it.
    MAIL_SERVER: str | None = None
    MAIL_PORT = 25
    MAIL_USE_TLS = False  # STARTTLS after connecting, usually on port 587
    MAIL_USE_SSL = False  # TLS from the first byte, usually on port 465
    MAIL_USERNAME: str | None = None
    MAIL_PASSWORD: str | None = None
    MAIL_TIMEOUT = 10  # seconds to wait for the server
    # "production" (PORTAL_ENV=production, set by gunicorn.conf.py) requires PUBLIC_BASE_URL.
    ENV = "development"
    # Where links in messages point; None in development: the address a request came in on.
    PUBLIC_BASE_URL: str | None = None
    CONFIRM_EMAIL_MAX_AGE = 7 * 24 * 3600
    PASSWORD_RESET_MAX_AGE = 3600
    PER_PAGE = 25
    # Staff sign-in with the City's identity provider (OpenID Connect), off until all three
    # are set: the issuer's address (its /.well-known/openid-configuration is read), and the
    # client id and secret the provider gave the portal. Optionally, the claim listing the
    # person's groups and a mapping from group to role (portal.policy.city_sign_in says
    # which roles a group may give): {"IAP-Reviewers": "cco_reviewer"}.
    OIDC_ISSUER: str | None = None
    OIDC_CLIENT_ID: str | None = None
    OIDC_CLIENT_SECRET: str | None = None
    OIDC_GROUPS_CLAIM: str | None = None
    OIDC_GROUP_ROLES: dict[str, str] = {}
    DEMO_PASSWORD = "iap-demo-2026"


class ConfigurationError(RuntimeError):
    """The settings would make the portal misbehave; the message says which one to set."""


def refuse_unsafe(config: Mapping[str, Any]) -> None:
    """Raise ``ConfigurationError`` when the settings must not be served, saying why."""
    refusal = base_url_refusal(config.get("PUBLIC_BASE_URL"),
                               production=is_production(config.get("ENV")))
    if refusal is not None:
        raise ConfigurationError(refusal)
    oidc = [config.get(name) for name in OIDC_SETTINGS]
    if any(oidc) and not all(oidc):
        raise ConfigurationError("Set all of PORTAL_OIDC_ISSUER, PORTAL_OIDC_CLIENT_ID and "
                                 "PORTAL_OIDC_CLIENT_SECRET, or none of them.")
    roles = config.get("OIDC_GROUP_ROLES") or {}
    if not isinstance(roles, Mapping):
        raise ConfigurationError("PORTAL_OIDC_GROUP_ROLES must map group names to roles.")
    problems = mapping_problems(roles)
    if problems:
        raise ConfigurationError(" ".join(problems))


OIDC_SETTINGS = ("OIDC_ISSUER", "OIDC_CLIENT_ID", "OIDC_CLIENT_SECRET")
"""The settings that, all three set, turn on staff sign-in with the City's provider."""


def city_sign_in_on(config: Mapping[str, Any]) -> bool:
    """Return whether staff sign in with the City's identity provider."""
    return all(config.get(name) for name in OIDC_SETTINGS)


def read_environment(environ: os._Environ[str] | dict[str, str]) -> dict[str, Any]:
    """Return the settings named by ``PORTAL_*`` variables and ``DATABASE_URL``.

    Values that read as JSON (numbers, true/false, lists) are decoded; others stay strings.
    """
    settings: dict[str, Any] = {}
    for name, raw in environ.items():
        if not name.startswith(ENV_PREFIX):
            continue
        try:
            value: Any = json.loads(raw)
        except ValueError:
            value = raw
        settings[name.removeprefix(ENV_PREFIX)] = value
    if environ.get("DATABASE_URL"):
        settings["SQLALCHEMY_DATABASE_URI"] = normalise_database_url(environ["DATABASE_URL"])
    return settings


def normalise_database_url(url: str) -> str:
    """Return ``url`` with PostgreSQL pointed at the psycopg 3 driver."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url.removeprefix(prefix)
    return url


def instance_secret_key(instance_path: Path) -> str:
    """Return the secret key kept in ``instance/``, creating it on first run."""
    key_file = instance_path / "secret_key"
    if not key_file.exists():
        instance_path.mkdir(parents=True, exist_ok=True)
        # O_EXCL: two workers starting together must not write two different keys.
        try:
            fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "w") as handle:
                handle.write(secrets.token_hex(32))
    return key_file.read_text().strip()
