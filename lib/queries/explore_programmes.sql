-- Programmes in scope for the Programmes list, grouped by family (umbrellas before their children).
-- Params: $home (Sofia's partner id), $programme_ids (scope).
-- Columns: id, parent_id, family, kind, name_en, name_bg, start_date, end_date, status, sofia_roles (list),
--          sofia_in_children (Sofia is a member of one of its child programmes), members, countries,
--          events, reliability, sort.
SELECT p.id, p.parent_id, p.family, p.kind, p.name_en, p.name_bg, p.start_date, p.end_date, p.status,
       coalesce((SELECT list(DISTINCT m.role ORDER BY m.role) FROM membership AS m
                 WHERE m.programme_id = p.id AND m.partner_id = $home), []) AS sofia_roles,
       EXISTS (SELECT 1 FROM programme AS c JOIN membership AS m ON m.programme_id = c.id
               WHERE c.parent_id = p.id AND m.partner_id = $home) AS sofia_in_children,
       (SELECT count(DISTINCT m.partner_id) FROM membership AS m WHERE m.programme_id = p.id) AS members,
       (SELECT count(DISTINCT pa.country_code) FROM membership AS m JOIN partner AS pa ON pa.id = m.partner_id
         WHERE m.programme_id = p.id AND pa.country_code <> 'EU') AS countries,
       (SELECT count(*) FROM event AS e WHERE e.programme_id = p.id) AS events,
       s.reliability,
       concat_ws('/', coalesce(p.parent_id, p.id), CAST(p.parent_id IS NOT NULL AS INTEGER),
                 CAST(p.start_date AS VARCHAR), p.id) AS sort
FROM programme AS p
JOIN source AS s ON s.id = p.source_id
WHERE list_contains($programme_ids, p.id)
ORDER BY sort
