"""A person's own space: her profile, her calendar feed secret, reminders sent.

Revision ID: 0003_own_space
Revises: 0002_accounts
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from casepath.store.types import UTCDateTime

revision = "0003_own_space"
down_revision = "0002_accounts"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("profiles") as batch:
        batch.add_column(sa.Column("account_id", sa.String(32), nullable=True))
        batch.create_unique_constraint(op.f("uq_profiles_account_id"), ["account_id"])
        batch.create_foreign_key(
            op.f("fk_profiles_account_id_accounts"),
            "accounts",
            ["account_id"],
            ["id"],
            ondelete="CASCADE",
        )
    with op.batch_alter_table("accounts") as batch:
        batch.add_column(sa.Column("calendar_token_hash", sa.String(64), nullable=True))
        batch.create_unique_constraint(
            op.f("uq_accounts_calendar_token_hash"), ["calendar_token_hash"]
        )
    op.create_table(
        "reminders_sent",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("account_id", sa.String(32), nullable=False),
        sa.Column("credential", sa.String(40), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("due", sa.Date(), nullable=False),
        sa.Column("days_before", sa.Integer(), nullable=False),
        sa.Column("sent_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            name=op.f("fk_reminders_sent_account_id_accounts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reminders_sent")),
        sa.UniqueConstraint(
            "account_id",
            "credential",
            "kind",
            "due",
            "days_before",
            name=op.f("uq_reminders_sent_account_id"),
        ),
    )
    op.create_index(op.f("ix_reminders_sent_account_id"), "reminders_sent", ["account_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_reminders_sent_account_id"), table_name="reminders_sent")
    op.drop_table("reminders_sent")
    with op.batch_alter_table("accounts") as batch:
        batch.drop_constraint(op.f("uq_accounts_calendar_token_hash"), type_="unique")
        batch.drop_column("calendar_token_hash")
    with op.batch_alter_table("profiles") as batch:
        batch.drop_constraint(op.f("fk_profiles_account_id_accounts"), type_="foreignkey")
        batch.drop_constraint(op.f("uq_profiles_account_id"), type_="unique")
        batch.drop_column("account_id")
