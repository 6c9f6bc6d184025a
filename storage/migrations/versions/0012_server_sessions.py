"""Dashboard sessions on the server; refused sign-ins counted by source, not by account

Revision ID: 0012
Revises: 0010_scale
Create Date: 2026-11-26 10:00:00

- admin_sessions: the cookie holds only a random id, the table its SHA-256; signing out, a new
  password, disabling the account, idleness and the 8-hour limit delete the row, which ends the
  session everywhere at once (a copied cookie used to work until it expired).
- sign_in_failures: too many refused sign-ins from one source slow that source down. The
  per-account lock (admin_users.failed_attempts, locked_until) goes: it let anyone who knew a
  staff e-mail keep that person locked out, and answered differently once locked.
"""
from alembic import op
import sqlalchemy as sa

from storage.models import UtcDateTime

revision = '0012'
down_revision = '0010_scale'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'admin_sessions',
        sa.Column('id_hash', sa.String(length=64), primary_key=True),
        sa.Column('admin_id', sa.Integer(), sa.ForeignKey('admin_users.id', ondelete='CASCADE'),
                  nullable=True),
        sa.Column('data', sa.Text(), nullable=False),
        sa.Column('created_at', UtcDateTime(), nullable=False),
        sa.Column('last_seen_at', UtcDateTime(), nullable=False),
    )
    op.create_index('ix_admin_sessions_admin_id', 'admin_sessions', ['admin_id'])
    op.create_index('ix_admin_sessions_last_seen_at', 'admin_sessions', ['last_seen_at'])
    op.create_table(
        'sign_in_failures',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('source', sa.String(length=64), nullable=False),
        sa.Column('at', UtcDateTime(), nullable=False),
    )
    op.create_index('ix_sign_in_failures_source_at', 'sign_in_failures', ['source', 'at'])
    op.create_index('ix_sign_in_failures_at', 'sign_in_failures', ['at'])
    # Plain columns: SQLite (3.35 on) drops them in place, without rebuilding the table.
    op.drop_column('admin_users', 'failed_attempts')
    op.drop_column('admin_users', 'locked_until')


def downgrade() -> None:
    op.add_column('admin_users', sa.Column('locked_until', UtcDateTime(), nullable=True))
    op.add_column('admin_users', sa.Column('failed_attempts', sa.Integer(), server_default='0',
                                           nullable=False))
    op.drop_table('sign_in_failures')
    op.drop_table('admin_sessions')
