-- name: source-conflicts
-- description: How often each source denies or contradicts each other source (a matrix as rows)
SELECT source_a, source_b,
       SUM(CASE WHEN kind = 'denies' THEN relations ELSE 0 END) AS denies,
       SUM(CASE WHEN kind = 'contradicts' THEN relations ELSE 0 END) AS contradicts,
       SUM(relations) AS total
FROM source_conflicts_v
GROUP BY source_a, source_b
ORDER BY total DESC, source_a, source_b
