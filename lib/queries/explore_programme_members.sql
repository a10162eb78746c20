-- Members of one programme (and of its child programmes when it is an umbrella is NOT included).
-- Params: $id.
-- Columns: partner_id, name_en, name_bg, type, country_code, role, start_date, end_date, note_en, note_bg,
--          reliability.
SELECT m.partner_id, pa.name_en, pa.name_bg, pa.type, pa.country_code, m.role, m.start_date, m.end_date,
       m.note AS note_en, m.note_bg, s.reliability
FROM membership AS m
JOIN partner AS pa ON pa.id = m.partner_id
JOIN source AS s ON s.id = m.source_id
WHERE m.programme_id = $id
ORDER BY CASE m.role WHEN 'coordinator' THEN 0 WHEN 'core' THEN 1 WHEN 'pair' THEN 1 ELSE 2 END,
         m.role, pa.name_en
