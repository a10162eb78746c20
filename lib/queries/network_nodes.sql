-- The nodes of the network page: the programmes in scope and every partner taking part in one of them.
-- Params: $programme_ids (the global filters' scope).
-- Columns: id, kind ('programme' | 'partner'), type (programme family | partner type), name_en, name_bg,
--          country_code (NULL for programmes).
SELECT p.id, 'programme' AS kind, p.family AS type, p.name_en, p.name_bg, NULL::VARCHAR AS country_code
FROM programme AS p
WHERE list_contains($programme_ids, p.id)
UNION ALL
SELECT pa.id, 'partner', pa.type, pa.name_en, pa.name_bg, pa.country_code
FROM partner AS pa
WHERE EXISTS (SELECT 1 FROM membership AS m
              WHERE m.partner_id = pa.id AND list_contains($programme_ids, m.programme_id))
ORDER BY kind, id
