"""Reports at a million claims: indexes for the named reports and the analyst views, and
``source_stats_v`` computed by grouping instead of five correlated subqueries per source (measured with
``benchmarks/ingest.py``; the plans they serve are noted beside each index).

``source_stats_v`` counted, for every source, its claims and the relations against it with subqueries
that scanned every relation of a kind per source (O(sources × relations): 10 s at 20k claims). It now
aggregates claim_source once by source and the relations once by source, with the same columns, types and
values. Downgrade restores the 0001 definition, which 0002 left as it was.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29
"""

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

# (name, table, columns)
INDEXES = [
    # the claims of one source in one role, covering (source_stats_v groups by it; the `source` filter of
    # every report walks it)
    ("ix_claim_source_source_role", "claim_source", ["source_id", "role", "claim_id"]),
]
# Not added on purpose: a covering (claim_id, role, source_id) index. SQLite's group_concat has no ORDER BY
# before 3.44, so the views' '; '-joined speakers come in the order of the index the lookup walks: through
# ix_claim_source_claim_id that is the order of the mentions, through such an index it would be source-id
# order, and multi-speaker rows of every report would change. An early cut of 0003 had it; downgrade
# drops it where it exists.


SOURCE_STATS = """
CREATE VIEW source_stats_v AS
SELECT s.id AS source_id, s.name AS source, s.kind, s.country, p.name AS parent,
       COALESCE(cl.claims, 0) AS claims, COALESCE(cl.reported, 0) AS reported,
       COALESCE(cl.denials_made, 0) AS denials_made, COALESCE(dn.denied_by_others, 0) AS denied_by_others,
       COALESCE(ct.contradicted, 0) AS contradicted
FROM source s
LEFT JOIN source p ON p.id = s.parent_id
LEFT JOIN (SELECT cs.source_id,
                  COUNT(DISTINCT CASE WHEN cs.role = 'speaker' THEN cs.claim_id END) AS claims,
                  COUNT(DISTINCT CASE WHEN cs.role = 'reporter' THEN cs.claim_id END) AS reported,
                  COUNT(DISTINCT CASE WHEN cs.role = 'speaker' AND c.kind = 'denial' THEN cs.claim_id END)
                    AS denials_made
           FROM claim_source cs JOIN claim c ON c.id = cs.claim_id
           WHERE c.review_status <> 'rejected'
           GROUP BY cs.source_id) cl ON cl.source_id = s.id
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

# 0001's definition, exactly (0002 did not touch this view)
SOURCE_STATS_0001 = """
CREATE VIEW source_stats_v AS
SELECT s.id AS source_id, s.name AS source, s.kind, s.country, p.name AS parent,
       (SELECT COUNT(DISTINCT cs.claim_id) FROM claim_source cs JOIN claim c ON c.id = cs.claim_id
         WHERE cs.source_id = s.id AND cs.role = 'speaker' AND c.review_status <> 'rejected') AS claims,
       (SELECT COUNT(DISTINCT cs.claim_id) FROM claim_source cs JOIN claim c ON c.id = cs.claim_id
         WHERE cs.source_id = s.id AND cs.role = 'reporter' AND c.review_status <> 'rejected') AS reported,
       (SELECT COUNT(DISTINCT cs.claim_id) FROM claim_source cs JOIN claim c ON c.id = cs.claim_id
         WHERE cs.source_id = s.id AND cs.role = 'speaker' AND c.kind = 'denial'
           AND c.review_status <> 'rejected') AS denials_made,
       (SELECT COUNT(DISTINCT r.id) FROM claim_relation r JOIN claim_source cs ON cs.claim_id = r.target_claim_id
         WHERE cs.source_id = s.id AND cs.role = 'speaker' AND r.kind = 'denies' AND r.status <> 'rejected')
         AS denied_by_others,
       (SELECT COUNT(DISTINCT r.id) FROM claim_relation r JOIN claim_source cs
           ON (cs.claim_id = r.target_claim_id OR cs.claim_id = r.claim_id)
         WHERE cs.source_id = s.id AND cs.role = 'speaker' AND r.kind = 'contradicts' AND r.status <> 'rejected')
         AS contradicted
FROM source s
LEFT JOIN source p ON p.id = s.parent_id
WHERE s.merged_into_id IS NULL"""


def upgrade() -> None:
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns)
    op.execute("DROP VIEW IF EXISTS source_stats_v")
    op.execute(SOURCE_STATS)


def downgrade() -> None:
    op.execute("DROP VIEW IF EXISTS source_stats_v")
    op.execute(SOURCE_STATS_0001)
    for name, table, _columns in reversed(INDEXES):
        op.drop_index(name, table_name=table)
    op.execute("DROP INDEX IF EXISTS ix_claim_source_claim_role")
