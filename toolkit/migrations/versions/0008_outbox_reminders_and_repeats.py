"""An outbox for email, reminders, and repeating a check on a schedule (issue 18).

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02 13:00:00

Emails wait in `emails` until they have gone, and are retried when a send fails.
A round may plan reminder days (`reminders`); a personal link keeps the address it
was emailed to until it is used (`invitations.email`). A group may repeat its check
every N months (`groups.repeat_months`); the round made that way remembers which
one it repeats (`rounds.repeats_round_id`). Accounts remember their language. An
organisation may sign its people in with its own OpenID Connect provider
(`sign_in_providers`).
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'emails',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.Enum('ANSWER_LINK', 'REMINDER', 'JOIN', 'PASSWORD', 'ROUND_CLOSED',
                                  'NEXT_ROUND', name='emailkind', native_enum=False, length=20),
                  nullable=False),
        sa.Column('organisation_id', sa.Integer(), nullable=True),
        sa.Column('round_id', sa.Integer(), nullable=True),
        sa.Column('recipient', sa.String(length=254), nullable=False),
        sa.Column('subject', sa.String(length=300), nullable=False),
        sa.Column('text_body', sa.Text(), nullable=False),
        sa.Column('html_body', sa.Text(), nullable=False),
        sa.Column('status', sa.Enum('WAITING', 'SENT', 'FAILED', name='emailstatus',
                                    native_enum=False, length=20), nullable=False),
        sa.Column('attempts', sa.Integer(), nullable=False),
        sa.Column('next_attempt_at', sa.DateTime(), nullable=False),
        sa.Column('problem', sa.String(length=500), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('sent_at', sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'],
                                name=op.f('fk_emails_organisation_id_organisations'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['round_id'], ['rounds.id'],
                                name=op.f('fk_emails_round_id_rounds'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_emails')),
    )
    with op.batch_alter_table('emails') as batch_op:
        batch_op.create_index(batch_op.f('ix_emails_organisation_id'), ['organisation_id'],
                              unique=False)
        batch_op.create_index(batch_op.f('ix_emails_round_id'), ['round_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_emails_status'), ['status'], unique=False)

    op.create_table(
        'reminders',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('round_id', sa.Integer(), nullable=False),
        sa.Column('send_on', sa.Date(), nullable=False),
        sa.Column('sent_on', sa.Date(), nullable=True),
        sa.Column('sent_to', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['round_id'], ['rounds.id'],
                                name=op.f('fk_reminders_round_id_rounds'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_reminders')),
        sa.UniqueConstraint('round_id', 'send_on', name=op.f('uq_reminders_round_id')),
    )
    with op.batch_alter_table('reminders') as batch_op:
        batch_op.create_index(batch_op.f('ix_reminders_round_id'), ['round_id'], unique=False)

    op.create_table(
        'sign_in_providers',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('organisation_id', sa.Integer(), nullable=False),
        sa.Column('label', sa.String(length=200), nullable=False),
        sa.Column('issuer', sa.String(length=500), nullable=False),
        sa.Column('client_id', sa.String(length=300), nullable=False),
        sa.Column('client_secret', sa.String(length=500), nullable=False),
        sa.Column('email_domains', sa.String(length=500), nullable=False),
        sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'],
                                name=op.f('fk_sign_in_providers_organisation_id_organisations'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_sign_in_providers')),
        sa.UniqueConstraint('organisation_id',
                            name=op.f('uq_sign_in_providers_organisation_id')),
    )

    with op.batch_alter_table('invitations') as batch_op:
        batch_op.add_column(sa.Column('email', sa.String(length=254), nullable=True))
        batch_op.add_column(sa.Column('language', sa.String(length=5), nullable=True))
    with op.batch_alter_table('accounts') as batch_op:
        batch_op.add_column(sa.Column('language', sa.String(length=5), nullable=True))
    with op.batch_alter_table('groups') as batch_op:
        batch_op.add_column(sa.Column('repeat_months', sa.Integer(), nullable=True))
    with op.batch_alter_table('rounds') as batch_op:
        batch_op.add_column(sa.Column('repeats_round_id', sa.Integer(), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_rounds_repeats_round_id'),
                                          ['repeats_round_id'])
        batch_op.create_foreign_key(batch_op.f('fk_rounds_repeats_round_id_rounds'), 'rounds',
                                    ['repeats_round_id'], ['id'], ondelete='SET NULL')


def downgrade():
    with op.batch_alter_table('rounds') as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_rounds_repeats_round_id_rounds'),
                                 type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('uq_rounds_repeats_round_id'), type_='unique')
        batch_op.drop_column('repeats_round_id')
    with op.batch_alter_table('groups') as batch_op:
        batch_op.drop_column('repeat_months')
    with op.batch_alter_table('accounts') as batch_op:
        batch_op.drop_column('language')
    with op.batch_alter_table('invitations') as batch_op:
        batch_op.drop_column('language')
        batch_op.drop_column('email')
    op.drop_table('sign_in_providers')
    op.drop_table('reminders')
    op.drop_table('emails')
