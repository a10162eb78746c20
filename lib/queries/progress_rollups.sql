-- Roll-ups of the actions in scope that overlap the period: one row per programme and one per theme.
-- Same rules as progress_actions.sql (drawn due date, overdue, on track). Cancelled actions are left out
-- of every count and share.
-- Params: $programme_ids, $date_from, $date_to, $today.
-- Columns: level ('programme' | 'theme'), key (programme or theme id; NULL = actions without a theme),
--          name_en, name_bg, actions, done, on_track, overdue, share_done, share_on_track (0..1),
--          sample (actions whose status is illustrative).
WITH a AS (
    SELECT a.*, p.start_date AS p_start, p.end_date AS p_end,
           least(coalesce(a.start_date, p.start_date), coalesce(a.due_date, DATE '9999-12-31')) AS bar_start
    FROM action AS a
    JOIN programme AS p ON p.id = a.programme_id
    WHERE list_contains($programme_ids, a.programme_id)
),
d AS (
    SELECT a.*, coalesce(a.due_date, CASE WHEN a.p_end >= a.bar_start THEN a.p_end END) AS bar_end
    FROM a
),
f AS (
    SELECT d.programme_id, d.theme_id, d.p_start, d.status,
           coalesce(d.bar_end < $today AND d.status <> 'done', FALSE) AS overdue,
           s.reliability = 'illustrative' AS sample
    FROM d
    JOIN source AS s ON s.id = d.status_source_id
    WHERE d.status <> 'cancelled'
      AND d.bar_start <= $date_to
      AND coalesce(d.bar_end, $today) >= $date_from
),
g AS (
    SELECT CASE WHEN grouping(programme_id) = 0 THEN 'programme' ELSE 'theme' END AS level,
           CASE WHEN grouping(programme_id) = 0 THEN programme_id ELSE theme_id END AS key,
           min(p_start) AS sort,
           count(*) AS actions,
           count(*) FILTER (WHERE status = 'done') AS done,
           count(*) FILTER (WHERE status <> 'delayed' AND NOT overdue) AS on_track,
           count(*) FILTER (WHERE overdue) AS overdue,
           count(*) FILTER (WHERE sample) AS sample
    FROM f
    GROUP BY GROUPING SETS ((programme_id), (theme_id))
)
SELECT g.level, g.key, coalesce(p.name_en, t.name_en) AS name_en, coalesce(p.name_bg, t.name_bg) AS name_bg,
       g.actions, g.done, g.on_track, g.overdue,
       g.done / g.actions AS share_done, g.on_track / g.actions AS share_on_track, g.sample
FROM g
LEFT JOIN programme AS p ON g.level = 'programme' AND p.id = g.key
LEFT JOIN theme AS t ON g.level = 'theme' AND t.id = g.key
ORDER BY g.level, CASE WHEN g.level = 'programme' THEN CAST(g.sort AS VARCHAR) ELSE coalesce(t.name_en, '~') END,
         g.key
