"""privacy: free-text answers released to the groups; kiosk mode; device storage in the notice

Revision ID: b7d2e90c4f31
Revises: a41c7e2f9b10
Create Date: 2026-12-07 12:30:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b7d2e90c4f31'
down_revision = 'a41c7e2f9b10'
branch_labels = None
depends_on = None


# Answers given before this change are not released: a coordinator checks them first.
# The default privacy notice gained a section on what is kept on the device: consents given
# from now on record a newer version.
def upgrade():
    op.execute("UPDATE organisation SET privacy_notice_version = privacy_notice_version + 1")
    with op.batch_alter_table('survey_answer', schema=None) as batch_op:
        batch_op.add_column(sa.Column('is_released', sa.Boolean(), server_default=sa.false(), nullable=False))
    with op.batch_alter_table('survey', schema=None) as batch_op:
        batch_op.add_column(sa.Column('is_kiosk', sa.Boolean(), server_default=sa.false(), nullable=False))


def downgrade():
    op.execute("UPDATE organisation SET privacy_notice_version = privacy_notice_version - 1")
    with op.batch_alter_table('survey', schema=None) as batch_op:
        batch_op.drop_column('is_kiosk')
    with op.batch_alter_table('survey_answer', schema=None) as batch_op:
        batch_op.drop_column('is_released')
