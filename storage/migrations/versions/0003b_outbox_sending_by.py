"""Record how an outbox attempt is being made before it is made (reply or push)

A worker killed between sending and recording leaves this set, so the next worker knows a reply
may already have reached the user and never pushes the same content after it (DELIVERY=reply).

Revision ID: 0003b
Revises: 0003
Create Date: 2026-11-24 14:50:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0003b'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('outbox_messages') as batch:
        batch.add_column(sa.Column('sending_by', sa.String(length=8), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('outbox_messages') as batch:
        batch.drop_column('sending_by')
