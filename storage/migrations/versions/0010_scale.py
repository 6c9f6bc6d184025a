"""Speed: the case list's deep pages, stuck cases, a state in a district and categories at scale

Revision ID: 0010_scale
Revises: 0009
Create Date: 2026-11-24 22:30:00

Chosen from EXPLAIN ANALYZE on a million generated cases (bench/scale.py, docs/BENCHMARKS.md):
- ix_cases_updated_id (updated_at, id) replaces ix_cases_updated: page 200 sorted by last update
  read 10,000 whole rows and sorted ties by id; now its ids are an index-only scan (1.2 ms).
- ix_cases_state_updated: "stuck" (open, not updated for a week) was counted from a bitmap of
  111,000 open cases (49 ms); now an index-only scan (3.9 ms).
- ix_cases_district_state_created: a state in a district was counted by reading 10,000 rows
  (59 ms); now an index-only scan (2.8 ms).
- ix_cases_categories_gin, PostgreSQL only: the category filter is JSON containment; the index
  finds a rare category without reading every case, and its statistics let the planner see how
  common a category is (it guessed 200 rows for any category and chose parallel scans, 40 ms for
  a page; now a page is 0.9 ms).
"""
from alembic import op

revision = '0010_scale'
down_revision = '0009'
branch_labels = None
depends_on = None

PLAIN = (('ix_cases_updated_id', ['updated_at', 'id']), ('ix_cases_state_updated', ['state', 'updated_at']),
         ('ix_cases_district_state_created', ['district', 'state', 'created_at']))


def upgrade() -> None:
    for name, columns in PLAIN:
        op.create_index(name, 'cases', columns)
    op.drop_index('ix_cases_updated', table_name='cases')
    if op.get_bind().dialect.name == 'postgresql':
        op.execute('CREATE INDEX ix_cases_categories_gin ON cases '
                   'USING gin ((CAST(categories AS JSONB)) jsonb_path_ops)')


def downgrade() -> None:
    if op.get_bind().dialect.name == 'postgresql':
        op.drop_index('ix_cases_categories_gin', table_name='cases')
    op.create_index('ix_cases_updated', 'cases', ['updated_at'])
    for name, _columns in reversed(PLAIN):
        op.drop_index(name, table_name='cases')
