-- name: claims
-- description: Claims with their sources, filterable by source, kind, story date range and text
-- param: source = (any) a source name or alias (speaker or reporter)
-- param: kind = (any) claim kind: assertion, direct_quote, indirect_quote, mixed_quote, denial
-- param: since = (any) stories published on or after this date (YYYY-MM-DD)
-- param: until = (any) stories published on or before this date (YYYY-MM-DD)
-- param: search = (any) text that the sentence contains (case-insensitive)
-- param: confirmed = 0 1: only claims an analyst confirmed
-- param: limit = 500 at most this many rows
-- The inner query picks the page of claim ids, walking stories in report order (ix_story_published_order;
-- CROSS JOIN keeps SQLite from starting at the claims) and stopping at the limit; the outer one builds the
-- rows, speakers and reporters included, for that page only.
SELECT v.claim_id, v.story_published, v.outlet, v.claim_kind, v.speakers, v.reporters, v.cue_text,
       v.content_text, v.event_date, v.checkworthiness, v.review_status, v.document_origin,
       v.sentence_start, v.sentence_end
FROM claims_v v
WHERE v.claim_id IN (
  SELECT c.id
  FROM story st CROSS JOIN claim c
  JOIN sentence se ON se.id = c.sentence_id
  WHERE c.story_id = st.id
    AND c.review_status <> 'rejected'
    AND (CAST(:kind AS VARCHAR(32)) IS NULL OR c.kind = :kind)
    AND (CAST(:since AS VARCHAR(16)) IS NULL OR substr(st.published, 1, 10) >= :since)
    AND (CAST(:until AS VARCHAR(16)) IS NULL OR substr(st.published, 1, 10) <= :until)
    AND (CAST(:search AS VARCHAR(300)) IS NULL OR lower(se.text) LIKE '%' || lower(:search) || '%' ESCAPE '!')
    AND (CAST(:confirmed AS VARCHAR(8)) IS NULL OR lower(CAST(:confirmed AS VARCHAR(8))) IN ('0', 'no', 'false', '') OR c.review_status = 'confirmed')
    AND (CAST(:source AS VARCHAR(300)) IS NULL OR c.id IN (
          SELECT cs.claim_id FROM claim_source cs
          JOIN source_alias a ON a.source_id = cs.source_id
          WHERE a.norm = :source_norm))
  ORDER BY CASE WHEN st.published IS NULL THEN 1 ELSE 0 END, st.published, st.document_id, se.char_start, c.id
  LIMIT COALESCE(CAST(:limit AS INTEGER), 500))
ORDER BY CASE WHEN v.story_published IS NULL THEN 1 ELSE 0 END, v.story_published, v.document_id, v.sentence_start, v.claim_id
