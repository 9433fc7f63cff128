"""Drop the participants and placements tables, which nothing used (issue 19).

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-03 09:00:00

They were made for keeping people by name with their places in groups, and an
invitation could point at one. No code ever wrote them, and a table that joins a
name to an invitation is one the toolkit should not have: personal links carry a
label for the facilitator and forget it, and standing invitations keep addresses
apart from links and answers.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('invitations', schema=None) as batch_op:
        batch_op.drop_constraint('fk_invitations_participant_id_participants', type_='foreignkey')
        batch_op.drop_column('participant_id')
    op.drop_table('placements')
    with op.batch_alter_table('participants', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_participants_organisation_id'))
    op.drop_table('participants')


def downgrade():
    op.create_table(
        'participants',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('organisation_id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=200), nullable=False),
        sa.Column('email', sa.String(length=254), nullable=True),
        sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_participants_organisation_id_organisations'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_participants')),
    )
    with op.batch_alter_table('participants', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_participants_organisation_id'), ['organisation_id'], unique=False)
    op.create_table(
        'placements',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('participant_id', sa.Integer(), nullable=False),
        sa.Column('group_id', sa.Integer(), nullable=False),
        sa.Column('perspective_key', sa.String(length=64), nullable=False),
        sa.Column('partner_key', sa.String(length=64), nullable=True),
        sa.ForeignKeyConstraint(['group_id'], ['groups.id'], name=op.f('fk_placements_group_id_groups'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['participant_id'], ['participants.id'], name=op.f('fk_placements_participant_id_participants'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_placements')),
        sa.UniqueConstraint('participant_id', 'group_id', 'perspective_key', name=op.f('uq_placements_participant_id')),
    )
    with op.batch_alter_table('invitations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('participant_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key('fk_invitations_participant_id_participants', 'participants', ['participant_id'], ['id'], ondelete='SET NULL')
