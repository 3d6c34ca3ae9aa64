"""Choose the Partnership City signatory per request (Mayor or designate, or City Manager)

Revision ID: 5a3d8e1f0c27
Revises: d3a8f1c27b60
Create Date: 2026-11-29 23:50:00.000000

"""
import importlib.util
from pathlib import Path
from types import ModuleType

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5a3d8e1f0c27'
down_revision = 'd3a8f1c27b60'
branch_labels = None
depends_on = None


def _request_counts() -> ModuleType:
    """Return the migration that owns the request-count triggers (its name starts with a digit)."""
    path = Path(__file__).with_name("9d1626f21652_count_requests_by_status_index_.py")
    spec = importlib.util.spec_from_file_location("_request_status_count_triggers", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _restore_triggers() -> None:
    # SQLite's batch mode rebuilds engagement_request and drops its triggers, which keep
    # request_status_count exact (see 9d1626f21652): put them back, on every database alike.
    counts = _request_counts()
    counts.drop_triggers()
    counts.create_triggers()


def upgrade():
    # Existing requests keep None: they follow the administrator's default for their kind,
    # as they did before a reviewer could choose.
    with op.batch_alter_table('engagement_request', schema=None) as batch_op:
        batch_op.add_column(sa.Column('partnership_office', sa.String(length=32),
                                      nullable=True))
        batch_op.create_check_constraint(
            op.f('ck_engagement_request_partnership_office_known'),
            "partnership_office IS NULL OR partnership_office IN "
            "('mayors_office', 'city_manager')")
    _restore_triggers()


def downgrade():
    with op.batch_alter_table('engagement_request', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_engagement_request_partnership_office_known'),
                                 type_='check')
        batch_op.drop_column('partnership_office')
    _restore_triggers()
