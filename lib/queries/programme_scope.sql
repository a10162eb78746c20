-- Ids of the programmes that match the global filters: family, programme (an umbrella brings its
-- children), theme, status, overlap with the period, and a member in one of the chosen countries.
-- Params: $families, $programmes, $themes, $statuses, $countries (lists; empty = all), $date_from, $date_to.
-- Columns: id.
SELECT p.id
FROM programme AS p
WHERE (len($families) = 0 OR list_contains($families, p.family))
  AND (len($programmes) = 0 OR list_contains($programmes, p.id) OR list_contains($programmes, p.parent_id))
  AND (len($statuses) = 0 OR list_contains($statuses, p.status))
  AND (len($themes) = 0 OR EXISTS (
        SELECT 1 FROM programme_theme AS pt
        WHERE pt.programme_id = p.id AND list_contains($themes, pt.theme_id)))
  AND (len($countries) = 0 OR EXISTS (
        SELECT 1 FROM membership AS m JOIN partner AS pa ON pa.id = m.partner_id
        WHERE m.programme_id = p.id AND list_contains($countries, pa.country_code)))
  AND p.start_date <= $date_to
  AND coalesce(p.end_date, DATE '9999-12-31') >= $date_from
ORDER BY p.start_date, p.id
