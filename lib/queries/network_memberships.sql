-- Who takes part in which programme, for the network page: one row per (programme, partner) in scope.
-- Params: $programme_ids (the global filters' scope).
-- Columns: programme_id, partner_id, roles (comma-separated, sorted), reliability (the weakest mark of the
--          membership's sources: illustrative < uncertain < general-knowledge < verified).
SELECT m.programme_id, m.partner_id,
       string_agg(DISTINCT m.role, ',' ORDER BY m.role) AS roles,
       CASE min(CASE s.reliability WHEN 'illustrative' THEN 0 WHEN 'uncertain' THEN 1
                                   WHEN 'general-knowledge' THEN 2 ELSE 3 END)
            WHEN 0 THEN 'illustrative' WHEN 1 THEN 'uncertain' WHEN 2 THEN 'general-knowledge'
            ELSE 'verified' END AS reliability
FROM membership AS m
JOIN source AS s ON s.id = m.source_id
WHERE list_contains($programme_ids, m.programme_id)
GROUP BY m.programme_id, m.partner_id
ORDER BY m.programme_id, m.partner_id
