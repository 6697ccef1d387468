"""Indexes on the document part of review decisions' fingerprints.

Every stored document looks up the decisions that name its claims, to apply them again. The look-up was a
LIKE on the fingerprint's prefix, for the claim and for the target, joined by OR: no index served it, so it
read every decision for every document (300 PolNeAR articles ingested beside 200,000 recorded decisions:
19.9 s against 11.5 s with none). The fingerprint opens with the document's hash and a colon (21
characters); these expression indexes hold that part, and the look-up compares it for equality, which both
databases answer from an index whatever their collation.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03
"""

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

INDEXES = [("ix_review_decision_claim_doc", "claim_fingerprint"), ("ix_review_decision_target_doc", "target_fingerprint")]


def upgrade() -> None:
    for name, column in INDEXES:
        op.execute(f"CREATE INDEX {name} ON review_decision (substr({column}, 1, 21))")


def downgrade() -> None:
    for name, _column in reversed(INDEXES):
        op.execute(f"DROP INDEX {name}")
