"""Verify city representatives; end sessions by an epoch on the account

Revision ID: b7e1c0d2a9f4
Revises: 9d1626f21652
Create Date: 2026-11-29 22:45:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b7e1c0d2a9f4'
down_revision = '9d1626f21652'
branch_labels = None
depends_on = None


def upgrade():
    # Existing city accounts start unverified: their link to a city was typed, never checked.
    # A CCO reviewer verifies them from "Accounts to verify".
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('city_verified_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('city_verified_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('city_refused_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('city_refusal_reason', sa.Text(), server_default='',
                                      nullable=False))
        batch_op.add_column(sa.Column('session_epoch', sa.Integer(), server_default='0',
                                      nullable=False))
        batch_op.create_foreign_key(op.f('fk_user_city_verified_by_id_user'), 'user',
                                    ['city_verified_by_id'], ['id'])
        batch_op.create_check_constraint(
            op.f('ck_user_verified_or_refused'),
            'city_verified_at IS NULL OR city_refused_at IS NULL')
        batch_op.create_check_constraint(op.f('ck_user_session_epoch_not_negative'),
                                         'session_epoch >= 0')


def downgrade():
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_user_session_epoch_not_negative'), type_='check')
        batch_op.drop_constraint(op.f('ck_user_verified_or_refused'), type_='check')
        batch_op.drop_constraint(op.f('fk_user_city_verified_by_id_user'), type_='foreignkey')
        batch_op.drop_column('session_epoch')
        batch_op.drop_column('city_refusal_reason')
        batch_op.drop_column('city_refused_at')
        batch_op.drop_column('city_verified_by_id')
        batch_op.drop_column('city_verified_at')
