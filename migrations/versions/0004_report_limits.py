"""Reports at a million claims, second pass: indexes that let the row-limited reports stop early, and
``source_stats_v`` counting from ``claim_source`` alone where it can.

Measured with ``benchmarks/ingest.py`` on SQLite at 1M claims (the plans they serve are noted beside
each index). ``source_stats_v`` joined every claim_source row to its claim to drop rejected claims: a
random read of a wide claim row per mention (1.5 s at 650k mentions). It now counts all mentions from
claim_source alone and subtracts those of rejected claims (found through an index on review_status),
and counts denials from the denial claims (through the index on kind). Same columns, types and values;
downgrade restores the 0003 definition.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import context, op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

# story order as the claims report sorts it: undated stories last, then by date and document; the report
# walks this index story by story and stops at its row limit instead of sorting every claim
PUBLISHED_ORDER = "(CASE WHEN published IS NULL THEN 1 ELSE 0 END)"

# (name, table, columns)
INDEXES = [
    # unattributed: most check-worthy first, walked until the row limit is reached
    ("ix_claim_checkworthiness", "claim", [sa.text("checkworthiness DESC"), "id"]),
    # source_stats_v: the few rejected claims, to subtract their mentions
    ("ix_claim_review_status", "claim", ["review_status"]),
    # claims: stories in report order
    ("ix_story_published_order", "story", [sa.text(PUBLISHED_ORDER), "published", "document_id"]),
]

SOURCE_STATS = """
CREATE VIEW source_stats_v AS
SELECT s.id AS source_id, s.name AS source, s.kind, s.country, p.name AS parent,
       COALESCE(cl.claims, 0) - COALESCE(rj.claims, 0) AS claims,
       COALESCE(cl.reported, 0) - COALESCE(rj.reported, 0) AS reported,
       COALESCE(dm.denials_made, 0) AS denials_made, COALESCE(dn.denied_by_others, 0) AS denied_by_others,
       COALESCE(ct.contradicted, 0) AS contradicted
FROM source s
LEFT JOIN source p ON p.id = s.parent_id
LEFT JOIN (SELECT cs.source_id,
                  COUNT(DISTINCT CASE WHEN cs.role = 'speaker' THEN cs.claim_id END) AS claims,
                  COUNT(DISTINCT CASE WHEN cs.role = 'reporter' THEN cs.claim_id END) AS reported
           FROM claim_source cs
           GROUP BY cs.source_id) cl ON cl.source_id = s.id
LEFT JOIN (SELECT cs.source_id,
                  COUNT(DISTINCT CASE WHEN cs.role = 'speaker' THEN cs.claim_id END) AS claims,
                  COUNT(DISTINCT CASE WHEN cs.role = 'reporter' THEN cs.claim_id END) AS reported
           FROM claim c JOIN claim_source cs ON cs.claim_id = c.id
           WHERE c.review_status = 'rejected'
           GROUP BY cs.source_id) rj ON rj.source_id = s.id
LEFT JOIN (SELECT cs.source_id, COUNT(DISTINCT cs.claim_id) AS denials_made
           FROM claim c JOIN claim_source cs ON cs.claim_id = c.id
           WHERE c.kind = 'denial' AND c.review_status <> 'rejected' AND cs.role = 'speaker'
           GROUP BY cs.source_id) dm ON dm.source_id = s.id
LEFT JOIN (SELECT cs.source_id, COUNT(DISTINCT r.id) AS denied_by_others
           FROM claim_relation r JOIN claim_source cs ON cs.claim_id = r.target_claim_id
           WHERE cs.role = 'speaker' AND r.kind = 'denies' AND r.status <> 'rejected'
           GROUP BY cs.source_id) dn ON dn.source_id = s.id
LEFT JOIN (SELECT x.source_id, COUNT(*) AS contradicted
           FROM (SELECT cs.source_id, r.id FROM claim_relation r JOIN claim_source cs ON cs.claim_id = r.target_claim_id
                 WHERE cs.role = 'speaker' AND r.kind = 'contradicts' AND r.status <> 'rejected'
                 UNION
                 SELECT cs.source_id, r.id FROM claim_relation r JOIN claim_source cs ON cs.claim_id = r.claim_id
                 WHERE cs.role = 'speaker' AND r.kind = 'contradicts' AND r.status <> 'rejected') x
           GROUP BY x.source_id) ct ON ct.source_id = s.id
WHERE s.merged_into_id IS NULL"""


def upgrade() -> None:
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns)
    op.execute("DROP VIEW IF EXISTS source_stats_v")
    op.execute(SOURCE_STATS)


def downgrade() -> None:
    op.execute("DROP VIEW IF EXISTS source_stats_v")
    # 0003's own text of the view, from its revision module (the Alembic cookbook's "Replaceable Objects")
    op.execute(context.get_context().script.get_revision("0003").module.SOURCE_STATS)
    for name, table, _columns in reversed(INDEXES):
        op.drop_index(name, table_name=table)
