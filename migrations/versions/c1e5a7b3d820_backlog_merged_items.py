"""backlog: a merged item points to the item it was merged into

Revision ID: c1e5a7b3d820
Revises: b7d2e90c4f31
Create Date: 2026-12-07 13:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c1e5a7b3d820'
down_revision = 'b7d2e90c4f31'
branch_labels = None
depends_on = None


# Items merged before this change were "declined" with a note "→ #N title"; they become
# "merged" with the number from that note.
def upgrade():
    with op.batch_alter_table('backlog_item', schema=None) as batch_op:
        batch_op.add_column(sa.Column('merged_into_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_backlog_item_merged_into_id_backlog_item'), 'backlog_item',
                                    ['merged_into_id'], ['id'], ondelete='SET NULL')
    connection = op.get_bind()
    rows = connection.execute(sa.text(
        "SELECT c.item_id, c.note FROM backlog_status_change c JOIN backlog_item i ON i.id = c.item_id "
        "WHERE i.status = 'declined' AND c.note LIKE '→ #%' ORDER BY c.id")).all()
    for item_id, note in rows:
        number = note[3:].split(" ", 1)[0]
        if number.isdigit():
            connection.execute(sa.text("UPDATE backlog_item SET status = 'merged', merged_into_id = :into "
                                       "WHERE id = :id"), {"into": int(number), "id": item_id})


def downgrade():
    op.execute("UPDATE backlog_item SET status = 'declined' WHERE status = 'merged'")
    with op.batch_alter_table('backlog_item', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_backlog_item_merged_into_id_backlog_item'), type_='foreignkey')
        batch_op.drop_column('merged_into_id')
