-- Actions of the programmes in scope that overlap the period, with the dates drawn on the Gantt and
-- whether each is overdue.
-- Drawn dates: bar_start = start_date, else the programme's start (never after the due date);
--              bar_end = due_date, else the programme's end when that is not before bar_start
--              (due_implied = TRUE), else NULL (open: no deadline known).
-- Overdue: bar_end before $today and status neither done nor cancelled.
-- On track: not cancelled, not delayed and not overdue.
-- Params: $programme_ids, $date_from, $date_to, $today.
-- Columns: id, programme_id, programme_en, programme_bg, code, title_en, title_bg, theme_id, theme_en,
--          theme_bg, owner_en, owner_bg, start_date, due_date, status, progress_pct, bar_start, bar_end,
--          due_implied, overdue, on_track, status_reliability, status_source, action_source,
--          action_reliability.
-- Order: programmes by start; within one, by the number in the code (Step 0, 1, ...; Action 2, 3, 11-12),
--        then by start.
WITH a AS (
    SELECT a.*, p.name_en AS programme_en, p.name_bg AS programme_bg, p.start_date AS p_start,
           p.end_date AS p_end,
           least(coalesce(a.start_date, p.start_date), coalesce(a.due_date, DATE '9999-12-31')) AS bar_start
    FROM action AS a
    JOIN programme AS p ON p.id = a.programme_id
    WHERE list_contains($programme_ids, a.programme_id)
),
d AS (
    SELECT a.*,
           coalesce(a.due_date, CASE WHEN a.p_end >= a.bar_start THEN a.p_end END) AS bar_end,
           a.due_date IS NULL AND a.p_end >= a.bar_start AS due_implied
    FROM a
)
SELECT d.id, d.programme_id, d.programme_en, d.programme_bg, d.code, d.title_en, d.title_bg, d.theme_id,
       th.name_en AS theme_en, th.name_bg AS theme_bg, o.name_en AS owner_en, o.name_bg AS owner_bg,
       d.start_date, d.due_date, d.status, d.progress_pct, d.bar_start, d.bar_end,
       coalesce(d.due_implied, FALSE) AS due_implied,
       coalesce(d.bar_end < $today AND d.status NOT IN ('done', 'cancelled'), FALSE) AS overdue,
       d.status NOT IN ('cancelled', 'delayed')
           AND NOT coalesce(d.bar_end < $today AND d.status <> 'done', FALSE) AS on_track,
       ss.reliability AS status_reliability, ss.title AS status_source, s.title AS action_source,
       s.reliability AS action_reliability
FROM d
JOIN source AS s ON s.id = d.source_id
JOIN source AS ss ON ss.id = d.status_source_id
LEFT JOIN theme AS th ON th.id = d.theme_id
LEFT JOIN partner AS o ON o.id = d.owner_partner_id
WHERE d.bar_start <= $date_to
  AND coalesce(d.bar_end, $today) >= $date_from
ORDER BY d.p_start, d.programme_id,
         TRY_CAST(regexp_extract(d.code, '[0-9]+') AS INTEGER) NULLS LAST, d.bar_start, d.id
