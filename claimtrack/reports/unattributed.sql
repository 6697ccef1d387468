-- name: unattributed
-- description: Claims with no source: what the outlet asserts itself, most check-worthy first
-- param: min_checkworthiness = 0 only claims scoring at least this (0–1)
-- param: confirmed = 0 1: only claims an analyst confirmed
-- param: limit = 500 at most this many rows
SELECT v.claim_id, v.outlet, v.story_published, v.checkworthiness, v.sentence_text, v.event_date,
       v.document_origin, v.sentence_start, v.sentence_end
FROM claims_v v
WHERE v.review_status <> 'rejected'
  AND NOT EXISTS (SELECT 1 FROM claim_source cs WHERE cs.claim_id = v.claim_id AND cs.role IN ('speaker', 'reporter'))
  AND v.checkworthiness >= COALESCE(CAST(:min_checkworthiness AS FLOAT), 0)
  AND (CAST(:confirmed AS VARCHAR(8)) IS NULL OR lower(CAST(:confirmed AS VARCHAR(8))) IN ('0', 'no', 'false', '') OR v.review_status = 'confirmed')
ORDER BY v.checkworthiness DESC, v.claim_id
LIMIT COALESCE(CAST(:limit AS INTEGER), 500)
