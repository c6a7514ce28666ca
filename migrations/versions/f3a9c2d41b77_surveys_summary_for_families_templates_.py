"""surveys: published summary for families; template library and copies; invitation reminders

Revision ID: f3a9c2d41b77
Revises: e3a9c5d1f742
Create Date: 2026-12-07 14:10:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'f3a9c2d41b77'
down_revision = 'e3a9c5d1f742'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('survey', schema=None) as batch_op:
        batch_op.add_column(sa.Column('summary_published_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('summary_question_ids', sa.JSON(), server_default='[]', nullable=False))
        batch_op.add_column(sa.Column('summary_note', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('is_template', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column('template_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('copied_from_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_survey_template_id'), ['template_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_survey_template_id_survey'), 'survey', ['template_id'], ['id'],
                                    ondelete='SET NULL')
        batch_op.create_foreign_key(batch_op.f('fk_survey_copied_from_id_survey'), 'survey', ['copied_from_id'],
                                    ['id'], ondelete='SET NULL')
    with op.batch_alter_table('survey_invitation', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reminded_on', sa.Date(), nullable=True))


def downgrade():
    with op.batch_alter_table('survey_invitation', schema=None) as batch_op:
        batch_op.drop_column('reminded_on')
    with op.batch_alter_table('survey', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_survey_copied_from_id_survey'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_survey_template_id_survey'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_survey_template_id'))
        batch_op.drop_column('copied_from_id')
        batch_op.drop_column('template_id')
        batch_op.drop_column('is_template')
        batch_op.drop_column('summary_note')
        batch_op.drop_column('summary_question_ids')
        batch_op.drop_column('summary_published_at')
