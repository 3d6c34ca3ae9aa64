"""A second app offering French, its catalogue compiled afresh: for tests that read French pages.

The French catalogue (``portal/translations/fr_CA``) is compiled into a temporary folder,
so a test does not depend on the install step having compiled it; the app is given that
folder through ``BABEL_TRANSLATION_DIRECTORIES``. The fixture ``french_app`` (registered in
``tests/conftest.py``) builds it on the test database, committing for real.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

import portal
from portal import create_app
from portal.extensions import babel, db

FRENCH = (Path(portal.__file__).parent / "translations" / "fr_CA" / "LC_MESSAGES"
          / "messages.po")


def compile_french(folder: Path) -> Path:
    """Compile the French catalogue as ``folder/fr_CA/LC_MESSAGES/messages.mo``."""
    target = folder / "fr_CA" / "LC_MESSAGES"
    target.mkdir(parents=True)
    with FRENCH.open("rb") as source:
        catalogue = read_po(source, locale="fr_CA")
    with (target / "messages.mo").open("wb") as compiled:
        write_mo(compiled, catalogue)
    return folder


def french_app(database_url: str, folder: Path, browser: type) -> Iterator[Flask]:
    """Yield a second app offering French, its catalogue compiled into ``folder``."""
    # Flask-Babel keeps loaded catalogues by language in its one extension object, shared
    # by every app: this app's must neither find English-only ones nor outlive the test.
    babel.domain_instance.cache.clear()
    french = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": database_url,
                         "SECRET_KEY": "test-secret", "PUBLIC_BASE_URL": "http://portal.test",
                         "LANGUAGES": ["en", "fr_CA"],
                         "BABEL_TRANSLATION_DIRECTORIES": str(compile_french(folder))})
    french.test_client_class = browser
    try:
        yield french
    finally:
        babel.domain_instance.cache.clear()
        with french.app_context():
            db.session.remove()
            db.engine.dispose()


def french_browser(app: Flask) -> FlaskClient:
    """Return a browser whose reader chose French (the language cookie)."""
    browser = app.test_client()
    browser.set_cookie("language", "fr_CA")
    return browser


def text(response: TestResponse) -> str:
    """Return the page's text as a reader sees it, non-breaking spaces as spaces."""
    page = html.unescape(re.sub(r"<[^>]+>", " ", response.get_data(as_text=True)))
    return re.sub(r"\s+", " ", page.replace("\u00a0", " "))
