"""What a team agreed together about each dimension after a check (issue 16).

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02 17:00:00

`agreed_statuses` keeps, for a round and one of its questionnaire's dimensions, the
status the team agreed on (one of the scale's answers, or that it did not agree) and
a short note. Who recorded it, and when, goes to the audit log.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'agreed_statuses',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('round_id', sa.Integer(), nullable=False),
        sa.Column('dimension_key', sa.String(length=64), nullable=False),
        sa.Column('status', sa.String(length=64), nullable=False),
        sa.Column('note', sa.String(length=300), nullable=False),
        sa.ForeignKeyConstraint(['round_id'], ['rounds.id'],
                                name=op.f('fk_agreed_statuses_round_id_rounds'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_agreed_statuses')),
        sa.UniqueConstraint('round_id', 'dimension_key',
                            name=op.f('uq_agreed_statuses_round_id')),
    )
    with op.batch_alter_table('agreed_statuses') as batch_op:
        batch_op.create_index(batch_op.f('ix_agreed_statuses_round_id'), ['round_id'],
                              unique=False)


def downgrade():
    op.drop_table('agreed_statuses')
