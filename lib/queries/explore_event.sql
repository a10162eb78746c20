-- One event with its programme, host and source.
-- Params: $id.
-- Columns: id, programme_id, programme_en, programme_bg, kind, title_en, title_bg, start_date, end_date,
--          online, summary_en, summary_bg, host_id, host_en, host_bg, host_type, host_country, programme_members
--          (how many members its programme has), reliability, source_title_en,
--          source_title_bg, source_url.
SELECT e.id, e.programme_id, p.name_en AS programme_en, p.name_bg AS programme_bg, e.kind,
       e.title_en, e.title_bg, e.start_date, e.end_date, e.online, e.summary_en, e.summary_bg,
       e.host_partner_id AS host_id, h.name_en AS host_en, h.name_bg AS host_bg, h.type AS host_type,
       h.country_code AS host_country,
       (SELECT count(DISTINCT m.partner_id) FROM membership AS m WHERE m.programme_id = e.programme_id)
           AS programme_members,
       s.reliability, s.title AS source_title_en, s.title_bg AS source_title_bg, s.url AS source_url
FROM event AS e
JOIN programme AS p ON p.id = e.programme_id
JOIN source AS s ON s.id = e.source_id
LEFT JOIN partner AS h ON h.id = e.host_partner_id
WHERE e.id = $id
