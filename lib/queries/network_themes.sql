-- Themes of the programmes in scope, for the opportunity finder.
-- Params: $programme_ids (the global filters' scope).
-- Columns: programme_id, theme_id, name_en, name_bg.
SELECT pt.programme_id, pt.theme_id, th.name_en, th.name_bg
FROM programme_theme AS pt
JOIN theme AS th ON th.id = pt.theme_id
WHERE list_contains($programme_ids, pt.programme_id)
ORDER BY pt.programme_id, pt.theme_id
