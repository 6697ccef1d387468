"""Indexes for the named reports and the analyst views at a million claims (measured with
``benchmarks/ingest.py``; the query plans they serve are noted beside each index).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29
"""

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

# (name, table, columns): covering indexes, so the lookups the views make per row never touch the table
INDEXES = [
    # speakers / reporters of one claim (claims_v, denials_v, contradictions_v): claim_id + role → source_id
    ("ix_claim_source_claim_role", "claim_source", ["claim_id", "role", "source_id"]),
    # the claims of one source in one role (source_stats_v, the `source` filter of every report)
    ("ix_claim_source_source_role", "claim_source", ["source_id", "role", "claim_id"]),
]


def upgrade() -> None:
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns)


def downgrade() -> None:
    for name, table, _columns in reversed(INDEXES):
        op.drop_index(name, table_name=table)
