"""a phone number may be shared by a family; the services guide's search settings per organisation

Revision ID: b7d2e0c4a913
Revises: 5a3c1d7e9b20
Create Date: 2026-12-07 11:30:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b7d2e0c4a913'
down_revision = '5a3c1d7e9b20'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('volunteer', schema=None) as batch_op:
        batch_op.drop_constraint('uq_volunteer_organisation_phone', type_='unique')
        batch_op.create_index('ix_volunteer_organisation_phone', ['organisation_id', 'phone'], unique=False)
    op.create_table('guide_search_settings',
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('synonyms', sa.Text(), nullable=False),
    sa.Column('family_centre_phone', sa.String(length=40), nullable=False),
    sa.Column('help_numbers', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'],
                            name=op.f('fk_guide_search_settings_organisation_id_organisation'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('organisation_id', name=op.f('pk_guide_search_settings'))
    )


def downgrade():
    op.drop_table('guide_search_settings')
    with op.batch_alter_table('volunteer', schema=None) as batch_op:
        batch_op.drop_index('ix_volunteer_organisation_phone')
        batch_op.create_unique_constraint('uq_volunteer_organisation_phone', ['organisation_id', 'phone'])
