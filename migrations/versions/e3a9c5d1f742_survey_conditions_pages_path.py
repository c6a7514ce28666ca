"""conditional survey questions and sections, sections as pages, the path a response took

Revision ID: e3a9c5d1f742
Revises: 11daec2f97c1
Create Date: 2026-12-07 14:20:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e3a9c5d1f742'
down_revision = '11daec2f97c1'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('survey', schema=None) as batch_op:
        batch_op.add_column(sa.Column('is_paged', sa.Boolean(), server_default=sa.false(), nullable=False))
    with op.batch_alter_table('survey_question', schema=None) as batch_op:
        batch_op.add_column(sa.Column('condition_question_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('condition_values', sa.JSON(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_survey_question_condition_question_id_survey_question'),
                                    'survey_question', ['condition_question_id'], ['id'], ondelete='SET NULL')
    with op.batch_alter_table('survey_response', schema=None) as batch_op:
        batch_op.add_column(sa.Column('not_shown', sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table('survey_response', schema=None) as batch_op:
        batch_op.drop_column('not_shown')
    with op.batch_alter_table('survey_question', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_survey_question_condition_question_id_survey_question'),
                                 type_='foreignkey')
        batch_op.drop_column('condition_values')
        batch_op.drop_column('condition_question_id')
    with op.batch_alter_table('survey', schema=None) as batch_op:
        batch_op.drop_column('is_paged')
