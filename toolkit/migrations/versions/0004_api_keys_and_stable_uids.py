"""API keys, and stable uids on groups, rounds, responses and agreed actions.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23 13:23:21.094790

"""
import uuid

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None

TABLES_WITH_UIDS = ('agreed_actions', 'groups', 'responses', 'rounds')


def upgrade():
    op.create_table('api_keys',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('key_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('last_used_on', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_api_keys_organisation_id_organisations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_api_keys')),
    sa.UniqueConstraint('key_hash', name=op.f('uq_api_keys_key_hash'))
    )
    with op.batch_alter_table('api_keys', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_api_keys_organisation_id'), ['organisation_id'], unique=False)

    # Existing rows get a fresh uid each before the column becomes required.
    connection = op.get_bind()
    for table_name in TABLES_WITH_UIDS:
        with op.batch_alter_table(table_name, schema=None) as batch_op:
            batch_op.add_column(sa.Column('uid', sa.String(length=36), nullable=True))
        table = sa.table(table_name, sa.column('id', sa.Integer), sa.column('uid', sa.String))
        ids = connection.execute(sa.select(table.c.id)).scalars().all()
        for row_id in ids:
            connection.execute(
                table.update().where(table.c.id == row_id).values(uid=str(uuid.uuid4()))
            )
        with op.batch_alter_table(table_name, schema=None) as batch_op:
            batch_op.alter_column('uid', existing_type=sa.String(length=36), nullable=False)
            batch_op.create_unique_constraint(batch_op.f(f'uq_{table_name}_uid'), ['uid'])


def downgrade():
    for table_name in reversed(TABLES_WITH_UIDS):
        with op.batch_alter_table(table_name, schema=None) as batch_op:
            batch_op.drop_constraint(batch_op.f(f'uq_{table_name}_uid'), type_='unique')
            batch_op.drop_column('uid')

    with op.batch_alter_table('api_keys', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_api_keys_organisation_id'))

    op.drop_table('api_keys')
