-- Roll-ups of the actions in view (actions_in_view in lib/schema.sql): one row per programme and one per theme.
-- Cancelled actions are left out of every count and share.
-- Params: $programme_ids, $countries, $date_from, $date_to, $today.
-- Columns: level ('programme' | 'theme'), key (programme or theme id; NULL = actions without a theme),
--          name_en, name_bg, actions, done, on_track, overdue, share_done, share_on_track (0..1),
--          sample (actions whose status is illustrative).
WITH f AS (
    SELECT d.programme_id, d.theme_id, d.p_start, d.status, d.overdue, d.on_track,
           s.reliability = 'illustrative' AS sample
    FROM actions_in_view($programme_ids, $countries, $date_from, $date_to, $today) AS d
    JOIN source AS s ON s.id = d.status_source_id
    WHERE d.status <> 'cancelled'
),
g AS (
    SELECT CASE WHEN grouping(programme_id) = 0 THEN 'programme' ELSE 'theme' END AS level,
           CASE WHEN grouping(programme_id) = 0 THEN programme_id ELSE theme_id END AS key,
           min(p_start) AS sort,
           count(*) AS actions,
           count(*) FILTER (WHERE status = 'done') AS done,
           count(*) FILTER (WHERE on_track) AS on_track,
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
