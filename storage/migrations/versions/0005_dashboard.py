"""Dashboard: staff accounts, callers' phones, redactions, worker heartbeats, audit, list indexes

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-24 14:40:00
"""
from alembic import op
import sqlalchemy as sa

from storage.models import UtcDateTime

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None

# Each pairs a filter with the default sort (newest first), so a filtered page of a million cases
# reads one index range instead of sorting the table.
INDEXES = (
    ('ix_cases_state_created', 'cases', ['state', 'created_at']),
    ('ix_cases_district_created', 'cases', ['district', 'created_at']),
    ('ix_cases_source_created', 'cases', ['source', 'created_at']),
    ('ix_cases_reopened_created', 'cases', ['reopen_count', 'created_at']),
    ('ix_cases_stars', 'cases', ['stars']),
    ('ix_cases_updated', 'cases', ['updated_at']),
    ('ix_outbox_status_created', 'outbox_messages', ['status', 'created_at']),
    ('ix_inbox_status_received', 'inbox_events', ['status', 'received_at']),
)


def upgrade() -> None:
    op.create_table(
        'admin_users',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('email', sa.String(length=254), nullable=False, unique=True),
        sa.Column('role', sa.String(length=16), nullable=False),
        sa.Column('password_hash', sa.String(length=255), nullable=False),
        sa.Column('active', sa.Boolean(), server_default=sa.true(), nullable=False),
        sa.Column('failed_attempts', sa.Integer(), server_default='0', nullable=False),
        sa.Column('locked_until', UtcDateTime(), nullable=True),
        sa.Column('last_sign_in_at', UtcDateTime(), nullable=True),
        sa.Column('created_at', UtcDateTime(), nullable=False),
    )
    op.create_table(
        'caller_contacts',
        sa.Column('case_id', sa.Integer(), sa.ForeignKey('cases.id'), primary_key=True),
        sa.Column('phone', sa.String(length=32), nullable=False),
        sa.Column('recorded_by', sa.Integer(), sa.ForeignKey('admin_users.id'), nullable=True),
        sa.Column('created_at', UtcDateTime(), nullable=False),
    )
    op.create_table(
        'redactions',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('case_id', sa.Integer(), sa.ForeignKey('cases.id'), nullable=False, index=True),
        sa.Column('field', sa.String(length=32), nullable=False),
        sa.Column('original', sa.Text(), nullable=False),
        sa.Column('reason', sa.Text(), nullable=False),
        sa.Column('admin_id', sa.Integer(), sa.ForeignKey('admin_users.id'), nullable=True),
        sa.Column('created_at', UtcDateTime(), nullable=False),
    )
    op.create_table(
        'worker_heartbeats',
        sa.Column('worker', sa.String(length=64), primary_key=True),
        sa.Column('beat_at', UtcDateTime(), nullable=False, index=True),
    )
    op.create_table(
        'admin_audit',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('at', UtcDateTime(), nullable=False, index=True),
        sa.Column('actor', sa.String(length=80), nullable=False),
        sa.Column('action', sa.String(length=32), nullable=False),
        sa.Column('outcome', sa.String(length=16), nullable=False),
        sa.Column('case_id', sa.Integer(), sa.ForeignKey('cases.id'), nullable=True),
        sa.Column('ticket_id', sa.String(length=16), nullable=True, index=True),
        sa.Column('reason', sa.Text(), nullable=True),
        sa.Column('before', sa.JSON(), nullable=False),
        sa.Column('after', sa.JSON(), nullable=False),
    )
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns)
    if op.get_bind().dialect.name == 'postgresql':
        # pg_trgm is a trusted extension (PostgreSQL 13+): the database owner may create it.
        op.execute('CREATE EXTENSION IF NOT EXISTS pg_trgm')
    for column in ('description', 'address'):  # GIN trigram on PostgreSQL, plain on SQLite
        op.create_index(f'ix_cases_{column}_trgm', 'cases', [column], postgresql_using='gin',
                        postgresql_ops={column: 'gin_trgm_ops'})


def downgrade() -> None:
    for column in ('description', 'address'):
        op.drop_index(f'ix_cases_{column}_trgm', table_name='cases')
    for name, table, _columns in reversed(INDEXES):
        op.drop_index(name, table_name=table)
    for table in ('admin_audit', 'worker_heartbeats', 'redactions', 'caller_contacts',
                  'admin_users'):
        op.drop_table(table)
