-- name: timeline
-- description: Claims by the date of the event they describe (event dates resolved against publication)
-- param: source = (any) a source name or alias
-- param: since = (any) events on or after this date (YYYY-MM-DD)
-- param: until = (any) events on or before this date (YYYY-MM-DD)
-- param: confirmed = 0 1: only claims an analyst confirmed
-- param: limit = 500 at most this many rows
SELECT v.event_date, v.event_date_end, v.event_date_text, v.speakers, v.claim_kind, v.content_text,
       v.story_published, v.outlet, v.claim_id
FROM claims_v v
WHERE v.event_date IS NOT NULL AND v.review_status <> 'rejected'
  AND (CAST(:confirmed AS VARCHAR(8)) IS NULL OR lower(CAST(:confirmed AS VARCHAR(8))) IN ('0', 'no', 'false', '') OR v.review_status = 'confirmed')
  AND (CAST(:since AS VARCHAR(16)) IS NULL OR CAST(v.event_date AS VARCHAR(10)) >= :since)
  AND (CAST(:until AS VARCHAR(16)) IS NULL OR CAST(v.event_date AS VARCHAR(10)) <= :until)
  AND (CAST(:source AS VARCHAR(300)) IS NULL OR v.claim_id IN (
        SELECT cs.claim_id FROM claim_source cs
        JOIN source_alias a ON a.source_id = cs.source_id
        WHERE a.norm = :source_norm))
ORDER BY v.event_date, CASE WHEN v.story_published IS NULL THEN 1 ELSE 0 END, v.story_published, v.claim_id
LIMIT COALESCE(CAST(:limit AS INTEGER), 500)
