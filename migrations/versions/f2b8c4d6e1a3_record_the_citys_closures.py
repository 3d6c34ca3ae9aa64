"""Record the days the City closes, which working days do not count

Revision ID: f2b8c4d6e1a3
Revises: b7e5f0c3a912
Create Date: 2026-12-10 09:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'f2b8c4d6e1a3'
down_revision = 'b7e5f0c3a912'
branch_labels = None
depends_on = None


def upgrade():
    # Ontario's holidays come from the holidays package; the closures an administrator adds
    # (a storm, a system move) are the City's own, one a day.
    op.create_table(
        'closure',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('day', sa.Date(), nullable=False),
        sa.Column('reason', sa.String(length=200), nullable=False),
        sa.Column('created_by_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['created_by_id'], ['user.id'],
                                name=op.f('fk_closure_created_by_id_user')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_closure')),
        sa.UniqueConstraint('day', name=op.f('uq_closure_day')),
    )


def downgrade():
    op.drop_table('closure')
