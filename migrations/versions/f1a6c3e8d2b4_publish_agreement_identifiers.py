"""Give each agreement a published identifier that never changes, for the open data

Revision ID: f1a6c3e8d2b4
Revises: f2b8c4d6e1a3
Create Date: 2026-12-10 09:00:00.000000

"""
import uuid

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'f1a6c3e8d2b4'
down_revision = 'f2b8c4d6e1a3'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('agreement', sa.Column('public_id', sa.String(length=36), nullable=True))
    # Every agreement already recorded gets its own identifier now, once; from here on the
    # model gives one to each new agreement.
    agreement = sa.table('agreement', sa.column('id', sa.Integer),
                         sa.column('public_id', sa.String))
    connection = op.get_bind()
    for (row_id,) in connection.execute(sa.select(agreement.c.id)).all():
        connection.execute(agreement.update().where(agreement.c.id == row_id)
                           .values(public_id=str(uuid.uuid4())))
    # No trigger lives on this table, so SQLite's batch rebuild loses nothing.
    with op.batch_alter_table('agreement', schema=None) as batch_op:
        batch_op.alter_column('public_id', existing_type=sa.String(length=36), nullable=False)
        batch_op.create_unique_constraint(batch_op.f('uq_agreement_public_id'), ['public_id'])


def downgrade():
    with op.batch_alter_table('agreement', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_agreement_public_id'), type_='unique')
        batch_op.drop_column('public_id')
