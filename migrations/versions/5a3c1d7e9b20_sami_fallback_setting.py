"""organisation: where Inari and Skolt Sámi content falls back to (Finnish by default)

Revision ID: 5a3c1d7e9b20
Revises: 1d36f82a7acf
Create Date: 2026-12-07 12:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5a3c1d7e9b20'
down_revision = '1d36f82a7acf'
branch_labels = None
depends_on = None


# Existing organisations get Finnish, the new default: before, Inari and Skolt Sámi readers
# were shown Northern Sámi first, a different language (REVIEW.md LA3).
def upgrade():
    with op.batch_alter_table('organisation', schema=None) as batch_op:
        batch_op.add_column(sa.Column('sami_fallback', sa.String(length=8), server_default='fi', nullable=False))


def downgrade():
    with op.batch_alter_table('organisation', schema=None) as batch_op:
        batch_op.drop_column('sami_fallback')
