"""Questionnaires an organisation has hidden, and versions it has retired (issue 15).

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03 08:00:00

`questionnaire_choices` keeps, per organisation, a questionnaire it no longer offers
for new checks (state "hidden", version "" for every version) or one version it has
retired (state "retired"). Stored versions and rounds are never changed by it.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'questionnaire_choices',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('organisation_id', sa.Integer(), nullable=False),
        sa.Column('questionnaire_key', sa.String(length=64), nullable=False),
        sa.Column('version', sa.String(length=32), nullable=False),
        sa.Column('state', sa.String(length=16), nullable=False),
        sa.Column('changed_at', sa.DateTime(), server_default=sa.func.now(),
                  nullable=False),
        sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'],
                                name=op.f('fk_questionnaire_choices_organisation_id_organisations'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_questionnaire_choices')),
        sa.UniqueConstraint('organisation_id', 'questionnaire_key', 'version',
                            name=op.f('uq_questionnaire_choices_organisation_id')),
    )
    with op.batch_alter_table('questionnaire_choices') as batch_op:
        batch_op.create_index(batch_op.f('ix_questionnaire_choices_organisation_id'),
                              ['organisation_id'], unique=False)


def downgrade():
    op.drop_table('questionnaire_choices')
