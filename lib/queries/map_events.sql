-- In-person events of the programmes in scope, in the period, grouped by host location.
-- Params: $programme_ids, $countries (host country; empty = all), $date_from, $date_to.
-- Columns: host_id, name_en, name_bg, country_code, lat, lon, events, first_date, last_date,
--          kinds (list), latest_en, latest_bg (title of the latest event), uncertain (any event whose
--          source is marked uncertain).
SELECT h.id AS host_id, h.name_en, h.name_bg, h.country_code, h.lat, h.lon,
       count(*) AS events, min(e.start_date) AS first_date, max(e.start_date) AS last_date,
       list(DISTINCT e.kind ORDER BY e.kind) AS kinds,
       arg_max(e.title_en, e.start_date) AS latest_en, arg_max(e.title_bg, e.start_date) AS latest_bg,
       bool_or(s.reliability = 'uncertain') AS uncertain
FROM event AS e
JOIN partner AS h ON h.id = e.host_partner_id
JOIN source AS s ON s.id = e.source_id
WHERE list_contains($programme_ids, e.programme_id)
  AND NOT e.online
  AND e.start_date BETWEEN $date_from AND $date_to
  AND (len($countries) = 0 OR list_contains($countries, h.country_code))
GROUP BY ALL
ORDER BY events DESC, h.name_en
