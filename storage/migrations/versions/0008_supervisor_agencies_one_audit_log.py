"""Supervisors' agencies; one audit log for every action (the dashboard's rows move to audit_log)

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-24 19:55:00
"""
from alembic import op
import sqlalchemy as sa

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None

COLUMNS = 'at, actor, action, outcome, case_id, ticket_id, reason, "before", "after"'


def upgrade() -> None:
    op.create_table(
        'admin_user_agencies',
        sa.Column('admin_id', sa.Integer(), sa.ForeignKey('admin_users.id', ondelete='CASCADE'),
                  primary_key=True),
        sa.Column('agency_id', sa.Integer(), sa.ForeignKey('agencies.id'), primary_key=True),
    )
    # One trail: dashboard sign-ins and moderation join the officers' append-only audit_log, in the
    # order they happened, and the dashboard's own table goes.
    op.execute(f'INSERT INTO audit_log ({COLUMNS}) SELECT {COLUMNS} FROM admin_audit '
               'ORDER BY at, id')
    op.drop_table('admin_audit')
    op.create_index('ix_audit_log_ticket_id', 'audit_log', ['ticket_id'])
    # The list's agency filter pairs with its default sort, like the other filters (0005).
    op.create_index('ix_cases_agency_created', 'cases', ['agency_id', 'created_at'])


def downgrade() -> None:
    op.drop_index('ix_cases_agency_created', table_name='cases')
    op.drop_index('ix_audit_log_ticket_id', table_name='audit_log')
    op.create_table(
        'admin_audit',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('at', sa.DateTime(timezone=True), nullable=False, index=True),
        sa.Column('actor', sa.String(length=80), nullable=False),
        sa.Column('action', sa.String(length=32), nullable=False),
        sa.Column('outcome', sa.String(length=16), nullable=False),
        sa.Column('case_id', sa.Integer(), sa.ForeignKey('cases.id'), nullable=True),
        sa.Column('ticket_id', sa.String(length=16), nullable=True, index=True),
        sa.Column('reason', sa.Text(), nullable=True),
        sa.Column('before', sa.JSON(), nullable=False),
        sa.Column('after', sa.JSON(), nullable=False),
    )
    # audit_log is append-only, so staff rows are copied back and also stay where they are.
    op.execute(f"INSERT INTO admin_audit ({COLUMNS}) SELECT {COLUMNS} FROM audit_log "
               "WHERE actor NOT LIKE 'officer:%' AND actor NOT LIKE 'citizen:%' "
               "AND actor NOT LIKE 'system:%' ORDER BY id")
    op.drop_table('admin_user_agencies')
