-- The actions in view (actions_in_view in lib/schema.sql: programmes in scope, overlapping the period,
-- owners from the chosen countries), with the dates drawn on the Gantt and whether each is late (overdue).
-- Params: $programme_ids, $countries, $date_from, $date_to, $today.
-- Columns: id, programme_id, programme_en, programme_bg, code, title_en, title_bg, theme_id, theme_en,
--          theme_bg, owner_en, owner_bg, start_date, due_date, status, progress_pct, bar_start, bar_end,
--          due_implied, overdue, on_track, status_reliability, status_source_en, status_source_bg,
--          action_source_en, action_source_bg, action_reliability.
-- Order: programmes by start; within one, by the number in the code (Step 0, 1, ...; Action 2, 3, 11-12),
--        then by start.
SELECT d.id, d.programme_id, d.programme_en, d.programme_bg, d.code, d.title_en, d.title_bg, d.theme_id,
       th.name_en AS theme_en, th.name_bg AS theme_bg, o.name_en AS owner_en, o.name_bg AS owner_bg,
       d.start_date, d.due_date, d.status, d.progress_pct, d.bar_start, d.bar_end, d.due_implied,
       d.overdue, d.on_track,
       ss.reliability AS status_reliability, ss.title AS status_source_en, ss.title_bg AS status_source_bg,
       s.title AS action_source_en, s.title_bg AS action_source_bg,
       s.reliability AS action_reliability
FROM actions_in_view($programme_ids, $countries, $date_from, $date_to, $today) AS d
JOIN source AS s ON s.id = d.source_id
JOIN source AS ss ON ss.id = d.status_source_id
LEFT JOIN theme AS th ON th.id = d.theme_id
LEFT JOIN partner AS o ON o.id = d.owner_partner_id
ORDER BY d.p_start, d.programme_id,
         TRY_CAST(regexp_extract(d.code, '[0-9]+') AS INTEGER) NULLS LAST, d.bar_start, d.id
