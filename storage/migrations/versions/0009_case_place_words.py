"""Keep the words a citizen used to say where a problem is ("ปากซอยลาดพร้าว 71") on the case

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-24 20:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('cases') as batch:
        batch.add_column(sa.Column('place_words', sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('cases') as batch:
        batch.drop_column('place_words')
