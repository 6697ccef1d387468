"""Analyst views, second cut: rejected claims drop out of the relation views, a denial without a named
speaker falls back to its outlet, and review decisions get a view of their own.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28
"""

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def _agg(expr: str) -> str:
    if op.get_bind().dialect.name == "postgresql":
        return f"string_agg({expr}, '; ' ORDER BY {expr})"
    return f"group_concat({expr}, '; ')"


def _speakers(c: str) -> str:
    return (f"(SELECT {_agg('s.name')} FROM claim_source cs JOIN source s ON s.id = cs.source_id "
            f"WHERE cs.claim_id = {c}.id AND cs.role = 'speaker')")


def _denials(rejected_filter: bool, outlet_fallback: bool) -> str:
    denier_join = "LEFT JOIN" if outlet_fallback else "JOIN"
    denier = "COALESCE(dn.name, dd.outlet, '(unattributed)')" if outlet_fallback else "dn.name"
    denier_kind = "COALESCE(dn.kind, 'outlet')" if outlet_fallback else "dn.kind"
    where = " AND dc.review_status <> 'rejected' AND t.review_status <> 'rejected'" if rejected_filter else ""
    return f"""
CREATE VIEW denials_v AS
SELECT r.id AS relation_id, r.claim_id AS denial_claim_id, dn.id AS denier_id, {denier} AS denier,
       {denier_kind} AS denier_kind, ds.text AS denial_sentence, dst.published AS denial_published,
       dd.outlet AS denial_outlet, r.target_claim_id AS denied_claim_id, ts.text AS denied_sentence,
       {_speakers('t')} AS denied_sources,
       tst.published AS denied_published, t.event_date AS denied_event_date, td.outlet AS denied_outlet,
       r.scope, r.confidence, r.evidence, r.method, r.origin, r.status
FROM claim_relation r
JOIN claim dc ON dc.id = r.claim_id
JOIN sentence ds ON ds.id = dc.sentence_id
JOIN story dst ON dst.id = dc.story_id
JOIN document dd ON dd.id = dc.document_id
{denier_join} claim_source dcs ON dcs.claim_id = dc.id AND dcs.role = 'speaker'
{denier_join} source dn ON dn.id = dcs.source_id
JOIN claim t ON t.id = r.target_claim_id
JOIN sentence ts ON ts.id = t.sentence_id
JOIN story tst ON tst.id = t.story_id
JOIN document td ON td.id = t.document_id
WHERE r.kind = 'denies' AND r.status <> 'rejected'{where}"""


def _contradictions(rejected_filter: bool) -> str:
    where = " AND a.review_status <> 'rejected' AND b.review_status <> 'rejected'" if rejected_filter else ""
    return f"""
CREATE VIEW contradictions_v AS
SELECT r.id AS relation_id, r.claim_id AS claim_a_id, sa_.text AS claim_a_sentence,
       {_speakers('a')} AS claim_a_sources, ast.published AS claim_a_published, ad.outlet AS claim_a_outlet,
       r.target_claim_id AS claim_b_id, sb_.text AS claim_b_sentence,
       {_speakers('b')} AS claim_b_sources, bst.published AS claim_b_published, bd.outlet AS claim_b_outlet,
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
WHERE r.kind = 'contradicts' AND r.status <> 'rejected'{where}"""


def _conflicts(rejected_filter: bool) -> str:
    joins = ("JOIN claim ka ON ka.id = r.claim_id AND ka.review_status <> 'rejected'\n"
             "JOIN claim kb ON kb.id = r.target_claim_id AND kb.review_status <> 'rejected'\n") if rejected_filter else ""
    return f"""
CREATE VIEW source_conflicts_v AS
SELECT sa_.name AS source_a, sb_.name AS source_b, r.kind, COUNT(DISTINCT r.id) AS relations
FROM claim_relation r
{joins}JOIN claim_source ca ON ca.claim_id = r.claim_id AND ca.role = 'speaker'
JOIN claim_source cb ON cb.claim_id = r.target_claim_id AND cb.role = 'speaker'
JOIN source sa_ ON sa_.id = ca.source_id
JOIN source sb_ ON sb_.id = cb.source_id
WHERE r.kind IN ('denies', 'contradicts') AND r.status <> 'rejected' AND sa_.id <> sb_.id
GROUP BY sa_.name, sb_.name, r.kind"""


REVIEW_VIEW = """
CREATE VIEW review_decisions_v AS
SELECT d.id AS decision_id, d.at, d.analyst, d.action, c.id AS claim_id, t.id AS target_claim_id,
       d.claim_fingerprint, d.target_fingerprint, d.payload, d.note
FROM review_decision d
LEFT JOIN claim c ON c.fingerprint = d.claim_fingerprint
LEFT JOIN claim t ON t.fingerprint = d.target_fingerprint"""


def upgrade() -> None:
    for name in ("denials_v", "contradictions_v", "source_conflicts_v"):
        op.execute(f"DROP VIEW IF EXISTS {name}")
    op.execute(_denials(rejected_filter=True, outlet_fallback=True))
    op.execute(_contradictions(rejected_filter=True))
    op.execute(_conflicts(rejected_filter=True))
    op.execute(REVIEW_VIEW)


def downgrade() -> None:
    for name in ("review_decisions_v", "denials_v", "contradictions_v", "source_conflicts_v"):
        op.execute(f"DROP VIEW IF EXISTS {name}")
    op.execute(_denials(rejected_filter=False, outlet_fallback=False))
    op.execute(_contradictions(rejected_filter=False))
    op.execute(_conflicts(rejected_filter=False))
