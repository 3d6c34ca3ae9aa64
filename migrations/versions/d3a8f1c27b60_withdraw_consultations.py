"""Let a reviewer withdraw an unanswered consultation, with a reason

Revision ID: d3a8f1c27b60
Revises: e3a9d4c6b812
Create Date: 2026-12-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd3a8f1c27b60'
down_revision = 'e3a9d4c6b812'
branch_labels = None
depends_on = None


def upgrade():
    # A consultation nobody answers would otherwise hold its request for ever: a reviewer
    # withdraws it, and the reason stays in the file.
    with op.batch_alter_table('consultation', schema=None) as batch_op:
        batch_op.add_column(sa.Column('withdrawn_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('withdrawn_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('withdrawn_reason', sa.Text(), server_default='',
                                      nullable=False))
        batch_op.create_foreign_key(op.f('fk_consultation_withdrawn_by_id_user'), 'user',
                                    ['withdrawn_by_id'], ['id'])
        batch_op.create_check_constraint(op.f('ck_consultation_answered_or_withdrawn'),
                                         'answered_at IS NULL OR withdrawn_at IS NULL')


def downgrade():
    with op.batch_alter_table('consultation', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_consultation_answered_or_withdrawn'), type_='check')
        batch_op.drop_constraint(op.f('fk_consultation_withdrawn_by_id_user'),
                                 type_='foreignkey')
        batch_op.drop_column('withdrawn_reason')
        batch_op.drop_column('withdrawn_by_id')
        batch_op.drop_column('withdrawn_at')
