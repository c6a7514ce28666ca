"""outbox: messages linked to the developer-client they are about, for erasure

Revision ID: a41c7e2f9b10
Revises: e6f71e7e4759
Create Date: 2026-11-25 09:40:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a41c7e2f9b10'
down_revision = 'e6f71e7e4759'
branch_labels = None
depends_on = None


# Messages already in the outbox stay unlinked: erasure still finds them by the person's
# current address, as before.
def upgrade():
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.add_column(sa.Column('volunteer_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_outbox_message_volunteer_id'), ['volunteer_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_outbox_message_volunteer_id_volunteer'), 'volunteer',
                                    ['volunteer_id'], ['id'], ondelete='CASCADE')


def downgrade():
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_outbox_message_volunteer_id_volunteer'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_outbox_message_volunteer_id'))
        batch_op.drop_column('volunteer_id')
