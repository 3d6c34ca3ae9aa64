"""Ask what the agreement needs of its Parties: legal name, signatory, authority, coordinators

Revision ID: a4c7e2f91b35
Revises: 8d4f2a6c9e13
Create Date: 2026-11-30 06:00:00.000000

"""
import importlib.util
from pathlib import Path
from types import ModuleType

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a4c7e2f91b35'
down_revision = '8d4f2a6c9e13'
branch_labels = None
depends_on = None

# Every new column is text that defaults to empty: a request filed before these questions
# keeps working, and the reviewer fills what is missing on the agreement details form.
_COLUMNS = (
    ('counterpart_legal_name', sa.String(length=200)),
    ('counterpart_language', sa.String(length=16)),
    ('counterpart_signatory_name', sa.String(length=120)),
    ('counterpart_signatory_title', sa.String(length=120)),
    ('counterpart_signatory_authority', sa.String(length=300)),
    ('counterpart_coordinator_name', sa.String(length=120)),
    ('counterpart_coordinator_title', sa.String(length=120)),
    ('counterpart_coordinator_email', sa.String(length=254)),
    ('counterpart_coordinator_address', sa.Text()),
    ('city_coordinator_name', sa.String(length=120)),
    ('city_coordinator_title', sa.String(length=120)),
    ('city_coordinator_email', sa.String(length=254)),
    ('city_coordinator_address', sa.Text()),
)


def _request_counts() -> ModuleType:
    """Return the migration that owns the request-count triggers (its name starts with a digit)."""
    path = Path(__file__).with_name("9d1626f21652_count_requests_by_status_index_.py")
    spec = importlib.util.spec_from_file_location("_request_status_count_triggers", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def upgrade():
    # A plain ADD COLUMN on every database: SQLite keeps the table, and with it the triggers
    # that count requests by status (9d1626f21652).
    for name, kind in _COLUMNS:
        op.add_column('engagement_request',
                      sa.Column(name, kind, server_default='', nullable=False))


def downgrade():
    with op.batch_alter_table('engagement_request', schema=None) as batch_op:
        for name, _kind in reversed(_COLUMNS):
            batch_op.drop_column(name)
    # SQLite's batch mode rebuilt the table and dropped its triggers: put them back.
    counts = _request_counts()
    counts.drop_triggers()
    counts.create_triggers()
