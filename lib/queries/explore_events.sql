-- Events of the programmes in scope, in the period, by kind and host country, with what the lists show
-- (the Events and Programmes pages, and the Overview's latest and next events).
-- Params: $programme_ids, $date_from, $date_to, $kinds, $hosts (host country codes; empty lists = all).
-- Columns: id, programme_id, programme_en, programme_bg, kind, title_en, title_bg, start_date, end_date,
--          online, host_id, host_en, host_bg, host_country, participants, topics, reliability.
SELECT e.id, e.programme_id, p.name_en AS programme_en, p.name_bg AS programme_bg, e.kind,
       e.title_en, e.title_bg, e.start_date, e.end_date, e.online,
       e.host_partner_id AS host_id, h.name_en AS host_en, h.name_bg AS host_bg, h.country_code AS host_country,
       (SELECT count(*) FROM event_partner AS ep WHERE ep.event_id = e.id) AS participants,
       (SELECT count(*) FROM event_topic AS et WHERE et.event_id = e.id) AS topics,
       s.reliability
FROM event AS e
JOIN programme AS p ON p.id = e.programme_id
JOIN source AS s ON s.id = e.source_id
LEFT JOIN partner AS h ON h.id = e.host_partner_id
WHERE list_contains($programme_ids, e.programme_id)
  AND e.start_date BETWEEN $date_from AND $date_to
  AND (len($kinds) = 0 OR list_contains($kinds, e.kind))
  AND (len($hosts) = 0 OR list_contains($hosts, h.country_code))
ORDER BY e.start_date, e.id
