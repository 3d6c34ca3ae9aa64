"""Number each change of the rubric versions with the reference data, so workers may keep them

The rubric versions join what ``data_version``'s ``reference`` number counts (migration
d7a3c1e9b5f2 says how the numbers work): a worker then keeps the newest rubric, and each
version a page shows, from one request to the next, and sees a new version at the next
request after it is committed. Versions are only ever added, but a database restored or
made afresh holds others under the same ids, and the number says so.

- SQLite: a trigger for each kind of write, for each row.
- PostgreSQL: a trigger for each statement, TRUNCATE included, through the function
  migration d7a3c1e9b5f2 made.

Revision ID: e4b9c2d7a1f8
Revises: d7a3c1e9b5f2
Create Date: 2026-12-02 14:00:00.000000

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'e4b9c2d7a1f8'
down_revision = 'd7a3c1e9b5f2'
branch_labels = None
depends_on = None

TABLE = "rubric_version"
FUNCTION = "portal_data_changed"
BUMP = "UPDATE data_version SET version = version + 1 WHERE name = 'reference';"
SQLITE_WRITES = ("INSERT", "UPDATE", "DELETE")
POSTGRESQL_TRIGGER = f"{TABLE}_numbered"


def upgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"CREATE TRIGGER {POSTGRESQL_TRIGGER} AFTER INSERT OR UPDATE OR DELETE "
                   f"OR TRUNCATE ON {TABLE} FOR EACH STATEMENT "
                   f"EXECUTE FUNCTION {FUNCTION}('reference')")
    else:
        for write in SQLITE_WRITES:
            op.execute(f"CREATE TRIGGER {TABLE}_{write.lower()}_numbered AFTER {write} "
                       f"ON {TABLE} BEGIN {BUMP} END")


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"DROP TRIGGER IF EXISTS {POSTGRESQL_TRIGGER} ON {TABLE}")
    else:
        for write in SQLITE_WRITES:
            op.execute(f"DROP TRIGGER IF EXISTS {TABLE}_{write.lower()}_numbered")
