-- The Overview's KPI row for Sofia's programmes in scope, in one row.
-- Params: $home (Sofia's partner id), $programme_ids (scope), $countries (list; empty = all),
--         $date_from, $date_to (the period), $year (reference year).
-- Columns: active_now / active_prev (programmes active in $year / $year-1),
--          cities, cities_prev, countries, countries_prev (partners sharing a programme with Sofia, in the
--          period up to the end of $year / $year-1), events, events_prev (events in the period up to
--          the end of $year / $year-1), actions_done, actions_total, actions_done_prev, actions_sample.
WITH params AS (
    SELECT make_date($year, 12, 31) AS y_end, make_date($year - 1, 12, 31) AS prev_end,
           make_date($year, 1, 1) AS y_start, make_date($year - 1, 1, 1) AS prev_start
),
mine AS (  -- Sofia's programmes in scope
    SELECT p.* FROM programme AS p
    WHERE list_contains($programme_ids, p.id)
      AND EXISTS (SELECT 1 FROM membership AS m WHERE m.programme_id = p.id AND m.partner_id = $home)
),
partners AS (  -- partners sharing one of those programmes, with the programme's dates
    SELECT pa.id, pa.type, pa.country_code, mi.start_date
    FROM mine AS mi
    JOIN membership AS m ON m.programme_id = mi.id
    JOIN partner AS pa ON pa.id = m.partner_id
    WHERE pa.id <> $home
      AND (len($countries) = 0 OR list_contains($countries, pa.country_code))
      AND mi.start_date <= $date_to
),
evts AS (
    SELECT e.start_date FROM event AS e
    LEFT JOIN partner AS h ON h.id = e.host_partner_id
    WHERE list_contains($programme_ids, e.programme_id)
      AND e.start_date BETWEEN $date_from AND $date_to
      AND (len($countries) = 0 OR list_contains($countries, h.country_code))
),
acts AS (
    SELECT a.status, a.due_date, s.reliability AS status_reliability
    FROM action AS a JOIN source AS s ON s.id = a.status_source_id
    WHERE list_contains($programme_ids, a.programme_id)
)
SELECT
    (SELECT count(*) FROM mine, params
      WHERE mine.start_date <= y_end AND coalesce(mine.end_date, DATE '9999-12-31') >= y_start) AS active_now,
    (SELECT count(*) FROM mine, params
      WHERE mine.start_date <= prev_end AND coalesce(mine.end_date, DATE '9999-12-31') >= prev_start) AS active_prev,
    (SELECT count(DISTINCT id) FROM partners, params WHERE type = 'city' AND start_date <= y_end) AS cities,
    (SELECT count(DISTINCT id) FROM partners, params WHERE type = 'city' AND start_date <= prev_end) AS cities_prev,
    (SELECT count(DISTINCT country_code) FROM partners, params
      WHERE country_code <> 'EU' AND start_date <= y_end) AS countries,
    (SELECT count(DISTINCT country_code) FROM partners, params
      WHERE country_code <> 'EU' AND start_date <= prev_end) AS countries_prev,
    (SELECT count(*) FROM evts, params WHERE start_date <= y_end) AS events,
    (SELECT count(*) FROM evts, params WHERE start_date <= prev_end) AS events_prev,
    (SELECT count(*) FILTER (WHERE status = 'done') FROM acts) AS actions_done,
    (SELECT count(*) FILTER (WHERE status <> 'cancelled') FROM acts) AS actions_total,
    (SELECT count(*) FILTER (WHERE status = 'done' AND due_date <= prev_end) FROM acts, params) AS actions_done_prev,
    (SELECT count(*) FILTER (WHERE status_reliability = 'illustrative') FROM acts) AS actions_sample
