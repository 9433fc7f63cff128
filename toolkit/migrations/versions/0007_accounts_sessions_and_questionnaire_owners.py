"""Accounts' sessions kept on the server, and questionnaires kept per organisation (issue 14).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01 10:00:00

Each signed-in browser gets a row in account_sessions, so signing out, "sign out
everywhere" and a new password end it for good. Invitations to join an organisation wait
in membership_invitations until the person invited accepts them.

Uploaded questionnaire versions belong to the organisation that uploaded them, found
by a hash of their exact text; the shipped ones are shared rows with no organisation.
A round that was pointed at another organisation's upload (a content hash that
ignored comments made that possible) gets a copy of that text for its own
organisation, so deleting either organisation no longer fails or takes the other's.
"""
import hashlib

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

versions = sa.table(
    'questionnaire_versions',
    sa.column('id', sa.Integer),
    sa.column('questionnaire_key', sa.String),
    sa.column('version', sa.String),
    sa.column('content_hash', sa.String),
    sa.column('source_hash', sa.String),
    sa.column('title', sa.String),
    sa.column('source_yaml', sa.Text),
    sa.column('organisation_id', sa.Integer),
    sa.column('stored_at', sa.DateTime),
)
rounds = sa.table(
    'rounds',
    sa.column('id', sa.Integer),
    sa.column('group_id', sa.Integer),
    sa.column('questionnaire_version_id', sa.Integer),
)
groups = sa.table('groups', sa.column('id', sa.Integer), sa.column('organisation_id', sa.Integer))


def _hash_every_source(connection):
    for row_id, source in connection.execute(sa.select(versions.c.id, versions.c.source_yaml)):
        digest = hashlib.sha256(source.encode()).hexdigest()
        connection.execute(
            versions.update().where(versions.c.id == row_id).values(source_hash=digest)
        )


COPIED = ('questionnaire_key', 'version', 'content_hash', 'source_hash', 'title', 'source_yaml',
          'stored_at')


def _give_each_round_its_own_organisations_copy(connection):
    """Point rounds that use another organisation's upload at a copy for their own."""
    crossing = connection.execute(
        sa.select(
            rounds.c.id.label('round_id'),
            groups.c.organisation_id.label('round_organisation_id'),
            *[versions.c[name] for name in COPIED],
        )
        .select_from(rounds.join(groups, rounds.c.group_id == groups.c.id))
        .join(versions, rounds.c.questionnaire_version_id == versions.c.id)
        .where(
            versions.c.organisation_id.is_not(None),
            versions.c.organisation_id != groups.c.organisation_id,
        )
    ).mappings().all()
    copies = {}
    for row in crossing:
        owner = row['round_organisation_id']
        if (owner, row['source_hash']) not in copies:
            copies[owner, row['source_hash']] = connection.execute(
                versions.insert()
                .values(organisation_id=owner, **{name: row[name] for name in COPIED})
                .returning(versions.c.id)
            ).scalar_one()
        connection.execute(
            rounds.update()
            .where(rounds.c.id == row['round_id'])
            .values(questionnaire_version_id=copies[owner, row['source_hash']])
        )


def upgrade():
    op.create_table('account_sessions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('started_at', sa.DateTime(), nullable=False),
    sa.Column('last_seen_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['accounts.id'], name=op.f('fk_account_sessions_account_id_accounts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_account_sessions')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_account_sessions_token_hash'))
    )
    with op.batch_alter_table('account_sessions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_account_sessions_account_id'), ['account_id'], unique=False)

    op.create_table('membership_invitations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('role', sa.Enum('ADMIN', 'FACILITATOR', 'VIEWER', name='role', native_enum=False, length=20), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('invited_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('expires_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['invited_by_id'], ['accounts.id'], name=op.f('fk_membership_invitations_invited_by_id_accounts'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_membership_invitations_organisation_id_organisations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_membership_invitations')),
    sa.UniqueConstraint('organisation_id', 'email', name=op.f('uq_membership_invitations_organisation_id')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_membership_invitations_token_hash'))
    )
    with op.batch_alter_table('membership_invitations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_membership_invitations_organisation_id'), ['organisation_id'], unique=False)

    with op.batch_alter_table('questionnaire_versions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('source_hash', sa.String(length=64), nullable=True))
        batch_op.drop_constraint('uq_questionnaire_versions_content_hash', type_='unique')
    connection = op.get_bind()
    _hash_every_source(connection)
    _give_each_round_its_own_organisations_copy(connection)
    with op.batch_alter_table('questionnaire_versions', schema=None) as batch_op:
        batch_op.alter_column('source_hash', existing_type=sa.String(length=64), nullable=False)
        batch_op.create_index(batch_op.f('ix_questionnaire_versions_content_hash'), ['content_hash'], unique=False)
        batch_op.create_unique_constraint(
            batch_op.f('uq_questionnaire_versions_organisation_id'), ['organisation_id', 'source_hash']
        )
    op.create_index(
        'uq_questionnaire_versions_shared_source_hash',
        'questionnaire_versions',
        ['source_hash'],
        unique=True,
        sqlite_where=sa.text('organisation_id IS NULL'),
        postgresql_where=sa.text('organisation_id IS NULL'),
    )


def _merge_copies_by_content_hash(connection):
    """Before the content hash is unique again, point rounds at one row per hash."""
    kept = {}
    for row_id, content_hash in connection.execute(
        sa.select(versions.c.id, versions.c.content_hash).order_by(versions.c.id)
    ):
        if content_hash not in kept:
            kept[content_hash] = row_id
            continue
        connection.execute(
            rounds.update().where(rounds.c.questionnaire_version_id == row_id).values(
                questionnaire_version_id=kept[content_hash]
            )
        )
        connection.execute(versions.delete().where(versions.c.id == row_id))


def downgrade():
    op.drop_index('uq_questionnaire_versions_shared_source_hash', table_name='questionnaire_versions')
    _merge_copies_by_content_hash(op.get_bind())
    with op.batch_alter_table('questionnaire_versions', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_questionnaire_versions_organisation_id'), type_='unique')
        batch_op.drop_index(batch_op.f('ix_questionnaire_versions_content_hash'))
        batch_op.create_unique_constraint('uq_questionnaire_versions_content_hash', ['content_hash'])
        batch_op.drop_column('source_hash')

    with op.batch_alter_table('account_sessions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_account_sessions_account_id'))
    op.drop_table('account_sessions')

    with op.batch_alter_table('membership_invitations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_membership_invitations_organisation_id'))
    op.drop_table('membership_invitations')
