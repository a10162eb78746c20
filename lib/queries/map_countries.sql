-- Sofia's partners per country (the shaded countries, the per-country arcs above the point limit, totals).
-- Params: $home, $programme_ids, $countries (empty = all), $roles (partner's role; empty = all).
-- Columns: country_code, partners (distinct partners), shared (sum of shared programmes per partner),
--          family (the most common dominant family of its partners), lat, lon (mean partner location),
--          sample (any illustrative membership row).
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
)
SELECT pa.country_code, count(*) AS partners, sum(pp.shared) AS shared, mode(d.family) AS family,
       avg(pa.lat) AS lat, avg(pa.lon) AS lon, bool_or(pp.sample) AS sample
FROM per_partner AS pp
JOIN partner AS pa ON pa.id = pp.partner_id
JOIN dominant AS d ON d.partner_id = pp.partner_id
GROUP BY pa.country_code
ORDER BY partners DESC, pa.country_code
