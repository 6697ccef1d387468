-- name: source-record
-- description: Per source: claims made, denied by others, contradicted by others
-- param: min_claims = 1 only sources with at least this many claims
-- param: limit = 500 at most this many rows
SELECT source, kind, claims, denials_made, denied_by_others, contradicted
FROM source_stats_v
WHERE claims >= COALESCE(CAST(:min_claims AS INTEGER), 1)
ORDER BY denied_by_others + contradicted DESC, claims DESC, source
LIMIT COALESCE(CAST(:limit AS INTEGER), 500)
