-- name: sources
-- description: Claims per source, with kind, country and affiliation (speaker and reporter roles)
-- param: kind = (any) only sources of this kind (news_agency, ministry, person, …)
-- param: min_claims = 1 only sources with at least this many claims as speaker or reporter
SELECT source, kind, country, parent, claims, reported, denials_made, denied_by_others, contradicted
FROM source_stats_v
WHERE (CAST(:kind AS VARCHAR(32)) IS NULL OR kind = :kind)
  AND claims + reported >= COALESCE(CAST(:min_claims AS INTEGER), 1)
ORDER BY claims + reported DESC, source
