"""The Solicitor's round-trip: a draft returned with changes, an edited Word file uploaded

Revision ID: 8d4f2a6c9e13
Revises: 7c2e4b9d1a60
Create Date: 2026-12-02 12:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '8d4f2a6c9e13'
down_revision = '7c2e4b9d1a60'
branch_labels = None
depends_on = None


def upgrade():
    # Only agreement_draft changes; it carries no triggers, so a rebuild loses nothing.
    with op.batch_alter_table('agreement_draft', schema=None) as batch_op:
        batch_op.add_column(sa.Column('source', sa.String(length=16),
                                      server_default='generated', nullable=False))
        batch_op.add_column(sa.Column('unfilled', sa.JSON(), server_default='[]',
                                      nullable=False))
        batch_op.add_column(sa.Column('returned_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('returned_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('return_comment', sa.Text(), server_default='',
                                      nullable=False))
        batch_op.create_foreign_key('fk_agreement_draft_returned_by_id_user', 'user',
                                    ['returned_by_id'], ['id'])


def downgrade():
    with op.batch_alter_table('agreement_draft', schema=None) as batch_op:
        batch_op.drop_constraint('fk_agreement_draft_returned_by_id_user', type_='foreignkey')
        batch_op.drop_column('return_comment')
        batch_op.drop_column('returned_at')
        batch_op.drop_column('returned_by_id')
        batch_op.drop_column('unfilled')
        batch_op.drop_column('source')
