"""The people a repeating check invites by email each time it opens (issue 18).

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02 17:00:00

A group that repeats its check may keep a list of addresses (`standing_invitations`),
apart from every link and response. Each new round that opens gets fresh personal
links for them, which forget the address as any personal link does.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'standing_invitations',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('group_id', sa.Integer(), nullable=False),
        sa.Column('email', sa.String(length=254), nullable=False),
        sa.Column('label', sa.String(length=200), nullable=False),
        sa.Column('perspective_key', sa.String(length=64), nullable=True),
        sa.Column('partner_key', sa.String(length=64), nullable=True),
        sa.Column('language', sa.String(length=5), nullable=False),
        sa.ForeignKeyConstraint(['group_id'], ['groups.id'],
                                name=op.f('fk_standing_invitations_group_id_groups'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_standing_invitations')),
        sa.UniqueConstraint('group_id', 'email',
                            name=op.f('uq_standing_invitations_group_id')),
    )
    with op.batch_alter_table('standing_invitations') as batch_op:
        batch_op.create_index(batch_op.f('ix_standing_invitations_group_id'), ['group_id'],
                              unique=False)


def downgrade():
    op.drop_table('standing_invitations')
