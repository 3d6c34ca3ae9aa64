"""A worker starts with what every page needs; the libraries of a few routes load on first use.

Each of these would otherwise sit in every gunicorn worker's memory (issue 18: 120 MB a
worker after the load): Alembic for the migration commands, Authlib and requests for the
City sign-in, pydantic for the read API, python-docx and lxml for Word files, the holiday
tables for the pages that count working days, matplotlib for the annual report's charts.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import text

from portal import create_app
from portal.extensions import db

REPO = Path(__file__).resolve().parents[1]
LOADED_ON_FIRST_USE = (
    "alembic", "flask_migrate", "authlib", "joserfc", "cryptography", "requests", "pydantic",
    "docx", "docxtpl", "lxml", "holidays", "matplotlib",
)


def test_building_the_app_loads_none_of_the_libraries_only_some_routes_use(
    tmp_path: Path,
) -> None:
    code = (
        "import sys\n"
        "from portal import create_app\n"
        "app = create_app()\n"
        "assert len(list(app.url_map.iter_rules())) > 70, 'the routes are registered'\n"
        f"print(sorted({{m.split('.')[0] for m in sys.modules}} & {set(LOADED_ON_FIRST_USE)!r}))"
    )
    environment = {name: value for name, value in os.environ.items()
                   if not name.startswith("PORTAL_") and name != "DATABASE_URL"}
    environment.update(PORTAL_INSTANCE_PATH=str(tmp_path), PORTAL_SECRET_KEY="test",
                       PYTHONPATH=str(REPO))
    run = subprocess.run([sys.executable, "-c", code], cwd=REPO, env=environment,
                         capture_output=True, text=True, check=True)
    assert run.stdout.strip() == "[]"


def test_the_migration_commands_load_flask_migrate_when_they_run(tmp_path: Path) -> None:
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'm.sqlite'}",
                      "SECRET_KEY": "test"})
    runner = app.test_cli_runner()
    shown = runner.invoke(args=["db", "--help"])
    assert shown.exit_code == 0, shown.output
    assert "Perform database migrations." in shown.output
    assert "--x-arg" in shown.output  # Flask-Migrate's own group answered
    upgraded = runner.invoke(args=["db", "upgrade"])
    assert upgraded.exit_code == 0, upgraded.output
    with app.app_context():
        assert db.session.scalar(text("SELECT version_num FROM alembic_version"))
