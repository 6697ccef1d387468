"""Views for a source's network and timeline: who it cites, who denies and contradicts it, whom it denies and
contradicts, and when (``claimtrack serve`` draws them; any SQL tool reads the same rows).

``source_links_v`` has one row per link between two sources: a claim that a reporter relays from a speaker
(``cites``), or a denial / contradiction between two claims, from the speakers of the one to the speakers
of the other (``denies``, ``contradicts``, as ``source_conflicts_v`` counts them). Rejected claims and
relations drop out. ``source_edges_v`` counts them per pair of sources and kind; ``source_timeline_v`` puts
a source's claims, the claims it relays and the relations from and to it on its stories' publication days.
Filters on ``source_id`` / ``target_id`` reach into every branch, so one source's rows are read through
``ix_claim_source_source_role`` and the relation indexes, not the whole database.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-04
"""

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

SOURCE_LINKS = """
CREATE VIEW source_links_v AS
SELECT 'cites' AS kind, rp.source_id AS source_id, rs.name AS source, sp.source_id AS target_id,
       ts.name AS target, c.id AS claim_id, c.id AS target_claim_id, CAST(NULL AS INTEGER) AS relation_id,
       st.published_date AS published, c.cue_text AS evidence, CAST(NULL AS VARCHAR(16)) AS scope
FROM claim_source rp
JOIN claim_source sp ON sp.claim_id = rp.claim_id AND sp.role = 'speaker'
JOIN claim c ON c.id = rp.claim_id
JOIN story st ON st.id = c.story_id
JOIN source rs ON rs.id = rp.source_id
JOIN source ts ON ts.id = sp.source_id
WHERE rp.role = 'reporter' AND c.review_status <> 'rejected' AND rp.source_id <> sp.source_id
UNION ALL
SELECT r.kind, ca.source_id, sa_.name, cb.source_id, sb_.name, r.claim_id, r.target_claim_id, r.id,
       st.published_date, r.evidence, r.scope
FROM claim_relation r
JOIN claim ka ON ka.id = r.claim_id AND ka.review_status <> 'rejected'
JOIN claim kb ON kb.id = r.target_claim_id AND kb.review_status <> 'rejected'
JOIN claim_source ca ON ca.claim_id = r.claim_id AND ca.role = 'speaker'
JOIN claim_source cb ON cb.claim_id = r.target_claim_id AND cb.role = 'speaker'
JOIN source sa_ ON sa_.id = ca.source_id
JOIN source sb_ ON sb_.id = cb.source_id
JOIN story st ON st.id = ka.story_id
WHERE r.kind IN ('denies', 'contradicts') AND r.status <> 'rejected' AND sa_.id <> sb_.id"""

# a link is one claim (cites) or one relation (denies, contradicts): a source named twice in one claim counts once
SOURCE_EDGES = """
CREATE VIEW source_edges_v AS
SELECT kind, source_id, source, target_id, target,
       COUNT(DISTINCT CASE WHEN kind = 'cites' THEN claim_id ELSE relation_id END) AS links,
       MIN(published) AS first_published, MAX(published) AS last_published
FROM source_links_v
GROUP BY kind, source_id, source, target_id, target"""

SOURCE_TIMELINE = """
CREATE VIEW source_timeline_v AS
SELECT cs.source_id, s.name AS source, CASE WHEN cs.role = 'speaker' THEN 'claims' ELSE 'relays' END AS item,
       st.published_date AS day, c.event_date, c.id AS claim_id, CAST(NULL AS INTEGER) AS other_claim_id,
       CAST(NULL AS INTEGER) AS relation_id, CAST(NULL AS INTEGER) AS other_id,
       CAST(NULL AS VARCHAR(300)) AS other
FROM claim_source cs
JOIN source s ON s.id = cs.source_id
JOIN claim c ON c.id = cs.claim_id
JOIN story st ON st.id = c.story_id
WHERE c.review_status <> 'rejected'
UNION ALL
SELECT l.source_id, l.source, l.kind, l.published, NULL, l.claim_id, l.target_claim_id, l.relation_id,
       l.target_id, l.target
FROM source_links_v l WHERE l.kind <> 'cites'
UNION ALL
SELECT l.target_id, l.target, CASE WHEN l.kind = 'denies' THEN 'denied by' ELSE 'contradicted by' END,
       l.published, NULL, l.target_claim_id, l.claim_id, l.relation_id, l.source_id, l.source
FROM source_links_v l WHERE l.kind <> 'cites'"""

VIEWS = {"source_links_v": SOURCE_LINKS, "source_edges_v": SOURCE_EDGES, "source_timeline_v": SOURCE_TIMELINE}


def upgrade() -> None:
    for sql in VIEWS.values():
        op.execute(sql)


def downgrade() -> None:
    for name in reversed(VIEWS):
        op.execute(f"DROP VIEW IF EXISTS {name}")
