"""Assemble the Flask app as a list of named setup steps; nothing here queries the database."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask
from flask_login import current_user

from portal.config import DefaultConfig, instance_secret_key, read_environment, refuse_unsafe
from portal.extensions import babel, csrf, db, limiter, login_manager

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def build_app(config: Mapping[str, Any] | None) -> Flask:
    """Create the app, configure it and register everything it serves."""
    instance_path = Path(os.environ.get("PORTAL_INSTANCE_PATH", PROJECT_ROOT / "instance"))
    app = Flask(
        "portal",
        instance_path=str(instance_path.resolve()),
        instance_relative_config=True,
        template_folder=str(PROJECT_ROOT / "templates"),
    )
    _configure(app, config or {})
    _setup_proxy(app)
    _setup_request_log(app)  # first: its clock starts before any other check of a request
    _setup_database(app)
    _setup_login(app)
    _setup_i18n(app)
    csrf.init_app(app)
    limiter.init_app(app)
    _setup_security(app)
    _setup_routing(app)
    _register_blueprints(app)
    _setup_templates(app)
    _register_error_handlers(app)
    _register_cli(app)
    return app


def _configure(app: Flask, overrides: Mapping[str, Any]) -> None:
    app.config.from_object(DefaultConfig)
    app.config.from_pyfile("config.py", silent=True)
    app.config.update(read_environment(os.environ))
    app.config.update(overrides)
    refuse_unsafe(app.config)  # before anything is served or sent: a clear error, no dead links
    instance = Path(app.instance_path)
    instance.mkdir(parents=True, exist_ok=True)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = instance_secret_key(instance)
    app.config.setdefault("SQLALCHEMY_DATABASE_URI", f"sqlite:///{instance / 'portal.sqlite'}")


def _setup_proxy(app: Flask) -> None:
    """Behind PROXY_COUNT proxies (a load balancer), take the client's address from them.

    Rate limits count by the client's address; without this, every request behind a load
    balancer would come from the balancer's one address. Only as many X-Forwarded-For
    entries as there are proxies are trusted, so a client cannot forge its address.
    """
    count = int(app.config.get("PROXY_COUNT") or 0)
    if count > 0:
        from werkzeug.middleware.proxy_fix import ProxyFix

        proxied = ProxyFix(app.wsgi_app, x_for=count, x_proto=count)
        app.wsgi_app = proxied  # type: ignore[method-assign]


def _setup_request_log(app: Flask) -> None:
    from portal import request_log

    request_log.init_app(app)


def _setup_database(app: Flask) -> None:
    import portal.pool_liveness  # noqa: F401  (lend no connection the server closed)
    from portal.database import configure_engine_options, init_migrations
    from portal.lazy_transactions import begin_at_first_write

    configure_engine_options(app)
    db.init_app(app)
    init_migrations(app, db)
    begin_at_first_write(app)
    import portal.models  # noqa: F401  (register every table with the metadata)


def _setup_login(app: Flask) -> None:
    from flask_babel import lazy_gettext

    from portal.auth.services import load_user

    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    # Flask-Login's own "Please log in" is neither our words ("sign in") nor translated:
    # the lazy message is put in the reader's language when it is flashed.
    login_manager.login_message = lazy_gettext("You need to sign in to see this page.")
    login_manager.localize_callback = str
    login_manager.login_message_category = "info"
    login_manager.user_loader(load_user)


def _setup_i18n(app: Flask) -> None:
    from portal import languages, translation

    babel.init_app(
        app,
        locale_selector=languages.select_locale,
        default_translation_directories=str(Path(__file__).parent / "translations"),
    )
    languages.init_app(app)
    translation.init_app(app)


def _setup_security(app: Flask) -> None:
    from portal import security

    security.init_app(app)


def _setup_routing(app: Flask) -> None:
    from portal import converters

    converters.init_app(app)  # before the blueprints, whose rules read the converters


def _register_blueprints(app: Flask) -> None:
    from portal.admin.closures import bp as closures_bp
    from portal.admin.routes import bp as admin_bp
    from portal.admin.settings_routes import bp as settings_bp
    from portal.agreements import roundtrip_routes  # noqa: F401  (adds routes to agreements_bp)
    from portal.agreements.routes import bp as agreements_bp
    from portal.agreements.routes import drafts_bp, templates_bp
    from portal.api.routes import bp as api_bp
    from portal.api.token_routes import tokens_bp as api_tokens_bp
    from portal.auth.routes import bp as auth_bp
    from portal.dashboard.routes import bp as dashboard_bp
    from portal.home.routes import bp as home_bp
    from portal.intake.routes import bp as intake_bp
    from portal.main.routes import bp as main_bp
    from portal.registry.routes import bp as registry_bp
    from portal.registry.routes import public_bp as public_registry_bp
    from portal.reports.routes import bp as reports_bp
    from portal.representatives.routes import bp as representatives_bp
    from portal.review import actions, confirm  # noqa: F401  (add routes to review_bp)
    from portal.review.routes import bp as review_bp

    for blueprint in (main_bp, home_bp, auth_bp, intake_bp, review_bp, dashboard_bp,
                      agreements_bp, drafts_bp, templates_bp, registry_bp, public_registry_bp,
                      admin_bp, settings_bp, closures_bp, representatives_bp, reports_bp, api_bp,
                      api_tokens_bp):
        app.register_blueprint(blueprint)


def _setup_templates(app: Flask) -> None:
    from portal import presentation, templating

    templating.init_app(app)
    presentation.init_app(app)

    @app.context_processor
    def inject_user() -> dict[str, Any]:
        # The account itself, not the proxy: a page's header reads it a score of times.
        return {"current_user": current_user._get_current_object()}


def _register_error_handlers(app: Flask) -> None:
    from portal.errors import register

    register(app)


def _register_cli(app: Flask) -> None:
    from portal.cli import register

    register(app)
