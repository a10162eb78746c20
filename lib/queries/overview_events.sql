-- Events of the programmes in scope, in the period, with host city and country.
-- Params: $programme_ids, $countries (host country; empty = all), $date_from, $date_to.
-- Columns: id, programme_id, programme_en, programme_bg, kind, title_en, title_bg, start_date, end_date,
--          online, host_en, host_bg, host_country, reliability.
SELECT e.id, e.programme_id, p.name_en AS programme_en, p.name_bg AS programme_bg, e.kind,
       e.title_en, e.title_bg, e.start_date, e.end_date, e.online,
       h.name_en AS host_en, h.name_bg AS host_bg, h.country_code AS host_country, s.reliability
FROM event AS e
JOIN programme AS p ON p.id = e.programme_id
JOIN source AS s ON s.id = e.source_id
LEFT JOIN partner AS h ON h.id = e.host_partner_id
WHERE list_contains($programme_ids, e.programme_id)
  AND e.start_date BETWEEN $date_from AND $date_to
  AND (len($countries) = 0 OR list_contains($countries, h.country_code))
ORDER BY e.start_date, e.id
