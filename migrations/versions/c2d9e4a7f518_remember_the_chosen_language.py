"""Remember the language each account chose to read the portal and its messages in

Revision ID: c2d9e4a7f518
Revises: a4c7e2f91b35
Create Date: 2026-12-01 06:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c2d9e4a7f518'
down_revision = 'a4c7e2f91b35'
branch_labels = None
depends_on = None


def upgrade():
    # NULL: the account has not chosen, and its browser's language decides.
    op.add_column('user', sa.Column('language', sa.String(length=16), nullable=True))


def downgrade():
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_column('language')
