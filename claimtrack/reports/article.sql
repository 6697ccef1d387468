-- name: article
-- description: One document sentence by sentence, with kinds, claims, sources and review status
-- param: document = (required) document id, content hash prefix, origin path or external id
-- Documents are picked first (IN), the claims joined from the claim table and their names looked up in
-- claims_v per claim: an outer join to the whole view made SQLite materialize claims_v for every claim.
SELECT st.ordinal AS story, se.ordinal AS sentence, se.kind, se.char_start, se.char_end, se.text,
       c.id AS claim_id, c.kind AS claim_kind,
       (SELECT v.speakers FROM claims_v v WHERE v.claim_id = c.id) AS speakers,
       (SELECT v.reporters FROM claims_v v WHERE v.claim_id = c.id) AS reporters,
       c.event_date, c.review_status
FROM sentence se
JOIN story st ON st.id = se.story_id
LEFT JOIN claim c ON c.sentence_id = se.id AND c.review_status <> 'rejected'
WHERE se.document_id IN (
  SELECT d.id FROM document d
  WHERE CAST(d.id AS VARCHAR(20)) = :document OR d.sha256 LIKE lower(:document) || '%'
     OR d.origin = :document OR d.external_id = :document)
ORDER BY se.document_id, st.ordinal, se.ordinal, c.id
