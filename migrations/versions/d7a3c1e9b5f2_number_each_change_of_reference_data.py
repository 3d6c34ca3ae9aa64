"""Number each change of the registry and of the reference data, so workers may keep them

A worker keeps the agreements in force and the reference data every page reads (the
settings, the divisions, the reviewers' names, the City's closures) from one request to the
next, and asks the database on each request whether they changed (``portal.kept_reference``
says how). ``data_version`` holds a number for each: ``registry`` (agreements and
counterpart cities) and ``reference`` (settings, divisions, accounts' names, roles and
whether active, closures). Triggers add one to it in the transaction of any write to those
tables, whatever makes the write (the ORM, the benchmark's bulk loads, SQL by hand), so a
reader sees the new number exactly when it can see the change.

Each number starts at random: a database made afresh at the same address (a test's, a
developer's) never repeats the numbers a running worker saw with the one before.

- SQLite: a trigger for each table and kind of write, for each row.
- PostgreSQL: one function; a trigger for each table, for each statement, TRUNCATE included
  (the tests empty tables so, and TRUNCATE fires no row trigger).

No model describes the table (``portal.unmodelled`` keeps Alembic's comparison from
proposing to drop it). SQLite drops a table's triggers when a migration rebuilds it (batch
mode "move and copy"): a later migration that rebuilds one of these tables must create its
triggers again (``create_triggers``). tests/test_kept_reference.py fails when a change goes
unnumbered.

Revision ID: d7a3c1e9b5f2
Revises: c6f1a9d3e7b2
Create Date: 2026-12-01 09:00:00.000000

"""
import secrets

import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = 'd7a3c1e9b5f2'
down_revision = 'c6f1a9d3e7b2'
branch_labels = None
depends_on = None

TABLE = "data_version"
FUNCTION = "portal_data_changed"

# What each number counts, and the columns of an account a change of which counts: its name,
# role and being active (a sign-in writes other columns of it, and changes nothing kept).
WATCHED = {
    "registry": {"agreement": None, "counterpart_city": None},
    "reference": {"setting": None, "division": None, "closure": None,
                  "user": ("name", "role", "active")},
}


def _bump(name: str) -> str:
    return f"UPDATE {TABLE} SET version = version + 1 WHERE name = '{name}';"


def _sqlite_triggers() -> dict[str, str]:
    found = {}
    for name, tables in WATCHED.items():
        for table, columns in tables.items():
            writes = {"insert": "INSERT", "delete": "DELETE",
                      "update": f"UPDATE OF {', '.join(columns)}" if columns else "UPDATE"}
            for kind, event in writes.items():
                trigger = f"{table}_{kind}_numbered"
                found[trigger] = (f'CREATE TRIGGER {trigger} AFTER {event} ON "{table}" '
                                  f"BEGIN {_bump(name)} END")
    return found


def _postgresql_triggers() -> dict[tuple[str, str], str]:
    found = {}
    for name, tables in WATCHED.items():
        for table, columns in tables.items():
            if columns:
                events = {"numbered": "INSERT OR DELETE OR TRUNCATE",
                          "update_numbered": f"UPDATE OF {', '.join(columns)}"}
            else:
                events = {"numbered": "INSERT OR UPDATE OR DELETE OR TRUNCATE"}
            for suffix, event in events.items():
                trigger = f"{table}_{suffix}"
                found[trigger, table] = (
                    f'CREATE TRIGGER {trigger} AFTER {event} ON "{table}" '
                    f"FOR EACH STATEMENT EXECUTE FUNCTION {FUNCTION}('{name}')")
    return found


def create_triggers() -> None:
    """Create the triggers numbering each change (again, after a table is rebuilt)."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"""CREATE OR REPLACE FUNCTION {FUNCTION}() RETURNS trigger
            LANGUAGE plpgsql AS $$
            BEGIN
                UPDATE {TABLE} SET version = version + 1 WHERE name = TG_ARGV[0];
                RETURN NULL;
            END $$""")
        for statement in _postgresql_triggers().values():
            op.execute(statement)
    else:
        for statement in _sqlite_triggers().values():
            op.execute(statement)


def upgrade():
    numbers = op.create_table(
        TABLE,
        sa.Column("name", sa.String(40), primary_key=True),
        sa.Column("version", sa.BigInteger(), nullable=False),
    )
    op.bulk_insert(numbers, [{"name": name, "version": secrets.randbits(48)}
                             for name in WATCHED])
    create_triggers()


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        for trigger, table in _postgresql_triggers():
            op.execute(f'DROP TRIGGER IF EXISTS {trigger} ON "{table}"')
        op.execute(f"DROP FUNCTION IF EXISTS {FUNCTION}()")
    else:
        for trigger in _sqlite_triggers():
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    op.drop_table(TABLE)
