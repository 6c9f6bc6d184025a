"""Record where a case came from, and let moderators hide cases, photos and block users

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24 14:30:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('cases') as batch:
        batch.add_column(sa.Column('source', sa.String(length=16), server_default='line', nullable=False))
        batch.add_column(sa.Column('hidden', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch.create_index('ix_cases_source', ['source'], unique=False)
    with op.batch_alter_table('photos') as batch:
        batch.add_column(sa.Column('hidden', sa.Boolean(), server_default=sa.false(), nullable=False))
    with op.batch_alter_table('line_users') as batch:
        batch.add_column(sa.Column('blocked', sa.Boolean(), server_default=sa.false(), nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('line_users') as batch:
        batch.drop_column('blocked')
    with op.batch_alter_table('photos') as batch:
        batch.drop_column('hidden')
    with op.batch_alter_table('cases') as batch:
        batch.drop_index('ix_cases_source')
        batch.drop_column('hidden')
        batch.drop_column('source')
