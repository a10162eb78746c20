-- Partners with what they share with Sofia: programmes (in scope), events both took part in, first and
-- last contact. One row per partner; Sofia herself is left out.
-- Params: $home, $programme_ids (scope), $all_programmes (true: ignore the scope, for a partner's card),
--         $countries (empty = all), $partner (one id, or '' for all), $today.
-- Columns: id, type, name_en, name_bg, country_code, lat, lon, location_note, programmes, shared_programmes,
--          active_shared, shared_events, hosted, first_contact, last_contact, last_shared_event, reliability.
WITH scope AS (
    SELECT id, status, start_date FROM programme
    WHERE $all_programmes OR list_contains($programme_ids, id)
),
took_part AS (  -- (event, partner): event_partner rows and the host
    SELECT event_id, partner_id FROM event_partner
    UNION SELECT id, host_partner_id FROM event WHERE host_partner_id IS NOT NULL
),
mem AS (
    SELECT m.partner_id, m.programme_id, sc.status,
           coalesce(m.start_date, sc.start_date) AS since, m.end_date,
           EXISTS (SELECT 1 FROM membership AS h WHERE h.programme_id = m.programme_id
                   AND h.partner_id = $home) AS shared
    FROM membership AS m JOIN scope AS sc ON sc.id = m.programme_id
    WHERE m.partner_id <> $home
),
shared_evt AS (
    SELECT tp.partner_id, e.id, e.start_date
    FROM took_part AS tp
    JOIN event AS e ON e.id = tp.event_id
    JOIN scope AS sc ON sc.id = e.programme_id
    JOIN took_part AS me ON me.event_id = e.id AND me.partner_id = $home
    WHERE tp.partner_id <> $home
),
per_partner AS (
    SELECT partner_id,
           count(DISTINCT programme_id) AS programmes,
           count(DISTINCT programme_id) FILTER (WHERE shared) AS shared_programmes,
           count(DISTINCT programme_id) FILTER (
               WHERE shared AND status = 'active' AND coalesce(end_date, DATE '9999-12-31') >= $today
           ) AS active_shared,
           min(since) FILTER (WHERE shared) AS first_shared,
           max(since) FILTER (WHERE shared) AS last_shared
    FROM mem GROUP BY partner_id
),
per_event AS (
    SELECT partner_id, count(DISTINCT id) AS shared_events, min(start_date) AS first_event,
           max(start_date) AS last_event
    FROM shared_evt GROUP BY partner_id
)
SELECT pa.id, pa.type, pa.name_en, pa.name_bg, pa.country_code, pa.lat, pa.lon, pa.location_note,
       coalesce(pp.programmes, 0) AS programmes,
       coalesce(pp.shared_programmes, 0) AS shared_programmes,
       coalesce(pp.active_shared, 0) AS active_shared,
       coalesce(pe.shared_events, 0) AS shared_events,
       (SELECT count(*) FROM event AS e WHERE e.host_partner_id = pa.id) AS hosted,
       least(pp.first_shared, pe.first_event) AS first_contact,
       greatest(pp.last_shared, pe.last_event) AS last_contact,
       pe.last_event AS last_shared_event,
       s.reliability
FROM partner AS pa
JOIN source AS s ON s.id = pa.source_id
LEFT JOIN per_partner AS pp ON pp.partner_id = pa.id
LEFT JOIN per_event AS pe ON pe.partner_id = pa.id
WHERE pa.id <> $home
  AND ($partner = '' OR pa.id = $partner)
  AND (pp.partner_id IS NOT NULL OR pe.partner_id IS NOT NULL OR ($all_programmes AND $partner <> ''))
  AND (len($countries) = 0 OR list_contains($countries, pa.country_code))
ORDER BY shared_programmes DESC, last_contact DESC NULLS LAST, pa.name_en
