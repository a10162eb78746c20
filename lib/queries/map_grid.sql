-- Sofia's partners binned into a lat/lon grid of $cell degrees (used above the map's point limit).
-- Params: $home, $programme_ids, $countries (empty = all), $roles (partner's role; empty = all), $cell.
-- Columns: cell (grid id "row:col"), lat, lon (mean partner location in the cell), partners, shared (sum),
--          countries (distinct), family (most common dominant family), top_en, top_bg (the partner with
--          most shared programmes), sample (any illustrative membership row).
WITH placed AS (
    SELECT pa.id, pa.name_en, pa.name_bg, pa.country_code, pa.lat, pa.lon, hp.shared, hp.sample, hp.family,
           CAST(floor(pa.lat / $cell) AS INTEGER) AS gy, CAST(floor(pa.lon / $cell) AS INTEGER) AS gx
    FROM home_partners($home, $programme_ids, $countries, $roles) AS hp
    JOIN partner AS pa ON pa.id = hp.partner_id
)
SELECT gy || ':' || gx AS cell, avg(lat) AS lat, avg(lon) AS lon, count(*) AS partners, sum(shared) AS shared,
       count(DISTINCT country_code) AS countries, mode(family) AS family,
       first(name_en ORDER BY shared DESC, name_en, id) AS top_en,
       first(name_bg ORDER BY shared DESC, name_en, id) AS top_bg,
       bool_or(sample) AS sample
FROM placed
GROUP BY gy, gx
ORDER BY partners DESC, cell
