-- name: denials
-- description: Denials: who denied which claim by whom, with dates and the evidence linking them
-- param: source = (any) only denials by this source (name or alias)
-- param: limit = 500 at most this many rows
SELECT denier, denial_sentence, denied_sources, denied_sentence, denial_published, denied_published,
       denied_event_date, scope, confidence, evidence, status, relation_id, denial_claim_id, denied_claim_id
FROM denials_v
WHERE (CAST(:source AS VARCHAR(300)) IS NULL OR denier_id IN (
        SELECT a.source_id FROM source_alias a WHERE a.norm = :source_norm))
ORDER BY denial_published, relation_id, denier
LIMIT COALESCE(CAST(:limit AS INTEGER), 500)
