-- One row per programme in scope for the timeline, with Sofia's role(s) and the worst source mark.
-- Params: $home, $programme_ids.
-- Columns: id, parent_id, family, kind, name_en, name_bg, start_date, end_date, status, sofia_roles
--          (list, empty when Sofia is not a member), reliability, source_title, source_url.
SELECT p.id, p.parent_id, p.family, p.kind, p.name_en, p.name_bg, p.start_date, p.end_date, p.status,
       coalesce(list(DISTINCT m.role ORDER BY m.role) FILTER (WHERE m.role IS NOT NULL), []) AS sofia_roles,
       s.reliability, s.title AS source_title, s.url AS source_url
FROM programme AS p
JOIN source AS s ON s.id = p.source_id
LEFT JOIN membership AS m ON m.programme_id = p.id AND m.partner_id = $home
WHERE list_contains($programme_ids, p.id)
GROUP BY ALL
ORDER BY p.start_date, p.id
