"""coordinator's desk: every published version of the legal texts is kept

Revision ID: 5e1d2c7a9b34
Revises: 0d6c0bd75a6d
Create Date: 2026-12-07 14:30:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5e1d2c7a9b34'
down_revision = '0d6c0bd75a6d'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('legal_text_version',
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('texts', sa.JSON(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=True),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('published_by_id', sa.Integer(), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_legal_text_version_organisation_id_organisation'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['published_by_id'], ['staff_user.id'], name=op.f('fk_legal_text_version_published_by_id_staff_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_legal_text_version'))
    )
    with op.batch_alter_table('legal_text_version', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_legal_text_version_organisation_id'), ['organisation_id'], unique=False)


def downgrade():
    with op.batch_alter_table('legal_text_version', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_legal_text_version_organisation_id'))
    op.drop_table('legal_text_version')
