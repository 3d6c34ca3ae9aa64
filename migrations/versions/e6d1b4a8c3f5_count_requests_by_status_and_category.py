"""Count requests by status and category, so a queue narrowed to a category counts nothing

request_status_count kept one row per status (9d1626f21652): the unfiltered queue read its
totals there, but a queue narrowed to one category counted its matches, a third of the
requests. The kept counts now have a row per status and requested category (the empty
string for a request with no category yet: a primary key holds no NULL); the unfiltered
totals are the sums of a status's rows, a category's the rows of that category.

The triggers keep the names and the jobs of 9d1626f21652's and follow a change of
category as they follow a change of status. On PostgreSQL the two rows a change touches
are locked in the order of their keys, so that two requests moving in opposite directions
never wait on each other.

SQLite drops a table's triggers when a migration rebuilds the table (batch mode "move and
copy"): a later migration that rebuilds engagement_request must call create_triggers()
from this module again (no longer 9d1626f21652's). tests/test_queue_scale.py fails when
the counts go wrong.

Revision ID: e6d1b4a8c3f5
Revises: c8e5a1f3b7d2
Create Date: 2026-11-30 14:20:00.000000

"""
import importlib.util
from pathlib import Path

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e6d1b4a8c3f5'
down_revision = 'c8e5a1f3b7d2'
branch_labels = None
depends_on = None


TRIGGERS = ("request_status_count_insert", "request_status_count_update",
            "request_status_count_delete")

STATUSES = ("'draft', 'submitted', 'in_triage', 'information_requested', 'in_review', "
            "'recommended', 'declined', 'withdrawn', 'approved', 'agreement_drafted', "
            "'approved_as_to_form', 'signed'")
CATEGORIES = "'', 'partnership_city', 'international_project', 'not_sure'"

_OLD = "OLD.status, COALESCE(OLD.requested_category, '')"
_NEW = "NEW.status, COALESCE(NEW.requested_category, '')"
_TAKE = ("UPDATE request_status_count SET requests = requests - 1 "
         "WHERE status = OLD.status AND category = COALESCE(OLD.requested_category, '');")
_ADD = (f"INSERT INTO request_status_count (status, category, requests) VALUES ({_NEW}, 1) "
        "ON CONFLICT (status, category) DO UPDATE "
        "SET requests = request_status_count.requests + 1;")

SQLITE_TRIGGERS = (
    f"""CREATE TRIGGER request_status_count_insert AFTER INSERT ON engagement_request
    BEGIN
        {_ADD}
    END""",
    f"""CREATE TRIGGER request_status_count_update
    AFTER UPDATE OF status, requested_category ON engagement_request
    WHEN OLD.status IS NOT NEW.status OR OLD.requested_category IS NOT NEW.requested_category
    BEGIN
        {_TAKE}
        {_ADD}
    END""",
    f"""CREATE TRIGGER request_status_count_delete AFTER DELETE ON engagement_request
    BEGIN
        {_TAKE}
    END""",
)

POSTGRESQL_FUNCTION = f"""
CREATE FUNCTION request_status_count_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND ROW({_NEW}) < ROW({_OLD}) THEN
        {_ADD}
        {_TAKE}
        RETURN NULL;
    END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        {_TAKE}
    END IF;
    IF TG_OP IN ('UPDATE', 'INSERT') THEN
        {_ADD}
    END IF;
    RETURN NULL;
END
$$"""

POSTGRESQL_TRIGGERS = (
    """CREATE TRIGGER request_status_count_insert AFTER INSERT ON engagement_request
    FOR EACH ROW EXECUTE FUNCTION request_status_count_change()""",
    """CREATE TRIGGER request_status_count_update
    AFTER UPDATE OF status, requested_category ON engagement_request
    FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status
                       OR OLD.requested_category IS DISTINCT FROM NEW.requested_category)
    EXECUTE FUNCTION request_status_count_change()""",
    """CREATE TRIGGER request_status_count_delete AFTER DELETE ON engagement_request
    FOR EACH ROW EXECUTE FUNCTION request_status_count_change()""",
)


def _postgresql() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def create_triggers():
    """Create the triggers that keep request_status_count exact."""
    if _postgresql():
        op.execute(POSTGRESQL_FUNCTION)
        statements = POSTGRESQL_TRIGGERS
    else:
        statements = SQLITE_TRIGGERS
    for statement in statements:
        op.execute(statement)


def drop_triggers():
    """Drop the triggers (and PostgreSQL's function), this module's or 9d1626f21652's."""
    postgresql = _postgresql()
    for name in TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {name}"
                   + (" ON engagement_request" if postgresql else ""))
    if postgresql:
        op.execute("DROP FUNCTION IF EXISTS request_status_count_change()")


def upgrade():
    # The table is small (a row per status and category): built anew rather than altered,
    # as SQLite cannot change a primary key in place.
    drop_triggers()
    op.drop_table('request_status_count')
    op.create_table('request_status_count',
    sa.Column('status', sa.String(length=32), nullable=False),
    sa.Column('category', sa.String(length=32), nullable=False),
    sa.Column('requests', sa.Integer(), nullable=False),
    sa.CheckConstraint(f"status IN ({STATUSES})",
                       name=op.f('ck_request_status_count_status_known')),
    sa.CheckConstraint(f"category IN ({CATEGORIES})",
                       name=op.f('ck_request_status_count_category_known')),
    sa.PrimaryKeyConstraint('status', 'category', name=op.f('pk_request_status_count'))
    )
    op.execute("INSERT INTO request_status_count (status, category, requests) "
               "SELECT status, COALESCE(requested_category, ''), count(*) "
               "FROM engagement_request GROUP BY status, COALESCE(requested_category, '')")
    create_triggers()


def downgrade():
    drop_triggers()
    op.drop_table('request_status_count')
    op.create_table('request_status_count',
    sa.Column('status', sa.String(length=32), nullable=False),
    sa.Column('requests', sa.Integer(), nullable=False),
    sa.CheckConstraint(f"status IN ({STATUSES})",
                       name=op.f('ck_request_status_count_status_known')),
    sa.PrimaryKeyConstraint('status', name=op.f('pk_request_status_count'))
    )
    op.execute("INSERT INTO request_status_count (status, requests) "
               "SELECT status, count(*) FROM engagement_request GROUP BY status")
    # 9d1626f21652's triggers, as they were: its own statements.
    path = Path(__file__).with_name("9d1626f21652_count_requests_by_status_index_.py")
    spec = importlib.util.spec_from_file_location("_request_status_count_triggers", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.create_triggers()
