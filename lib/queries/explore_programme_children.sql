-- The programmes under an umbrella.
-- Params: $id.
-- Columns: id, name_en, name_bg, start_date, end_date, status.
SELECT id, name_en, name_bg, start_date, end_date, status
FROM programme
WHERE parent_id = $id
ORDER BY start_date, name_en
