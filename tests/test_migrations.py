"""The Alembic migrations build exactly the schema the models describe."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text

from portal import create_app
from portal.extensions import db
from portal.unmodelled import include_name


def _differences() -> list[object]:
    with db.engine.connect() as connection:
        # As `flask db migrate` compares (migrations/env.py): the search index and the
        # numbers of the kept data's changes are kept by the database's triggers, and no
        # model describes them.
        context = MigrationContext.configure(connection, opts={"compare_type": True,
                                                               "include_name": include_name})
        return list(compare_metadata(context, db.metadata))


def test_the_schema_built_by_the_migrations_matches_the_models(app):
    assert _differences() == []


def test_the_migrations_can_be_undone_and_applied_again(tmp_path):
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'm.sqlite'}",
                      "SECRET_KEY": "t"})
    with app.app_context():
        try:
            upgrade()
            assert "engagement_request" in inspect(db.engine).get_table_names()
            downgrade(revision="base")
            assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
            upgrade()
            assert _differences() == []
        finally:
            db.session.remove()
            db.engine.dispose()


def test_upgrading_fills_the_sort_keys_of_the_names_already_stored(tmp_path):
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'k.sqlite'}",
                      "SECRET_KEY": "t"})
    with app.app_context():
        try:
            upgrade(revision="5a3d8e1f0c27")  # before the keys
            with db.engine.begin() as connection:
                connection.execute(text(
                    "INSERT INTO counterpart_city (name, folded_name, country_code) "
                    "VALUES ('Łódź', 'łodz', 'PL')"))
                connection.execute(text(
                    "INSERT INTO agreement (counterpart_name, status, is_city_to_city, note, "
                    "created_at, termination_reason) VALUES ('São Paulo', 'historical', 1, "
                    "'', '2026-01-01', '')"))
            upgrade()
            with db.engine.connect() as connection:
                assert connection.execute(text(
                    "SELECT sort_name FROM counterpart_city")).scalar() == "lodz"
                assert connection.execute(text(
                    "SELECT counterpart_sort_name FROM agreement")).scalar() == "sao paulo"
        finally:
            db.session.remove()
            db.engine.dispose()


def test_asking_the_agreement_parties_keeps_the_requests_and_their_counting_triggers(tmp_path):
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'p.sqlite'}",
                      "SECRET_KEY": "t"})
    triggers = text("SELECT name FROM sqlite_master WHERE type = 'trigger' "
                    "AND tbl_name = 'engagement_request' ORDER BY name")
    with app.app_context():
        try:
            upgrade(revision="8d4f2a6c9e13")  # before the intake asked for the parties
            with db.engine.connect() as connection:
                before = connection.execute(triggers).scalars().all()
            assert before, "the request counts are kept by triggers"
            upgrade(revision="a4c7e2f91b35")  # the migration that asks the parties
            with db.engine.connect() as connection:
                assert connection.execute(triggers).scalars().all() == before
                columns = {c["name"]: c for c in inspect(connection).get_columns(
                    "engagement_request")}
            assert columns["counterpart_legal_name"]["nullable"] is False
            assert "''" in str(columns["counterpart_legal_name"]["default"])
            downgrade(revision="8d4f2a6c9e13")
            with db.engine.connect() as connection:
                assert connection.execute(triggers).scalars().all() == before
        finally:
            db.session.remove()
            db.engine.dispose()
