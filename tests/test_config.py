"""Settings come from defaults, instance/config.py, PORTAL_* variables and create_app, in order."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from sqlalchemy import text

from portal import create_app
from portal.config import DefaultConfig, normalise_database_url, read_environment
from portal.extensions import db


@pytest.fixture()
def instance(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the portal at an empty instance folder, with no settings in the environment."""
    folder = tmp_path / "instance"
    monkeypatch.setenv("PORTAL_INSTANCE_PATH", str(folder))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    for name in ("PORTAL_SECRET_KEY", "PORTAL_MAIL_SENDER", "PORTAL_PER_PAGE",
                 "PORTAL_PUBLIC_BASE_URL", "PORTAL_DEMO_PASSWORD"):
        monkeypatch.delenv(name, raising=False)
    return folder


def test_each_source_of_settings_overrides_the_one_before(instance, monkeypatch):
    instance.mkdir()
    (instance / "config.py").write_text(
        'MAIL_SENDER = "Instance <instance@example.org>"\n'
        "PER_PAGE = 5\n"
        'PUBLIC_BASE_URL = "https://instance.example"\n'
    )
    monkeypatch.setenv("PORTAL_PER_PAGE", "10")
    monkeypatch.setenv("PORTAL_PUBLIC_BASE_URL", "https://environment.example")

    app = create_app({"PUBLIC_BASE_URL": "https://given.example"})

    assert app.config["PASSWORD_RESET_MAX_AGE"] == DefaultConfig.PASSWORD_RESET_MAX_AGE
    assert app.config["MAIL_SENDER"] == "Instance <instance@example.org>"
    assert app.config["PER_PAGE"] == 10  # read as a number, not the string "10"
    assert app.config["PUBLIC_BASE_URL"] == "https://given.example"


def test_without_any_setting_the_portal_uses_sqlite_in_the_instance_folder(instance):
    app = create_app()
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{instance / 'portal.sqlite'}"
    assert app.config["MAIL_SENDER"] == DefaultConfig.MAIL_SENDER


def test_the_secret_key_is_generated_once_into_the_instance_folder_and_kept_private(instance):
    first = create_app()
    key_file = instance / "secret_key"
    assert key_file.exists()
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    key = first.config["SECRET_KEY"]
    assert len(key) >= 32
    assert key_file.read_text().strip() == key

    second = create_app()
    assert second.config["SECRET_KEY"] == key


def test_two_instance_folders_get_different_secret_keys(tmp_path, monkeypatch, instance):
    first = create_app().config["SECRET_KEY"]
    monkeypatch.setenv("PORTAL_INSTANCE_PATH", str(tmp_path / "another"))
    assert create_app().config["SECRET_KEY"] != first


def test_a_secret_key_from_the_environment_is_used_and_none_is_written(instance, monkeypatch):
    monkeypatch.setenv("PORTAL_SECRET_KEY", "from-the-environment")
    app = create_app()
    assert app.config["SECRET_KEY"] == "from-the-environment"
    assert not (instance / "secret_key").exists()


@pytest.mark.parametrize(("given", "expected"), [
    ("postgres://iap:pw@db.example:5432/iap", "postgresql+psycopg://iap:pw@db.example:5432/iap"),
    ("postgresql://iap@db.example/iap", "postgresql+psycopg://iap@db.example/iap"),
    ("postgresql+psycopg://iap@db.example/iap", "postgresql+psycopg://iap@db.example/iap"),
    ("sqlite:////srv/iap/portal.sqlite", "sqlite:////srv/iap/portal.sqlite"),
])
def test_a_postgresql_address_is_pointed_at_the_psycopg_3_driver(given, expected):
    assert normalise_database_url(given) == expected
    assert read_environment({"DATABASE_URL": given})["SQLALCHEMY_DATABASE_URI"] == expected


def test_database_url_in_the_environment_chooses_the_database(instance, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://iap:pw@db.example:5432/iap")
    app = create_app()
    assert app.config["SQLALCHEMY_DATABASE_URI"] == (
        "postgresql+psycopg://iap:pw@db.example:5432/iap")


def test_only_portal_variables_are_read_from_the_environment():
    settings = read_environment({"PORTAL_MAIL_SENDER": "IAP <iap@example.org>",
                                 "PORTAL_TESTING": "true", "HOME": "/root",
                                 "SECRET_KEY": "not-ours"})
    assert settings == {"MAIL_SENDER": "IAP <iap@example.org>", "TESTING": True}


def test_sqlite_connections_use_wal_a_busy_timeout_foreign_keys_and_fewer_checkpoints(
        instance, tmp_path):
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'wal.sqlite'}"})
    with app.app_context():
        try:
            assert db.session.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert db.session.execute(text("PRAGMA busy_timeout")).scalar() >= 1000
            assert db.session.execute(text("PRAGMA foreign_keys")).scalar() == 1
            assert db.session.execute(text("PRAGMA synchronous")).scalar() == 1  # NORMAL
            # The log is folded back ten times less often than SQLite's 1,000 pages.
            assert db.session.execute(text("PRAGMA wal_autocheckpoint")).scalar() == 10_000
        finally:
            db.session.remove()
            db.engine.dispose()
