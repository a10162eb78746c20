-- The home partner (Sofia): where the arcs start.
-- Params: $home. Columns: id, name_en, name_bg, country_code, lat, lon.
SELECT id, name_en, name_bg, country_code, lat, lon FROM partner WHERE id = $home
