-- name: sources
-- description: Claims per source, with kind, country, affiliation, roles and the kinds of its claims
-- param: kind = (any) only sources of this kind (news_agency, ministry, person, …)
-- param: min_claims = 1 only sources with at least this many claims as speaker or reporter
-- param: limit = 500 at most this many rows
-- The page of sources comes from source_stats_v first; their claims by kind are counted for that page only.
WITH page AS (
  SELECT st.source_id, st.source, st.kind, st.country, st.parent, st.claims, st.reported, st.denials_made,
         st.denied_by_others, st.contradicted
  FROM source_stats_v st
  WHERE (CAST(:kind AS VARCHAR(32)) IS NULL OR st.kind = :kind)
    AND st.claims + st.reported >= COALESCE(CAST(:min_claims AS INTEGER), 1)
  ORDER BY st.claims + st.reported DESC, st.source
  LIMIT COALESCE(CAST(:limit AS INTEGER), 500))
SELECT pg.source, pg.kind, pg.country, pg.parent, pg.claims, pg.reported, pg.denials_made, pg.denied_by_others,
       pg.contradicted, COALESCE(k.direct_quotes, 0) AS direct_quotes,
       COALESCE(k.indirect_quotes, 0) AS indirect_quotes, COALESCE(k.assertions, 0) AS assertions
FROM page pg
LEFT JOIN (SELECT cs.source_id,
                  SUM(CASE WHEN c.kind IN ('direct_quote', 'mixed_quote') THEN 1 ELSE 0 END) AS direct_quotes,
                  SUM(CASE WHEN c.kind = 'indirect_quote' THEN 1 ELSE 0 END) AS indirect_quotes,
                  SUM(CASE WHEN c.kind = 'assertion' THEN 1 ELSE 0 END) AS assertions
           FROM claim_source cs
           JOIN claim c ON c.id = cs.claim_id
           WHERE cs.role = 'speaker' AND c.review_status <> 'rejected'
             AND cs.source_id IN (SELECT source_id FROM page)
           GROUP BY cs.source_id) k ON k.source_id = pg.source_id
ORDER BY pg.claims + pg.reported DESC, pg.source
