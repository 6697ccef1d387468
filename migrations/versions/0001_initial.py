"""Initial schema: sources, documents, stories, sentences, claims, relations, key index, reviews, views.

Revision ID: 0001
Revises:
Create Date: 2026-11-28
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def _agg(expr: str) -> str:
    """A '; '-joined list, in each dialect's words."""
    if op.get_bind().dialect.name == "postgresql":
        return f"string_agg({expr}, '; ' ORDER BY {expr})"
    return f"group_concat({expr}, '; ')"


def views() -> dict[str, str]:
    speakers = (f"(SELECT {_agg('s.name')} FROM claim_source cs JOIN source s ON s.id = cs.source_id "
                "WHERE cs.claim_id = {c}.id AND cs.role = 'speaker')")
    reporters = (f"(SELECT {_agg('s.name')} FROM claim_source cs JOIN source s ON s.id = cs.source_id "
                 "WHERE cs.claim_id = {c}.id AND cs.role = 'reporter')")
    return {
        "claims_v": f"""
CREATE VIEW claims_v AS
SELECT c.id AS claim_id, d.id AS document_id, d.origin AS document_origin, d.external_id AS document_external_id,
       d.outlet, st.id AS story_id, st.ordinal AS story_ordinal, st.title AS story_title,
       st.published AS story_published, st.published_date AS story_date,
       se.id AS sentence_id, se.kind AS sentence_kind, se.char_start AS sentence_start, se.char_end AS sentence_end,
       se.text AS sentence_text, c.kind AS claim_kind, c.cue_text, c.cue_start, c.cue_end,
       c.content_start, c.content_end, c.content_text, c.event_date, c.event_date_end, c.event_date_text,
       c.checkworthiness, c.confidence, c.method, c.review_status,
       {speakers.format(c='c')} AS speakers,
       {reporters.format(c='c')} AS reporters
FROM claim c
JOIN sentence se ON se.id = c.sentence_id
JOIN story st ON st.id = c.story_id
JOIN document d ON d.id = c.document_id""",
        "claim_sources_v": """
CREATE VIEW claim_sources_v AS
SELECT c.id AS claim_id, cs.id AS claim_source_id, s.id AS source_id, s.name AS source_name, s.kind AS source_kind,
       s.country AS source_country, p.name AS source_parent, cs.role, cs.mention_text, cs.mention_start, cs.mention_end
FROM claim c
JOIN claim_source cs ON cs.claim_id = c.id
JOIN source s ON s.id = cs.source_id
LEFT JOIN source p ON p.id = s.parent_id""",
        "denials_v": f"""
CREATE VIEW denials_v AS
SELECT r.id AS relation_id, r.claim_id AS denial_claim_id, dn.id AS denier_id, dn.name AS denier,
       dn.kind AS denier_kind, ds.text AS denial_sentence, dst.published AS denial_published,
       dd.outlet AS denial_outlet, r.target_claim_id AS denied_claim_id, ts.text AS denied_sentence,
       {speakers.format(c='t')} AS denied_sources,
       tst.published AS denied_published, t.event_date AS denied_event_date, td.outlet AS denied_outlet,
       r.scope, r.confidence, r.evidence, r.method, r.origin, r.status
FROM claim_relation r
JOIN claim dc ON dc.id = r.claim_id
JOIN sentence ds ON ds.id = dc.sentence_id
JOIN story dst ON dst.id = dc.story_id
JOIN document dd ON dd.id = dc.document_id
JOIN claim_source dcs ON dcs.claim_id = dc.id AND dcs.role = 'speaker'
JOIN source dn ON dn.id = dcs.source_id
JOIN claim t ON t.id = r.target_claim_id
JOIN sentence ts ON ts.id = t.sentence_id
JOIN story tst ON tst.id = t.story_id
JOIN document td ON td.id = t.document_id
WHERE r.kind = 'denies' AND r.status <> 'rejected'""",
        "contradictions_v": f"""
CREATE VIEW contradictions_v AS
SELECT r.id AS relation_id, r.claim_id AS claim_a_id, sa_.text AS claim_a_sentence,
       {speakers.format(c='a')} AS claim_a_sources, ast.published AS claim_a_published, ad.outlet AS claim_a_outlet,
       r.target_claim_id AS claim_b_id, sb_.text AS claim_b_sentence,
       {speakers.format(c='b')} AS claim_b_sources, bst.published AS claim_b_published, bd.outlet AS claim_b_outlet,
       r.scope, r.confidence, r.evidence, r.method, r.origin, r.status
FROM claim_relation r
JOIN claim a ON a.id = r.claim_id
JOIN sentence sa_ ON sa_.id = a.sentence_id
JOIN story ast ON ast.id = a.story_id
JOIN document ad ON ad.id = a.document_id
JOIN claim b ON b.id = r.target_claim_id
JOIN sentence sb_ ON sb_.id = b.sentence_id
JOIN story bst ON bst.id = b.story_id
JOIN document bd ON bd.id = b.document_id
WHERE r.kind = 'contradicts' AND r.status <> 'rejected'""",
        "source_stats_v": """
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
WHERE s.merged_into_id IS NULL""",
        "source_conflicts_v": """
CREATE VIEW source_conflicts_v AS
SELECT sa_.name AS source_a, sb_.name AS source_b, r.kind, COUNT(DISTINCT r.id) AS relations
FROM claim_relation r
JOIN claim_source ca ON ca.claim_id = r.claim_id AND ca.role = 'speaker'
JOIN claim_source cb ON cb.claim_id = r.target_claim_id AND cb.role = 'speaker'
JOIN source sa_ ON sa_.id = ca.source_id
JOIN source sb_ ON sb_.id = cb.source_id
WHERE r.kind IN ('denies', 'contradicts') AND r.status <> 'rejected' AND sa_.id <> sb_.id
GROUP BY sa_.name, sb_.name, r.kind""",
    }


def upgrade() -> None:
    op.create_table(
        "ingest_run",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("started_at", TZ, nullable=False),
        sa.Column("finished_at", TZ),
        sa.Column("command", sa.Text, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("documents_added", sa.Integer, nullable=False),
        sa.Column("documents_skipped", sa.Integer, nullable=False),
        sa.Column("documents_failed", sa.Integer, nullable=False),
        sa.Column("stories", sa.Integer, nullable=False),
        sa.Column("sentences", sa.Integer, nullable=False),
        sa.Column("claims", sa.Integer, nullable=False),
        sa.Column("errors", sa.Text),
        sa.Column("tool_version", sa.String(32), nullable=False),
        sa.Column("engine", sa.String(64), nullable=False),
    )
    op.create_table(
        "source",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(300), nullable=False, unique=True),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("country", sa.String(8)),
        sa.Column("parent_id", sa.Integer, sa.ForeignKey("source.id", ondelete="SET NULL")),
        sa.Column("origin", sa.String(16), nullable=False),
        sa.Column("merged_into_id", sa.Integer, sa.ForeignKey("source.id", ondelete="SET NULL")),
        sa.Column("created_at", TZ, nullable=False),
    )
    op.create_table(
        "source_alias",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("source_id", sa.Integer, sa.ForeignKey("source.id", ondelete="CASCADE"), nullable=False, index=True),
        sa.Column("alias", sa.String(300), nullable=False),
        sa.Column("norm", sa.String(300), nullable=False, unique=True),
        sa.Column("origin", sa.String(16), nullable=False),
    )
    op.create_table(
        "document",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("sha256", sa.String(64), nullable=False, unique=True),
        sa.Column("origin", sa.Text, nullable=False),
        sa.Column("external_id", sa.String(300)),
        sa.Column("format", sa.String(8), nullable=False),
        sa.Column("outlet", sa.String(300)),
        sa.Column("url", sa.Text),
        sa.Column("title", sa.Text),
        sa.Column("published", sa.String(16)),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("ingested_at", TZ, nullable=False),
        sa.Column("ingest_run_id", sa.Integer, sa.ForeignKey("ingest_run.id", ondelete="SET NULL")),
    )
    op.create_table(
        "story",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("document_id", sa.Integer, sa.ForeignKey("document.id", ondelete="CASCADE"), nullable=False, index=True),
        sa.Column("ordinal", sa.Integer, nullable=False),
        sa.Column("title", sa.Text),
        sa.Column("published", sa.String(16)),
        sa.Column("published_date", sa.Date, index=True),
        sa.Column("byline", sa.String(300)),
        sa.Column("char_start", sa.Integer, nullable=False),
        sa.Column("char_end", sa.Integer, nullable=False),
        sa.UniqueConstraint("document_id", "ordinal"),
    )
    op.create_table(
        "sentence",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("story_id", sa.Integer, sa.ForeignKey("story.id", ondelete="CASCADE"), nullable=False, index=True),
        sa.Column("document_id", sa.Integer, sa.ForeignKey("document.id", ondelete="CASCADE"), nullable=False, index=True),
        sa.Column("ordinal", sa.Integer, nullable=False),
        sa.Column("char_start", sa.Integer, nullable=False),
        sa.Column("char_end", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("kind", sa.String(16), nullable=False, index=True),
        sa.Column("confidence", sa.Float, nullable=False),
    )
    op.create_table(
        "claim",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("sentence_id", sa.Integer, sa.ForeignKey("sentence.id", ondelete="CASCADE"), nullable=False, index=True),
        sa.Column("story_id", sa.Integer, sa.ForeignKey("story.id", ondelete="CASCADE"), nullable=False, index=True),
        sa.Column("document_id", sa.Integer, sa.ForeignKey("document.id", ondelete="CASCADE"), nullable=False, index=True),
        sa.Column("ordinal", sa.Integer, nullable=False),
        sa.Column("fingerprint", sa.String(120), nullable=False, index=True),
        sa.Column("kind", sa.String(16), nullable=False, index=True),
        sa.Column("cue_text", sa.String(300)),
        sa.Column("cue_start", sa.Integer),
        sa.Column("cue_end", sa.Integer),
        sa.Column("content_start", sa.Integer),
        sa.Column("content_end", sa.Integer),
        sa.Column("content_text", sa.Text),
        sa.Column("event_date", sa.Date, index=True),
        sa.Column("event_date_end", sa.Date),
        sa.Column("event_date_text", sa.String(200)),
        sa.Column("event_date_start_offset", sa.Integer),
        sa.Column("event_date_end_offset", sa.Integer),
        sa.Column("checkworthiness", sa.Float, nullable=False),
        sa.Column("confidence", sa.Float, nullable=False),
        sa.Column("method", sa.String(64), nullable=False),
        sa.Column("review_status", sa.String(16), nullable=False),
    )
    op.create_table(
        "claim_date",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("claim_id", sa.Integer, sa.ForeignKey("claim.id", ondelete="CASCADE"), nullable=False, index=True),
        sa.Column("phrase", sa.String(200), nullable=False),
        sa.Column("char_start", sa.Integer, nullable=False),
        sa.Column("char_end", sa.Integer, nullable=False),
        sa.Column("date", sa.Date),
        sa.Column("date_end", sa.Date),
    )
    op.create_table(
        "claim_source",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("claim_id", sa.Integer, sa.ForeignKey("claim.id", ondelete="CASCADE"), nullable=False, index=True),
        sa.Column("source_id", sa.Integer, sa.ForeignKey("source.id", ondelete="CASCADE"), nullable=False, index=True),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("mention_text", sa.String(300)),
        sa.Column("mention_start", sa.Integer),
        sa.Column("mention_end", sa.Integer),
        sa.Column("origin", sa.String(16), nullable=False),
    )
    op.create_table(
        "claim_relation",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("claim_id", sa.Integer, sa.ForeignKey("claim.id", ondelete="CASCADE"), nullable=False, index=True),
        sa.Column("target_claim_id", sa.Integer, sa.ForeignKey("claim.id", ondelete="CASCADE"), nullable=False, index=True),
        sa.Column("kind", sa.String(16), nullable=False, index=True),
        sa.Column("confidence", sa.Float, nullable=False),
        sa.Column("evidence", sa.Text),
        sa.Column("method", sa.String(64), nullable=False),
        sa.Column("scope", sa.String(16), nullable=False),
        sa.Column("origin", sa.String(16), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.UniqueConstraint("claim_id", "target_claim_id", "kind"),
    )
    op.create_table(
        "claim_key",
        sa.Column("key", sa.String(120), primary_key=True),
        sa.Column("claim_id", sa.Integer, sa.ForeignKey("claim.id", ondelete="CASCADE"), primary_key=True),
    )
    op.create_index("ix_claim_key_claim", "claim_key", ["claim_id"])
    op.create_table(
        "review_decision",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("at", TZ, nullable=False),
        sa.Column("analyst", sa.String(120), nullable=False),
        sa.Column("action", sa.String(32), nullable=False),
        sa.Column("claim_fingerprint", sa.String(120), index=True),
        sa.Column("target_fingerprint", sa.String(120)),
        sa.Column("payload", sa.Text),
        sa.Column("note", sa.Text),
    )
    for sql in views().values():
        op.execute(sql)


def downgrade() -> None:
    for name in reversed(list(views())):
        op.execute(f"DROP VIEW IF EXISTS {name}")
    for table in ("review_decision", "claim_key", "claim_relation", "claim_source", "claim_date", "claim",
                  "sentence", "story", "document", "source_alias", "source", "ingest_run"):
        op.drop_table(table)
