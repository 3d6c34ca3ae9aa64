"""Agreement lifecycle: a stored "renewed" decision and the notice of termination

Revision ID: e3a9d4c6b812
Revises: b7e1c0d2a9f4
Create Date: 2026-11-30 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e3a9d4c6b812'
down_revision = 'b7e1c0d2a9f4'
branch_labels = None
depends_on = None

OLD_STATUSES = "status IN ('active', 'expired', 'terminated', 'promoted', 'historical')"
NEW_STATUSES = ("status IN ('active', 'expired', 'terminated', 'renewed', 'promoted', "
                "'historical')")
DATED = ("status != 'terminated' OR (termination_notice_on IS NOT NULL "
         "AND terminates_on IS NOT NULL)")


def upgrade():
    # Where an agreement stands is now derived from its dates (policy.agreement_states); the
    # column keeps only decisions, one of which ("renewed") was not storable before.
    with op.batch_alter_table('agreement', schema=None) as batch_op:
        batch_op.add_column(sa.Column('termination_notice_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('termination_reason', sa.Text(), server_default='',
                                      nullable=False))
        batch_op.add_column(sa.Column('terminates_on', sa.Date(), nullable=True))
        batch_op.drop_constraint(op.f('ck_agreement_status_known'), type_='check')
        batch_op.create_check_constraint(op.f('ck_agreement_status_known'), NEW_STATUSES)
    # No agreement was terminated before: the portal had no way to do it. Any row marked so
    # by hand gets its notice dated to its end so the new constraint holds.
    op.execute("UPDATE agreement SET termination_notice_on = COALESCE(end_date, start_date, "
               "CURRENT_DATE), terminates_on = COALESCE(end_date, start_date, CURRENT_DATE) "
               "WHERE status = 'terminated'")
    with op.batch_alter_table('agreement', schema=None) as batch_op:
        batch_op.create_check_constraint(op.f('ck_agreement_termination_dated'), DATED)


def downgrade():
    # A renewed agreement was stored as active (running to its end) before this revision.
    op.execute("UPDATE agreement SET status = 'active' WHERE status = 'renewed'")
    with op.batch_alter_table('agreement', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_agreement_termination_dated'), type_='check')
        batch_op.drop_constraint(op.f('ck_agreement_status_known'), type_='check')
        batch_op.create_check_constraint(op.f('ck_agreement_status_known'), OLD_STATUSES)
        batch_op.drop_column('terminates_on')
        batch_op.drop_column('termination_reason')
        batch_op.drop_column('termination_notice_on')
