-- Everything the search box can find: programmes, partners and events, with both names.
-- Params: none.
-- Columns: kind (programme | partner | event), id, name_en, name_bg, detail (country code, or a start date),
--          type (a partner's type; NULL otherwise).
SELECT 'programme' AS kind, id, name_en, name_bg, CAST(start_date AS VARCHAR) AS detail, NULL AS type
FROM programme
UNION ALL
SELECT 'partner', id, name_en, name_bg, country_code, type FROM partner
UNION ALL
SELECT 'event', id, title_en, title_bg, CAST(start_date AS VARCHAR), NULL FROM event
ORDER BY kind, id
