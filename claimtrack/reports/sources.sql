-- name: sources
-- description: Claims per source, with kind, country, affiliation, roles and the kinds of its claims
-- param: kind = (any) only sources of this kind (news_agency, ministry, person, …)
-- param: min_claims = 1 only sources with at least this many claims as speaker or reporter
SELECT st.source, st.kind, st.country, st.parent, st.claims, st.reported, st.denials_made, st.denied_by_others,
       st.contradicted, COALESCE(k.direct_quotes, 0) AS direct_quotes,
       COALESCE(k.indirect_quotes, 0) AS indirect_quotes, COALESCE(k.assertions, 0) AS assertions
FROM source_stats_v st
LEFT JOIN (SELECT cs.source_id,
                  SUM(CASE WHEN c.kind IN ('direct_quote', 'mixed_quote') THEN 1 ELSE 0 END) AS direct_quotes,
                  SUM(CASE WHEN c.kind = 'indirect_quote' THEN 1 ELSE 0 END) AS indirect_quotes,
                  SUM(CASE WHEN c.kind = 'assertion' THEN 1 ELSE 0 END) AS assertions
           FROM claim_source cs
           JOIN claim c ON c.id = cs.claim_id
           WHERE cs.role = 'speaker' AND c.review_status <> 'rejected'
           GROUP BY cs.source_id) k ON k.source_id = st.source_id
WHERE (CAST(:kind AS VARCHAR(32)) IS NULL OR st.kind = :kind)
  AND st.claims + st.reported >= COALESCE(CAST(:min_claims AS INTEGER), 1)
ORDER BY st.claims + st.reported DESC, st.source
