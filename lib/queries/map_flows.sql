-- Study visits and delegations: a visitor or participant of an in-person event travels from its own
-- location to the host's. One row per (from, to) pair, in scope and in the period; pairs at the same
-- place (e.g. a Sofia organisation at a Sofia meeting) are left out.
-- Params: $programme_ids, $countries (either end's country; empty = all), $date_from, $date_to.
-- Columns: from_id, from_en, from_bg, from_lat, from_lon, to_id, to_en, to_bg, to_lat, to_lon,
--          trips (distinct events), visits (of which study visits as a visitor), first_date, last_date.
SELECT v.id AS from_id, v.name_en AS from_en, v.name_bg AS from_bg, v.lat AS from_lat, v.lon AS from_lon,
       h.id AS to_id, h.name_en AS to_en, h.name_bg AS to_bg, h.lat AS to_lat, h.lon AS to_lon,
       count(DISTINCT e.id) AS trips,
       count(DISTINCT e.id) FILTER (WHERE ep.role = 'visitor') AS visits,
       min(e.start_date) AS first_date, max(e.start_date) AS last_date
FROM event AS e
JOIN event_partner AS ep ON ep.event_id = e.id AND ep.role IN ('visitor', 'participant')
JOIN partner AS v ON v.id = ep.partner_id
JOIN partner AS h ON h.id = e.host_partner_id
WHERE list_contains($programme_ids, e.programme_id)
  AND NOT e.online
  AND e.start_date BETWEEN $date_from AND $date_to
  AND v.id <> h.id
  AND (v.lat <> h.lat OR v.lon <> h.lon)
  AND (len($countries) = 0 OR list_contains($countries, v.country_code)
       OR list_contains($countries, h.country_code))
GROUP BY ALL
ORDER BY trips DESC, from_en, to_en
