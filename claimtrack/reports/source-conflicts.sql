-- name: source-conflicts
-- description: How often each source denies or contradicts each other source (a matrix as rows: A → B)
-- param: source = (any) only rows where this source (name or alias) is on either side
-- param: limit = 500 at most this many rows
SELECT source_a, source_b,
       CAST(SUM(CASE WHEN kind = 'denies' THEN relations ELSE 0 END) AS INTEGER) AS denies,
       CAST(SUM(CASE WHEN kind = 'contradicts' THEN relations ELSE 0 END) AS INTEGER) AS contradicts,
       CAST(SUM(relations) AS INTEGER) AS total
FROM source_conflicts_v
WHERE (CAST(:source AS VARCHAR(300)) IS NULL
       OR source_a IN (SELECT s.name FROM source s JOIN source_alias a ON a.source_id = s.id WHERE a.norm = :source_norm)
       OR source_b IN (SELECT s.name FROM source s JOIN source_alias a ON a.source_id = s.id WHERE a.norm = :source_norm))
GROUP BY source_a, source_b
ORDER BY total DESC, source_a, source_b
LIMIT COALESCE(CAST(:limit AS INTEGER), 500)
