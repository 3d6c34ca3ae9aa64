"""Keep the agreement's free text in French too, for a bilingual agreement

Revision ID: b7e5f0c3a912
Revises: c2d9e4a7f518
Create Date: 2026-12-08 06:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b7e5f0c3a912'
down_revision = 'c2d9e4a7f518'
branch_labels = None
depends_on = None

_COLUMNS = (
    ('title_fr', sa.String(length=200)),
    ('objectives_fr', sa.Text()),
    ('activities_fr', sa.Text()),
    ('outcomes_fr', sa.Text()),
)


def upgrade():
    # Plain add_column: a batch rebuild on SQLite would drop the table's triggers.
    # Existing requests have no French text; empty, never NULL, like the other answers.
    for name, kind in _COLUMNS:
        op.add_column('engagement_request',
                      sa.Column(name, kind, nullable=False, server_default=''))


def downgrade():
    with op.batch_alter_table('engagement_request', schema=None) as batch_op:
        for name, _kind in reversed(_COLUMNS):
            batch_op.drop_column(name)
