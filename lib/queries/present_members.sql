-- The members of one programme for its map slide, in the columns of map_partners.sql (so the Map page's
-- point, arc and label rules apply); Sofia is left out (the map draws her as home).
-- Params: $id (programme), $home.
-- Columns: id, type, name_en, name_bg, country_code, lat, lon, location_note_en, location_note_bg, shared (1),
--          roles (list),
--          programmes_en, programmes_bg (the programme's name), family (the programme's), sample, uncertain.
SELECT pa.id, pa.type, pa.name_en, pa.name_bg, pa.country_code, pa.lat, pa.lon,
       pa.location_note AS location_note_en, pa.location_note_bg,
       1 AS shared, list(DISTINCT m.role ORDER BY m.role) AS roles,
       [any_value(p.name_en)] AS programmes_en, [any_value(p.name_bg)] AS programmes_bg,
       any_value(p.family) AS family,
       bool_or(s.reliability = 'illustrative') AS sample,
       bool_and(s.reliability = 'uncertain') AS uncertain
FROM membership AS m
JOIN programme AS p ON p.id = m.programme_id
JOIN partner AS pa ON pa.id = m.partner_id
JOIN source AS s ON s.id = m.source_id
WHERE m.programme_id = $id AND m.partner_id <> $home
GROUP BY ALL
ORDER BY pa.name_en, pa.id
