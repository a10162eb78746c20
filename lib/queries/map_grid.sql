-- Sofia's partners binned into a lat/lon grid of $cell degrees (used above the map's point limit).
-- Params: $home, $programme_ids, $countries (empty = all), $roles (partner's role; empty = all), $cell.
-- Columns: cell (grid id "row:col"), lat, lon (mean partner location in the cell), partners, shared (sum),
--          countries (distinct), family (most common dominant family), top_en, top_bg (the partner with
--          most shared programmes), sample (any illustrative membership row).
WITH mine AS (
    SELECT p.id, p.family, p.start_date FROM programme AS p
    WHERE list_contains($programme_ids, p.id)
      AND EXISTS (SELECT 1 FROM membership AS m WHERE m.programme_id = p.id AND m.partner_id = $home)
),
links AS (
    SELECT m.partner_id, mi.id AS programme_id, mi.family, mi.start_date, s.reliability
    FROM mine AS mi
    JOIN membership AS m ON m.programme_id = mi.id
    JOIN partner AS pa ON pa.id = m.partner_id
    JOIN source AS s ON s.id = m.source_id
    WHERE m.partner_id <> $home
      AND (len($roles) = 0 OR list_contains($roles, m.role))
      AND (len($countries) = 0 OR list_contains($countries, pa.country_code))
),
families AS (
    SELECT partner_id, family, count(DISTINCT programme_id) AS n, min(start_date) AS first_start
    FROM links GROUP BY ALL
),
dominant AS (
    SELECT partner_id, family FROM families
    QUALIFY row_number() OVER (PARTITION BY partner_id ORDER BY n DESC, first_start, family) = 1
),
per_partner AS (
    SELECT partner_id, count(DISTINCT programme_id) AS shared, bool_or(reliability = 'illustrative') AS sample
    FROM links GROUP BY partner_id
),
placed AS (
    SELECT pa.id, pa.name_en, pa.name_bg, pa.country_code, pa.lat, pa.lon, pp.shared, pp.sample, d.family,
           CAST(floor(pa.lat / $cell) AS INTEGER) AS gy, CAST(floor(pa.lon / $cell) AS INTEGER) AS gx
    FROM per_partner AS pp
    JOIN partner AS pa ON pa.id = pp.partner_id
    JOIN dominant AS d ON d.partner_id = pp.partner_id
)
SELECT gy || ':' || gx AS cell, avg(lat) AS lat, avg(lon) AS lon, count(*) AS partners, sum(shared) AS shared,
       count(DISTINCT country_code) AS countries, mode(family) AS family,
       first(name_en ORDER BY shared DESC, name_en, id) AS top_en,
       first(name_bg ORDER BY shared DESC, name_en, id) AS top_bg,
       bool_or(sample) AS sample
FROM placed
GROUP BY gy, gx
ORDER BY partners DESC, cell
