-- name: article
-- description: One document sentence by sentence, with kinds, claims, sources and review status
-- param: document = (required) document id, content hash prefix, origin path or external id
SELECT st.ordinal AS story, se.ordinal AS sentence, se.kind, se.char_start, se.char_end, se.text,
       v.claim_id, v.claim_kind, v.speakers, v.reporters, v.event_date, v.review_status
FROM sentence se
JOIN story st ON st.id = se.story_id
JOIN document d ON d.id = se.document_id
LEFT JOIN claims_v v ON v.sentence_id = se.id AND v.review_status <> 'rejected'
WHERE CAST(d.id AS VARCHAR(20)) = :document OR d.sha256 LIKE lower(:document) || '%'
   OR d.origin = :document OR d.external_id = :document
ORDER BY d.id, st.ordinal, se.ordinal, v.claim_id
