"""Index requests by assignee, status and submission, for a reviewer's home

A reviewer's home lists the requests assigned to them, and those nobody holds, that wait on
a reviewer, oldest first (``portal.home.queries``). Indexed by assignee alone, the requests
nobody holds were found by walking every request ever submitted, oldest first, and reading
each one's row: 120 ms for the list and 24 ms for its count at 100,000 requests, most of
them long closed. By assignee and status, both read a few ranges of this index (under a
millisecond). It replaces the index by assignee, which it serves as well.

Revision ID: b8e3f6a1c9d4
Revises: a5d2c8e4f1b7
Create Date: 2026-11-30 17:55:00.000000

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'b8e3f6a1c9d4'
down_revision = 'a5d2c8e4f1b7'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index('ix_request_assignee_status', 'engagement_request',
                    ['assignee_id', 'status', 'submitted_at'])
    op.drop_index('ix_engagement_request_assignee_id', table_name='engagement_request')
    if op.get_bind().dialect.name == "sqlite":
        op.execute("ANALYZE engagement_request")


def downgrade():
    op.create_index('ix_engagement_request_assignee_id', 'engagement_request', ['assignee_id'])
    op.drop_index('ix_request_assignee_status', table_name='engagement_request')
