-- One partner as stored (also Sofia), with its source.
-- Params: $id.
-- Columns: id, type, name_en, name_bg, country_code, lat, lon, location_note_en, location_note_bg,
--          reliability, source_title_en, source_title_bg, source_url.
SELECT pa.id, pa.type, pa.name_en, pa.name_bg, pa.country_code, pa.lat, pa.lon,
       pa.location_note AS location_note_en, pa.location_note_bg,
       s.reliability, s.title AS source_title_en, s.title_bg AS source_title_bg, s.url AS source_url
FROM partner AS pa
JOIN source AS s ON s.id = pa.source_id
WHERE pa.id = $id
