"""Keep the current assessment's total on the request, so the queue sorts by score from an index

Revision ID: c4e8a1f7d2b9
Revises: a7c2e9f4b1d3
Create Date: 2026-11-30 11:30:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c4e8a1f7d2b9'
down_revision = 'a7c2e9f4b1d3'
branch_labels = None
depends_on = None


def upgrade():
    # A plain ADD COLUMN on both databases: no batch rebuild, so the triggers on the table stay.
    op.add_column('engagement_request', sa.Column('score_percent', sa.Float(), nullable=True))
    op.execute(
        "UPDATE engagement_request SET score_percent = (SELECT assessment.total_percent "
        "FROM assessment WHERE assessment.request_id = engagement_request.id "
        "AND assessment.is_current = true)")
    op.create_index('ix_request_category_score', 'engagement_request',
                    ['requested_category', 'score_percent', 'id'])
    op.create_index('ix_request_score', 'engagement_request', ['score_percent', 'id'])


def downgrade():
    op.drop_index('ix_request_score', table_name='engagement_request')
    op.drop_index('ix_request_category_score', table_name='engagement_request')
    with op.batch_alter_table('engagement_request', schema=None) as batch_op:
        batch_op.drop_column('score_percent')
