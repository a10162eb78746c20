-- Everything the sidebar filters offer: one row per option, in display order
-- (programmes by family, each umbrella followed by its children).
-- Params: none.
-- Columns: kind (programme | theme | country), value, name_en, name_bg, sort.
SELECT 'programme' AS kind, id AS value, name_en, name_bg,
       concat_ws('/', family, coalesce(parent_id, id), CAST(parent_id IS NOT NULL AS INTEGER),
                 CAST(start_date AS VARCHAR), id) AS sort
FROM programme
UNION ALL
SELECT 'theme', id, name_en, name_bg, name_en FROM theme
UNION ALL
SELECT DISTINCT 'country', country_code, NULL, NULL, country_code FROM partner
WHERE country_code <> 'EU'
ORDER BY kind, sort
