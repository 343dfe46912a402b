"""disclosure releases, withdrawals and notice prohibitions

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-30 02:35:44.953846
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import models.base


revision: str = '0002'
down_revision: str | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('disclosure_log_entry', schema=None) as batch_op:
        batch_op.add_column(sa.Column('released_at', models.base.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column('withdrawn_at', models.base.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column('withdrawal_reason', sa.Text(), server_default='', nullable=False))
        batch_op.add_column(sa.Column('notice_forbidden', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column('notice_forbidden_reason', sa.Text(), server_default='', nullable=False))

    # Before 0002 a disclosure logged without a planned release time was one that had
    # already happened. One with a planned time stays planned: nothing recorded that it
    # went out, so the attorney records the release (or the withdrawal) by hand.
    op.execute(
        "UPDATE disclosure_log_entry SET released_at = occurred_at "
        "WHERE entry_type = 'disclosure' AND planned_release_at IS NULL"
    )


def downgrade() -> None:
    with op.batch_alter_table('disclosure_log_entry', schema=None) as batch_op:
        batch_op.drop_column('notice_forbidden_reason')
        batch_op.drop_column('notice_forbidden')
        batch_op.drop_column('withdrawal_reason')
        batch_op.drop_column('withdrawn_at')
        batch_op.drop_column('released_at')
