-- name: repeated
-- description: The same claim across outlets: claims linked as repeats or support in other documents
-- param: limit = 500 at most this many rows
SELECT a.speakers AS sources, a.content_text AS claim, a.outlet, b.outlet AS other_outlet,
       b.speakers AS other_sources, r.kind, r.confidence, r.evidence, a.claim_id, b.claim_id AS other_claim_id
FROM claim_relation r
JOIN claims_v a ON a.claim_id = r.claim_id
JOIN claims_v b ON b.claim_id = r.target_claim_id
WHERE r.kind IN ('repeats', 'supports') AND r.status <> 'rejected' AND a.document_id <> b.document_id
  AND a.review_status <> 'rejected' AND b.review_status <> 'rejected'
ORDER BY r.confidence DESC, a.claim_id
LIMIT COALESCE(CAST(:limit AS INTEGER), 500)
