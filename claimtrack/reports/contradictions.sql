-- name: contradictions
-- description: Contradictions between sources: both claims, both sources and the conflicting evidence
SELECT claim_a_sources, claim_a_sentence, claim_b_sources, claim_b_sentence, evidence, confidence, scope,
       claim_a_published, claim_b_published, claim_a_outlet, claim_b_outlet, status, relation_id,
       claim_a_id, claim_b_id
FROM contradictions_v
ORDER BY relation_id
