-- name: source-profile
-- description: One source: its claims (and who relayed them), whom it relays, denials and contradictions around it
-- param: source = (required) a source name or alias
SELECT section, detail, text, other, published, id FROM (
  SELECT 'claim' AS section, v.claim_kind AS detail, v.content_text AS text, v.reporters AS other, v.story_published AS published, v.claim_id AS id
  FROM claims_v v
  WHERE v.claim_id IN (SELECT cs.claim_id FROM claim_source cs JOIN source_alias a ON a.source_id = cs.source_id
                       WHERE a.norm = :source_norm AND cs.role = 'speaker')
    AND v.review_status <> 'rejected'
  UNION ALL
  SELECT 'reports', v.claim_kind, v.content_text, v.speakers, v.story_published, v.claim_id
  FROM claims_v v
  WHERE v.claim_id IN (SELECT cs.claim_id FROM claim_source cs JOIN source_alias a ON a.source_id = cs.source_id
                       WHERE a.norm = :source_norm AND cs.role = 'reporter')
    AND v.review_status <> 'rejected'
  UNION ALL
  SELECT 'denies', d.denied_sources, d.denied_sentence, NULL, d.denial_published, d.relation_id
  FROM denials_v d WHERE d.denier_id IN (SELECT a.source_id FROM source_alias a WHERE a.norm = :source_norm)
  UNION ALL
  SELECT 'denied by', d.denier, d.denied_sentence, d.denial_sentence, d.denial_published, d.relation_id
  FROM denials_v d
  WHERE d.denied_claim_id IN (SELECT cs.claim_id FROM claim_source cs JOIN source_alias a ON a.source_id = cs.source_id
                              WHERE a.norm = :source_norm AND cs.role = 'speaker')
  UNION ALL
  SELECT 'contradicts', c.claim_b_sources, c.claim_a_sentence, c.evidence, c.claim_a_published, c.relation_id
  FROM contradictions_v c
  WHERE c.claim_a_id IN (SELECT cs.claim_id FROM claim_source cs JOIN source_alias a ON a.source_id = cs.source_id
                         WHERE a.norm = :source_norm AND cs.role = 'speaker')
  UNION ALL
  SELECT 'contradicted by', c.claim_a_sources, c.claim_b_sentence, c.evidence, c.claim_a_published, c.relation_id
  FROM contradictions_v c
  WHERE c.claim_b_id IN (SELECT cs.claim_id FROM claim_source cs JOIN source_alias a ON a.source_id = cs.source_id
                         WHERE a.norm = :source_norm AND cs.role = 'speaker')
) p
ORDER BY section, CASE WHEN published IS NULL THEN 1 ELSE 0 END, published, id
