"""privacy notice: a new version of the default text (corrections to the services guide)

Revision ID: e6f71e7e4759
Revises: 0ca882161dbf
Create Date: 2026-11-25 07:52:29.521331

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e6f71e7e4759'
down_revision = '0ca882161dbf'
branch_labels = None
depends_on = None


# The default privacy notice gained a sentence on corrections to the services guide: consents
# given from now on record a newer version than those given under the old text.
def upgrade():
    op.execute("UPDATE organisation SET privacy_notice_version = privacy_notice_version + 1")


def downgrade():
    op.execute("UPDATE organisation SET privacy_notice_version = privacy_notice_version - 1")
