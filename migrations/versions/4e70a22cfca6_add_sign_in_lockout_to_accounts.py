"""Add sign-in lockout to accounts: failed sign-ins in a row, locked until

Revision ID: 4e70a22cfca6
Revises: c15dbaa5a3c5
Create Date: 2026-11-28 21:47:24.118532

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '4e70a22cfca6'
down_revision = 'c15dbaa5a3c5'
branch_labels = None
depends_on = None


def upgrade():
    # Existing accounts start with no failures (server default) and unlocked.
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('failed_logins', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('locked_until', sa.DateTime(), nullable=True))
        batch_op.create_check_constraint(op.f('ck_user_failed_logins_not_negative'),
                                         'failed_logins >= 0')


def downgrade():
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_user_failed_logins_not_negative'), type_='check')
        batch_op.drop_column('locked_until')
        batch_op.drop_column('failed_logins')
