"""Sort cities and counterparts by a stored key: accents and case set aside

Revision ID: 7c2e4b9d1a60
Revises: 5a3d8e1f0c27
Create Date: 2026-11-30 12:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

from portal.policy.names import sort_key


# revision identifiers, used by Alembic.
revision = '7c2e4b9d1a60'
down_revision = '5a3d8e1f0c27'
branch_labels = None
depends_on = None

# (table, name column, key column, length): the key is the policy's, cut to the column.
KEYED = (("counterpart_city", "name", "sort_name", 120),
         ("agreement", "counterpart_name", "counterpart_sort_name", 200))


def upgrade():
    for table, _name, key, length in KEYED:
        # Neither table carries triggers: adding a column rebuilds nothing that needs them.
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column(key, sa.String(length=length), server_default='',
                                          nullable=False))
    # Fill the keys of the names already stored, computed as the portal computes them.
    connection = op.get_bind()
    for table, name, key, length in KEYED:
        rows = sa.table(table, sa.column('id', sa.Integer), sa.column(name, sa.String),
                        sa.column(key, sa.String))
        found = connection.execute(sa.select(rows.c.id, rows.c[name])).all()
        for row_id, value in found:
            connection.execute(rows.update().where(rows.c.id == row_id)
                               .values({key: sort_key(value or '')[:length]}))


def downgrade():
    for table, _name, key, _length in KEYED:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column(key)
