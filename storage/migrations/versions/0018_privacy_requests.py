"""Citizens' PDPA requests (copy, erasure), and erasure's one exception to the append-only audit log

Revision ID: 0018
Revises: 0012
Create Date: 2026-11-26 10:00:00

- privacy_requests: who asked (a pseudonym), for what, when, and when it was done, for the
  dashboard's list with the 30-day deadline PDPA sets. An erasure keeps the LINE id in
  finishing_user_id only until its last message is sent.
- audit_log stays append-only on PostgreSQL, with one exception: an erasure (PDPA s.33) may replace
  a citizen's LINE id in `actor` with 'citizen:erased', and change nothing else of the entry.
"""
from alembic import op
import sqlalchemy as sa

from storage.models import UtcDateTime

revision = '0018'
down_revision = '0012'
branch_labels = None
depends_on = None

# The columns an erasure must leave exactly as they were (JSON has no equality: compared as text).
UNCHANGED = ("id", "at", "action", "outcome", "case_id", "ticket_id", "reason", "before::text",
             "after::text")
_NEW = ", ".join(f"NEW.{column}" for column in UNCHANGED)
_OLD = ", ".join(f"OLD.{column}" for column in UNCHANGED)
ERASABLE = f"""
CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND OLD.actor LIKE 'citizen:%' AND NEW.actor = 'citizen:erased'
     AND ({_NEW}) IS NOT DISTINCT FROM ({_OLD}) THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'audit_log is append-only';
END $$;
"""
STRICT = """
CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$;
"""


def upgrade() -> None:
    op.create_table(
        'privacy_requests',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=8), nullable=False),
        sa.Column('who', sa.String(length=16), nullable=False),
        sa.Column('requested_at', UtcDateTime(), nullable=False),
        sa.Column('done_at', UtcDateTime(), nullable=True),
        sa.Column('finishing_user_id', sa.String(length=64), nullable=True),
        sa.PrimaryKeyConstraint('id'))
    op.create_index('ix_privacy_requests_who', 'privacy_requests', ['who'])
    op.create_index('ix_privacy_requests_requested_at', 'privacy_requests', ['requested_at'])
    if op.get_bind().dialect.name == 'postgresql':
        op.execute(ERASABLE)


def downgrade() -> None:
    if op.get_bind().dialect.name == 'postgresql':
        op.execute(STRICT)
    op.drop_index('ix_privacy_requests_requested_at', table_name='privacy_requests')
    op.drop_index('ix_privacy_requests_who', table_name='privacy_requests')
    op.drop_table('privacy_requests')
