"""workshops: attendees by name and sector; developer-clients counted

Revision ID: e4b1c9d27a56
Revises: f3a9c2d41b77
Create Date: 2026-12-07 14:30:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e4b1c9d27a56'
down_revision = 'f3a9c2d41b77'
branch_labels = None
depends_on = None


SECTORS = ('social_services', 'health_care', 'early_childhood', 'school', 'youth_work', 'parish', 'ngo',
           'developer_client', 'other')


def upgrade():
    op.create_table('workshop_attendee',
    sa.Column('workshop_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('sector', sa.Enum(*SECTORS, name='workshop_attendee_sector', native_enum=False, length=32),
              nullable=False),
    sa.Column('is_named_by_consent', sa.Boolean(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['workshop_id'], ['workshop.id'], name=op.f('fk_workshop_attendee_workshop_id_workshop'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_workshop_attendee'))
    )
    with op.batch_alter_table('workshop_attendee', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_workshop_attendee_workshop_id'), ['workshop_id'], unique=False)
    with op.batch_alter_table('workshop', schema=None) as batch_op:
        batch_op.add_column(sa.Column('developer_client_count', sa.Integer(), server_default='0', nullable=False))


def downgrade():
    with op.batch_alter_table('workshop', schema=None) as batch_op:
        batch_op.drop_column('developer_client_count')
    with op.batch_alter_table('workshop_attendee', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_workshop_attendee_workshop_id'))
    op.drop_table('workshop_attendee')
