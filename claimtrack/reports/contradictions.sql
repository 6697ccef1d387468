-- name: contradictions
-- description: Contradictions between sources: both claims, both sources and the conflicting evidence
-- param: source = (any) only contradictions with this source (name or alias) on either side
-- param: limit = 500 at most this many rows
SELECT claim_a_sources, claim_a_sentence, claim_b_sources, claim_b_sentence, evidence, confidence, scope,
       claim_a_published, claim_b_published, claim_a_outlet, claim_b_outlet, status, relation_id,
       claim_a_id, claim_b_id
FROM contradictions_v
WHERE (CAST(:source AS VARCHAR(300)) IS NULL
       -- the source's claims are collected once (a correlated EXISTS walked all of them per contradiction)
       OR claim_a_id IN (SELECT cs.claim_id FROM claim_source cs JOIN source_alias a ON a.source_id = cs.source_id
                         WHERE cs.role = 'speaker' AND a.norm = :source_norm)
       OR claim_b_id IN (SELECT cs.claim_id FROM claim_source cs JOIN source_alias a ON a.source_id = cs.source_id
                         WHERE cs.role = 'speaker' AND a.norm = :source_norm))
ORDER BY relation_id
LIMIT COALESCE(CAST(:limit AS INTEGER), 500)
