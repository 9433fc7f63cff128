"""releases: every output shows a release of a round's results, logged each time it is sent

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02 09:00:00

A round's published results (``rounds.published_profile``, kept after its answers
were deleted) become its first release. Responses stop pointing at the personal
invitation they came from: they keep the link's hash instead, and a used
invitation forgets its link, so no label is ever joined to answers.
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "releases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column(
            "made_at", sa.DateTime(), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False
        ),
        sa.Column("profile", sa.JSON(), nullable=False),
        sa.Column("people", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["round_id"], ["rounds.id"], name=op.f("fk_releases_round_id_rounds"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_releases")),
        sa.UniqueConstraint("round_id", "number", name=op.f("uq_releases_round_id")),
    )
    with op.batch_alter_table("releases", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_releases_round_id"), ["round_id"], unique=False)
    op.create_table(
        "disclosures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("release_id", sa.Integer(), nullable=False),
        sa.Column(
            "output",
            sa.Enum(
                "PAGE", "PDF", "DOWNLOAD", "ROWS", "API", "ROOM",
                name="output", native_enum=False, length=20,
            ),
            nullable=False,
        ),
        sa.Column("reader", sa.String(length=20), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=True),
        sa.Column("at", sa.DateTime(), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False),
        sa.ForeignKeyConstraint(
            ["release_id"], ["releases.id"],
            name=op.f("fk_disclosures_release_id_releases"), ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["account_id"], ["accounts.id"],
            name=op.f("fk_disclosures_account_id_accounts"), ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_disclosures")),
    )
    with op.batch_alter_table("disclosures", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_disclosures_release_id"), ["release_id"], unique=False)
    with op.batch_alter_table("reports", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("audience", sa.String(length=20), nullable=False, server_default="team")
        )

    rounds = sa.table("rounds", sa.column("id", sa.Integer), sa.column("published_profile", sa.JSON))
    releases = sa.table(
        "releases",
        sa.column("round_id", sa.Integer),
        sa.column("number", sa.Integer),
        sa.column("profile", sa.JSON),
        sa.column("people", sa.JSON),
    )
    connection = op.get_bind()
    published = connection.execute(
        sa.select(rounds.c.id, rounds.c.published_profile).where(
            rounds.c.published_profile.is_not(None)
        )
    ).all()
    if published:
        op.bulk_insert(
            releases,
            [{"round_id": i, "number": 1, "profile": p, "people": {}} for i, p in published],
        )
    with op.batch_alter_table("rounds", schema=None) as batch_op:
        batch_op.drop_column("published_profile")

    with op.batch_alter_table("responses", schema=None) as batch_op:
        batch_op.add_column(sa.Column("link_hash", sa.String(length=64), nullable=True))
        batch_op.add_column(
            sa.Column(
                "perspective_given", sa.Boolean(), nullable=False, server_default=sa.false()
            )
        )
        batch_op.create_unique_constraint(batch_op.f("uq_responses_link_hash"), ["link_hash"])
    connection.execute(
        sa.text(
            "UPDATE responses SET link_hash = (SELECT i.token_hash FROM invitations i "
            "WHERE i.id = responses.invitation_id), perspective_given = (SELECT "
            "i.perspective_key IS NOT NULL FROM invitations i WHERE i.id = "
            "responses.invitation_id) WHERE invitation_id IS NOT NULL"
        )
    )
    with op.batch_alter_table("invitations", schema=None) as batch_op:
        batch_op.alter_column("token_hash", existing_type=sa.String(length=64), nullable=True)
    connection.execute(
        sa.text(
            "UPDATE invitations SET token_hash = NULL WHERE id IN "
            "(SELECT invitation_id FROM responses WHERE invitation_id IS NOT NULL) "
            "OR used_on IS NOT NULL"
        )
    )
    with op.batch_alter_table("invitations", schema=None) as batch_op:
        batch_op.drop_column("used_on")
    with op.batch_alter_table("responses", schema=None) as batch_op:
        batch_op.drop_constraint("uq_responses_invitation_id", type_="unique")
        batch_op.drop_constraint("fk_responses_invitation_id_invitations", type_="foreignkey")
        batch_op.drop_column("invitation_id")


def downgrade():
    # Which invitation a response came from is gone for good: responses point at none.
    with op.batch_alter_table("responses", schema=None) as batch_op:
        batch_op.add_column(sa.Column("invitation_id", sa.Integer(), nullable=True))
        batch_op.create_unique_constraint("uq_responses_invitation_id", ["invitation_id"])
        batch_op.create_foreign_key(
            "fk_responses_invitation_id_invitations",
            "invitations",
            ["invitation_id"],
            ["id"],
            ondelete="SET NULL",
        )
        batch_op.drop_constraint(batch_op.f("uq_responses_link_hash"), type_="unique")
        batch_op.drop_column("perspective_given")
        batch_op.drop_column("link_hash")
    with op.batch_alter_table("invitations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("used_on", sa.Date(), nullable=True))
    op.execute("UPDATE invitations SET token_hash = 'used-' || id WHERE token_hash IS NULL")
    with op.batch_alter_table("invitations", schema=None) as batch_op:
        batch_op.alter_column("token_hash", existing_type=sa.String(length=64), nullable=False)

    with op.batch_alter_table("rounds", schema=None) as batch_op:
        batch_op.add_column(sa.Column("published_profile", sa.JSON(), nullable=True))
    # The latest release of a round whose answers are gone is what it published.
    connection = op.get_bind()
    latest = connection.execute(
        sa.text(
            "SELECT r.round_id, r.profile FROM releases r WHERE r.number = "
            "(SELECT MAX(o.number) FROM releases o WHERE o.round_id = r.round_id) "
            "AND NOT EXISTS (SELECT 1 FROM responses s WHERE s.round_id = r.round_id)"
        )
    ).all()
    rounds = sa.table("rounds", sa.column("id", sa.Integer), sa.column("published_profile", sa.JSON))
    for round_id, profile in latest:
        connection.execute(
            rounds.update().where(rounds.c.id == round_id).values(published_profile=profile)
        )
    with op.batch_alter_table("reports", schema=None) as batch_op:
        batch_op.drop_column("audience")
    with op.batch_alter_table("disclosures", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_disclosures_release_id"))
    op.drop_table("disclosures")
    with op.batch_alter_table("releases", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_releases_round_id"))
    op.drop_table("releases")
